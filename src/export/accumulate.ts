// Gathers small row groups (one sample's rows, as they come from the decoding threads) into
// row groups of a fixed number of rows, the size readers want, in arrays reused from one row
// group to the next: the writer's memory is bounded by one row group, not by the log. Works
// for any schema (table.ts).
import type { ColumnSpec, ColumnValues, DictColumn, RowGroup } from './table';

type Dense = BigInt64Array | Int32Array | Float32Array | Float64Array | Uint8Array;

interface DictState {
  readonly ids: Int32Array;
  readonly values: string[];
  readonly index: Map<string, number>;
}

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
      return new Int32Array(n);
  }
}

/** A row group of no rows (a file with a schema and no data still says what it would hold). */
export function emptyRowGroup(schema: readonly ColumnSpec[]): RowGroup {
  return {
    rows: 0,
    columns: schema.map((c) =>
      c.type === 'string' ? { ids: new Int32Array(0), values: [] } : denseFor(c, 0),
    ),
  };
}

export class RowGroupAccumulator {
  private readonly dense: (Dense | null)[];
  private readonly dicts: (DictState | null)[];
  private rows = 0;
  private remap = new Int32Array(256);

  constructor(
    readonly schema: readonly ColumnSpec[],
    readonly rowsPerGroup: number,
  ) {
    this.dense = schema.map((c) => (c.type === 'string' ? null : denseFor(c, rowsPerGroup)));
    this.dicts = schema.map((c) =>
      c.type === 'string' ? { ids: new Int32Array(rowsPerGroup), values: [], index: new Map() } : null,
    );
  }

  get pending(): number {
    return this.rows;
  }

  /**
   * Appends `g`'s rows; `full` gets every row group that fills up (valid until it returns:
   * the arrays are reused).
   */
  async add(g: RowGroup, full: (g: RowGroup) => void | Promise<void>): Promise<void> {
    for (let from = 0; from < g.rows;) {
      const n = Math.min(g.rows - from, this.rowsPerGroup - this.rows);
      this.copy(g, from, n);
      from += n;
      this.rows += n;
      if (this.rows === this.rowsPerGroup) await this.flush(full);
    }
  }

  /** The rows gathered so far as a row group, if any, then starts a new one. */
  async flush(full: (g: RowGroup) => void | Promise<void>): Promise<void> {
    if (this.rows === 0) return;
    const n = this.rows;
    const columns: ColumnValues[] = this.schema.map((_, k) => {
      const d = this.dicts[k];
      return d
        ? ({ ids: d.ids.subarray(0, n), values: d.values } satisfies DictColumn)
        : this.dense[k]!.subarray(0, n);
    });
    await full({ rows: n, columns });
    this.rows = 0;
    for (const d of this.dicts)
      if (d) {
        d.values.length = 0;
        d.index.clear();
      }
  }

  private copy(g: RowGroup, from: number, n: number): void {
    for (let k = 0; k < this.schema.length; k++) {
      const src = g.columns[k]!;
      const d = this.dicts[k];
      if (d) {
        const s = src as DictColumn;
        if (this.remap.length < s.values.length) this.remap = new Int32Array(s.values.length * 2);
        const remap = this.remap;
        s.values.forEach((v, i) => {
          let id = d.index.get(v);
          if (id === undefined) {
            id = d.values.length;
            d.values.push(v);
            d.index.set(v, id);
          }
          remap[i] = id;
        });
        for (let r = 0; r < n; r++) d.ids[this.rows + r] = remap[s.ids[from + r]!]!;
      } else {
        const dst = this.dense[k]!;
        (dst as Int32Array).set((src as Int32Array).subarray(from, from + n), this.rows);
      }
    }
  }
}
