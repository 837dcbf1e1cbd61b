// A log file as a chunk stream (never read whole).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface FileSource {
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly size: number;
}

export async function openFile(path: string): Promise<FileSource> {
  const { size } = await stat(path);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return { chunks: stream as AsyncIterable<Buffer>, size };
}
