// The record walk: file header, then record header + blobs, one sample after another. This
// pass only checks lengths and slices the compressed blobs out; decoding is separate
// (decode.ts), so a caller can index a whole log and inflate only what it shows.
import { fail, type FormatError, type Result } from './errors';
import { FILE_HEADER_SIZE, parseFileHeader, type FileHeader } from './header';
import type { VersionLayout } from './layout/dsl';
import { parseRecordHeader, recordBodyLength, type RecordHeader } from './record';
import { ChunkReader, GzipError, gunzip, isGzip, type ChunkSource } from './source';

export interface RawRecord {
  /** 0-based sample index in the file. */
  readonly index: number;
  /** Byte offset of the record header in the (decompressed) log. */
  readonly offset: number;
  readonly rec: RecordHeader;
  readonly sblob: Uint8Array<ArrayBuffer>;
  readonly pblob: Uint8Array<ArrayBuffer>;
  /** cgroup entries and pid list (2.11+, when the record has them). */
  readonly cblob: Uint8Array<ArrayBuffer> | null;
  readonly iblob: Uint8Array<ArrayBuffer> | null;
}

export interface OpenedLog {
  readonly header: FileHeader;
  readonly layout: VersionLayout;
  readonly gzip: boolean;
}

export type LogEvent =
  | { readonly type: 'header'; readonly log: OpenedLog }
  | { readonly type: 'record'; readonly record: RawRecord }
  /** Always the last event: error is null when the log ended cleanly at a record boundary. */
  | {
      readonly type: 'end';
      readonly bytes: number;
      readonly records: number;
      readonly error: FormatError | null;
    };

export interface ReadOptions {
  /** Size of the source in bytes if known (not for gzip): lets length errors say how much is left. */
  readonly totalSize?: number;
  /** An AbortSignal, or anything with `aborted`. */
  readonly signal?: { readonly aborted: boolean };
}

function readFailure(e: unknown, offset: number, sample: number | null): FormatError {
  if (e instanceof GzipError) return { code: 'bad-gzip', offset, sample, message: e.message };
  return { code: 'read-failed', offset, sample, message: `Reading the file failed: ${String(e)}` };
}

export async function* readLog(source: ChunkSource, opts: ReadOptions = {}): AsyncGenerator<LogEvent> {
  let reader = new ChunkReader(source);
  let gzip = false;
  let records = 0;
  const end = (error: FormatError | null): LogEvent => ({
    type: 'end',
    bytes: reader.position,
    records,
    error,
  });
  try {
    if (isGzip(await reader.peek(2))) {
      gzip = true;
      reader = new ChunkReader(gunzip(readerChunks(reader)));
    }
    const head = await reader.read(FILE_HEADER_SIZE);
    const parsed = parseFileHeader(head);
    if (!parsed.ok) {
      yield end(
        gzip && head.length === 0
          ? { ...parsed.error, message: 'The gzip file is empty inside.' }
          : parsed.error,
      );
      return;
    }
    const { header, layout } = parsed.value;
    yield { type: 'header', log: { header, layout, gzip } };
    const total = gzip ? undefined : opts.totalSize;
    for (;;) {
      if (opts.signal?.aborted) {
        yield end({
          code: 'cancelled',
          offset: reader.position,
          sample: records,
          message: 'Reading was cancelled.',
        });
        return;
      }
      const offset = reader.position;
      const recBytes = await reader.read(header.rawreclen);
      if (recBytes.length === 0) break;
      if (recBytes.length < header.rawreclen) {
        yield end({
          code: 'truncated-record-header',
          offset,
          sample: records,
          message: `Truncated record header of sample ${records + 1} at offset ${offset}: ${recBytes.length} of ${header.rawreclen} bytes present.`,
        });
        return;
      }
      const rec = parseRecordHeader(recBytes, header, layout, offset, records);
      if (!rec.ok) {
        yield end(rec.error);
        return;
      }
      const body = recordBodyLength(rec.value, layout);
      const left = total === undefined ? null : total - reader.position;
      if (left !== null && body > left) {
        yield end(truncated(offset, records, body, left));
        return;
      }
      const blobs = await readBlobs(reader, rec.value, layout);
      if (!blobs.ok) {
        yield end(truncated(offset, records, body, blobs.error.offset));
        return;
      }
      yield { type: 'record', record: { index: records, offset, rec: rec.value, ...blobs.value } };
      records++;
    }
    yield end(null);
  } catch (e) {
    yield end(readFailure(e, reader.position, records));
  } finally {
    await reader.close();
  }
}

function truncated(offset: number, sample: number, body: number, left: number): FormatError {
  return {
    code: 'truncated-record-data',
    offset,
    sample,
    message:
      `The file is truncated in sample ${sample + 1} (record at offset ${offset}): ` +
      `its blobs need ${body} bytes but only ${left} are left.`,
  };
}

type Blobs = Pick<RawRecord, 'sblob' | 'pblob' | 'cblob' | 'iblob'>;

async function readBlobs(r: ChunkReader, rec: RecordHeader, layout: VersionLayout): Promise<Result<Blobs>> {
  const start = r.position;
  const want = async (n: number) => {
    const b = await r.read(n);
    return b.length === n ? b : null;
  };
  const short = () => fail<Blobs>('truncated-record-data', r.position - start, null, '');
  const sblob = await want(rec.scomplen);
  if (!sblob) return short();
  const pblob = await want(rec.pcomplen);
  if (!pblob) return short();
  let cblob = null;
  let iblob = null;
  if (layout.cstat && rec.ccomplen > 0) {
    cblob = await want(rec.ccomplen);
    if (!cblob) return short();
    iblob = await want(rec.icomplen);
    if (!iblob) return short();
  }
  return { ok: true, value: { sblob, pblob, cblob, iblob } };
}

async function* readerChunks(r: ChunkReader): AsyncGenerator<Uint8Array> {
  const CHUNK = 1 << 20;
  for (;;) {
    const b = await r.read(CHUNK);
    if (b.length > 0) yield b;
    if (b.length < CHUNK) return;
  }
}
