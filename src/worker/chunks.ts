// The log file in slices, and their early release. Each slice is a fresh ArrayBuffer (Blob
// gives no way to read into one we own) and the reader hands out views into it, so a day
// log would leave its whole size in garbage slices behind in the reading worker, whose
// small JS heap rarely triggers the GC that would free them. Once the engine has consumed
// every record that ends at or before a slice's end, nothing can see that slice any more:
// it is detached (ArrayBuffer.prototype.transfer(0)), which frees its memory at once.

/** Frees a buffer no one will read again (detaches it); a no-op where that is impossible. */
export type ReleaseBuffer = (b: ArrayBuffer) => void;

export const detach: ReleaseBuffer = (b) => {
  (b as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer }).transfer?.(0);
};

export class FileSlices {
  /** Slices handed out and not released yet, in file order. */
  private readonly live: { end: number; buf: ArrayBuffer }[] = [];
  private first = 0;

  constructor(
    private readonly file: Blob,
    private readonly sliceBytes: number,
    private readonly progress: { bytes: number },
    private readonly release: ReleaseBuffer,
  ) {}

  async *chunks(): AsyncGenerator<Uint8Array> {
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
    while (this.first < this.live.length && this.live[this.first]!.end <= consumed) {
      this.release(this.live[this.first]!.buf);
      this.first++;
    }
    if (this.first > 64) {
      this.live.splice(0, this.first);
      this.first = 0;
    }
  }
}
