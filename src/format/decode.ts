// Turns a raw record into a sample: inflates its blobs (bounded by the sizes the header and
// record allow) and decodes tasks into columns.
import { fail, ok, type Result } from './errors';
import type { FileHeader } from './header';
import { decodeCgroups, type CgroupEntry } from './cgroups';
import type { BlobInflater } from './inflate';
import type { VersionLayout } from './layout/dsl';
import type { RawRecord } from './reader';
import type { RecordHeader } from './record';
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

/** A record whose `what` does not inflate or decode, as an error value. */
export function corrupt(r: RawRecord, what: string, reason: string): Result<never> {
  return fail(
    'corrupt-blob',
    r.offset,
    r.index,
    `Sample ${r.index + 1} (record at offset ${r.offset}) is corrupt: its ${what} ${reason}.`,
  );
}

export function inflateSystem(ctx: DecodeContext, r: RawRecord): Result<SystemStat> {
  const s = ctx.transient
    ? ctx.inflater.inflateScratch(r.sblob, ctx.header.sstatlen, 'system')
    : ctx.inflater.inflate(r.sblob, ctx.header.sstatlen);
  if (!s.ok) return corrupt(r, 'system blob', s.reason);
  return ok(new SystemStat(ctx.layout.sstat, s.data));
}

export function inflateTasks(ctx: DecodeContext, r: RawRecord): Result<Uint8Array> {
  const p = ctx.inflater.inflate(r.pblob, r.rec.ndeviat * ctx.header.tstatlen);
  if (!p.ok) return corrupt(r, 'task blob', p.reason);
  return ok(p.data);
}

export function decodeRecord(ctx: DecodeContext, r: RawRecord): Result<Sample> {
  const system = inflateSystem(ctx, r);
  if (!system.ok) return system;
  // the task array is decoded into columns (copies) at once, so it can live in reused memory
  const raw = ctx.inflater.inflateScratch(r.pblob, r.rec.ndeviat * ctx.header.tstatlen);
  if (!raw.ok) return corrupt(r, 'task blob', raw.reason);
  const tasks = decodeTasks(ctx.layout.tstat, raw.data, r.rec.ndeviat, ctx.strings, ctx.transient);
  let cgroups: CgroupEntry[] | null = null;
  if (ctx.layout.cstat && r.cblob && r.iblob) {
    const c = ctx.inflater.inflate(r.cblob, r.rec.coriglen);
    if (!c.ok) return corrupt(r, 'cgroup blob', c.reason);
    const i = ctx.inflater.inflate(r.iblob, r.rec.ncgpids * 4);
    if (!i.ok) return corrupt(r, 'cgroup pid list', i.reason);
    const cg = decodeCgroups(ctx.layout.cstat, c.data, r.rec.ncgroups, i.data);
    if (!cg.ok) return corrupt(r, 'cgroup blob', cg.reason);
    cgroups = cg.value;
  }
  return ok({ index: r.index, offset: r.offset, rec: r.rec, system: system.value, tasks, cgroups });
}
