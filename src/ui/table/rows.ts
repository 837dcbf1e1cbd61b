// Which rows of a sample the table shows, in which order: toggles, the filter and the sort
// all work on the typed columns (never an object per task). Text tests run once per
// distinct string id, not once per row.
import { textMatches, type Filter, type FilterClause, type TextTest } from '../../filter/clauses';
import type { BoundColumn } from './column';
import { cpuPercents, isProcessRow, reads, type SampleTable } from './sample';

/** What the row logic reads: the filter's fields, the toggles', the sort's tie and thread grouping. */
export const ROW_READS = reads(
  'gen.name',
  'gen.cmdline',
  'gen.pid',
  'gen.tgid',
  'gen.ppid',
  'gen.ruid',
  'gen.euid',
  'gen.state',
  'gen.isproc',
  'gen.wasinactive',
  'cpu.utime',
  'cpu.stime',
  'dsk.rsz',
  'dsk.wsz',
  'mem.minflt',
  'mem.majflt',
  'mem.vgrow',
  'mem.rgrow',
  'mem.rmem',
);
const R = ROW_READS;

export interface Toggles {
  /** Show thread entries (gen.isproc = 0). */
  readonly threads: boolean;
  /** Show processes that exited in the interval (state E). */
  readonly exited: boolean;
  /** Show only tasks that did something in the interval. */
  readonly activeOnly: boolean;
}

export const DEFAULT_TOGGLES: Toggles = { threads: false, exited: true, activeOnly: false };

export interface SortSpec {
  readonly column: string;
  readonly desc: boolean;
}

const STATE_E = 69;

/** A per-string-id memo of a text test. */
function memoTest(test: TextTest, strings: readonly string[]): (id: number) => boolean {
  const memo = new Int8Array(strings.length + 1);
  return (id) => {
    if (id >= memo.length) return textMatches(test, strings[id] ?? '');
    const m = memo[id]!;
    if (m !== 0) return m > 0;
    const r = textMatches(test, strings[id] ?? '');
    memo[id] = r ? 1 : -1;
    return r;
  };
}

type RowTest = (row: number) => boolean;

function clauseTest(c: FilterClause, t: SampleTable): RowTest {
  const names = R.text(t, 'gen.name');
  const cmds = R.text(t, 'gen.cmdline');
  const strings = t.strings;
  switch (c.kind) {
    case 'text': {
      const m = memoTest(c.test!, strings);
      return (r) => m(names[r] ?? 0) || m(cmds[r] ?? 0);
    }
    case 'name': {
      const m = memoTest(c.test!, strings);
      return (r) => m(names[r] ?? 0);
    }
    case 'cmd': {
      const m = memoTest(c.test!, strings);
      return (r) => m(cmds[r] ?? 0);
    }
    case 'pid': {
      const pid = R.num(t, 'gen.pid');
      const tgid = R.optional(t, 'gen.tgid');
      const set = c.numbers!;
      return tgid ? (r) => set.has(pid[r] ?? -1) || set.has(tgid[r] ?? -1) : (r) => set.has(pid[r] ?? -1);
    }
    case 'ppid': {
      const ppid = R.num(t, 'gen.ppid');
      const set = c.numbers!;
      return (r) => set.has(ppid[r] ?? -1);
    }
    case 'user': {
      const ruid = R.num(t, 'gen.ruid');
      const euid = R.num(t, 'gen.euid');
      const set = c.numbers!;
      return (r) => set.has(ruid[r] ?? -1) || set.has(euid[r] ?? -1);
    }
    case 'state': {
      const st = R.num(t, 'gen.state');
      const set = c.states!;
      return (r) => set.has(st[r] ?? 0);
    }
  }
}

/** Activity in the interval: wasinactive (2.3+), else any CPU, disk or memory change. */
function activeTest(t: SampleTable): RowTest {
  const inactive = R.optional(t, 'gen.wasinactive');
  const st = R.num(t, 'gen.state');
  if (inactive) return (r) => inactive[r] === 0 || st[r] === STATE_E;
  const u = R.num(t, 'cpu.utime');
  const s = R.num(t, 'cpu.stime');
  const rs = R.num(t, 'dsk.rsz');
  const ws = R.num(t, 'dsk.wsz');
  const mi = R.num(t, 'mem.minflt');
  const ma = R.num(t, 'mem.majflt');
  const vg = R.num(t, 'mem.vgrow');
  const rg = R.num(t, 'mem.rgrow');
  const nz = (c: ArrayLike<number>, r: number) => (c[r] ?? 0) !== 0;
  return (r) =>
    st[r] === STATE_E ||
    nz(u, r) ||
    nz(s, r) ||
    nz(rs, r) ||
    nz(ws, r) ||
    nz(mi, r) ||
    nz(ma, r) ||
    nz(vg, r) ||
    nz(rg, r);
}

/** Row indices passing toggles and filter, in file order. */
export function selectRows(t: SampleTable, filter: Filter, toggles: Toggles): Int32Array {
  const n = t.data.count;
  const tests: RowTest[] = [];
  const isproc = R.optional(t, 'gen.isproc');
  if (!toggles.threads && isproc) tests.push((r) => isproc[r] !== 0);
  if (!toggles.exited) {
    const st = R.num(t, 'gen.state');
    tests.push((r) => st[r] !== STATE_E);
  }
  if (toggles.activeOnly) tests.push(activeTest(t));
  for (const c of filter.clauses) {
    const test = clauseTest(c, t);
    tests.push(c.negate ? (r) => !test(r) : test);
  }
  const out = new Int32Array(n);
  let k = 0;
  outer: for (let r = 0; r < n; r++) {
    for (const test of tests) if (!test(r)) continue outer;
    out[k++] = r;
  }
  return out.slice(0, k);
}

/** Sort keys of a text column: the rank of each row's string id (its key) by its text. */
function textRanks(
  id: (row: number) => number,
  rows: Int32Array,
  strings: readonly string[],
  n: number,
): Float64Array {
  const distinct = [...new Set(Array.from(rows, id))];
  distinct.sort((a, b) => {
    const x = strings[a] ?? '';
    const y = strings[b] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Map<number, number>();
  distinct.forEach((s, i) => rank.set(s, i));
  const keys = new Float64Array(n);
  for (const r of rows) keys[r] = rank.get(id(r)) ?? 0;
  return keys;
}

/**
 * Sorts `rows` in place by the column (text columns by their text). Numeric ties are broken
 * like atop's CPU sort (resident size), then by file order so the result is stable. Thread entries stay
 * right below their process (as atop shows them), sorted among themselves.
 */
export function sortRows(
  t: SampleTable,
  rows: Int32Array,
  column: BoundColumn,
  isText: boolean,
  desc: boolean,
): Int32Array {
  const n = t.data.count;
  let keys: Float64Array;
  if (isText) keys = textRanks((r) => column.key(r), rows, t.strings, n);
  else {
    keys = new Float64Array(n);
    for (const r of rows) keys[r] = column.key(r);
  }
  const tie = isText ? undefined : R.optional(t, 'mem.rmem');
  const dir = desc ? -1 : 1;
  const own = (a: number, b: number): number => {
    const d = keys[a]! - keys[b]!;
    if (d !== 0) return d * dir;
    if (tie) {
      const e = (tie[a] ?? 0) - (tie[b] ?? 0);
      if (e !== 0) return e * dir;
    }
    return a - b;
  };
  // group: the row of the process a thread entry belongs to (itself for processes)
  const isproc = R.optional(t, 'gen.isproc');
  let group: Int32Array | null = null;
  if (isproc && rows.some((r) => isproc[r] === 0)) {
    const pid = R.num(t, 'gen.pid');
    const tgid = R.num(t, 'gen.tgid');
    const procRow = new Map<number, number>();
    for (const r of rows) if (isproc[r] !== 0) procRow.set(pid[r] ?? -1, r);
    group = new Int32Array(n);
    for (const r of rows) group[r] = isproc[r] !== 0 ? r : (procRow.get(tgid[r] ?? -1) ?? r);
  }
  if (!group) rows.sort(own);
  else {
    const g = group;
    rows.sort((a, b) => {
      if (a === b) return 0;
      const ga = g[a]!;
      const gb = g[b]!;
      if (ga !== gb) return own(ga, gb);
      if (a === ga) return -1;
      if (b === gb) return 1;
      return own(a, b);
    });
  }
  return rows;
}

/** Sum of CPU% over the process rows among `rows` (thread entries would count twice). */
export function sumCpu(t: SampleTable, rows: Int32Array): number {
  const p = cpuPercents(t);
  const isProc = isProcessRow(t);
  let s = 0;
  for (const r of rows) if (isProc(r)) s += p[r] ?? 0;
  return s;
}
