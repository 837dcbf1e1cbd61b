// Record headers: the lengths that lead from one sample to the next, checked before any
// byte of the blobs is read or any buffer is allocated.
import { bytesOf } from './bytes';
import { fail, ok, type Result } from './errors';
import type { FileHeader } from './header';
import type { VersionLayout } from './layout/dsl';
import { readStruct } from './struct-read';
import { fieldsOf } from './version';

export const RRBOOT = 0x1;

export interface RecordHeader {
  readonly curtime: number;
  readonly flags: number;
  readonly interval: number;
  readonly scomplen: number;
  readonly pcomplen: number;
  /** Number of task entries in the task blob (ndeviat; nlist in 1.26). */
  readonly ndeviat: number;
  readonly ncgroups: number;
  readonly ccomplen: number;
  readonly coriglen: number;
  readonly ncgpids: number;
  readonly icomplen: number;
  /** Every member of this version's record header, by its own name. */
  readonly fields: Readonly<Record<string, number>>;
}

/** zlib's compressBound(): the most a stream of n input bytes can take. */
export function compressBound(n: number): number {
  return n + (n >>> 12) + (n >>> 14) + (n >>> 25) + 13;
}
/** deflate cannot do better than 1032:1, plus the zlib wrapper. */
export const MAX_INFLATE_RATIO = 1032;
/** Linux pid_max is at most 2^22; tasks plus exited processes per sample stay far below 2^23. */
export const MAX_TASKS = 1 << 23;

export function parseRecordHeader(
  u8: Uint8Array,
  header: FileHeader,
  layout: VersionLayout,
  offset: number,
  sample: number,
): Result<RecordHeader> {
  const { num } = readStruct(bytesOf(u8), fieldsOf(layout.rawrecord));
  const n = (k: string) => num[k] ?? 0;
  const rec: RecordHeader = {
    curtime: n('curtime'),
    flags: n('flags'),
    interval: n('interval'),
    scomplen: n('scomplen'),
    pcomplen: n('pcomplen'),
    ndeviat: num.ndeviat ?? n('nlist'),
    ncgroups: n('ncgroups'),
    ccomplen: n('ccomplen'),
    coriglen: n('coriglen'),
    ncgpids: n('ncgpids'),
    icomplen: n('icomplen'),
    fields: num,
  };
  const bad = (what: string) =>
    fail<RecordHeader>(
      'bad-record-lengths',
      offset,
      sample,
      `Record ${sample + 1} at offset ${offset}: ${what}.`,
    );
  if (rec.scomplen < 8 || rec.scomplen > compressBound(header.sstatlen))
    return bad(`scomplen ${rec.scomplen} cannot hold a ${header.sstatlen}-byte system blob`);
  if (rec.ndeviat > MAX_TASKS) return bad(`ndeviat ${rec.ndeviat} exceeds ${MAX_TASKS} tasks`);
  const tasksLen = rec.ndeviat * header.tstatlen;
  if (rec.pcomplen > compressBound(tasksLen) || tasksLen > rec.pcomplen * MAX_INFLATE_RATIO)
    return bad(`pcomplen ${rec.pcomplen} does not fit ndeviat ${rec.ndeviat} × tstatlen ${header.tstatlen}`);
  if (layout.cstat && rec.ccomplen > 0) {
    const minEntry = header.cstatlen + 8;
    if (rec.coriglen > rec.ccomplen * MAX_INFLATE_RATIO || rec.ccomplen > compressBound(rec.coriglen))
      return bad(`ccomplen ${rec.ccomplen} does not fit coriglen ${rec.coriglen}`);
    if (rec.ncgroups * minEntry > rec.coriglen)
      return bad(`ncgroups ${rec.ncgroups} cannot fit in coriglen ${rec.coriglen}`);
    if (rec.ncgpids > MAX_TASKS || rec.icomplen > compressBound(rec.ncgpids * 4))
      return bad(`icomplen ${rec.icomplen} does not fit ncgpids ${rec.ncgpids}`);
    if (rec.ncgpids * 4 > rec.icomplen * MAX_INFLATE_RATIO)
      return bad(`ncgpids ${rec.ncgpids} cannot come from icomplen ${rec.icomplen}`);
  }
  return ok(rec);
}

/** Bytes of the blobs that follow the record header. */
export function recordBodyLength(rec: RecordHeader, layout: VersionLayout): number {
  const cg = layout.cstat && rec.ccomplen > 0 ? rec.ccomplen + rec.icomplen : 0;
  return rec.scomplen + rec.pcomplen + cg;
}
