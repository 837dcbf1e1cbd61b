// What a file is before it is read: its header and the time of its first sample, so several
// dropped files can be grouped by host and ranked (merge.ts) before the first byte of any of
// them is indexed. Reads only the file header and the first record header (a gzip file is
// inflated that far and no further).
import type { FormatError } from '../errors';
import { FILE_HEADER_SIZE, parseFileHeader, type FileHeader } from '../header';
import { parseRecordHeader } from '../record';
import { ChunkReader, GzipError, gunzip, isGzip, type ChunkSource } from '../source';

export type LogProbe =
  | {
      readonly ok: true;
      readonly header: FileHeader;
      readonly gzip: boolean;
      /** curtime of the first record, null when its header cannot be read. */
      readonly first: number | null;
    }
  | { readonly ok: false; readonly error: FormatError };

export async function probeLog(source: ChunkSource): Promise<LogProbe> {
  let reader = new ChunkReader(source);
  try {
    const gzip = isGzip(await reader.peek(2));
    if (gzip) reader = new ChunkReader(gunzip(chunksOf(reader)));
    const parsed = parseFileHeader(await reader.read(FILE_HEADER_SIZE));
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { header, layout } = parsed.value;
    const raw = await reader.read(header.rawreclen);
    const rec =
      raw.length === header.rawreclen ? parseRecordHeader(raw, header, layout, FILE_HEADER_SIZE, 0) : null;
    return { ok: true, header, gzip, first: rec?.ok ? rec.value.curtime : null };
  } catch (e) {
    const message = e instanceof GzipError ? e.message : `Reading the file failed: ${String(e)}`;
    return {
      ok: false,
      error: { code: e instanceof GzipError ? 'bad-gzip' : 'read-failed', offset: 0, sample: null, message },
    };
  } finally {
    await reader.close().catch(() => undefined);
  }
}

async function* chunksOf(r: ChunkReader): AsyncGenerator<Uint8Array> {
  for (;;) {
    const b = await r.read(1 << 16);
    if (b.length > 0) yield b;
    if (b.length < 1 << 16) return;
  }
}
