// Lifelines: every row of one pid over the whole log, split into the processes that had
// that pid (pid + start time, joined as identity.ts says), each with its per-sample CPU %,
// RSIZE, disk read/write and threads. Like the totals, a LifelineCollector is fed any
// subset of the samples and its partials merge (a worker pool scans sample ranges); the
// points are put in log order at the end. And incarnations(): every process that ran a
// program, from a totals accumulator's process list — a restart loop at a glance.
import type { TaskColumns } from '../format/index';
import { RRBOOT, taskCpuPercent } from '../format/index';
import { numColumn } from './columns';
import { EXITED, FRESH, LIVE, resolveProcesses } from './identity';
import { Table, type Columns } from './table';
import type { ProcessList, SampleRef } from './processes';

/** A sample, and the denominator of its CPU percentages (derived.ts perCpuTicks) if known. */
export interface LifelineSample extends SampleRef {
  readonly percputot?: number;
  readonly nrcpu?: number;
}

/** The task fields a LifelineCollector reads (decode at least these; see projectTstat). */
export const LIFELINE_READ: readonly string[] = [
  'gen.pid',
  'gen.isproc',
  'gen.state',
  'gen.excode',
  'gen.btime',
  'gen.elaps',
  'gen.nthr',
  'cpu.utime',
  'cpu.stime',
  'mem.rmem',
  'dsk.rsz',
  'dsk.wsz',
];

const POINT_SPEC = {
  sample: 'i32',
  curtime: 'f64',
  /** POINT_* bits */
  flags: 'u8',
  btime: 'f64',
  excode: 'i32',
  elaps: 'f64',
  utime: 'f64',
  stime: 'f64',
  rmem: 'f64',
  rsz: 'f64',
  wsz: 'f64',
  nthr: 'i32',
  percputot: 'f64',
  nrcpu: 'i32',
} as const;

export const POINT_BOOT = 1;
export const POINT_LIVE = 2;
export const POINT_NEW = 4;
const STATE_E = 'E'.charCodeAt(0);

export type LifelinePartial = Columns<typeof POINT_SPEC>;

export class LifelineCollector {
  private readonly points = new Table(POINT_SPEC, 64);

  constructor(readonly pid: number) {}

  add(s: LifelineSample, tasks: TaskColumns): void {
    const pid = numColumn(tasks, 'gen.pid')!;
    const isproc = numColumn(tasks, 'gen.isproc');
    for (let r = 0; r < tasks.count; r++) {
      if (pid[r] !== this.pid || (isproc && isproc[r] === 0)) continue;
      const i = this.points.push();
      const P = this.points.cols;
      const at = (path: string) => numColumn(tasks, path)?.[r] ?? 0;
      const live = at('gen.state') !== STATE_E;
      P.sample[i] = s.index;
      P.curtime[i] = s.curtime;
      P.flags[i] =
        ((s.flags & RRBOOT) !== 0 ? POINT_BOOT : 0) |
        (live ? POINT_LIVE : 0) |
        (at('gen.excode') < 0 ? POINT_NEW : 0);
      P.btime[i] = at('gen.btime');
      P.excode[i] = at('gen.excode');
      P.elaps[i] = at('gen.elaps');
      P.utime[i] = at('cpu.utime');
      P.stime[i] = at('cpu.stime');
      P.rmem[i] = at('mem.rmem');
      P.rsz[i] = at('dsk.rsz');
      P.wsz[i] = at('dsk.wsz');
      P.nthr[i] = at('gen.nthr');
      P.percputot[i] = s.percputot ?? NaN;
      P.nrcpu[i] = s.nrcpu ?? 0;
    }
  }

  toPartial(): LifelinePartial {
    return this.points.trimmed();
  }

  merge(part: LifelinePartial): void {
    const keys = Object.keys(POINT_SPEC) as (keyof typeof POINT_SPEC)[];
    for (let j = 0; j < part.sample.length; j++) {
      const i = this.points.push();
      for (const k of keys) this.points.cols[k][i] = part[k][j]!;
    }
  }

  /** Every process that had this pid, in order of start, with its points. */
  finish(hertz: number): Incarnation[] {
    const P = this.points.cols;
    const n = this.points.size;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => P.sample[a]! - P.sample[b]!);
    // raw processes: the points of each start time
    const rawOf = new Map<number, number>();
    const raw = {
      pid: [] as number[],
      btime: [] as number[],
      first: [] as number[],
      last: [] as number[],
      flags: [] as number[],
    };
    const rawOfPoint = new Int32Array(n);
    for (const i of order) {
      const b = P.btime[i]!;
      let e = rawOf.get(b);
      const f = P.flags[i]!;
      const live = (f & POINT_LIVE) !== 0;
      if (e === undefined) {
        rawOf.set(b, (e = raw.pid.length));
        raw.pid.push(this.pid);
        raw.btime.push(b);
        raw.first.push(P.sample[i]!);
        raw.flags.push(live && (f & POINT_NEW) !== 0 && (f & POINT_BOOT) === 0 ? FRESH : 0);
      }
      raw.last[e] = P.sample[i]!;
      raw.flags[e]! |= live ? LIVE : EXITED;
      rawOfPoint[i] = e;
    }
    const resolved = resolveProcesses({
      count: raw.pid.length,
      pid: Int32Array.from(raw.pid),
      btime: Float64Array.from(raw.btime),
      firstIdx: Int32Array.from(raw.first),
      lastIdx: Int32Array.from(raw.last),
      flags: Uint8Array.from(raw.flags),
    });
    const byProcess: number[][] = Array.from({ length: resolved.count }, () => []);
    for (const i of order) byProcess[resolved.of[rawOfPoint[i]!]!]!.push(i);
    return byProcess.map((pts, c) => {
      const exit = pts.find((i) => (P.flags[i]! & POINT_LIVE) === 0);
      const pick = (k: 'sample' | 'nthr') => Int32Array.from(pts, (i) => P[k][i]!);
      const pickF = (k: 'curtime' | 'rmem' | 'rsz' | 'wsz') => Float64Array.from(pts, (i) => P[k][i]!);
      return {
        pid: this.pid,
        btime: resolved.btime[c]!,
        firstIdx: P.sample[pts[0]!]!,
        lastIdx: P.sample[pts[pts.length - 1]!]!,
        first: P.curtime[pts[0]!]!,
        last: P.curtime[pts[pts.length - 1]!]!,
        exited: exit !== undefined,
        excode: exit === undefined ? 0 : P.excode[exit]!,
        exitTime: exit === undefined ? null : P.btime[exit]! + P.elaps[exit]! / hertz,
        points: {
          sample: pick('sample'),
          curtime: pickF('curtime'),
          boot: Uint8Array.from(pts, (i) => ((P.flags[i]! & POINT_BOOT) !== 0 ? 1 : 0)),
          cpu: Float64Array.from(pts, (i) =>
            taskCpuPercent(P.utime[i]!, P.stime[i]!, P.percputot[i]!, P.nrcpu[i]!, P.nthr[i]!),
          ),
          rmem: pickF('rmem'),
          rsz: pickF('rsz'),
          wsz: pickF('wsz'),
          nthr: pick('nthr'),
        },
      };
    });
  }
}

/** One process that had a pid: its start, first and last sample, exit, and per-sample points. */
export interface Incarnation {
  readonly pid: number;
  /** Start time (its live rows' gen.btime). */
  readonly btime: number;
  readonly firstIdx: number;
  readonly lastIdx: number;
  /** curtime of its first and last sample */
  readonly first: number;
  readonly last: number;
  readonly exited: boolean;
  /** gen.excode of its E row (wait status; bit 31: it started in that interval). */
  readonly excode: number;
  /** End time as atop computes it (btime + elaps / hertz of the E row), or null. */
  readonly exitTime: number | null;
  /** One point per sample with a row of it, in log order (since-boot samples flagged). */
  readonly points: {
    readonly sample: Int32Array;
    readonly curtime: Float64Array;
    readonly boot: Uint8Array;
    /** CPU % of one CPU as atop shows it (NaN when the sample's CPU ticks were not given). */
    readonly cpu: Float64Array;
    /** RSIZE (KiB), disk read / write (512-byte sectors), threads */
    readonly rmem: Float64Array;
    readonly rsz: Float64Array;
    readonly wsz: Float64Array;
    readonly nthr: Int32Array;
  };
}

/** The process (pid, btime) among the incarnations of its pid, and the others that had the pid. */
export function lifelineOf(
  history: readonly Incarnation[],
  btime: number,
): { readonly process: Incarnation; readonly others: Incarnation[] } | null {
  const exact = history.find((h) => h.btime === btime);
  const process = exact ?? history.find((h) => Math.abs(h.btime - btime) <= 1);
  return process ? { process, others: history.filter((h) => h !== process) } : null;
}

/** One run of a program: pid + start time, first and last sample, end and exit. */
export interface ProgramRun {
  readonly pid: number;
  readonly btime: number;
  readonly first: number;
  readonly last: number;
  readonly exited: boolean;
  readonly excode: number;
  /** When it exited: as atop computes it (its E row's btime + elaps / hertz); else its last sample's time. */
  readonly end: number;
}

/**
 * Every process whose (last) name is `name`, in order of start: the processes of a
 * totals accumulator fed the whole log (TotalsAccumulator.processes()).
 */
export function incarnations(list: ProcessList, name: string, hertz: number): ProgramRun[] {
  const out: ProgramRun[] = [];
  for (let c = 0; c < list.count; c++) {
    if (list.name[c] !== name) continue;
    const exited = list.exited[c] === 1;
    out.push({
      pid: list.pid[c]!,
      btime: list.btime[c]!,
      first: list.first[c]!,
      last: list.last[c]!,
      exited,
      excode: list.excode[c]!,
      end: exited ? list.exitBtime[c]! + list.elaps[c]! / hertz : list.last[c]!,
    });
  }
  return out.sort((a, b) => a.btime - b.btime || a.first - b.first || a.pid - b.pid);
}
