// Exact sums of 64-bit counters. Each cell is a double while its value stays within ±2^53,
// where double addition of integers is exact; a cell that would leave that range moves to a
// BigInt (kept aside, the double becomes NaN) and stays exact from then on.
//
// Why not always BigInt: a day log adds 2.55 M rows × ~16 counters; BigInt arithmetic would
// cost more than reading them. Why not doubles only: one process's counters stay far below
// 2^53 (9·10^15), but sums need not: network bytes of a user over a month of 10 Gbit/s, or a
// counter atop stored beyond 2^53 (the decoder then has the exact value as a BigInt in
// TaskColumns.wide), would be rounded silently. A cell costs 8 bytes either way; the BigInt
// map is empty in every real log we have.
import { withRoom } from './key-index';

const SAFE = Number.MAX_SAFE_INTEGER;

export type Exact = number | bigint;

export class ExactSums {
  /** The cell values; NaN where the exact value is in `big`. */
  values: Float64Array;
  readonly big = new Map<number, bigint>();

  constructor(cells = 64) {
    this.values = new Float64Array(cells);
  }

  /** Room for `cells` cells (new ones are 0). */
  ensure(cells: number): void {
    this.values = withRoom(this.values, cells);
  }

  /** Adds an integer the caller has exactly as a double (|x| ≤ 2^53). */
  add(i: number, x: number): void {
    const t = this.values[i]! + x;
    if (t <= SAFE && t >= -SAFE) this.values[i] = t;
    else this.addBig(i, BigInt(x));
  }

  addBig(i: number, x: bigint): void {
    const v = this.values[i]!;
    const sum = (Number.isNaN(v) ? this.big.get(i)! : BigInt(v)) + x;
    if (sum <= BigInt(SAFE) && sum >= -BigInt(SAFE)) {
      this.big.delete(i);
      this.values[i] = Number(sum);
    } else {
      this.big.set(i, sum);
      this.values[i] = NaN;
    }
  }

  /** Adds a value as `get` returns it. */
  addExact(i: number, x: Exact): void {
    if (typeof x === 'bigint') this.addBig(i, x);
    else this.add(i, x);
  }

  get(i: number): Exact {
    const v = this.values[i]!;
    return Number.isNaN(v) ? this.big.get(i)! : v;
  }
}

/** a + b, exactly. */
export function exactAdd(a: Exact, b: Exact): Exact {
  if (typeof a === 'number' && typeof b === 'number') {
    const t = a + b;
    if (t <= SAFE && t >= -SAFE) return t;
  }
  const s = BigInt(a) + BigInt(b);
  return s <= BigInt(SAFE) && s >= -BigInt(SAFE) ? Number(s) : s;
}

/** Sign of a − b, exactly. */
export function exactCompare(a: Exact, b: Exact): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
