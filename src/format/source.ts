// Byte sources: the log arrives as chunks (File slices in the browser, a file stream in
// Node); records may straddle chunk boundaries. Rotated logs (gzip, as logrotate leaves
// them) are inflated on the fly. The whole file is never held in one buffer.
import { ZStream, Z_NO_FLUSH, Z_OK, Z_STREAM_END, Z_BUF_ERROR, zlibInflate, zlibInflateInit2 } from 'pako';

export type ChunkSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Reads exact byte counts from a chunk stream. */
export class ChunkReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private head: Uint8Array = new Uint8Array(0);
  private done = false;
  /** Bytes handed out so far: the offset of the next read. */
  position = 0;

  constructor(source: ChunkSource) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : syncToAsync(source);
  }

  private async fill(): Promise<boolean> {
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      if (r.value.length > 0) {
        this.head = this.head.length === 0 ? r.value : concat(this.head, r.value);
        return true;
      }
    }
    return false;
  }

  /** The next `n` bytes (a fresh copy), or fewer if the stream ends first. */
  async read(n: number): Promise<Uint8Array<ArrayBuffer>> {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (this.head.length === 0 && !(await this.fill())) break;
      const take = Math.min(n - got, this.head.length);
      out.set(this.head.subarray(0, take), got);
      this.head = this.head.subarray(take);
      got += take;
    }
    this.position += got;
    return got === n ? out : out.slice(0, got);
  }

  /** Looks at up to `n` upcoming bytes without consuming them. */
  async peek(n: number): Promise<Uint8Array> {
    while (this.head.length < n && (await this.fill()));
    return this.head.subarray(0, Math.min(n, this.head.length));
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

async function* syncToAsync(source: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* source;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a, 0);
  c.set(b, a.length);
  return c;
}

export function isGzip(first: Uint8Array): boolean {
  return first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
}

export class GzipError extends Error {}

const GUNZIP_OUT = 256 * 1024;

/** Streams the gunzipped bytes of a gzip chunk stream (one or more members). */
export async function* gunzip(source: ChunkSource): AsyncGenerator<Uint8Array> {
  let strm = new ZStream();
  zlibInflateInit2(strm, 16 + 15);
  let ended = false;
  for await (const chunk of source) {
    let input = chunk;
    while (input.length > 0) {
      if (ended) {
        // concatenated gzip members (e.g. `cat a.gz b.gz`) are one file to gunzip
        if (!isGzip(input)) return;
        strm = new ZStream();
        zlibInflateInit2(strm, 16 + 15);
        ended = false;
      }
      strm.input = input;
      strm.next_in = 0;
      strm.avail_in = input.length;
      while (strm.avail_in > 0 && !ended) {
        const out = new Uint8Array(GUNZIP_OUT);
        strm.output = out;
        strm.next_out = 0;
        strm.avail_out = out.length;
        const status = zlibInflate(strm, Z_NO_FLUSH);
        if (status !== Z_OK && status !== Z_STREAM_END && status !== Z_BUF_ERROR)
          throw new GzipError(
            `gzip data is corrupt: ${strm.msg || `status ${status}`} at compressed byte ${strm.total_in}`,
          );
        if (strm.next_out > 0) yield out.subarray(0, strm.next_out);
        if (status === Z_STREAM_END) ended = true;
        else if (status === Z_BUF_ERROR && strm.next_out === 0) break;
      }
      input = input.subarray(strm.next_in);
    }
  }
  if (!ended) throw new GzipError(`gzip data ends early after ${strm.total_in} compressed bytes`);
}
