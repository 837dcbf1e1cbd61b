// Row groups (table.ts) as Apache Arrow record batches serialised as IPC streams: what
// parquet-wasm takes. Separate from the writer so that the threads that decode the log build
// the batches (no wasm there) and the writer's thread only encodes them.
import * as arrow from 'apache-arrow';
import type { ColumnSpec, DictColumn, RowGroup } from './table';

function arrowType(c: ColumnSpec): arrow.DataType {
  switch (c.type) {
    case 'int64':
      return new arrow.Int64();
    case 'uint64':
      return new arrow.Uint64();
    case 'int32':
      return new arrow.Int32();
    case 'uint32':
      return new arrow.Uint32();
    case 'int16':
      return new arrow.Int16();
    case 'uint16':
      return new arrow.Uint16();
    case 'int8':
      return new arrow.Int8();
    case 'uint8':
      return new arrow.Uint8();
    case 'float32':
      return new arrow.Float32();
    case 'float64':
      return new arrow.Float64();
    case 'boolean':
      return new arrow.Bool();
    case 'string':
      return new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
    case 'timestamp':
      return new arrow.TimestampMicrosecond('UTC');
  }
}

/** The typed array Arrow wants for a column type, over the row group's memory (no copy where widths agree). */
type Dense = Exclude<RowGroup['columns'][number], DictColumn>;

function arrowValues(
  c: ColumnSpec,
  v: Dense,
): Dense | BigUint64Array | Uint32Array | Int16Array | Uint16Array | Int8Array {
  const i32 = v as Int32Array;
  switch (c.type) {
    case 'uint64':
      return new BigUint64Array(v.buffer, v.byteOffset, v.length);
    case 'uint32':
      return new Uint32Array(v.buffer, v.byteOffset, v.length);
    case 'int16':
      return Int16Array.from(i32);
    case 'uint16':
      return Uint16Array.from(i32);
    case 'int8':
      return Int8Array.from(i32);
    case 'uint8':
      return Uint8Array.from(i32);
    case 'boolean': {
      const bits = new Uint8Array((v.length + 7) >> 3);
      for (let i = 0; i < v.length; i++) if (v[i]) bits[i >> 3]! |= 1 << (i & 7);
      return bits;
    }
    default:
      return v;
  }
}

/** Turns row groups of one table into Arrow IPC streams (one per thread: dictionary ids come from a counter). */
export class ArrowBatcher {
  readonly schema: arrow.Schema;

  constructor(private readonly columns: readonly ColumnSpec[]) {
    this.schema = new arrow.Schema(columns.map((c) => new arrow.Field(c.name, arrowType(c), false)));
  }

  /** `g` as an Arrow IPC stream of one record batch (the values are copied: `g` may be reused). */
  ipc(g: RowGroup): Uint8Array {
    const children = this.schema.fields.map((f, k) => {
      const v = g.columns[k]!;
      const c = this.columns[k]!;
      if (c.type === 'string') {
        const d = v as DictColumn;
        return arrow.makeData({
          type: f.type as arrow.Dictionary<arrow.Utf8, arrow.Int32>,
          length: g.rows,
          nullCount: 0,
          data: d.ids,
          dictionary: arrow.vectorFromArray(d.values as string[], new arrow.Utf8()),
        });
      }
      return arrow.makeData({
        type: f.type as arrow.Int32,
        length: g.rows,
        nullCount: 0,
        data: arrowValues(c, v as Dense) as Int32Array,
      });
    });
    const batch = new arrow.RecordBatch(
      this.schema,
      arrow.makeData({ type: new arrow.Struct(this.schema.fields), length: g.rows, nullCount: 0, children }),
    );
    return arrow.tableToIPC(new arrow.Table([batch]), 'stream');
  }
}
