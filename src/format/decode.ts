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
import { decodeTasks, type TaskColumns } from './tasks';

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
}

function corrupt(r: RawRecord, what: string, reason: string): Result<never> {
  return fail(
    'corrupt-blob',
    r.offset,
    r.index,
    `Sample ${r.index + 1} (record at offset ${r.offset}) is corrupt: its ${what} ${reason}.`,
  );
}

export function inflateSystem(ctx: DecodeContext, r: RawRecord): Result<SystemStat> {
  const s = ctx.inflater.inflate(r.sblob, ctx.header.sstatlen);
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
  const raw = inflateTasks(ctx, r);
  if (!raw.ok) return raw;
  const tasks = decodeTasks(ctx.layout.tstat, raw.value, r.rec.ndeviat, ctx.strings);
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
