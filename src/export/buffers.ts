// The columns of a table being filled, a block of rows at a time (the task rows of a run of
// samples) or a row at a time (the system tables): typed arrays per column, grown as needed
// and reused from one batch to the next, and per text column a dictionary of the batch's
// distinct strings. `take` hands the rows gathered so far to the writer as a RowGroup (views
// valid until the next fill) and starts a new batch. Works for any schema (table.ts).
import type { ColumnSpec, ColumnValues, DictColumn, RowGroup } from './table';

type Dense = BigInt64Array | Int32Array | Float32Array | Float64Array | Uint8Array;

function denseFor(c: ColumnSpec, n: number): Dense {
  switch (c.type) {
    case 'int64':
    case 'uint64':
    case 'timestamp':
      return new BigInt64Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'boolean':
      return new Uint8Array(n);
    default:
      // the narrower integers and the ids of text columns
      return new Int32Array(n);
  }
}

interface Dictionary {
  readonly values: string[];
  readonly index: Map<string, number>;
}

export class TableBuffers {
  private cols: Dense[];
  /** Int32 views of the 64-bit columns (their words), else null. */
  private words: (Int32Array | null)[];
  private readonly dicts: (Dictionary | null)[];
  private capacity: number;
  /** Rows gathered since the last take. */
  rows = 0;

  constructor(
    readonly schema: readonly ColumnSpec[],
    initialRows = 1024,
  ) {
    this.capacity = Math.max(1, initialRows);
    this.cols = schema.map((c) => denseFor(c, this.capacity));
    this.words = this.cols.map(wordsOf);
    this.dicts = schema.map((c) => (c.type === 'string' ? { values: [], index: new Map() } : null));
  }

  /** Room for `n` more rows (arrays taken before are invalid after a grow). */
  reserve(n: number): void {
    const need = this.rows + n;
    if (need <= this.capacity) return;
    const cap = Math.max(need, Math.ceil(this.capacity * 1.5));
    this.cols = this.cols.map((old, k) => {
      const grown = denseFor(this.schema[k]!, cap);
      (grown as Int32Array).set(old.subarray(0, this.rows) as Int32Array);
      return grown;
    });
    this.words = this.cols.map(wordsOf);
    this.capacity = cap;
  }

  /** Column k's values: int8 … uint32 (uint32 as its bits) and the ids of text columns. */
  i32(k: number): Int32Array {
    return this.cols[k] as Int32Array;
  }

  /** Column k's values: int64, uint64 (as its bits), timestamp. */
  i64(k: number): BigInt64Array {
    return this.cols[k] as BigInt64Array;
  }

  f32(k: number): Float32Array {
    return this.cols[k] as Float32Array;
  }

  f64(k: number): Float64Array {
    return this.cols[k] as Float64Array;
  }

  /** Column k's booleans as 0/1 bytes. */
  bool(k: number): Uint8Array {
    return this.cols[k] as Uint8Array;
  }

  /** Column k's 64-bit values as pairs of 32-bit words (low, high): exact without a BigInt per value. */
  words64(k: number): Int32Array {
    return this.words[k]!;
  }

  /** Id of `value` in text column k's dictionary of this batch. */
  intern(k: number, value: string): number {
    const d = this.dicts[k]!;
    let id = d.index.get(value);
    if (id === undefined) {
      id = d.values.length;
      d.values.push(value);
      d.index.set(value, id);
    }
    return id;
  }

  /** `n` rows were written at [rows, rows + n). */
  commit(n: number): void {
    this.rows += n;
  }

  /** The rows gathered so far (views into these buffers, valid until the next reserve), then a new batch. */
  take(): RowGroup {
    const n = this.rows;
    const columns: ColumnValues[] = this.schema.map((_, k) => {
      const d = this.dicts[k];
      const v = this.cols[k]!.subarray(0, n);
      return d ? ({ ids: v as Int32Array, values: d.values.slice() } satisfies DictColumn) : v;
    });
    this.rows = 0;
    for (const d of this.dicts)
      if (d) {
        d.values.length = 0;
        d.index.clear();
      }
    return { rows: n, columns };
  }
}

function wordsOf(c: Dense): Int32Array | null {
  return c instanceof BigInt64Array ? new Int32Array(c.buffer, c.byteOffset, c.length * 2) : null;
}

/** A row group of no rows (a file with a schema and no data still says what it would hold). */
export function emptyRowGroup(schema: readonly ColumnSpec[]): RowGroup {
  return new TableBuffers(schema, 1).take();
}
