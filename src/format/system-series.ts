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
import { systemFigures, type FigureInfo, type Frame, type SystemFigures } from './system-figures';
import { readSystemSamples } from './system-samples';

/** Samples per storage block of a series column. */
export const SERIES_BLOCK = 512;

/** Distinct devices kept per group (cpu, DSK, NET …) in a run and in the whole log. */
export const MAX_DEVICES = 1024;

/** Samples a run of SeriesBuilder holds in readSystemSeries (a multiple of SERIES_BLOCK). */
const RUN = 8 * SERIES_BLOCK;

/** A device group's part of a SeriesBatch. */
export interface SeriesBatchGroup {
  /** atop's label of the group ("cpu", "DSK", "NET" …). */
  readonly label: string;
  /** The figures of each device, in the order of a device's columns in `values`. */
  readonly figures: readonly FigureInfo[];
  /** Devices seen in the run. */
  readonly names: readonly string[];
  /** Per device (`names` order): its figure k of sample from + i at [k·stride + i]. */
  readonly values: readonly Float32Array<ArrayBuffer>[];
}

/**
 * The values of a run of consecutive samples: what a pool worker sends back (transferable).
 * It names its figures by key, so a store can merge batches of logs of different format
 * versions (a figure one version lacks stays NaN there).
 */
export interface SeriesBatch {
  /** Index of the first sample of the run. */
  readonly from: number;
  readonly count: number;
  /** Distance between two figures' columns in `fixed` and in each device's `values`. */
  readonly stride: number;
  /** The whole-system figures, in the order of their columns in `fixed`. */
  readonly figures: readonly FigureInfo[];
  /** Whole-system figure k of sample from + i at [k·stride + i]. */
  readonly fixed: Float32Array<ArrayBuffer>;
  readonly groups: readonly SeriesBatchGroup[];
  /** Device values left out because a group had MAX_DEVICES names already. */
  readonly dropped: number;
}

const nanArray = (n: number) => new Float32Array(n).fill(NaN);

/** Fills the series of consecutive samples, one sample at a time in file order. */
export class SeriesBuilder {
  private readonly fixed: Float32Array<ArrayBuffer>;
  private readonly devices: {
    readonly index: Map<string, number>;
    readonly values: Float32Array<ArrayBuffer>[];
  }[];
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
   * Returns the sample's shared values (the figures' Frame, valid until the next call).
   */
  add(sstat: Uint8Array, rec: Readonly<Record<string, number>>): Frame {
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
    return f;
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
    const { figs } = this;
    return {
      from: this.from,
      count: this.count,
      stride: this.capacity,
      figures: figs.fixed,
      fixed: this.fixed,
      groups: this.devices.map((d, g) => ({
        label: figs.groups[g]!.label,
        figures: figs.groups[g]!.figures,
        names: [...d.index.keys()],
        values: d.values,
      })),
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

  /** Samples [from, from + out.length) into `out` (NaN where nothing was written). */
  read(out: Float32Array, from = 0): Float32Array {
    let at = 0;
    while (at < out.length) {
      const s = from + at;
      const b = Math.floor(s / SERIES_BLOCK);
      const o = s - b * SERIES_BLOCK;
      const n = Math.min(SERIES_BLOCK - o, out.length - at);
      const block = this.blocks[b];
      if (block) out.set(block.subarray(o, o + n), at);
      else out.fill(NaN, at, at + n);
      at += n;
    }
    return out;
  }

  get bytes(): number {
    return this.blocks.reduce((a, b) => a + (b ? b.byteLength : 0), 0);
  }

  /** The column with what was at sample i moved to `positions[i]`, for n samples. */
  permuted(positions: ArrayLike<number>, n: number): BlockColumn {
    const src = this.read(new Float32Array(n));
    const dst = new Float32Array(n).fill(NaN);
    for (let i = 0; i < n; i++) dst[positions[i]!] = src[i]!;
    const out = new BlockColumn();
    out.write(0, dst, 0, n);
    return out;
  }
}

interface DeviceSeries {
  readonly name: string;
  readonly columns: Map<string, BlockColumn>;
}

interface GroupSeries {
  readonly figures: Map<string, FigureInfo>;
  readonly byName: Map<string, DeviceSeries>;
  readonly list: DeviceSeries[];
}

/** A span of samples: [from, to). */
export interface SampleSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * The series of a whole log (or of a host's several logs placed one after the other),
 * merged from runs in any order. Figures are held by key and devices by name, so runs of
 * logs of different format versions merge: a figure or device a sample's version or
 * machine lacks is NaN there.
 */
export class SystemSeries {
  private readonly fixed = new Map<string, BlockColumn>();
  private readonly info = new Map<string, FigureInfo>();
  private readonly devices = new Map<string, GroupSeries>();
  /** Samples covered: one past the highest sample index merged. */
  length = 0;
  /** Device values left out (more than MAX_DEVICES names in a group). */
  dropped = 0;

  /** `figs`: figures to list before any sample is merged (a log's own version). */
  constructor(figs?: SystemFigures) {
    if (!figs) return;
    this.declare(figs.fixed, figs.groups);
  }

  private declare(
    fixed: readonly FigureInfo[],
    groups: readonly Pick<SeriesBatchGroup, 'label' | 'figures'>[],
  ) {
    for (const f of fixed) if (!this.info.has(f.key)) this.info.set(f.key, f);
    for (const g of groups) {
      let into = this.devices.get(g.label);
      if (!into) this.devices.set(g.label, (into = { figures: new Map(), byName: new Map(), list: [] }));
      for (const f of g.figures) if (!into.figures.has(f.key)) into.figures.set(f.key, f);
    }
  }

  /** Merges a run; `at` is where its first sample goes (another log's samples come after this one's). */
  merge(b: SeriesBatch, at = b.from): void {
    this.declare(b.figures, b.groups);
    b.figures.forEach((f, k) => {
      let col = this.fixed.get(f.key);
      if (!col) this.fixed.set(f.key, (col = new BlockColumn()));
      col.write(at, b.fixed, k * b.stride, b.count);
    });
    for (const g of b.groups) {
      const into = this.devices.get(g.label)!;
      g.names.forEach((name, d) => {
        let dev = into.byName.get(name);
        if (!dev && into.list.length >= MAX_DEVICES) {
          this.dropped += b.count;
          return;
        }
        if (!dev) {
          dev = { name, columns: new Map() };
          into.byName.set(name, dev);
          into.list.push(dev);
        }
        const values = g.values[d]!;
        g.figures.forEach((f, k) => {
          let col = dev.columns.get(f.key);
          if (!col) dev.columns.set(f.key, (col = new BlockColumn()));
          col.write(at, values, k * b.stride, b.count);
        });
      });
    }
    this.length = Math.max(this.length, at + b.count);
    this.dropped += b.dropped;
  }

  /**
   * Moves what was sample i to sample `positions[i]` (a permutation of [0, length)): the
   * host's files interleaved in time and the samples were put in time order after reading
   * (format/timeline/merge.ts rule 4), so the series follow the index.
   */
  permute(positions: ArrayLike<number>): void {
    const n = positions.length;
    for (const [key, col] of this.fixed) this.fixed.set(key, col.permuted(positions, n));
    for (const g of this.devices.values())
      for (const dev of g.list)
        for (const [key, col] of dev.columns) dev.columns.set(key, col.permuted(positions, n));
    this.length = Math.max(this.length, n);
  }

  /** The whole-system figures of the logs merged, in the order first seen (atop's line order). */
  get figures(): readonly FigureInfo[] {
    return [...this.info.values()];
  }

  /** A whole-system figure's description, or undefined if no log has it. */
  figure(key: string): FigureInfo | undefined {
    return this.info.get(key);
  }

  /**
   * A whole-system figure over samples [from, to) (a copy; default the whole log), or null
   * when no log merged has it.
   */
  column(key: string, span: SampleSpan = { from: 0, to: this.length }): Float32Array | null {
    if (!this.info.has(key)) return null;
    const out = new Float32Array(Math.max(0, span.to - span.from));
    const col = this.fixed.get(key);
    return col ? col.read(out, span.from) : out.fill(NaN);
  }

  /** Labels of the per-device groups ("cpu", "DSK", "NET" …). */
  get groups(): readonly string[] {
    return [...this.devices.keys()];
  }

  /** Figures of each device of a group. */
  deviceFigures(label: string): readonly FigureInfo[] {
    const g = this.devices.get(label);
    return g ? [...g.figures.values()] : [];
  }

  /** Devices of a group seen anywhere in the log, in the order they first appeared. */
  deviceNames(label: string): string[] {
    return this.devices.get(label)?.list.map((d) => d.name) ?? [];
  }

  /** One figure of one device over samples [from, to), or null if the log has no such device or figure. */
  device(
    label: string,
    name: string,
    key: string,
    span: SampleSpan = { from: 0, to: this.length },
  ): Float32Array | null {
    const g = this.devices.get(label);
    const dev = g?.byName.get(name);
    if (!g || !dev || !g.figures.has(key)) return null;
    const out = new Float32Array(Math.max(0, span.to - span.from));
    const col = dev.columns.get(key);
    return col ? col.read(out, span.from) : out.fill(NaN);
  }

  /** Bytes held by the series (allocated blocks). */
  get bytes(): number {
    let n = 0;
    for (const c of this.fixed.values()) n += c.bytes;
    for (const g of this.devices.values())
      for (const d of g.list) for (const c of d.columns.values()) n += c.bytes;
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
  let figs: SystemFigures | null = null;
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
      (run ??= new SeriesBuilder(figs!, next, RUN)).skip();
      next++;
      if (run.from + run.capacity === next) flush();
    }
    return (run ??= new SeriesBuilder(figs!, index, RUN));
  };
  for await (const ev of readSystemSamples(source, opts)) {
    if (ev.type === 'header') {
      log = ev.log;
      figs = systemFigures(ev.log.layout, ev.log.header);
      series = new SystemSeries(figs);
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
