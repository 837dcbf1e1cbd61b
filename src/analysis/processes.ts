// Every raw process (exact pid + start time, see identity.ts) of the samples seen, with what
// identifies and describes it over the whole log: first and last sample, whether it had live
// and exit rows, its exit, and its name and command line. The one place for these rules:
// the range totals (totals.ts) keep one per accumulator, the page's process store
// (worker/process-store.ts) one per log. Registries over disjoint sample sets merge.
import { Interner } from './columns';
import { EXITED, FRESH, LIVE, resolveProcesses, type ResolvedProcesses } from './identity';
import { KeyIndex } from './key-index';
import { Table, type Columns } from './table';

/** What a registry needs of a sample. */
export interface SampleRef {
  /** Position of the sample in the log (0-based record index). */
  readonly index: number;
  readonly curtime: number;
  /** Record flags (RRBOOT …). */
  readonly flags: number;
}

/** Name ranks: a live row's name and command line win over an E row's, later over earlier. */
export const LIVE_RANK = 2 ** 32;

/** The rank of a row's name: live rows over E rows, later samples over earlier ones. */
export const nameRank = (live: boolean, sample: number): number => (live ? LIVE_RANK + sample : sample);

/** Names and command lines (string ids) of rows of a table, with the rank they came with. */
export interface Labels {
  readonly name: Int32Array;
  readonly nameRank: Float64Array;
  readonly cmdline: Int32Array;
  readonly cmdRank: Float64Array;
}

/** Keeps in row i of `t` the name and the command line of the highest rank seen. */
export function label(
  t: Labels,
  i: number,
  name: number,
  nameRank: number,
  cmd: number,
  cmdRank: number,
): void {
  if (nameRank > t.nameRank[i]!) {
    t.nameRank[i] = nameRank;
    t.name[i] = name;
  }
  if (cmdRank > t.cmdRank[i]!) {
    t.cmdRank[i] = cmdRank;
    t.cmdline[i] = cmd;
  }
}

export const PROC_SPEC = {
  pid: 'i32',
  btime: 'f64',
  firstIdx: 'i32',
  lastIdx: 'i32',
  firstCur: 'f64',
  lastCur: 'f64',
  flags: 'u8',
  exitIdx: 'i32',
  excode: 'i32',
  elaps: 'f64',
  name: 'i32',
  nameRank: 'f64',
  cmdline: 'i32',
  cmdRank: 'f64',
} as const;

/** A registry's raw processes as transferable columns (text ids index a string list). */
export type ProcessColumns = Columns<typeof PROC_SPEC>;

export class ProcessRegistry {
  readonly strings = new Interner();
  private readonly keys = new KeyIndex(1024);
  private readonly table = new Table(PROC_SPEC, 1024);

  /** Number of raw processes. */
  get size(): number {
    return this.table.size;
  }

  /** The columns in use (live views: they change as rows are added). */
  get cols(): ProcessColumns {
    return this.table.cols;
  }

  /** The raw process (pid, btime), or -1. */
  find(pid: number, btime: number): number {
    return this.keys.find(pid, btime);
  }

  /**
   * The raw process (pid, btime), added if new; `s` is the sample of a row of it, `fresh`
   * whether that row is live and marked new outside a since-boot sample. A row before its
   * first one (samples given out of order) becomes its first.
   */
  upsert(pid: number, btime: number, s: SampleRef, fresh: boolean): number {
    const e = this.keys.upsert(pid, btime);
    const pc = this.table.cols;
    if (!this.keys.added) {
      if (s.index < pc.firstIdx[e]!) {
        pc.firstIdx[e] = s.index;
        pc.firstCur[e] = s.curtime;
        pc.flags[e] = (pc.flags[e]! & ~FRESH) | (fresh ? FRESH : 0);
      }
      return e;
    }
    this.table.push();
    const c = this.table.cols;
    c.pid[e] = pid;
    c.btime[e] = btime;
    c.firstIdx[e] = c.lastIdx[e] = s.index;
    c.firstCur[e] = c.lastCur[e] = s.curtime;
    c.flags[e] = fresh ? FRESH : 0;
    c.exitIdx[e] = -1;
    c.nameRank[e] = c.cmdRank[e] = -1;
    return e;
  }

  /** A row of raw process `e` in sample `s` (names are ids of this.strings). */
  noteRow(
    e: number,
    s: SampleRef,
    live: boolean,
    excode: number,
    elaps: number,
    name: number,
    cmd: number,
  ): void {
    const pc = this.table.cols;
    if (s.index > pc.lastIdx[e]!) {
      pc.lastIdx[e] = s.index;
      pc.lastCur[e] = s.curtime;
    }
    if (live) pc.flags[e]! |= LIVE;
    else {
      pc.flags[e]! |= EXITED;
      pc.exitIdx[e] = s.index;
      pc.excode[e] = excode;
      pc.elaps[e] = elaps;
    }
    const rank = nameRank(live, s.index);
    label(pc, e, name, rank, cmd, cmd !== 0 ? rank : -1);
  }

  /**
   * Adds the raw processes of other samples (text ids index `strings`); returns the raw
   * process here of each of theirs.
   */
  merge(P: ProcessColumns, strings: readonly string[]): Int32Array {
    const ours = (id: number) => this.strings.from(strings, id);
    const procOf = new Int32Array(P.pid.length);
    for (let i = 0; i < P.pid.length; i++) {
      const ref = { index: P.firstIdx[i]!, curtime: P.firstCur[i]!, flags: 0 };
      const e = this.upsert(P.pid[i]!, P.btime[i]!, ref, (P.flags[i]! & FRESH) !== 0);
      procOf[i] = e;
      const pc = this.table.cols;
      if (P.lastIdx[i]! > pc.lastIdx[e]!) {
        pc.lastIdx[e] = P.lastIdx[i]!;
        pc.lastCur[e] = P.lastCur[i]!;
      }
      pc.flags[e]! |= P.flags[i]! & (LIVE | EXITED);
      if ((P.flags[i]! & EXITED) !== 0 && P.exitIdx[i]! > pc.exitIdx[e]!) {
        pc.exitIdx[e] = P.exitIdx[i]!;
        pc.excode[e] = P.excode[i]!;
        pc.elaps[e] = P.elaps[i]!;
      }
      label(pc, e, ours(P.name[i]!), P.nameRank[i]!, ours(P.cmdline[i]!), P.cmdRank[i]!);
    }
    return procOf;
  }

  /** Copies of the columns (transferable). */
  trimmed(): ProcessColumns {
    return this.table.trimmed();
  }

  /** The raw processes' identity, resolved (see identity.ts). */
  resolve(): ResolvedProcesses {
    const pc = this.table.cols;
    return resolveProcesses({
      count: this.table.size,
      pid: pc.pid,
      btime: pc.btime,
      firstIdx: pc.firstIdx,
      lastIdx: pc.lastIdx,
      flags: pc.flags,
    });
  }

  /** Every process (resolved), with its whole-log figures. */
  list(resolved: ResolvedProcesses = this.resolve()): ProcessList {
    const pc = this.table.cols;
    const n = resolved.count;
    const out: ProcessList = {
      count: n,
      pid: resolved.pid,
      btime: resolved.btime,
      firstIdx: new Int32Array(n).fill(2 ** 31 - 1),
      lastIdx: new Int32Array(n).fill(-1),
      first: new Float64Array(n),
      last: new Float64Array(n),
      exited: new Uint8Array(n),
      excode: new Int32Array(n),
      exitIdx: new Int32Array(n).fill(-1),
      elaps: new Float64Array(n),
      exitBtime: new Float64Array(n),
      name: [],
      cmdline: [],
    };
    const labels: Labels = {
      name: new Int32Array(n),
      nameRank: new Float64Array(n).fill(-2),
      cmdline: new Int32Array(n),
      cmdRank: new Float64Array(n).fill(-2),
    };
    for (let e = 0; e < this.table.size; e++) {
      const c = resolved.of[e]!;
      if (pc.firstIdx[e]! < out.firstIdx[c]!) {
        out.firstIdx[c] = pc.firstIdx[e]!;
        out.first[c] = pc.firstCur[e]!;
      }
      if (pc.lastIdx[e]! > out.lastIdx[c]!) {
        out.lastIdx[c] = pc.lastIdx[e]!;
        out.last[c] = pc.lastCur[e]!;
      }
      if ((pc.flags[e]! & EXITED) !== 0) {
        out.exited[c] = 1;
        out.excode[c] = pc.excode[e]!;
        out.exitIdx[c] = pc.exitIdx[e]!;
        out.elaps[c] = pc.elaps[e]!;
        out.exitBtime[c] = pc.btime[e]!;
      }
      label(labels, c, pc.name[e]!, pc.nameRank[e]!, pc.cmdline[e]!, pc.cmdRank[e]!);
    }
    const text = this.strings.values;
    labels.name.forEach((id) => out.name.push(text[id]!));
    labels.cmdline.forEach((id) => out.cmdline.push(text[id]!));
    return out;
  }
}

/** Every process of the samples given: pid + start time, first and last sample, exit. */
export interface ProcessList {
  readonly count: number;
  readonly pid: Int32Array;
  readonly btime: Float64Array;
  readonly firstIdx: Int32Array;
  readonly lastIdx: Int32Array;
  /** curtime of the first and last sample with a row of it */
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly exited: Uint8Array;
  /** gen.excode, gen.elaps, gen.btime and sample of its E row */
  readonly excode: Int32Array;
  readonly elaps: Float64Array;
  readonly exitBtime: Float64Array;
  readonly exitIdx: Int32Array;
  /** The name and command line of its last live row (of its E row if it has none); the
   * command line only when the totals are per process (else ""). */
  readonly name: string[];
  readonly cmdline: string[];
}
