// Range totals per process, program, user, container or cgroup: a mergeable accumulator
// over columnar samples.
//
// A TotalsAccumulator is fed samples (record header values + decoded task columns) in any
// subset — a worker of a pool takes every N-th record or a slice of the log — and hands out
// a TotalsPartial (typed arrays and one string list: transferable, no object per row), which
// another accumulator merges. Partials must come from disjoint sets of samples. finish()
// then resolves process identities (identity.ts), groups, sorts and cuts.
//
// What is counted (the `report` contract, README "Command line"): a sample is in the range
// when from ≤ curtime ≤ to and it is not a since-boot sample (record flag RRBOOT: its
// counters run since boot, not over an interval); only process-level rows count
// (gen.isproc; 1.26 lists processes only). Over those rows: exact sums of the counters
// (exact-sums.ts), the largest value of the peaked gauges, the number of samples in which
// the group has a row, the first and last of them, the distinct processes, and for a
// process the exit status of its E row in the range. Versions that store only the active
// processes of an interval (1.26, 2.1, 2.2) list an idle process in no sample: `samples`
// there counts the samples in which the process is listed.
//
// Every sample given, in the range or not, also feeds the identity of processes (first and
// last row, exit, name): what the range's rows are joined by, and what incarnations() lists.
import type { CgroupEntry, TaskColumns } from '../format/index';
import { RRBOOT } from '../format/index';
import { numColumn, textColumn, wideValues } from './columns';
import { exactAdd, exactCompare, ExactSums, type Exact } from './exact-sums';
import type { GroupBy, TotalsFields } from './fields';
import { EXITED } from './identity';
import { KeyIndex, withRoom } from './key-index';
import {
  label,
  nameRank,
  ProcessRegistry,
  type ProcessColumns,
  type ProcessList,
  type SampleRef,
} from './processes';
import { Table, type Columns } from './table';

/** Inclusive bounds on curtime (epoch seconds). */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export const WHOLE_LOG: TimeRange = { from: -Infinity, to: Infinity };

const STATE_E = 'E'.charCodeAt(0);
/** gen.excode bit 31: the task is new in this interval (the Int32 column holds it as the sign). */
const isNew = (excode: number) => excode < 0;

export const GROUP_SPEC = {
  k0: 'f64',
  k1: 'f64',
  samples: 'i32',
  /** last sample index counted in `samples` (while feeding) */
  seen: 'i32',
  first: 'f64',
  last: 'f64',
  flags: 'u8',
  excode: 'i32',
  name: 'i32',
  nameRank: 'f64',
  cmdline: 'i32',
  cmdRank: 'f64',
} as const;

/** Everything an accumulator holds, as transferable arrays; text ids index `strings`. */
export interface TotalsPartial {
  readonly by: GroupBy;
  readonly sumKeys: readonly string[];
  readonly strings: readonly string[];
  readonly procs: ProcessColumns;
  readonly groups: Columns<typeof GROUP_SPEC>;
  /** groups × sums, row-major; NaN cells are in `big`. */
  readonly sums: Float64Array;
  readonly big: readonly (readonly [number, bigint])[];
  /** groups × peaks, row-major. */
  readonly peaks: Float64Array;
  /** (group, process) pairs: which processes each group had (not for `process`). */
  readonly memberGroup: Int32Array;
  readonly memberProc: Int32Array;
}

export class TotalsAccumulator {
  private readonly procs = new ProcessRegistry();
  /** Text of every string id (the registry's: names, command lines and text group keys). */
  private readonly strings = this.procs.strings;
  private readonly groupKeys = new KeyIndex(256);
  private readonly groups = new Table(GROUP_SPEC, 256);
  private readonly members = new KeyIndex(256);
  /** Per process: 1 + the group it was last added to `members` with (a cache). */
  private lastMemberGroup = new Int32Array(1024);
  /** `process`: per raw process, 1 + its group (a cache). */
  private procGroup = new Int32Array(1024);
  private readonly sums: ExactSums;
  private peaks = new Float64Array(0);
  private readonly ns: number;
  private readonly np: number;
  /** The rows of the sample being added that count in the range, and their group's first cell. */
  private counted = new Int32Array(0);
  private countedCell = new Int32Array(0);
  /** Per task row position: the raw process the row there was last time (rows keep their
   * order from one sample to the next, so this saves most hash lookups). */
  private rowProc = new Int32Array(0);

  constructor(
    readonly fields: TotalsFields,
    readonly range: TimeRange = WHOLE_LOG,
  ) {
    this.ns = fields.sums.length;
    this.np = fields.peaks.length;
    this.sums = new ExactSums(256 * this.ns);
  }

  get by(): GroupBy {
    return this.fields.by;
  }

  /**
   * Adds one sample. `strings` are the values of the StringTable the text columns index;
   * `cgroups` the record's cgroup sections (2.11+, needed for `cgroup` only).
   */
  addSample(
    s: SampleRef,
    tasks: TaskColumns,
    strings: readonly string[],
    cgroups: readonly CgroupEntry[] | null = null,
  ): void {
    const n = tasks.count;
    const pid = numColumn(tasks, 'gen.pid')!;
    const btime = numColumn(tasks, 'gen.btime')!;
    const state = numColumn(tasks, 'gen.state')!;
    const excode = numColumn(tasks, 'gen.excode')!;
    const elaps = numColumn(tasks, 'gen.elaps');
    const isproc = numColumn(tasks, 'gen.isproc');
    const nameCol = textColumn(tasks, 'gen.name')!;
    const cmdCol = textColumn(tasks, 'gen.cmdline');
    const f = this.fields;
    const keyNum = f.groupField && f.by === 'user' ? numColumn(tasks, f.groupField) : undefined;
    const keyText =
      f.groupField && f.by !== 'user' && f.by !== 'program' ? textColumn(tasks, f.groupField) : undefined;
    const boot = (s.flags & RRBOOT) !== 0;
    const inRange = !boot && s.curtime >= this.range.from && s.curtime <= this.range.to;
    const cgroupOfPid = f.cgroupSections && inRange ? this.cgroupIds(cgroups) : null;
    this.counted = withRoom(this.counted, n);
    this.countedCell = withRoom(this.countedCell, n);
    this.rowProc = withRoom(this.rowProc, n, -1);
    const { counted, countedCell, rowProc } = this;
    let m = 0;
    const pc = this.procs.cols;
    const G = this.groups.cols;
    const byProcess = f.by === 'process';

    for (let r = 0; r < n; r++) {
      if (isproc && isproc[r] === 0) continue;
      const p = pid[r]!;
      const b = btime[r]!;
      const live = state[r] !== STATE_E;
      let e = rowProc[r]!;
      if (e < 0 || pc.pid[e] !== p || pc.btime[e] !== b || s.index < pc.firstIdx[e]!)
        rowProc[r] = e = this.proc(p, b, s, live && isNew(excode[r]!) && !boot);
      // identity over every sample given
      const name = this.strings.from(strings, nameCol[r]!);
      const cmd = cmdCol ? this.strings.from(strings, cmdCol[r]!) : 0;
      this.procs.noteRow(e, s, live, excode[r]!, elaps ? elaps[r]! : 0, name, cmd);
      const rank = nameRank(live, s.index);
      const cmdRank = cmd !== 0 ? rank : -1;
      if (!inRange) continue;

      // the range
      let g: number;
      if (byProcess) {
        // a raw process is its own group: look it up once
        g = this.procGroup[e]! - 1;
        if (g < 0) this.procGroup[e] = (g = this.group(p, b)) + 1;
      } else if (f.by === 'program') g = this.group(name, 0);
      else if (keyNum) g = this.group(keyNum[r]!, 0);
      else if (keyText) g = this.group(this.strings.from(strings, keyText[r]!), 0);
      else g = this.group(cgroupOfPid?.get(p) ?? 0, 0);
      counted[m] = r;
      countedCell[m++] = g;
      if (G.seen[g] !== s.index) {
        G.seen[g] = s.index;
        G.samples[g]!++;
        if (G.samples[g] === 1) G.first[g] = s.curtime;
        G.last[g] = s.curtime;
      }
      if (!live) {
        G.flags[g]! |= EXITED;
        G.excode[g] = excode[r]!;
      }
      if (byProcess) {
        label(G, g, name, rank, cmd, cmdRank);
      } else if (this.lastMemberGroup[e] !== g + 1) {
        this.lastMemberGroup[e] = g + 1;
        this.members.upsert(g, e);
      }
    }
    if (!inRange) return;

    // sums and peaks column by column (each column is read once, in order)
    const ns = this.ns;
    const sums = this.sums;
    for (let c = 0; c < ns; c++) {
      const path = f.sums[c]!;
      const col = numColumn(tasks, path)!;
      const wide = wideValues(tasks, path);
      if (wide)
        for (let i = 0; i < m; i++)
          sums.addExact(countedCell[i]! * ns + c, wide.get(counted[i]!) ?? col[counted[i]!]!);
      else for (let i = 0; i < m; i++) sums.add(countedCell[i]! * ns + c, col[counted[i]!]!);
    }
    const np = this.np;
    const peaks = this.peaks;
    for (let k = 0; k < np; k++) {
      const col = numColumn(tasks, f.peaks[k]!)!;
      for (let i = 0; i < m; i++) {
        const cell = countedCell[i]! * np + k;
        const v = col[counted[i]!]!;
        if (v > peaks[cell]!) peaks[cell] = v;
      }
    }
  }

  /** The raw process (pid, btime), added if new. */
  private proc(pid: number, btime: number, s: SampleRef, fresh: boolean): number {
    const e = this.procs.upsert(pid, btime, s, fresh);
    this.lastMemberGroup = withRoom(this.lastMemberGroup, e + 1);
    this.procGroup = withRoom(this.procGroup, e + 1);
    return e;
  }

  /** The group (k0, k1), added if new. */
  private group(k0: number, k1: number): number {
    const g = this.groupKeys.upsert(k0, k1);
    if (!this.groupKeys.added) return g;
    this.groups.push();
    const G = this.groups.cols;
    G.k0[g] = k0;
    G.k1[g] = k1;
    G.seen[g] = -1;
    G.nameRank[g] = G.cmdRank[g] = -1;
    this.sums.ensure((g + 1) * this.ns);
    this.peaks = withRoom(this.peaks, (g + 1) * this.np, -Infinity);
    return g;
  }

  /** 2.11+: the path id of each pid's cgroup, from the record's pid lists. */
  private cgroupIds(cgroups: readonly CgroupEntry[] | null): Map<number, number> {
    const m = new Map<number, number>();
    for (const c of cgroups ?? []) {
      const id = this.strings.id(c.path);
      for (const p of c.pids) if (p !== 0) m.set(p, id);
    }
    return m;
  }

  toPartial(): TotalsPartial {
    const ng = this.groups.size;
    const memberGroup = new Int32Array(this.members.size);
    const memberProc = new Int32Array(this.members.size);
    for (let i = 0; i < this.members.size; i++) {
      memberGroup[i] = this.members.key0(i);
      memberProc[i] = this.members.key1(i);
    }
    return {
      by: this.by,
      sumKeys: this.fields.sums,
      strings: this.strings.values.slice(),
      procs: this.procs.trimmed(),
      groups: this.groups.trimmed(),
      sums: this.sums.values.slice(0, ng * this.ns),
      big: [...this.sums.big],
      peaks: this.peaks.slice(0, ng * this.np),
      memberGroup,
      memberProc,
    };
  }

  /** Adds a partial result of other samples (none of them given to this accumulator). */
  merge(part: TotalsPartial): void {
    if (part.by !== this.by || part.sumKeys.join() !== this.fields.sums.join())
      throw new Error('merging totals of another grouping or another format version');
    const ours = (id: number) => this.strings.from(part.strings, id);
    const procOf = this.procs.merge(part.procs, part.strings);
    for (const e of procOf) {
      this.lastMemberGroup = withRoom(this.lastMemberGroup, e + 1);
      this.procGroup = withRoom(this.procGroup, e + 1);
    }
    const G = part.groups;
    const ns = this.ns;
    const np = this.np;
    const textKey = this.by !== 'process' && this.by !== 'user';
    const groupOf = new Int32Array(G.k0.length);
    const big = new Map(part.big);
    for (let i = 0; i < G.k0.length; i++) {
      const g = this.group(textKey ? ours(G.k0[i]!) : G.k0[i]!, G.k1[i]!);
      groupOf[i] = g;
      const H = this.groups.cols;
      if (H.samples[g] === 0 || G.first[i]! < H.first[g]!) H.first[g] = G.first[i]!;
      if (H.samples[g] === 0 || G.last[i]! > H.last[g]!) H.last[g] = G.last[i]!;
      H.samples[g]! += G.samples[i]!;
      if ((G.flags[i]! & EXITED) !== 0) {
        H.flags[g]! |= EXITED;
        H.excode[g] = G.excode[i]!;
      }
      label(H, g, ours(G.name[i]!), G.nameRank[i]!, ours(G.cmdline[i]!), G.cmdRank[i]!);
      for (let c = 0; c < ns; c++) {
        const cell = i * ns + c;
        this.sums.addExact(g * ns + c, big.get(cell) ?? part.sums[cell]!);
      }
      for (let k = 0; k < np; k++)
        this.peaks[g * np + k] = Math.max(this.peaks[g * np + k]!, part.peaks[i * np + k]!);
    }
    for (let i = 0; i < part.memberGroup.length; i++)
      this.members.upsert(groupOf[part.memberGroup[i]!]!, procOf[part.memberProc[i]!]!);
  }

  /** One row per group, sorted by CPU ticks (utime + stime) descending, then by key; at most `top` rows. */
  finish(top = Infinity): TotalsTable {
    const resolved = this.procs.resolve();
    const G = this.groups.cols;
    const ng = this.groups.size;
    const ns = this.ns;
    const np = this.np;
    const byProcess = this.by === 'process';

    // rows: one per group, or per resolved process for `process`
    const rowOfGroup = new Int32Array(ng);
    let rows = 0;
    const rowOfProc = byProcess ? new Int32Array(resolved.count).fill(-1) : null;
    for (let g = 0; g < ng; g++) {
      if (!rowOfProc) {
        rowOfGroup[g] = rows++;
        continue;
      }
      const c = resolved.of[this.procs.find(G.k0[g]!, G.k1[g]!)]!;
      if (rowOfProc[c]! < 0) rowOfProc[c] = rows++;
      rowOfGroup[g] = rowOfProc[c]!;
    }
    const acc = {
      sums: new ExactSums(rows * ns),
      peaks: new Float64Array(rows * np).fill(-Infinity),
      samples: new Int32Array(rows),
      first: new Float64Array(rows).fill(Infinity),
      last: new Float64Array(rows).fill(-Infinity),
      procs: new Int32Array(rows),
      exited: new Uint8Array(rows),
      excode: new Int32Array(rows),
      k0: new Float64Array(rows),
      k1: new Float64Array(rows),
      name: new Int32Array(rows),
      nameRank: new Float64Array(rows).fill(-1),
      cmdline: new Int32Array(rows),
      cmdRank: new Float64Array(rows).fill(-1),
    };
    for (let g = 0; g < ng; g++) {
      const r = rowOfGroup[g]!;
      for (let c = 0; c < ns; c++) acc.sums.addExact(r * ns + c, this.sums.get(g * ns + c));
      for (let k = 0; k < np; k++)
        acc.peaks[r * np + k] = Math.max(acc.peaks[r * np + k]!, this.peaks[g * np + k]!);
      acc.samples[r]! += G.samples[g]!;
      acc.first[r] = Math.min(acc.first[r]!, G.first[g]!);
      acc.last[r] = Math.max(acc.last[r]!, G.last[g]!);
      if ((G.flags[g]! & EXITED) !== 0) {
        acc.exited[r] = 1;
        acc.excode[r] = G.excode[g]!;
      }
      label(acc, r, G.name[g]!, G.nameRank[g]!, G.cmdline[g]!, G.cmdRank[g]!);
      if (byProcess) {
        const c = resolved.of[this.procs.find(G.k0[g]!, G.k1[g]!)]!;
        acc.k0[r] = resolved.pid[c]!;
        acc.k1[r] = resolved.btime[c]!;
        acc.procs[r] = 1;
      } else {
        acc.k0[r] = G.k0[g]!;
        acc.k1[r] = G.k1[g]!;
      }
    }
    if (!byProcess) {
      // distinct processes per group: members joined by identity
      const seen = new KeyIndex(this.members.size);
      for (let i = 0; i < this.members.size; i++) {
        const g = this.members.key0(i);
        seen.upsert(g, resolved.of[this.members.key1(i)]!);
        if (seen.added) acc.procs[rowOfGroup[g]!]!++;
      }
    }
    return this.sorted(acc, rows, top);
  }

  private sorted(
    acc: {
      sums: ExactSums;
      peaks: Float64Array;
      samples: Int32Array;
      first: Float64Array;
      last: Float64Array;
      procs: Int32Array;
      exited: Uint8Array;
      excode: Int32Array;
      k0: Float64Array;
      k1: Float64Array;
      name: Int32Array;
      cmdline: Int32Array;
    },
    rows: number,
    top: number,
  ): TotalsTable {
    const ns = this.ns;
    const np = this.np;
    const iu = this.fields.sums.indexOf('cpu.utime');
    const is = this.fields.sums.indexOf('cpu.stime');
    const cpu: Exact[] = [];
    for (let r = 0; r < rows; r++) cpu.push(exactAdd(acc.sums.get(r * ns + iu), acc.sums.get(r * ns + is)));
    const text = this.strings.values;
    const textKey = this.by === 'program' || this.by === 'container' || this.by === 'cgroup';
    const byKey = (a: number, b: number): number => {
      if (textKey) {
        const x = text[acc.k0[a]!]!;
        const y = text[acc.k0[b]!]!;
        return x < y ? -1 : x > y ? 1 : 0;
      }
      return acc.k0[a]! - acc.k0[b]! || acc.k1[a]! - acc.k1[b]!;
    };
    const order = Array.from({ length: rows }, (_, r) => r);
    order.sort((a, b) => exactCompare(cpu[b]!, cpu[a]!) || byKey(a, b));
    const n = Math.min(rows, top);
    const keep = order.slice(0, n);

    const sums = this.fields.sums.map((key, c) => {
      const values = new Float64Array(n);
      const big = new Map<number, bigint>();
      keep.forEach((r, i) => {
        const v = acc.sums.get(r * ns + c);
        if (typeof v === 'bigint') {
          big.set(i, v);
          values[i] = NaN;
        } else values[i] = v;
      });
      return { key, values, big };
    });
    const peaks = this.fields.peaks.map((p, k) => ({
      key: `${p}.max`,
      values: Float64Array.from(keep, (r) => acc.peaks[r * np + k]!),
    }));
    const pick = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const out = new (a.constructor as new (n: number) => T)(n);
      keep.forEach((r, i) => (out[i] = a[r]!));
      return out;
    };
    const textOf = (ids: Int32Array) => keep.map((r) => text[ids[r]!]!);
    const keys: KeyColumn[] =
      this.by === 'process'
        ? [
            { key: 'gen.pid', num: pick(acc.k0) },
            { key: 'gen.btime', num: pick(acc.k1) },
            { key: 'gen.name', text: textOf(acc.name) },
            { key: 'gen.cmdline', text: textOf(acc.cmdline) },
          ]
        : this.by === 'user'
          ? [{ key: 'gen.ruid', num: pick(acc.k0) }]
          : [
              {
                key: GROUP_KEY[this.by],
                text: keep.map((r) => text[acc.k0[r]!]!),
              },
            ];
    return {
      by: this.by,
      rows: n,
      groups: rows,
      keys,
      sums,
      peaks,
      samples: pick(acc.samples),
      first: pick(acc.first),
      last: pick(acc.last),
      procs: pick(acc.procs),
      exited: pick(acc.exited),
      excode: pick(acc.excode),
    };
  }

  /** Every process seen in any sample given (not just the range), with its whole-log figures. */
  processes(): ProcessList {
    return this.procs.list();
  }
}

/** The contract's key of each grouping's text key. */
const GROUP_KEY: Readonly<Record<GroupBy, string>> = {
  process: 'gen.pid',
  program: 'gen.name',
  user: 'gen.ruid',
  container: 'gen.container',
  cgroup: 'gen.cgpath',
};

export type KeyColumn =
  | { readonly key: string; readonly num: Float64Array; readonly text?: undefined }
  | { readonly key: string; readonly text: readonly string[]; readonly num?: undefined };

/** The totals, one row per group, in output order. */
export interface TotalsTable {
  readonly by: GroupBy;
  readonly rows: number;
  /** Groups before `top` cut them. */
  readonly groups: number;
  /** The group's key columns (process: gen.pid, gen.btime, gen.name, gen.cmdline). */
  readonly keys: readonly KeyColumn[];
  /** Exact sums: a NaN value is the BigInt in `big` at that row. */
  readonly sums: readonly {
    readonly key: string;
    readonly values: Float64Array;
    readonly big: ReadonlyMap<number, bigint>;
  }[];
  readonly peaks: readonly { readonly key: string; readonly values: Float64Array }[];
  readonly samples: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly procs: Int32Array;
  /** Process grouping: 1 if the process exited in the range, and gen.excode of its E row. */
  readonly exited: Uint8Array;
  readonly excode: Int32Array;
}

/** A sum of a TotalsTable, exactly. */
export function sumAt(t: TotalsTable, col: number, row: number): Exact {
  const s = t.sums[col]!;
  return s.big.get(row) ?? s.values[row]!;
}
