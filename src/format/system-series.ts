// Per-sample series of atop's system figures over a whole log, for charts: one Float32
// value per figure per sample (whole-system figures, and each figure of each CPU, disk,
// interface … by name). A run of consecutive samples is filled in one pass over each
// sample's struct sstat (SeriesBuilder, what a pool worker does inside its index pass: the
// blob it has just inflated, no second inflate), then merged by sample index into the
// log's series (SystemSeries). Devices are matched by name across runs and samples; a value
// a sample does not have (a device not present then, a damaged sample, a since-boot figure
// of a version without it) is NaN, which a chart draws as a gap.
//
// Memory: 4 bytes per figure per sample, in blocks of SERIES_BLOCK samples allocated as
// samples arrive (a device that appears late holds no blocks before it, one that lives for
// a minute holds one block per figure: short-lived veth interfaces on a container host
// cost little). At most MAX_DEVICES names per group are kept (a damaged or hostile log
// cannot grow the series without bound); values of further devices are counted in
// `dropped` and not stored. Float32 keeps 24
// bits of mantissa: exact for counts up to 16 M, 6–7 significant digits for rates and sizes,
// which is what a chart can show; exact values come from decoding the sample itself.
import type { FormatError } from './errors';
import type { OpenedLog, ReadOptions } from './reader';
import type { ChunkSource } from './source';
import { entriesInUse } from './sstat-plan';
import { systemFigures, type FigureInfo, type SystemFigures } from './system-figures';
import { readSystemSamples } from './system-samples';

/** Samples per storage block of a series column. */
export const SERIES_BLOCK = 512;

/** Distinct devices kept per group (cpu, DSK, NET …) in a run and in the whole log. */
export const MAX_DEVICES = 1024;

/** Samples a run of SeriesBuilder holds in readSystemSeries (a multiple of SERIES_BLOCK). */
const RUN = 8 * SERIES_BLOCK;

/** The values of a run of consecutive samples: what a pool worker sends back (transferable). */
export interface SeriesBatch {
  /** Index of the first sample of the run. */
  readonly from: number;
  readonly count: number;
  /** Distance between two figures' columns in `fixed` and in each device's `values`. */
  readonly stride: number;
  /** Whole-system figure k (SystemFigures.fixed order) of sample from + i at [k·stride + i]. */
  readonly fixed: Float32Array;
  /** Per group (SystemFigures.groups order): devices seen in the run, and per device its
   * figure k of sample from + i at [k·stride + i]. */
  readonly groups: readonly { readonly names: readonly string[]; readonly values: readonly Float32Array[] }[];
  /** Device values left out because a group had MAX_DEVICES names already. */
  readonly dropped: number;
}

const nanArray = (n: number) => new Float32Array(n).fill(NaN);

/** Fills the series of consecutive samples, one sample at a time in file order. */
export class SeriesBuilder {
  private readonly fixed: Float32Array;
  private readonly devices: { readonly index: Map<string, number>; readonly values: Float32Array[] }[];
  private count = 0;
  /** Device values not stored because a group already had MAX_DEVICES names in the run. */
  private dropped = 0;

  constructor(
    readonly figs: SystemFigures,
    readonly from: number,
    /** Samples the run has (adding more is an error: a job knows its size). */
    readonly capacity: number,
  ) {
    this.fixed = nanArray(figs.fixed.length * capacity);
    this.devices = figs.groups.map(() => ({ index: new Map(), values: [] }));
  }

  /**
   * Adds the next sample from its struct sstat and record header fields (RecordHeader.fields:
   * PRC counts and the interval). Throws RangeError on a blob shorter than the struct.
   */
  add(sstat: Uint8Array, rec: Readonly<Record<string, number>>): void {
    const i = this.next();
    const { figs, capacity } = this;
    const f = figs.frame(sstat, rec);
    const fns = figs.fixedFns;
    for (let k = 0; k < fns.length; k++) this.fixed[k * capacity + i] = fns[k]!(f);
    for (let g = 0; g < figs.groups.length; g++) {
      const group = figs.groups[g]!;
      const dev = this.devices[g]!;
      const { array, fns: devFns } = group;
      for (let e = 0, n = entriesInUse(array, f.dv); e < n; e++) {
        const base = array.offset + e * array.elemsize;
        if (group.prepare && !group.prepare(f, base)) continue;
        const name = group.name(f, base, e);
        let d = dev.index.get(name);
        if (d === undefined) {
          if (dev.values.length >= MAX_DEVICES) {
            this.dropped++;
            continue;
          }
          d = dev.values.length;
          dev.index.set(name, d);
          dev.values.push(nanArray(devFns.length * capacity));
        }
        const out = dev.values[d]!;
        for (let k = 0; k < devFns.length; k++) out[k * capacity + i] = devFns[k]!(f, base);
      }
    }
    this.count = i + 1;
  }

  /** The next sample has no system figures (a damaged record): its values stay NaN. */
  skip(): void {
    this.count = this.next() + 1;
  }

  private next(): number {
    if (this.count >= this.capacity) throw new RangeError(`series run of ${this.capacity} samples is full`);
    return this.count;
  }

  finish(): SeriesBatch {
    return {
      from: this.from,
      count: this.count,
      stride: this.capacity,
      fixed: this.fixed,
      groups: this.devices.map((d) => ({ names: [...d.index.keys()], values: d.values })),
      dropped: this.dropped,
    };
  }
}

/** One figure's values over the log, in blocks allocated as samples arrive. */
class BlockColumn {
  private readonly blocks: (Float32Array | undefined)[] = [];

  write(at: number, src: Float32Array, from: number, n: number): void {
    while (n > 0) {
      const b = Math.floor(at / SERIES_BLOCK);
      const o = at - b * SERIES_BLOCK;
      const k = Math.min(n, SERIES_BLOCK - o);
      const block = (this.blocks[b] ??= nanArray(SERIES_BLOCK));
      block.set(src.subarray(from, from + k), o);
      at += k;
      from += k;
      n -= k;
    }
  }

  read(out: Float32Array): Float32Array {
    for (let b = 0, at = 0; at < out.length; b++, at += SERIES_BLOCK) {
      const n = Math.min(SERIES_BLOCK, out.length - at);
      const block = this.blocks[b];
      if (block) out.set(block.subarray(0, n), at);
      else out.fill(NaN, at, at + n);
    }
    return out;
  }

  get bytes(): number {
    return this.blocks.reduce((a, b) => a + (b ? b.byteLength : 0), 0);
  }
}

interface DeviceSeries {
  readonly name: string;
  readonly columns: BlockColumn[];
}

/** The series of a whole log, merged from runs in any order. */
export class SystemSeries {
  private readonly fixed: BlockColumn[];
  private readonly fixedIndex: Map<string, number>;
  private readonly devices: { readonly byName: Map<string, DeviceSeries>; readonly list: DeviceSeries[] }[];
  /** Samples covered: one past the highest sample index merged. */
  length = 0;
  /** Device values left out (more than MAX_DEVICES names in a group). */
  dropped = 0;

  constructor(readonly figs: SystemFigures) {
    this.fixed = figs.fixed.map(() => new BlockColumn());
    this.fixedIndex = new Map(figs.fixed.map((f, k) => [f.key, k]));
    this.devices = figs.groups.map(() => ({ byName: new Map(), list: [] }));
  }

  merge(b: SeriesBatch): void {
    this.fixed.forEach((col, k) => {
      col.write(b.from, b.fixed, k * b.stride, b.count);
    });
    b.groups.forEach((g, gi) => {
      const into = this.devices[gi];
      if (!into) return;
      const nfig = this.figs.groups[gi]!.figures.length;
      g.names.forEach((name, d) => {
        let dev = into.byName.get(name);
        if (!dev && into.list.length >= MAX_DEVICES) {
          this.dropped += b.count;
          return;
        }
        if (!dev) {
          dev = { name, columns: Array.from({ length: nfig }, () => new BlockColumn()) };
          into.byName.set(name, dev);
          into.list.push(dev);
        }
        const values = g.values[d]!;
        dev.columns.forEach((col, k) => {
          col.write(b.from, values, k * b.stride, b.count);
        });
      });
    });
    this.length = Math.max(this.length, b.from + b.count);
    this.dropped += b.dropped;
  }

  /** The whole-system figures this log has. */
  get figures(): readonly FigureInfo[] {
    return this.figs.fixed;
  }

  /** A whole-system figure over the log (a copy, one value per sample), or null if absent. */
  column(key: string): Float32Array | null {
    const k = this.fixedIndex.get(key);
    return k === undefined ? null : this.fixed[k]!.read(new Float32Array(this.length));
  }

  /** Labels of the per-device groups this version has ("cpu", "DSK", "NET" …). */
  get groups(): readonly string[] {
    return this.figs.groups.map((g) => g.label);
  }

  /** Figures of each device of a group. */
  deviceFigures(label: string): readonly FigureInfo[] {
    return this.figs.groups.find((g) => g.label === label)?.figures ?? [];
  }

  /** Devices of a group seen anywhere in the log, in the order they first appeared. */
  deviceNames(label: string): string[] {
    const g = this.figs.groups.findIndex((x) => x.label === label);
    return g < 0 ? [] : this.devices[g]!.list.map((d) => d.name);
  }

  device(label: string, name: string, key: string): Float32Array | null {
    const g = this.figs.groups.findIndex((x) => x.label === label);
    const dev = g < 0 ? undefined : this.devices[g]!.byName.get(name);
    const k = this.figs.groups[g]?.figures.findIndex((f) => f.key === key) ?? -1;
    return dev && k >= 0 ? dev.columns[k]!.read(new Float32Array(this.length)) : null;
  }

  /** Bytes held by the series (allocated blocks). */
  get bytes(): number {
    let n = this.fixed.reduce((a, c) => a + c.bytes, 0);
    for (const g of this.devices) for (const d of g.list) n += d.columns.reduce((a, c) => a + c.bytes, 0);
    return n;
  }
}

export interface LogSeries {
  readonly log: OpenedLog | null;
  readonly series: SystemSeries | null;
  /** Damaged records and gaps (their samples are NaN), and why the walk ended early. */
  readonly problems: FormatError[];
}

/** The series of a whole log from a byte source, one pass (CLI and tests; the page builds
 * them in its worker pool with SeriesBuilder). */
export async function readSystemSeries(source: ChunkSource, opts: ReadOptions = {}): Promise<LogSeries> {
  let log: OpenedLog | null = null;
  let series: SystemSeries | null = null;
  let run: SeriesBuilder | null = null;
  const problems: FormatError[] = [];
  let next = 0;
  const flush = () => {
    if (run && series) series.merge(run.finish());
    run = null;
  };
  const slot = (index: number): SeriesBuilder => {
    // samples missing before this one (a gap in the record chain) stay NaN
    while (next < index) {
      (run ??= new SeriesBuilder(series!.figs, next, RUN)).skip();
      next++;
      if (run.from + run.capacity === next) flush();
    }
    return (run ??= new SeriesBuilder(series!.figs, index, RUN));
  };
  for await (const ev of readSystemSamples(source, opts)) {
    if (ev.type === 'header') {
      log = ev.log;
      series = new SystemSeries(systemFigures(ev.log.layout, ev.log.header));
    } else if (ev.type === 'system') {
      slot(ev.sample.index).add(ev.sample.sstat, ev.sample.rec.fields);
      next = ev.sample.index + 1;
      if (run!.from + run!.capacity === next) flush();
    } else if (ev.type === 'skipped') problems.push(ev.error);
    else if (ev.error && !problems.includes(ev.error)) problems.push(ev.error);
  }
  flush();
  return { log, series, problems };
}
