// Byte sources: the log arrives as chunks (File slices in the browser, a file stream in
// Node); records may straddle chunk boundaries. Rotated logs (gzip, as logrotate leaves
// them) are inflated on the fly. The whole file is never held in one buffer.
import { ZStream, Z_NO_FLUSH, Z_OK, Z_STREAM_END, Z_BUF_ERROR, zlibInflate, zlibInflateInit2 } from 'pako';

export type ChunkSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

const EMPTY = new Uint8Array(0);

/**
 * Reads exact byte counts from a chunk stream. Memory stays bounded by what the stream
 * really holds: a read of n bytes allocates only once the bytes are there (a length field
 * claiming gigabytes costs nothing on a short file), and bytes already consumed can be
 * pushed back (`unread`) so a caller can re-scan them after losing track of the records.
 */
export class ChunkReader {
  private readonly it: AsyncIterator<Uint8Array>;
  /** Buffered chunks not handed out yet, oldest first, starting at index `first`. */
  private queue: Uint8Array[] = [];
  private first = 0;
  /** Bytes in the queue. */
  private buffered = 0;
  private done = false;
  /** Bytes handed out so far (minus those pushed back): the offset of the next read. */
  position = 0;

  constructor(source: ChunkSource) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : syncToAsync(source);
  }

  /** Pulls one more non-empty chunk into the queue; false at the end of the stream. */
  private async pull(): Promise<boolean> {
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      if (r.value.length > 0) {
        this.queue.push(r.value);
        this.buffered += r.value.length;
        return true;
      }
    }
    return false;
  }

  /** Buffers until at least n bytes are queued or the stream ends; returns what is queued. */
  private async ensure(n: number): Promise<number> {
    while (this.buffered < n && (await this.pull()));
    return this.buffered;
  }

  /** Drops n queued bytes (n ≤ buffered) from the front. */
  private drop(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const c = this.queue[this.first]!;
      if (c.length <= n) {
        n -= c.length;
        // the slot would pin the whole chunk until the queue is compacted (64 chunks later)
        this.queue[this.first++] = EMPTY;
      } else {
        this.queue[this.first] = c.subarray(n);
        n = 0;
      }
    }
    if (this.first > 64 && this.first * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.first);
      this.first = 0;
    }
  }

  /** Copies the first n queued bytes (n ≤ buffered) into a fresh array. */
  private copyOut(n: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(n);
    let got = 0;
    for (let i = this.first; got < n; i++) {
      const c = this.queue[i]!;
      const take = Math.min(n - got, c.length);
      out.set(take === c.length ? c : c.subarray(0, take), got);
      got += take;
    }
    return out;
  }

  /**
   * The next `n` bytes, or fewer if the stream ends first: a view into the chunk that holds
   * them (no copy: the chunks are the stream's fresh buffers, never written again), or a
   * fresh copy when they straddle chunks. Callers that keep the bytes long should copy them
   * (a view pins its whole chunk).
   */
  async read(n: number): Promise<Uint8Array> {
    const have = Math.min(n, await this.ensure(n));
    const head = this.queue[this.first];
    const out = head && head.length >= have ? head.subarray(0, have) : this.copyOut(have);
    this.drop(have);
    this.position += have;
    return out;
  }

  /** Looks at up to `n` upcoming bytes without consuming them (a view, valid until the next call). */
  async peek(n: number): Promise<Uint8Array> {
    const have = Math.min(n, await this.ensure(n));
    const head = this.queue[this.first];
    if (!head || head.length >= have) return head ? head.subarray(0, have) : new Uint8Array(0);
    // coalesce the chunks that hold the first `have` bytes into one
    const merged = this.copyOut(have);
    this.drop(have);
    this.pushFront(merged);
    return merged;
  }

  /** Consumes up to `n` bytes without copying them; returns how many were skipped. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      if (this.buffered === 0 && !(await this.pull())) break;
      const take = Math.min(n - skipped, this.buffered);
      this.drop(take);
      skipped += take;
    }
    this.position += skipped;
    return skipped;
  }

  /** Pushes bytes (the ones most recently read, in order) back in front of the stream. */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pushFront(bytes);
    this.position -= bytes.length;
  }

  private pushFront(bytes: Uint8Array): void {
    if (this.first > 0) this.queue[--this.first] = bytes;
    else this.queue.unshift(bytes);
    this.buffered += bytes.length;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

async function* syncToAsync(source: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* source;
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
