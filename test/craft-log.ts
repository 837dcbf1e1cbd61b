// Rewrites real atop logs for the export tests: another host name in the file header, sample
// times shifted, task entries edited (text and numbers) with their blobs deflated again. Offsets
// come from each version's layouts, so it works on every format.
import { deflateSync, inflateSync } from 'node:zlib';
import { chunksOf, fieldsOf, layoutForVersion, readLog, type LeafField } from '../src/format/index';

interface Record {
  readonly offset: number;
  readonly end: number;
  readonly sblob: number;
  readonly pblob: number;
}

async function walk(u8: Uint8Array): Promise<{ version: string; reclen: number; records: Record[] }> {
  let version = '';
  let reclen = 0;
  const records: Record[] = [];
  for await (const ev of readLog(chunksOf(u8, 1 << 16), { totalSize: u8.length })) {
    if (ev.type === 'header') {
      version = ev.log.header.version;
      reclen = ev.log.header.rawreclen;
    } else if (ev.type === 'record') {
      const sblob = ev.record.offset + reclen;
      const pblob = sblob + ev.record.rec.scomplen;
      const end = pblob + ev.record.rec.pcomplen + ev.record.rec.ccomplen + ev.record.rec.icomplen;
      records.push({ offset: ev.record.offset, end, sblob, pblob });
    } else if (ev.error) throw new Error(`craft: ${ev.error.message}`);
  }
  return { version, reclen, records };
}

const field = (fields: readonly LeafField[], path: string) => fields.find((f) => f.path === path)!;

/** The log with `host` as utsname.nodename. */
export async function withHost(src: Uint8Array, host: string): Promise<Buffer> {
  const { version } = await walk(src);
  const f = field(fieldsOf(layoutForVersion(version)!.rawheader), 'utsname.nodename');
  const out = Buffer.from(src);
  const bytes = Buffer.from(host, 'utf8');
  if (bytes.length >= f.size) throw new Error(`host name too long: ${host}`);
  out.fill(0, f.offset, f.offset + f.size);
  bytes.copy(out, f.offset);
  return out;
}

/** The log with every sample `seconds` later. */
export async function shifted(src: Uint8Array, seconds: number): Promise<Buffer> {
  const { version, records } = await walk(src);
  const f = field(fieldsOf(layoutForVersion(version)!.rawrecord), 'curtime');
  const out = Buffer.from(src);
  for (const r of records) {
    const at = r.offset + f.offset;
    if (f.size === 8) out.writeBigInt64LE(out.readBigInt64LE(at) + BigInt(seconds), at);
    else out.writeInt32LE(out.readInt32LE(at) + seconds, at);
  }
  return out;
}

/** Writes into one task entry: `set(path, value)` for numbers (bigint for 64-bit) or text. */
export type TaskEdit = (
  entry: Buffer,
  set: (path: string, v: number | bigint | string) => void,
  sample: number,
) => void;

/** The log with every task entry passed through `edit`, the task blobs deflated again. */
export async function withTasks(src: Uint8Array, edit: TaskEdit): Promise<Buffer> {
  const { version, records } = await walk(src);
  const layout = layoutForVersion(version)!;
  const fields = fieldsOf(layout.tstat);
  const pcomplen = field(fieldsOf(layout.rawrecord), 'pcomplen');
  const size = layout.tstat.size;
  const parts: Buffer[] = [Buffer.from(src.subarray(0, records[0]?.offset ?? src.length))];
  records.forEach((r, sample) => {
    const head = Buffer.from(src.subarray(r.offset, r.pblob));
    const plen = head.readUInt32LE(pcomplen.offset);
    const tasks = inflateSync(src.subarray(r.pblob, r.pblob + plen));
    for (let k = 0; k + size <= tasks.length; k += size) {
      const e = tasks.subarray(k, k + size);
      edit(
        e,
        (path, v) => {
          const f = field(fields, path);
          if (typeof v === 'string') {
            const b = Buffer.from(v, 'utf8');
            if (b.length >= f.size) throw new Error(`${path} holds ${f.size - 1} bytes`);
            e.fill(0, f.offset, f.offset + f.size);
            b.copy(e, f.offset);
          } else if (f.size === 8) e.writeBigInt64LE(BigInt(v), f.offset);
          else if (f.size === 4) e.writeInt32LE(Number(v), f.offset);
          else if (f.size === 2) e.writeInt16LE(Number(v), f.offset);
          else e.writeUInt8(Number(v) & 0xff, f.offset);
        },
        sample,
      );
    }
    const pblob = deflateSync(tasks);
    head.writeUInt32LE(pblob.length, pcomplen.offset);
    parts.push(head, pblob, Buffer.from(src.subarray(r.pblob + plen, r.end)));
  });
  return Buffer.concat(parts);
}
