// Decoding a record for the totals: only the task fields they read (a projection of struct
// tstat), no system blob, and the cgroup sections only when a grouping needs them. About
// a third of what decodeRecord does for the same record.
import {
  corruptSample,
  decodeCgroupSections,
  decodeTaskColumns,
  ok,
  type CgroupEntry,
  type DecodeContext,
  type RawRecord,
  type Result,
  type TaskColumns,
} from '../format/index';
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
  let tasks: Result<TaskColumns>;
  try {
    tasks = decodeTaskColumns(ctx, r, tstat);
  } catch (e) {
    return { ok: false, error: corruptSample(r.offset, r.index, 'task blob', String(e)) };
  }
  if (!tasks.ok) return tasks;
  const cg = cgroups ? decodeCgroupSections(ctx, r) : ok(null);
  return cg.ok ? ok({ tasks: tasks.value, cgroups: cg.value }) : cg;
}
