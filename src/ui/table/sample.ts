// One decoded sample as the UI thread holds it, and the only ways UI code reads its task
// columns: a `FieldReads` declares the fields a piece of code reads, reading any other field
// does not compile, and the declared fields are what the page asks the worker for
// (wanted.ts). Also the per-sample figures several columns and the status bar share (CPU%,
// DSK%), computed once per sample.
import { taskCpuPercent } from '../../format/derived';
import type { NumericColumn, TaskFieldPath, TaskTextField } from '../../format/tasks';
import type { GroupBy, SampleData } from '../../worker/protocol';

export interface SampleTable {
  readonly data: SampleData;
  /** The log's string table (ids from SampleData.text). */
  readonly strings: readonly string[];
  readonly hertz: number;
  /** Per-sample derived columns, computed once. */
  readonly derived: Map<string, Float64Array>;
  /** A table of totals over a span of samples (table/totals.ts): what only totals have. */
  readonly totals?: TotalsColumns;
}

/** Per row of a totals table: samples present, first and last seen, distinct processes. */
export interface TotalsColumns {
  readonly by: GroupBy;
  readonly samples: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly procs: Int32Array;
}

/** A field, or alternatives of which the first the log has is used (a member renamed between versions). */
export type Need = TaskFieldPath | readonly TaskFieldPath[];

/** The fields a need may resolve to. */
export type NeedFields<N extends Need> = N extends readonly (infer F)[] ? F : N;

export type FieldSet = ReadonlySet<string>;

/** The field a need resolves to in this log, or null. */
export function resolveNeed(need: Need, fields: FieldSet): TaskFieldPath | null {
  if (typeof need === 'string') return fields.has(need) ? need : null;
  return need.find((f) => fields.has(f)) ?? null;
}

const ZERO = new Float64Array(0);
const NO_IDS = new Int32Array(0);

/** Typed access to the declared fields of a sample; absent fields read as empty columns. */
export interface FieldReads<F extends TaskFieldPath> {
  readonly fields: readonly F[];
  /** The column, or of alternatives the first the sample has; empty if it has none. */
  num(t: SampleTable, field: F | readonly F[]): NumericColumn;
  /** The column if the sample's version has it (for logic that differs by its presence). */
  optional(t: SampleTable, field: F): NumericColumn | undefined;
  /** String ids of a text field (into SampleTable.strings). */
  text(t: SampleTable, field: F & TaskTextField): Int32Array;
}

/** Declares what a piece of code reads: `const READ = reads('gen.pid', 'gen.tgid')`. */
export function reads<const F extends readonly TaskFieldPath[]>(...fields: F): FieldReads<F[number]> {
  return {
    fields,
    num: (t, field) => {
      if (typeof field === 'string') return t.data.num[field] ?? ZERO;
      for (const f of field) {
        const c = t.data.num[f];
        if (c) return c;
      }
      return ZERO;
    },
    optional: (t, field) => t.data.num[field],
    text: (t, field) => t.data.text[field] ?? NO_IDS,
  };
}

/** What the derived columns below read. */
export const DERIVED_READS = reads('cpu.utime', 'cpu.stime', 'gen.nthr', 'gen.isproc', 'dsk.rsz', 'dsk.wsz');
const R = DERIVED_READS;

function derivedColumn(t: SampleTable, id: string, make: () => Float64Array): Float64Array {
  let d = t.derived.get(id);
  if (!d) {
    d = make();
    t.derived.set(id, d);
  }
  return d;
}

/** CPU% of every row (docs/atop-format.md §4; derived.ts). */
export function cpuPercents(t: SampleTable): Float64Array {
  return derivedColumn(t, 'cpu%', () => {
    const u = R.num(t, 'cpu.utime');
    const s = R.num(t, 'cpu.stime');
    // without threads (a table of totals, several processes a row) only the CPUs cap it
    const thr = R.optional(t, 'gen.nthr');
    const out = new Float64Array(t.data.count);
    for (let r = 0; r < out.length; r++)
      out[r] = taskCpuPercent(
        u[r] ?? 0,
        s[r] ?? 0,
        t.data.percputot,
        t.data.nrcpu,
        thr ? (thr[r] ?? 1) : t.data.nrcpu,
      );
    return out;
  });
}

/** Whether a row is a process (not a thread entry); 1.26 logs hold processes only. */
export function isProcessRow(t: SampleTable): (row: number) => boolean {
  const p = R.optional(t, 'gen.isproc');
  return p ? (r) => p[r] !== 0 : () => true;
}

/** Whether a row is a thread entry (drawn below its process); no row is in 1.26 logs. */
export function isThreadRow(t: SampleTable | null): (row: number) => boolean {
  const p = t ? R.optional(t, 'gen.isproc') : undefined;
  return p ? (r) => p[r] === 0 : () => false;
}

/** DSK%: the row's share of the disk transfers of all processes in the sample, as atop. */
export function diskPercents(t: SampleTable): Float64Array {
  return derivedColumn(t, 'dsk%', () => {
    const rs = R.num(t, 'dsk.rsz');
    const ws = R.num(t, 'dsk.wsz');
    const isProc = isProcessRow(t);
    let total = 0;
    for (let r = 0; r < t.data.count; r++) if (isProc(r)) total += (rs[r] ?? 0) + (ws[r] ?? 0);
    const out = new Float64Array(t.data.count);
    if (total > 0)
      for (let r = 0; r < out.length; r++) out[r] = (((rs[r] ?? 0) + (ws[r] ?? 0)) * 100) / total;
    return out;
  });
}
