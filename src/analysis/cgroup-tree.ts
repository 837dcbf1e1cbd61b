// The cgroup v2 tree of a sample (2.11+, the record's cgroup sections; atop's `G` view and
// its -P CGR lines), in columns, and cgroup totals over a range: a mergeable accumulator
// like the process totals. Units as atop stores them: CPU times and pressure totals in
// microseconds, memory in pages, disk in bytes and requests; -1 means not available (no
// such controller), and in conf -1 no limit, -2 undefined.
import type { CgroupEntry } from '../format/index';
import { RRBOOT } from '../format/index';
import { Interner } from './columns';
import { ExactSums, type Exact } from './exact-sums';
import { KeyIndex, withRoom } from './key-index';
import { Table } from './table';
import type { SampleRef } from './processes';
import { WHOLE_LOG, type TimeRange } from './totals';

/** Counted over an interval: summed over a range. */
export const CGROUP_COUNTERS = [
  'cpu.utime',
  'cpu.stime',
  'cpu.somepres',
  'cpu.fullpres',
  'mem.somepres',
  'mem.fullpres',
  'dsk.rbytes',
  'dsk.wbytes',
  'dsk.rios',
  'dsk.wios',
  'dsk.somepres',
  'dsk.fullpres',
] as const;

/** Values at the end of an interval: their peak over a range. */
export const CGROUP_GAUGES = [
  'gen.nprocs',
  'gen.procsbelow',
  'mem.current',
  'mem.anon',
  'mem.file',
  'mem.kernel',
  'mem.shmem',
] as const;

export const CGROUP_LIMITS = [
  'conf.cpuweight',
  'conf.cpumax',
  'conf.memmax',
  'conf.swpmax',
  'conf.dskweight',
] as const;

const CGROUP_FIELDS = [...CGROUP_COUNTERS, ...CGROUP_GAUGES, ...CGROUP_LIMITS];

export interface CgroupTree {
  readonly count: number;
  /** Full path ("/" for the root), directory name, parent entry (-1 for the root), depth. */
  readonly path: readonly string[];
  readonly name: readonly string[];
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** CGROUP_COUNTERS, CGROUP_GAUGES and CGROUP_LIMITS by member path. */
  readonly values: Readonly<Record<(typeof CGROUP_FIELDS)[number], Float64Array>>;
  /** The pids of entry i: pids[pidStart[i] … pidStart[i + 1]) (0: a process atop could not see). */
  readonly pidStart: Int32Array;
  readonly pids: Int32Array;
}

/** A sample's cgroup sections as a tree in columns, in atop's (tree-walk) order. */
export function cgroupTree(entries: readonly CgroupEntry[]): CgroupTree {
  const n = entries.length;
  const values = Object.fromEntries(
    CGROUP_FIELDS.map((f) => [f, Float64Array.from(entries, (e) => e.fields[f] ?? -1)]),
  ) as Record<(typeof CGROUP_FIELDS)[number], Float64Array>;
  const pidStart = new Int32Array(n + 1);
  entries.forEach((e, i) => (pidStart[i + 1] = pidStart[i]! + e.pids.length));
  const pids = new Int32Array(pidStart[n]!);
  entries.forEach((e, i) => {
    pids.set(e.pids, pidStart[i]);
  });
  return {
    count: n,
    path: entries.map((e) => e.path),
    name: entries.map((e) => e.name),
    parent: Int32Array.from(entries, (e, i) => {
      const p = e.fields['gen.parentseq'] ?? -1;
      return p >= 0 && p < i ? p : -1;
    }),
    depth: Int32Array.from(entries, (e) => e.fields['gen.depth'] ?? 0),
    values,
    pidStart,
    pids,
  };
}

const ROW_SPEC = { samples: 'i32', first: 'f64', last: 'f64', depth: 'i32' } as const;

/** What a CgroupTotals holds, transferable. */
export interface CgroupTotalsPartial {
  readonly paths: readonly string[];
  readonly samples: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly depth: Int32Array;
  /** rows × CGROUP_COUNTERS; NaN cells are in `big`; `avail` 1 where some value was not -1 */
  readonly sums: Float64Array;
  readonly big: readonly (readonly [number, bigint])[];
  readonly avail: Uint8Array;
  /** rows × CGROUP_GAUGES */
  readonly peaks: Float64Array;
}

/** Per cgroup path over the samples of a range (since-boot samples left out, as for processes). */
export class CgroupTotals {
  private readonly paths = new Interner();
  private readonly keys = new KeyIndex(64);
  private readonly rows = new Table(ROW_SPEC, 64);
  private readonly sums = new ExactSums(64 * CGROUP_COUNTERS.length);
  private avail = new Uint8Array(64 * CGROUP_COUNTERS.length);
  private peaks = new Float64Array(0);

  constructor(readonly range: TimeRange = WHOLE_LOG) {}

  add(s: SampleRef, entries: readonly CgroupEntry[] | null): void {
    if ((s.flags & RRBOOT) !== 0 || s.curtime < this.range.from || s.curtime > this.range.to) return;
    for (const e of entries ?? []) {
      const r = this.row(e.path, e.fields['gen.depth'] ?? 0);
      const R = this.rows.cols;
      if (R.samples[r]!++ === 0) R.first[r] = s.curtime;
      R.last[r] = s.curtime;
      CGROUP_COUNTERS.forEach((f, k) => {
        this.count(r, k, e.fields[f] ?? -1);
      });
      CGROUP_GAUGES.forEach((f, k) => {
        this.peak(r, k, e.fields[f] ?? -1);
      });
    }
  }

  private row(path: string, depth: number): number {
    const r = this.keys.upsert(this.paths.id(path), 0);
    if (!this.keys.added) return r;
    this.rows.push();
    this.rows.cols.depth[r] = depth;
    const nc = CGROUP_COUNTERS.length;
    const ng = CGROUP_GAUGES.length;
    this.sums.ensure((r + 1) * nc);
    this.avail = withRoom(this.avail, (r + 1) * nc);
    this.peaks = withRoom(this.peaks, (r + 1) * ng, -Infinity);
    return r;
  }

  /** -1 is "not available": left out of the sum. */
  private count(r: number, k: number, v: Exact): void {
    if (v === -1) return;
    const cell = r * CGROUP_COUNTERS.length + k;
    this.sums.addExact(cell, v);
    this.avail[cell] = 1;
  }

  private peak(r: number, k: number, v: number): void {
    const cell = r * CGROUP_GAUGES.length + k;
    if (v > this.peaks[cell]!) this.peaks[cell] = v;
  }

  toPartial(): CgroupTotalsPartial {
    const n = this.rows.size;
    const R = this.rows.trimmed();
    return {
      paths: Array.from({ length: n }, (_, r) => this.paths.values[this.keys.key0(r)]!),
      ...R,
      sums: this.sums.values.slice(0, n * CGROUP_COUNTERS.length),
      big: [...this.sums.big],
      avail: this.avail.slice(0, n * CGROUP_COUNTERS.length),
      peaks: this.peaks.slice(0, n * CGROUP_GAUGES.length),
    };
  }

  /** Adds the totals of other samples (none of them given to this one). */
  merge(p: CgroupTotalsPartial): void {
    const big = new Map(p.big);
    const nc = CGROUP_COUNTERS.length;
    const ng = CGROUP_GAUGES.length;
    p.paths.forEach((path, i) => {
      const r = this.row(path, p.depth[i]!);
      const R = this.rows.cols;
      if (R.samples[r] === 0 || p.first[i]! < R.first[r]!) R.first[r] = p.first[i]!;
      if (R.samples[r] === 0 || p.last[i]! > R.last[r]!) R.last[r] = p.last[i]!;
      R.samples[r]! += p.samples[i]!;
      for (let k = 0; k < nc; k++)
        if (p.avail[i * nc + k]) this.count(r, k, big.get(i * nc + k) ?? p.sums[i * nc + k]!);
      for (let k = 0; k < ng; k++) this.peak(r, k, p.peaks[i * ng + k]!);
    });
  }

  /** One row per cgroup path, in path order (a parent before its children). */
  finish(): CgroupRangeTable {
    const n = this.rows.size;
    const paths = Array.from({ length: n }, (_, r) => this.paths.values[this.keys.key0(r)]!);
    const order = paths.map((_, r) => r).sort((a, b) => treeOrder(paths[a]!, paths[b]!));
    const nc = CGROUP_COUNTERS.length;
    const ng = CGROUP_GAUGES.length;
    const R = this.rows.cols;
    const index = new Map(order.map((r, i) => [paths[r]!, i]));
    return {
      count: n,
      path: order.map((r) => paths[r]!),
      parent: Int32Array.from(order, (r) => index.get(parentPath(paths[r]!)) ?? -1),
      depth: Int32Array.from(order, (r) => R.depth[r]!),
      samples: Int32Array.from(order, (r) => R.samples[r]!),
      first: Float64Array.from(order, (r) => R.first[r]!),
      last: Float64Array.from(order, (r) => R.last[r]!),
      sums: Object.fromEntries(
        CGROUP_COUNTERS.map((f, k) => [
          f,
          order.map((r) => (this.avail[r * nc + k] ? this.sums.get(r * nc + k) : -1)),
        ]),
      ) as Record<(typeof CGROUP_COUNTERS)[number], Exact[]>,
      peaks: Object.fromEntries(
        CGROUP_GAUGES.map((f, k) => [f, Float64Array.from(order, (r) => this.peaks[r * ng + k]!)]),
      ) as Record<(typeof CGROUP_GAUGES)[number], Float64Array>,
    };
  }
}

/** Cgroup totals over a range, one row per path. */
export interface CgroupRangeTable {
  readonly count: number;
  readonly path: readonly string[];
  /** Row of the parent path (-1: the root, or a parent that had no sample in the range). */
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly samples: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  /** Exact sums of the counters over the range's samples; -1 where no sample had a value. */
  readonly sums: Readonly<Record<(typeof CGROUP_COUNTERS)[number], readonly Exact[]>>;
  /** The largest value of each gauge (-1: never available). */
  readonly peaks: Readonly<Record<(typeof CGROUP_GAUGES)[number], Float64Array>>;
}

function parentPath(p: string): string {
  if (p === '/') return '';
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** Paths compared component by component, so "/a" < "/a/b" < "/a-b". */
function treeOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}
