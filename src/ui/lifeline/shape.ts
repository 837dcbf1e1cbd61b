// A lifeline as chart lines: every sample in which the selected process or another process
// with its pid has a row is a point of the time axis; the selected one's values and the
// others' go on lines of their own (null where a line has no point). Since-boot samples
// count CPU and disk since boot, not over an interval: those two leave them out, as the
// system charts do.
import type { Incarnation } from '../../worker/protocol';

export interface LifelineLines {
  /** curtime of each point, ascending; the sample index of each. */
  readonly x: number[];
  readonly sample: number[];
  /** [selected, others] per chart; disk: [read, write] of the selected one, bytes/s. */
  readonly cpu: [(number | null)[], (number | null)[]];
  readonly rmem: [(number | null)[], (number | null)[]];
  readonly disk: [(number | null)[], (number | null)[]];
  readonly thr: [(number | null)[], (number | null)[]];
}

export function lifelineLines(
  history: readonly Incarnation[],
  selected: number,
  interval: (sample: number) => number,
): LifelineLines {
  const at = new Map<number, number>();
  const samples: { s: number; t: number }[] = [];
  for (const h of history)
    h.points.sample.forEach((s, k) => {
      if (!at.has(s)) {
        at.set(s, samples.length);
        samples.push({ s, t: h.points.curtime[k]! });
      }
    });
  samples.sort((a, b) => a.s - b.s);
  samples.forEach((p, i) => at.set(p.s, i));
  const n = samples.length;
  const line = () => new Array<number | null>(n).fill(null);
  const out: LifelineLines = {
    x: samples.map((p) => p.t),
    sample: samples.map((p) => p.s),
    cpu: [line(), line()],
    rmem: [line(), line()],
    disk: [line(), line()],
    thr: [line(), line()],
  };
  history.forEach((h, c) => {
    const which = c === selected ? 0 : 1;
    const P = h.points;
    for (let k = 0; k < P.sample.length; k++) {
      const i = at.get(P.sample[k]!)!;
      const boot = P.boot[k] === 1;
      out.rmem[which][i] = P.rmem[k]! * 1024;
      out.thr[which][i] = P.nthr[k]!;
      if (boot) continue;
      out.cpu[which][i] = P.cpu[k]!;
      if (which === 0) {
        const secs = Math.max(1, interval(P.sample[k]!));
        out.disk[0][i] = (P.rsz[k]! * 512) / secs;
        out.disk[1][i] = (P.wsz[k]! * 512) / secs;
      }
    }
  });
  return out;
}

/** The largest value of some lines (for a chart's value axis), at least `floor`. */
export function topOf(lines: readonly (readonly (number | null)[])[], floor: number): number {
  let m = floor;
  for (const l of lines) for (const v of l) if (v !== null && v > m) m = v;
  return m;
}
