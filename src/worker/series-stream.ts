// The system series on their way from the pool to the UI: each job's SeriesBatch (a few
// samples, jobs finishing in any order) is held until the next progress event and then
// sent as few contiguous runs as possible, so the UI thread merges a handful of batches per
// event instead of one per job. Nothing is kept once sent: the UI holds the log's series.
import type { SeriesBatch, SeriesBatchGroup } from '../format/index';

const sameFigures = (a: SeriesBatch, b: SeriesBatch) =>
  a.figures.length === b.figures.length &&
  a.groups.length === b.groups.length &&
  a.groups.every(
    (g, i) => g.label === b.groups[i]!.label && g.figures.length === b.groups[i]!.figures.length,
  );

/** One batch holding consecutive runs (each starting where the one before ends; same figures). */
export function concatBatches(runs: readonly SeriesBatch[]): SeriesBatch {
  const first = runs[0]!;
  if (runs.length === 1) return first;
  const total = runs.reduce((n, r) => n + r.count, 0);
  const fixed = new Float32Array(first.figures.length * total);
  let at = 0;
  for (const r of runs) {
    for (let k = 0; k < first.figures.length; k++)
      fixed.set(r.fixed.subarray(k * r.stride, k * r.stride + r.count), k * total + at);
    at += r.count;
  }
  const groups: SeriesBatchGroup[] = first.groups.map((g, gi) => {
    const nf = g.figures.length;
    const index = new Map<string, number>();
    const values: Float32Array<ArrayBuffer>[] = [];
    let o = 0;
    for (const r of runs) {
      const rg = r.groups[gi]!;
      rg.names.forEach((name, d) => {
        let i = index.get(name);
        if (i === undefined) {
          i = values.length;
          index.set(name, i);
          values.push(new Float32Array(nf * total).fill(NaN));
        }
        const src = rg.values[d]!;
        for (let k = 0; k < nf; k++)
          values[i]!.set(src.subarray(k * r.stride, k * r.stride + r.count), k * total + o);
      });
      o += r.count;
    }
    return { label: g.label, figures: g.figures, names: [...index.keys()], values };
  });
  return {
    from: first.from,
    count: total,
    stride: total,
    figures: first.figures,
    fixed,
    groups,
    dropped: runs.reduce((n, r) => n + r.dropped, 0),
  };
}

export class SeriesStream {
  private pending: SeriesBatch[] = [];

  add(b: SeriesBatch): void {
    if (b.count > 0) this.pending.push(b);
  }

  /** What arrived since the last call, as contiguous runs in sample order. */
  take(): SeriesBatch[] {
    if (this.pending.length === 0) return [];
    const all = this.pending.sort((a, b) => a.from - b.from);
    this.pending = [];
    const out: SeriesBatch[] = [];
    let run: SeriesBatch[] = [];
    for (const b of all) {
      const last = run.at(-1);
      if (last && (last.from + last.count !== b.from || !sameFigures(last, b))) {
        out.push(concatBatches(run));
        run = [];
      }
      run.push(b);
    }
    out.push(concatBatches(run));
    return out;
  }
}

/** The typed arrays of batches (buffersOf them to transfer). */
export function seriesArrays(batches: readonly SeriesBatch[]): Float32Array[] {
  return batches.flatMap((b) => [b.fixed, ...b.groups.flatMap((g) => g.values)]);
}
