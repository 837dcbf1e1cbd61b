// A hash index from a pair of numbers to a dense entry number (0, 1, 2 … in order of first
// insertion), over typed arrays: the totals meet every task row of a log (2.55 M in the day
// log) and must not make an object or a string per row to find its process or group.
// Keys are exact: two keys are equal when both numbers are (=== on doubles; the keys used
// here are integers: pids, start times, uids, string ids, entry numbers).

const EMPTY = -1;

function hash(a: number, b: number): number {
  // integers up to 2^53: fold the high part of each in, then mix (murmur3's finalizer)
  let h = Math.imul((a | 0) ^ ((a / 4294967296) | 0), 0x9e3779b1);
  h ^= Math.imul((b | 0) ^ ((b / 4294967296) | 0), 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}

export class KeyIndex {
  /** Number of entries. */
  size = 0;
  private k0: Float64Array;
  private k1: Float64Array;
  /** Open addressing, linear probing: entry number or EMPTY. Always at most half full. */
  private slots: Int32Array;

  constructor(capacity = 64) {
    const n = Math.max(16, capacity);
    this.k0 = new Float64Array(n);
    this.k1 = new Float64Array(n);
    this.slots = new Int32Array(ceilPow2(n * 2)).fill(EMPTY);
  }

  /** The entry of (a, b), or -1. */
  find(a: number, b: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let s = hash(a, b) & mask; ; s = (s + 1) & mask) {
      const e = slots[s]!;
      if (e === EMPTY) return -1;
      if (this.k0[e] === a && this.k1[e] === b) return e;
    }
  }

  /** The entry of (a, b), added as entry `size` if new (see `added`). */
  upsert(a: number, b: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = hash(a, b) & mask;
    for (; ; s = (s + 1) & mask) {
      const e = slots[s]!;
      if (e === EMPTY) break;
      if (this.k0[e] === a && this.k1[e] === b) {
        this.added = false;
        return e;
      }
    }
    const e = this.size++;
    if (e === this.k0.length) {
      this.k0 = grown(this.k0, e * 2);
      this.k1 = grown(this.k1, e * 2);
    }
    this.k0[e] = a;
    this.k1[e] = b;
    slots[s] = e;
    if (this.size * 2 > slots.length) this.rehash();
    this.added = true;
    return e;
  }

  /** Whether the last upsert added its key. */
  added = false;

  key0(e: number): number {
    return this.k0[e]!;
  }

  key1(e: number): number {
    return this.k1[e]!;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      let s = hash(this.k0[e]!, this.k1[e]!) & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = e;
    }
    this.slots = slots;
  }
}

function ceilPow2(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

/** A copy of `a` with room for `n` elements, the new ones `fill`. */
export function grown<T extends Float64Array | Int32Array | Uint8Array | Float32Array>(
  a: T,
  n: number,
  fill = 0,
): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** `a`, or a copy of it grown (at least twice as long) to hold `n` elements, the new ones `fill`. */
export function withRoom<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number, fill = 0): T {
  return n <= a.length ? a : grown(a, Math.max(n, a.length * 2), fill);
}
