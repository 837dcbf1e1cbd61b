// A growable byte buffer that the text encoders write into directly: no JS string per cell
// or per line, no UTF-8 encoding pass at write time.

export class ByteSink {
  buf: Uint8Array;
  /** The same memory, for multi-byte stores. */
  dv: DataView;
  pos = 0;

  constructor(size: number | ArrayBuffer = 1 << 20) {
    this.buf = new Uint8Array(typeof size === 'number' ? new ArrayBuffer(size) : size);
    this.dv = new DataView(this.buf.buffer);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** The bytes written so far, as a view of the sink's memory. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** Start over in `buffer` (memory handed back once the bytes before were written out). */
  reset(buffer: ArrayBuffer): void {
    this.buf = new Uint8Array(buffer);
    this.dv = new DataView(buffer);
    this.pos = 0;
  }
}

/**
 * Writes the decimal digits of `v`, an integer with |v| < 2^53, at `pos`; returns the end.
 * Exactly what String(v) and JSON.stringify(v) print for such a value.
 */
export function putInt(buf: Uint8Array, pos: number, v: number): number {
  if (v < 0) {
    buf[pos++] = 45; // '-'
    v = -v;
  }
  if (v < 10) {
    buf[pos] = 48 + v;
    return pos + 1;
  }
  let n = 2;
  for (let t = 100; v >= t && n < 16; t *= 10) n++;
  const end = pos + n;
  if (v < 2147483648) {
    // int arithmetic while it fits
    let x = v | 0;
    for (let p = end - 1; p >= pos; p--) {
      const q = (x / 10) | 0;
      buf[p] = 48 + x - q * 10;
      x = q;
    }
  } else {
    for (let p = end - 1; p >= pos; p--) {
      const q = Math.floor(v / 10);
      buf[p] = 48 + v - q * 10;
      v = q;
    }
  }
  return end;
}

const utf8 = new TextEncoder();

export const bytesOf = (s: string): Uint8Array => utf8.encode(s);
