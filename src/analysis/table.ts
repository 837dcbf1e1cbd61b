// A growable struct of typed arrays: one column per field, one row per entry (a process, a
// group). Columns cross to and from workers as they are (trimmed copies are transferable).
import { grown } from './key-index';

export type ColumnKind = 'i32' | 'f64' | 'u8';
type ArrayOf<K extends ColumnKind> = K extends 'i32'
  ? Int32Array
  : K extends 'f64'
    ? Float64Array
    : Uint8Array;

export type Spec = Readonly<Record<string, ColumnKind>>;
export type Columns<S extends Spec> = { -readonly [K in keyof S]: ArrayOf<S[K]> };

function make(kind: ColumnKind, n: number): Int32Array | Float64Array | Uint8Array {
  return kind === 'i32' ? new Int32Array(n) : kind === 'f64' ? new Float64Array(n) : new Uint8Array(n);
}

export class Table<S extends Spec> {
  /** Rows in use. */
  size = 0;
  private capacity: number;
  readonly cols: Columns<S>;

  constructor(
    private readonly spec: S,
    capacity = 64,
  ) {
    this.capacity = capacity;
    const cols: Record<string, Int32Array | Float64Array | Uint8Array> = {};
    for (const [k, kind] of Object.entries(spec)) cols[k] = make(kind, capacity);
    this.cols = cols as Columns<S>;
  }

  /** Appends a row (zero in every column) and returns its number. */
  push(): number {
    if (this.size === this.capacity) {
      this.capacity *= 2;
      const cols = this.cols as Record<string, Int32Array | Float64Array | Uint8Array>;
      for (const k of Object.keys(this.spec)) cols[k] = grown(cols[k]!, this.capacity);
    }
    return this.size++;
  }

  /** Copies of the columns, `size` rows long (for a partial result: transferable). */
  trimmed(): Columns<S> {
    const out: Record<string, Int32Array | Float64Array | Uint8Array> = {};
    const cols = this.cols as Record<string, Int32Array | Float64Array | Uint8Array>;
    for (const k of Object.keys(this.spec)) out[k] = cols[k]!.slice(0, this.size);
    return out as Columns<S>;
  }
}
