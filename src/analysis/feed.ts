// Decoding a record for the totals: only the task fields they read (a projection of struct
// tstat), no system blob, and the cgroup sections only when a grouping needs them. About
// a third of what decodeRecord does for the same record.
import {
  decodeCgroups,
  decodeTasks,
  ok,
  type CgroupEntry,
  type DecodeContext,
  type RawRecord,
  type Result,
  type TaskColumns,
} from '../format/index';
import { corrupt } from '../format/decode';
import type { StructType } from '../format/layout/dsl';

export interface TotalsRecord {
  readonly tasks: TaskColumns;
  readonly cgroups: readonly CgroupEntry[] | null;
}

/**
 * The task columns of a record that `tstat` (a projection of the log's struct tstat, see
 * projectTstat) has, and with `cgroups` the cgroup sections.
 */
export function decodeForTotals(
  ctx: DecodeContext,
  r: RawRecord,
  tstat: StructType,
  cgroups: boolean,
): Result<TotalsRecord> {
  const n = r.rec.ndeviat;
  const raw = ctx.inflater.inflateScratch(r.pblob, n * ctx.header.tstatlen);
  if (!raw.ok) return corrupt(r, 'task blob', raw.reason);
  let tasks: TaskColumns;
  try {
    tasks = decodeTasks(tstat, raw.data, n, ctx.strings, ctx.transient);
  } catch (e) {
    return corrupt(r, 'task blob', String(e));
  }
  if (!cgroups || !ctx.layout.cstat || !r.cblob || !r.iblob) return ok({ tasks, cgroups: null });
  const c = ctx.inflater.inflate(r.cblob, r.rec.coriglen);
  if (!c.ok) return corrupt(r, 'cgroup blob', c.reason);
  const i = ctx.inflater.inflate(r.iblob, r.rec.ncgpids * 4);
  if (!i.ok) return corrupt(r, 'cgroup pid list', i.reason);
  const cg = decodeCgroups(ctx.layout.cstat, c.data, r.rec.ncgroups, i.data);
  return cg.ok ? ok({ tasks, cgroups: cg.value }) : corrupt(r, 'cgroup blob', cg.reason);
}
