// The log file in slices, and their reuse. The reader hands out views into the slices (no
// copy per blob), so a slice must live until every record that ends inside it has been
// consumed; after that nothing can see it. Slices from Blob.arrayBuffer() are Blink's
// buffers, freed only when a GC runs, and a reading worker's tiny JS heap rarely runs one:
// a day log would leave its whole size behind in dead slices. So the file is read through a
// BYOB stream reader into a few buffers of our own, each reused once the records before its
// end are consumed (Blob.arrayBuffer() slices, where BYOB reading is missing, are detached).

/** Called with a slice no one will read again (tests poison it). */
export type ReleaseBuffer = (b: ArrayBuffer) => void;

/** Detaches a buffer (ArrayBuffer.prototype.transfer(0)); a no-op where that is missing. */
export const detach: ReleaseBuffer = (b) => {
  (b as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer }).transfer?.(0);
};

function byobReader(file: Blob): ReadableStreamBYOBReader | null {
  try {
    return file.stream().getReader({ mode: 'byob' });
  } catch {
    return null;
  }
}

export class FileSlices {
  /** Slices handed out and not released yet, in file order. */
  private readonly live: { end: number; buf: ArrayBuffer }[] = [];
  private first = 0;
  /** Released slices of our own, to read into again. */
  private readonly spare: ArrayBuffer[] = [];
  private own = false;

  /** `release` null: slices are never released (left to the GC). */
  constructor(
    private readonly file: Blob,
    private readonly sliceBytes: number,
    private readonly progress: { bytes: number },
    private readonly release: ReleaseBuffer | null,
  ) {}

  async *chunks(): AsyncGenerator<Uint8Array> {
    const reader = this.release ? byobReader(this.file) : null;
    if (!reader) {
      yield* this.blobSlices();
      return;
    }
    this.own = true;
    const size = this.file.size;
    try {
      for (let at = 0; at < size;) {
        const want = Math.min(this.sliceBytes, size - at);
        let buf = this.spare.pop() ?? new ArrayBuffer(this.sliceBytes);
        if (buf.byteLength < want) buf = new ArrayBuffer(this.sliceBytes);
        let filled = 0;
        while (filled < want) {
          const r = await reader.read(new Uint8Array(buf, filled, want - filled));
          // the read transferred `buf`: its bytes now belong to the result's buffer
          if (r.value) buf = r.value.buffer;
          if (r.done) break;
          filled += r.value.byteLength;
        }
        if (filled === 0) return;
        at += filled;
        this.progress.bytes = at;
        this.live.push({ end: at, buf });
        yield new Uint8Array(buf, 0, filled);
        if (filled < want) return;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }

  private async *blobSlices(): AsyncGenerator<Uint8Array> {
    const { file, sliceBytes } = this;
    for (let at = 0; at < file.size; at += sliceBytes) {
      const end = Math.min(file.size, at + sliceBytes);
      const buf = await file.slice(at, end).arrayBuffer();
      this.progress.bytes = end;
      this.live.push({ end, buf });
      yield new Uint8Array(buf);
    }
  }

  /** Every byte before file offset `consumed` has been read and will not be read again. */
  releaseBefore(consumed: number): void {
    const release = this.release;
    if (!release) return;
    while (this.first < this.live.length && this.live[this.first]!.end <= consumed) {
      const { buf } = this.live[this.first]!;
      release(buf);
      if (this.own) {
        if (this.spare.length < 4) this.spare.push(buf);
      } else detach(buf);
      this.first++;
    }
    if (this.first > 64) {
      this.live.splice(0, this.first);
      this.first = 0;
    }
  }
}
