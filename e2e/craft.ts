// Edits real atop logs (2.x: 480-byte file header, 96-byte record headers) into the damaged or
// hostile files the security and recovery tests open: text written into a task entry (its
// blob inflated, edited, deflated, pcomplen fixed), noise inserted between two records.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { fieldsOf, layoutForVersion, sstatPlan } from '../src/format/index';

const FILE_HEADER = 480;
const RECLEN = 96;
/** rawrecord offsets (docs/atop-format.md §2.2): scomplen, pcomplen, ccomplen, icomplen. */
const SCOMPLEN = 16;
const PCOMPLEN = 20;
const CCOMPLEN = 72;
const ICOMPLEN = 84;

export interface RecordSpan {
  readonly offset: number;
  readonly end: number;
}

/** Where each record of an intact log starts and ends. */
export function recordSpans(u8: Buffer): RecordSpan[] {
  const out: RecordSpan[] = [];
  for (let at = FILE_HEADER; at + RECLEN <= u8.length;) {
    const s = u8.readUInt32LE(at + SCOMPLEN);
    const p = u8.readUInt32LE(at + PCOMPLEN);
    const c = u8.readUInt32LE(at + CCOMPLEN);
    const ic = u8.readUInt32LE(at + ICOMPLEN);
    const end = at + RECLEN + s + p + (c > 0 ? c + ic : 0);
    out.push({ offset: at, end });
    at = end;
  }
  return out;
}

/** Writes `bytes` to a file in the OS temp dir and returns its path. */
export function writeTemp(name: string, bytes: Uint8Array): string {
  const dir = join(tmpdir(), 'atopview-e2e');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The log with `n` bytes of seeded noise inserted right before record `before` (0-based). */
export function withNoise(src: string, before: number, n: number, seed = 1): Buffer {
  const u8 = readFileSync(src);
  const at = recordSpans(u8)[before]!.offset;
  const noise = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    // xorshift32: the same noise on every run
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 0xff;
  }
  return Buffer.concat([u8.subarray(0, at), noise, u8.subarray(at)]);
}

export interface TaskText {
  readonly pid: number;
  /** At most 15 bytes (gen.name is 16 with its NUL). */
  readonly name?: string;
  /** At most 255 bytes. */
  readonly cmdline?: string;
}

/**
 * The log with the name and command line of some processes replaced in every record, as
 * if those processes had chosen them (they can: prctl, argv). Text is written as UTF-8.
 */
export function withTaskText(src: string, version: string, edits: readonly TaskText[]): Buffer {
  const u8 = readFileSync(src);
  const layout = layoutForVersion(version)!;
  const size = layout.tstat.size;
  const f = new Map(fieldsOf(layout.tstat).map((x) => [x.path, x]));
  const pidAt = f.get('gen.pid')!.offset;
  const put = (e: Buffer, path: string, text: string) => {
    const field = f.get(path)!;
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length >= field.size) throw new Error(`${path} holds ${field.size - 1} bytes: ${text}`);
    e.fill(0, field.offset, field.offset + field.size);
    bytes.copy(e, field.offset);
  };
  const parts: Buffer[] = [u8.subarray(0, FILE_HEADER)];
  for (const r of recordSpans(u8)) {
    const head = Buffer.from(u8.subarray(r.offset, r.offset + RECLEN));
    const s = head.readUInt32LE(SCOMPLEN);
    const p = head.readUInt32LE(PCOMPLEN);
    const pStart = r.offset + RECLEN + s;
    const tasks = inflateSync(u8.subarray(pStart, pStart + p));
    for (let k = 0; k + size <= tasks.length; k += size) {
      const e = tasks.subarray(k, k + size);
      const edit = edits.find((x) => x.pid === e.readInt32LE(pidAt));
      if (!edit) continue;
      if (edit.name !== undefined) put(e, 'gen.name', edit.name);
      if (edit.cmdline !== undefined) put(e, 'gen.cmdline', edit.cmdline);
    }
    const pblob = deflateSync(tasks);
    head.writeUInt32LE(pblob.length, PCOMPLEN);
    parts.push(head, u8.subarray(r.offset + RECLEN, pStart), pblob, u8.subarray(pStart + p, r.end));
  }
  return Buffer.concat(parts);
}

/**
 * The log with every record's curtime moved by `delta` seconds (rawrecord.curtime: the first
 * 8 bytes of a record header), as if it had been written at another time: a log that spans a
 * clock change, or the same log one day later.
 */
export function withShiftedTimes(src: string, delta: number): Buffer {
  const u8 = Buffer.from(readFileSync(src));
  for (const r of recordSpans(u8)) u8.writeBigInt64LE(u8.readBigInt64LE(r.offset) + BigInt(delta), r.offset);
  return u8;
}

/** What a system edit may change in one record: its header and its struct sstat. */
export interface RecordEdit {
  /** 0-based record number. */
  readonly index: number;
  /** The record header (RECLEN bytes; curtime at 0, flags right after it). */
  readonly head: Buffer;
  /** The inflated struct sstat. */
  readonly sstat: Buffer;
  /** Writes a scalar member of struct sstat by its path ("mem.oomkills", "dsk.dsk[0].io_ms"). */
  set(path: string, value: number): void;
}

/**
 * The log with its records' headers and system figures edited, as if the machine had done
 * what `edit` writes (an OOM kill, a swap-in storm, a saturated disk, a restart): each
 * system blob is inflated, edited, deflated and scomplen fixed; task and cgroup blobs are
 * kept as they are.
 */
export function withSystemEdits(src: string, version: string, edit: (r: RecordEdit) => void): Buffer {
  const u8 = readFileSync(src);
  const layout = layoutForVersion(version)!;
  const plan = sstatPlan(layout.sstat);
  const parts: Buffer[] = [u8.subarray(0, FILE_HEADER)];
  recordSpans(u8).forEach((r, index) => {
    const head = Buffer.from(u8.subarray(r.offset, r.offset + RECLEN));
    const s = head.readUInt32LE(SCOMPLEN);
    const sStart = r.offset + RECLEN;
    const sstat = inflateSync(u8.subarray(sStart, sStart + s));
    const set = (path: string, value: number) => {
      const m = /^(.+)\[(\d+)\]\.(.+)$/.exec(path);
      const array = m ? plan.array(m[1]!) : undefined;
      const slot = m ? array?.field(m[3]!) : plan.scalar(path);
      if (slot?.kind !== 'scalar') throw new Error(`no scalar ${path} in sstat ${version}`);
      const at = (array ? array.offset + Number(m![2]) * array.elemsize : 0) + slot.offset;
      if (slot.scalar === 'int32' || slot.scalar === 'uint32') sstat.writeInt32LE(value | 0, at);
      else if (slot.scalar === 'int64' || slot.scalar === 'uint64')
        sstat.writeBigInt64LE(BigInt(Math.round(value)), at);
      else throw new Error(`${path} is ${slot.scalar}: not written by this helper`);
    };
    edit({ index, head, sstat, set });
    const sblob = deflateSync(sstat);
    head.writeUInt32LE(sblob.length, SCOMPLEN);
    parts.push(head, sblob, u8.subarray(sStart + s, r.end));
  });
  return Buffer.concat(parts);
}
