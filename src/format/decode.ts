// Turns a raw record into a sample: inflates its blobs (bounded by the sizes the header and
// record allow) and decodes tasks into columns.
import { corruptSample, ok, type Result } from './errors';
import type { FileHeader } from './header';
import { decodeCgroups, type CgroupEntry } from './cgroups';
import type { BlobInflater } from './inflate';
import type { StructType, VersionLayout } from './layout/dsl';
import type { RawRecord } from './reader';
import { recordBlobs, type BlobSpec, type RecordHeader } from './record';
import type { StringTable } from './strings';
import { SystemStat } from './system';
import { decodeTasks, type ColumnPool, type TaskColumns } from './tasks';

export interface Sample {
  readonly index: number;
  readonly offset: number;
  readonly rec: RecordHeader;
  readonly system: SystemStat;
  readonly tasks: TaskColumns;
  /** null before 2.11 or when the record carries no cgroup sections. */
  readonly cgroups: readonly CgroupEntry[] | null;
}

export interface DecodeContext {
  readonly header: FileHeader;
  readonly layout: VersionLayout;
  readonly inflater: BlobInflater;
  readonly strings: StringTable;
  /**
   * Set when the caller drops each sample before decoding the next (a pass that only counts or
   * checks): the task columns then live in this pool and the system blob in the inflater's
   * scratch memory, both reused by the next record.
   */
  readonly transient?: ColumnPool;
}

function corrupt(r: RawRecord, blob: BlobSpec, reason: string): Result<never> {
  return { ok: false, error: corruptSample(r.offset, r.index, blob.name, reason) };
}

/** The record's blobs by kind (recordBlobs: the system and task blobs always, the cgroup pair 2.11+). */
function blobsOf(ctx: DecodeContext, r: RawRecord) {
  const [system, tasks, cgroups, cgpids] = recordBlobs(r.rec, ctx.header, ctx.layout);
  return { system, tasks, cgroups, cgpids };
}

export function inflateSystem(ctx: DecodeContext, r: RawRecord): Result<SystemStat> {
  const { system } = blobsOf(ctx, r);
  const s = ctx.transient
    ? ctx.inflater.inflateScratch(r.sblob, system.origlen, 'system')
    : ctx.inflater.inflate(r.sblob, system.origlen);
  if (!s.ok) return corrupt(r, system, s.reason);
  return ok(new SystemStat(ctx.layout.sstat, s.data));
}

export function inflateTasks(ctx: DecodeContext, r: RawRecord): Result<Uint8Array> {
  const { tasks } = blobsOf(ctx, r);
  const p = ctx.inflater.inflate(r.pblob, tasks.origlen);
  if (!p.ok) return corrupt(r, tasks, p.reason);
  return ok(p.data);
}

/**
 * The record's task array decoded into columns through `tstat` (the version's struct, or a
 * projection of it that reads fewer members). The inflated array lives in reused memory: the
 * columns are copies.
 */
export function decodeTaskColumns(
  ctx: DecodeContext,
  r: RawRecord,
  tstat: StructType = ctx.layout.tstat,
): Result<TaskColumns> {
  const { tasks } = blobsOf(ctx, r);
  const raw = ctx.inflater.inflateScratch(r.pblob, tasks.origlen);
  if (!raw.ok) return corrupt(r, tasks, raw.reason);
  return ok(decodeTasks(tstat, raw.data, r.rec.ndeviat, ctx.strings, ctx.transient));
}

/** The record's cgroup entries (2.11+), or null when the version or the record has none. */
export function decodeCgroupSections(ctx: DecodeContext, r: RawRecord): Result<CgroupEntry[] | null> {
  const blobs = blobsOf(ctx, r);
  if (!ctx.layout.cstat || !blobs.cgroups || !blobs.cgpids || !r.cblob || !r.iblob) return ok(null);
  const c = ctx.inflater.inflate(r.cblob, blobs.cgroups.origlen);
  if (!c.ok) return corrupt(r, blobs.cgroups, c.reason);
  const i = ctx.inflater.inflate(r.iblob, blobs.cgpids.origlen);
  if (!i.ok) return corrupt(r, blobs.cgpids, i.reason);
  const cg = decodeCgroups(ctx.layout.cstat, c.data, r.rec.ncgroups, i.data);
  return cg.ok ? ok(cg.value) : corrupt(r, blobs.cgroups, cg.reason);
}

export function decodeRecord(ctx: DecodeContext, r: RawRecord): Result<Sample> {
  const system = inflateSystem(ctx, r);
  if (!system.ok) return system;
  const tasks = decodeTaskColumns(ctx, r);
  if (!tasks.ok) return tasks;
  const cgroups = decodeCgroupSections(ctx, r);
  if (!cgroups.ok) return cgroups;
  return ok({
    index: r.index,
    offset: r.offset,
    rec: r.rec,
    system: system.value,
    tasks: tasks.value,
    cgroups: cgroups.value,
  });
}
