// Variable-length integers (LEB128, 7 bits a byte, low bits first) and zigzag signs, over
// plain numbers: exact for every integer of magnitude up to 2^52 (zigzag doubles it, and
// 2^53 is the last integer a double holds exactly). What the process store packs its
// change logs with: a small value costs one byte, a run of idle samples one pair of them.

/** The zigzag code of an integer: 0, -1, 1, -2 … → 0, 1, 2, 3 … */
export const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);

/** The integer of a zigzag code. */
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** Bytes written one after another into a buffer that grows. */
export class ByteWriter {
  private buf: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(capacity);
  }

  /** Writes a non-negative integer (≤ 2^53). */
  uint(v: number): void {
    if (this.length + 8 > this.buf.length) this.grow(this.length + 8);
    const b = this.buf;
    let at = this.length;
    if (v < 0x80) {
      b[at++] = v;
    } else if (v < 0x80000000) {
      while (v >= 0x80) {
        b[at++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      b[at++] = v;
    } else {
      while (v >= 0x80) {
        b[at++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
      b[at++] = v;
    }
    this.length = at;
  }

  /** Writes a signed integer (|v| ≤ 2^52). */
  int(v: number): void {
    this.uint(zigzag(v));
  }

  /** A copy of what was written (transferable), and the writer empty again. */
  take(): Uint8Array<ArrayBuffer> {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }

  private grow(n: number): void {
    const g = new Uint8Array(Math.max(n, this.buf.length * 2));
    g.set(this.buf.subarray(0, this.length));
    this.buf = g;
  }
}

/** Reads what a ByteWriter wrote, from `pos` on. */
export class ByteReader {
  pos = 0;

  constructor(readonly buf: Uint8Array) {}

  uint(): number {
    const b = this.buf;
    let x = b[this.pos++]!;
    if (x < 0x80) return x;
    x &= 0x7f;
    let shift = 7;
    for (;;) {
      const c = b[this.pos++]!;
      if (shift < 28) {
        x |= (c & 0x7f) << shift;
        if (c < 0x80) return x >>> 0;
      } else {
        // past 28 bits: arithmetic, not 32-bit bit operations
        x += (c & 0x7f) * 2 ** shift;
        if (c < 0x80) return x;
      }
      shift += 7;
      if (shift > 63) throw new RangeError('varint longer than 9 bytes');
    }
  }

  int(): number {
    return unzigzag(this.uint());
  }
}
