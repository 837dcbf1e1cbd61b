// Interns the text fields of tasks: a process repeats in every sample, so its name and
// command line are decoded once, keyed by their raw bytes. A lookup hashes and compares the
// bytes 4 at a time, straight from the inflated blob; only a miss copies the bytes (so the
// table never pins a blob) and decodes them.
const utf8 = new TextDecoder('utf-8', { fatal: false });

const EMPTY_SLOTS = 1 << 10;

/** Any 32-bit word with a zero byte (the classic bit trick). */
const hasZeroByte = (w: number): boolean => ((w - 0x01010101) & ~w & 0x80808080) !== 0;

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x9e3779b1);
  return h ^ (h >>> 15);
}

export class StringTable {
  /** Decoded text by id; id 0 is the empty string. */
  readonly values: string[] = [''];
  // per id: where its bytes are in `heap`, how many, and their hash
  private starts = new Int32Array(256);
  private lens = new Int32Array(256);
  private hashes = new Int32Array(256);
  private heap = new Uint8Array(1 << 14);
  private heapView = new DataView(this.heap.buffer);
  private heapUsed = 0;
  /** Open addressing: id, or 0 for an empty slot. */
  private slots = new Int32Array(EMPTY_SLOTS);
  private lastBytes: Uint8Array | null = null;
  private lastView: DataView = new DataView(new ArrayBuffer(0));

  /** Id of the NUL-terminated text in u8[start, start+size). */
  intern(u8: Uint8Array, start: number, size: number): number {
    if (u8 !== this.lastBytes) {
      this.lastBytes = u8;
      this.lastView = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    }
    const dv = this.lastView;
    const limit = start + size;
    let p = start;
    let h = 0x2545f491;
    // whole words while none of their bytes is the terminating NUL
    for (const wordEnd = limit - 3; p < wordEnd; p += 4) {
      const w = dv.getInt32(p, true);
      if (hasZeroByte(w)) break;
      h = mix(h, w);
    }
    // at most 3 more bytes: the word holding the NUL, or the end of the field
    let tail = 0;
    for (let shift = 0; p < limit; p++, shift += 8) {
      const b = u8[p]!;
      if (b === 0) break;
      tail |= b << shift;
    }
    const len = p - start;
    if (len === 0) return 0;
    h = mix(h, tail ^ (len << 24)) | 0;

    const slots = this.slots;
    const mask = slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[s]!;
      if (id === 0) return this.add(u8, start, len, h, s);
      if (this.hashes[id] === h && this.lens[id] === len && this.same(dv, u8, start, this.starts[id]!, len))
        return id;
    }
  }

  private same(dv: DataView, u8: Uint8Array, at: number, hat: number, len: number): boolean {
    const hv = this.heapView;
    let i = 0;
    for (const words = len - 3; i < words; i += 4)
      if (dv.getInt32(at + i, true) !== hv.getInt32(hat + i, true)) return false;
    const heap = this.heap;
    for (; i < len; i++) if (u8[at + i] !== heap[hat + i]) return false;
    return true;
  }

  private add(u8: Uint8Array, start: number, len: number, h: number, slot: number): number {
    const id = this.values.length;
    if (id === this.starts.length) {
      this.starts = grow(this.starts);
      this.lens = grow(this.lens);
      this.hashes = grow(this.hashes);
    }
    if (this.heapUsed + len > this.heap.length) {
      const heap = new Uint8Array(Math.max(this.heap.length * 2, this.heapUsed + len));
      heap.set(this.heap.subarray(0, this.heapUsed));
      this.heap = heap;
      this.heapView = new DataView(heap.buffer);
    }
    const bytes = u8.subarray(start, start + len);
    this.heap.set(bytes, this.heapUsed);
    this.starts[id] = this.heapUsed;
    this.lens[id] = len;
    this.hashes[id] = h;
    this.heapUsed += len;
    this.values.push(utf8.decode(bytes));
    this.slots[slot] = id;
    if (id * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 1; id < this.values.length; id++) {
      let s = this.hashes[id]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id;
    }
    this.slots = slots;
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
