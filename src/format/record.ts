// Record headers: the lengths that lead from one sample to the next, checked before any
// byte of the blobs is read or any buffer is allocated (docs/atop-format.md §2.2, §7).
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
/** The shortest zlib stream (2-byte header, empty final block, Adler-32): what compress() makes of 0 bytes. */
export const MIN_ZLIB_STREAM = 8;
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
  if (rec.scomplen < MIN_ZLIB_STREAM || rec.scomplen > compressBound(header.sstatlen))
    return bad(`scomplen ${rec.scomplen} cannot hold a ${header.sstatlen}-byte system blob`);
  if (rec.ndeviat > MAX_TASKS) return bad(`ndeviat ${rec.ndeviat} exceeds ${MAX_TASKS} tasks`);
  const tasksLen = rec.ndeviat * header.tstatlen;
  if (
    rec.pcomplen < MIN_ZLIB_STREAM ||
    rec.pcomplen > compressBound(tasksLen) ||
    tasksLen > rec.pcomplen * MAX_INFLATE_RATIO
  )
    return bad(`pcomplen ${rec.pcomplen} does not fit ndeviat ${rec.ndeviat} × tstatlen ${header.tstatlen}`);
  if (layout.cstat && rec.ccomplen > 0) {
    const minEntry = header.cstatlen + 8;
    if (rec.ccomplen < MIN_ZLIB_STREAM || rec.icomplen < MIN_ZLIB_STREAM)
      return bad(`ccomplen ${rec.ccomplen} or icomplen ${rec.icomplen} is shorter than any zlib stream`);
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

// What follows a record header: the one description of a record's blobs, used by everything
// that reads, slices, checks or inflates them (docs/atop-format.md §2.3).

/**
 * A compressed blob after the record header. The kind is also the member of RawRecord (and
 * RecordBlobs) that holds its bytes.
 */
export type BlobKind = 'sblob' | 'pblob' | 'cblob' | 'iblob';

export interface BlobSpec {
  readonly kind: BlobKind;
  /** What messages call it: "its task blob …". */
  readonly name: string;
  /** Bytes of the zlib stream in the log. */
  readonly complen: number;
  /** Bytes it must inflate to, exactly. */
  readonly origlen: number;
}

/** The blobs of one record, as sliced out of the log (the cgroup pair only 2.11+, when present). */
export interface RecordBlobs {
  readonly sblob: Uint8Array;
  readonly pblob: Uint8Array;
  readonly cblob: Uint8Array | null;
  readonly iblob: Uint8Array | null;
}

/** The members of a record header that say which blobs follow and how long they are. */
export type RecordLengths = Pick<
  RecordHeader,
  'scomplen' | 'pcomplen' | 'ndeviat' | 'ccomplen' | 'coriglen' | 'ncgpids' | 'icomplen'
>;

/**
 * The blobs that follow a record header, in file order, back to back: struct sstat
 * (scomplen → sstatlen), the task array (pcomplen → ndeviat × tstatlen) and, from 2.11 when
 * ccomplen > 0, the cgroup entries (ccomplen → coriglen) and their pid list
 * (icomplen → ncgpids × 4).
 */
export function recordBlobs(
  rec: RecordLengths,
  header: Pick<FileHeader, 'sstatlen' | 'tstatlen'>,
  layout: VersionLayout,
): readonly [system: BlobSpec, tasks: BlobSpec, ...cgroups: BlobSpec[]] {
  const blobs: [BlobSpec, BlobSpec, ...BlobSpec[]] = [
    { kind: 'sblob', name: 'system blob', complen: rec.scomplen, origlen: header.sstatlen },
    { kind: 'pblob', name: 'task blob', complen: rec.pcomplen, origlen: rec.ndeviat * header.tstatlen },
  ];
  if (layout.cstat && rec.ccomplen > 0)
    blobs.push(
      { kind: 'cblob', name: 'cgroup blob', complen: rec.ccomplen, origlen: rec.coriglen },
      { kind: 'iblob', name: 'cgroup pid list', complen: rec.icomplen, origlen: rec.ncgpids * 4 },
    );
  return blobs;
}

/** Bytes of the blobs that follow the record header. */
export function recordBodyLength(
  rec: RecordLengths,
  header: Pick<FileHeader, 'sstatlen' | 'tstatlen'>,
  layout: VersionLayout,
): number {
  let n = 0;
  for (const b of recordBlobs(rec, header, layout)) n += b.complen;
  return n;
}

/** The blobs in `body`, the bytes right after a record header (views, in `blobs` order). */
export function sliceBlobs(body: Uint8Array, blobs: readonly BlobSpec[]): RecordBlobs {
  const out: { -readonly [K in BlobKind]: RecordBlobs[K] } = {
    sblob: body.subarray(0, 0),
    pblob: body.subarray(0, 0),
    cblob: null,
    iblob: null,
  };
  let at = 0;
  for (const b of blobs) out[b.kind] = body.subarray(at, (at += b.complen));
  return out;
}

// Plausibility of a record header beyond its lengths. A header that passes parseRecordHeader
// can still be garbage read at the wrong offset (after a lying length) or damaged in another
// field; these checks say when its values cannot come from atop. The walk then believes the
// record only if its blobs inflate exactly; the resync scan uses them to pick candidates.

/** Record flag bits atop 1.26 – 2.13 define (RRBOOT … RRCGRSTAT). */
export const KNOWN_RECORD_FLAGS = 0x1ff;
/** 2.11+: the cgroup sections follow exactly when this flag is set. */
export const RRCGRSTAT = 0x100;
/** The farthest apart two consecutive samples of one log may plausibly be (400 days). */
export const MAX_SAMPLE_GAP = 400 * 86400;
/** Earliest plausible sample time when there is no previous sample to compare with (2000-01-01). */
export const MIN_CURTIME = 946684800;
/** Latest time a 2.x curtime can hold while its upper 32 bits are 0 (the resync anchor). */
export const MAX_CURTIME = 0xffffffff;

const zeroMaskCache = new WeakMap<VersionLayout, Uint8Array>();

/** 1 for every byte of the record header that atop always leaves 0 (reserved members, padding). */
export function reservedMask(layout: VersionLayout): Uint8Array {
  let m = zeroMaskCache.get(layout);
  if (!m) {
    m = new Uint8Array(layout.rawrecord.size).fill(1);
    for (const f of fieldsOf(layout.rawrecord))
      if (!/future/.test(f.path)) m.fill(0, f.offset, f.offset + f.size);
    zeroMaskCache.set(layout, m);
  }
  return m;
}

/** The window a sample's curtime must fall in: (lo, hi]. */
export function curtimeWindow(prevCurtime: number | null): { lo: number; hi: number } {
  return prevCurtime === null
    ? { lo: MIN_CURTIME - 1, hi: MAX_CURTIME }
    : { lo: prevCurtime, hi: Math.min(MAX_CURTIME, prevCurtime + MAX_SAMPLE_GAP) };
}

/**
 * Why the values of a record header (whose lengths already passed parseRecordHeader) cannot
 * come from atop, or null when they are plausible: curtime after the previous sample's and
 * within MAX_SAMPLE_GAP of it, only known flag bits, no 2.11 cgroup sections without the
 * cgroup flag, reserved bytes 0.
 */
export function implausibility(
  raw: Uint8Array,
  rec: RecordHeader,
  layout: VersionLayout,
  prevCurtime: number | null,
): string | null {
  const { lo, hi } = curtimeWindow(prevCurtime);
  if (!(rec.curtime > lo && rec.curtime <= hi))
    return prevCurtime === null
      ? `its time ${rec.curtime} is not a plausible sample time`
      : `its time ${rec.curtime} is not within ${MAX_SAMPLE_GAP / 86400} days after the previous sample's (${prevCurtime})`;
  if ((rec.flags & ~KNOWN_RECORD_FLAGS) !== 0)
    return `its flags 0x${rec.flags.toString(16)} have unknown bits`;
  if (layout.cstat && (rec.flags & RRCGRSTAT) === 0 && rec.ccomplen > 0)
    return `it has cgroup sections (ccomplen ${rec.ccomplen}) without the cgroup flag`;
  const mask = reservedMask(layout);
  for (let i = 0; i < mask.length && i < raw.length; i++)
    if (mask[i] && raw[i] !== 0) return `its reserved byte ${i} is not 0`;
  return null;
}

/**
 * Why the record's layout cannot be right although each length is in bounds: 2.11+ writes the
 * cgroup sections whenever it sets the cgroup flag, so a flagged record without them has a
 * lying ccomplen (its blobs may still inflate, but the record ends elsewhere).
 */
export function structuralProblem(rec: RecordHeader, layout: VersionLayout): string | null {
  if (layout.cstat && (rec.flags & RRCGRSTAT) !== 0 && rec.ccomplen === 0)
    return 'it has the cgroup flag but ccomplen 0';
  return null;
}

/** The same checks on the first bytes of a record header cut short by the end of the file. */
export function partialHeaderPlausible(raw: Uint8Array, prevCurtime: number | null): boolean {
  if (raw.length < 8) return false;
  const lo32 = raw[0]! | (raw[1]! << 8) | (raw[2]! << 16) | (raw[3]! << 24);
  const hi32 = raw[4]! | (raw[5]! << 8) | (raw[6]! << 16) | (raw[7]! << 24);
  const { lo, hi } = curtimeWindow(prevCurtime);
  const t = lo32 >>> 0;
  if (hi32 !== 0 || !(t > lo && t <= hi)) return false;
  return raw.length < 10 || ((raw[8]! | (raw[9]! << 8)) & ~KNOWN_RECORD_FLAGS) === 0;
}
