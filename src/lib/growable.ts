// Typed arrays that grow as a log is read: one column of numbers (a sample index field, the
// ids of a search job, the blobs of a summary job) and a set of equally long columns. Growth
// doubles the capacity, so appending n values costs O(n) copies in all. Plain TypeScript (no
// DOM, no Node): the worker and the UI thread both use it.

/** The typed arrays a Growable can hold (not the BigInt ones). */
export type NumberArray =
  | Float64Array<ArrayBuffer>
  | Float32Array<ArrayBuffer>
  | Int32Array<ArrayBuffer>
  | Uint32Array<ArrayBuffer>
  | Int16Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer>
  | Int8Array<ArrayBuffer>
  | Uint8Array<ArrayBuffer>;

/** One growable column: `data[0, length)` are its values, the rest is room to grow. */
export class Growable<T extends NumberArray> {
  length = 0;
  private buf: T;

  constructor(
    private readonly make: (n: number) => T,
    /** Initial capacity, or the buffer to start in (its contents are not values). */
    initial: number | T = 64,
  ) {
    this.buf = typeof initial === 'number' ? make(initial) : initial;
  }

  /** The whole buffer, room included (valid until the next call that may grow it). */
  get data(): T {
    return this.buf;
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Makes room for `n` values in all, keeping the first `length`; returns the buffer. */
  reserve(n: number): T {
    if (n > this.buf.length) {
      const g = this.make(Math.max(n, this.buf.length * 2));
      g.set(this.buf.subarray(0, this.length));
      this.buf = g;
    }
    return this.buf;
  }

  /** Sets the length to n: values past the old length are 0. */
  resize(n: number): void {
    if (n > this.length) this.reserve(n).fill(0, this.length, n);
    this.length = n;
  }

  /** Sets value i, growing (with zeros in between) if i is past the end. */
  set(i: number, v: number): void {
    if (i >= this.length) this.resize(i + 1);
    this.buf[i] = v;
  }

  /** Value i, 0 outside [0, length). */
  get(i: number): number {
    return i >= 0 && i < this.length ? this.buf[i]! : 0;
  }

  /** Writes `src` at `at` (default: the end), growing as needed. */
  put(src: ArrayLike<number>, at = this.length): void {
    this.reserve(at + src.length).set(src, at);
    this.length = Math.max(this.length, at + src.length);
  }

  /** A view of the values (valid until the buffer grows). */
  view(): T {
    return this.buf.subarray(0, this.length) as T;
  }

  /** Empties the column; with `buffer`, continues in that buffer instead of the current one. */
  reset(buffer?: T): void {
    if (buffer) this.buf = buffer;
    this.length = 0;
  }
}

/** Several number columns of one length, by name (Float64: any value a log holds). */
export class GrowableColumns<K extends string> {
  private readonly cols: Record<K, Growable<Float64Array<ArrayBuffer>>>;
  length = 0;

  constructor(
    readonly names: readonly K[],
    capacity = 64,
  ) {
    this.cols = Object.fromEntries(
      names.map((k) => [k, new Growable((n) => new Float64Array(n), capacity)]),
    ) as Record<K, Growable<Float64Array<ArrayBuffer>>>;
  }

  /** Sets row i of column k; the other columns grow along (0 in new rows). */
  set(i: number, k: K, v: number): void {
    this.cols[k].set(i, v);
    this.extend(i + 1);
  }

  /** Row i of column k, 0 outside [0, length). */
  get(i: number, k: K): number {
    return i < this.length ? this.cols[k].get(i) : 0;
  }

  /** Writes rows [from, from + n) of every column from `columns` (n = their length). */
  put(from: number, columns: Readonly<Record<K, ArrayLike<number>>>): void {
    let end = from;
    for (const k of this.names) {
      this.cols[k].put(columns[k], from);
      end = Math.max(end, from + columns[k].length);
    }
    this.extend(end);
  }

  /** Column k's values (a view, valid until the columns grow). */
  column(k: K): Float64Array<ArrayBuffer> {
    return this.cols[k].data.subarray(0, this.length);
  }

  /** Copies of rows [from, to) of every column (the caller may transfer them). */
  slice(from: number, to: number): Record<K, Float64Array<ArrayBuffer>> {
    return Object.fromEntries(this.names.map((k) => [k, this.column(k).slice(from, to)])) as Record<
      K,
      Float64Array<ArrayBuffer>
    >;
  }

  private extend(n: number): void {
    if (n <= this.length) return;
    for (const k of this.names) this.cols[k].resize(n);
    this.length = n;
  }
}
