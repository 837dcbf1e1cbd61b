// Writes a table (table.ts) as one Parquet file, a row group at a time, through parquet-wasm
// (Apache arrow-rs's writer compiled to WebAssembly) fed with Apache Arrow record batches.
// Chosen by measurement over hyparquet-writer (pure JS, ~4x slower on the task rows: it boxes
// every 64-bit value as a BigInt); see README "Parquet". No DOM, no Node APIs: the caller
// gives the wasm bytes (Node: read from node_modules; the page: fetched) and a ByteSink.
//
// Memory: the writer holds one row group; the batch handed to the wasm writer is freed as soon
// as it is encoded (a wasm-side Arrow table left to the GC pins its data), so an export of any
// length runs in the memory of one row group.
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm/esm';
import { emptyRowGroup } from './accumulate';
import type { ByteSink, ColumnSpec, DictColumn, RowGroup } from './table';

let ready = false;

/** Instantiates parquet-wasm from its .wasm bytes (once per thread). */
export function initParquetWasm(module: BufferSource | WebAssembly.Module): void {
  if (ready) return;
  pw.initSync({ module });
  ready = true;
}

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

export interface ParquetWriteOptions {
  /** Rows per row group (the writer cuts row groups at this size). */
  readonly rowsPerGroup: number;
  /** Key-value metadata of the file. */
  readonly metadata?: ReadonlyMap<string, string>;
}

/** Whether values of this type are integers stored as INT32/INT64 (delta-encoded). */
const isInteger = (c: ColumnSpec) =>
  c.type !== 'string' && c.type !== 'boolean' && !c.type.startsWith('float');

function writerProperties(schema: readonly ColumnSpec[], o: ParquetWriteOptions): pw.WriterProperties {
  // Measured on the task rows of the day log (README "Parquet"): dictionaries for text only
  // (arrow-rs's dictionary for numbers costs more than all the rest of the encoding),
  // DELTA_BINARY_PACKED for integers (counters are mostly 0 or slowly moving: a few bits a
  // value), zstd on top; min/max statistics for every column chunk (readers skip row groups
  // by time, pid, name …).
  let b = new pw.WriterPropertiesBuilder()
    .setCreatedBy('atopview')
    .setMaxRowGroupSize(o.rowsPerGroup)
    .setCompression(pw.Compression.ZSTD)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(pw.EnabledStatistics.Chunk);
  for (const c of schema) {
    if (c.type === 'string') b = b.setColumnDictionaryEnabled(c.name, true);
    else if (isInteger(c)) b = b.setColumnEncoding(c.name, pw.Encoding.DELTA_BINARY_PACKED);
  }
  if (o.metadata) b = b.setKeyValueMetadata(new Map(o.metadata));
  return b.build();
}

/** One Parquet file: `write` each row group, then `finish`. */
export class ParquetTableWriter {
  private readonly fields: arrow.Field[];
  private readonly arrowSchema: arrow.Schema;
  /** The wasm writer asks for its next batch. */
  private want: ((b: pw.RecordBatch | null) => void) | null = null;
  private wanted: Promise<void>;
  private signalWant: () => void = () => undefined;
  private failure: unknown = null;
  private readonly pumped: Promise<void>;
  rows = 0;

  constructor(
    private readonly schema: readonly ColumnSpec[],
    sink: ByteSink,
    options: ParquetWriteOptions,
  ) {
    if (!ready) throw new Error('initParquetWasm() first');
    this.fields = schema.map((c) => new arrow.Field(c.name, arrowType(c), false));
    this.arrowSchema = new arrow.Schema(this.fields);
    this.wanted = new Promise((r) => (this.signalWant = r));
    const input = new ReadableStream<pw.RecordBatch>(
      {
        pull: (controller) =>
          new Promise<void>((resolve) => {
            this.want = (b) => {
              if (b) controller.enqueue(b);
              else controller.close();
              resolve();
            };
            this.signalWant();
          }),
      },
      { highWaterMark: 0 },
    );
    this.pumped = (async () => {
      const out = (await pw.transformParquetStream(
        input,
        writerProperties(schema, options),
      )) as ReadableStream<Uint8Array>;
      const reader = out.getReader();
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        await sink.write(r.value);
      }
    })().catch((e: unknown) => {
      this.failure = e;
      this.signalWant();
      throw e;
    });
  }

  /** Hands a batch (or the end) to the wasm writer once it wants one. */
  private async offer(b: pw.RecordBatch | null): Promise<void> {
    await this.wanted;
    if (this.failure !== null)
      throw this.failure instanceof Error ? this.failure : new Error(String(this.failure));
    this.wanted = new Promise((r) => (this.signalWant = r));
    const want = this.want!;
    this.want = null;
    want(b);
  }

  /** Encodes `g` (its arrays may be reused once this resolves). */
  async write(g: RowGroup): Promise<void> {
    if (g.rows > 0) await this.encode(g);
  }

  private async encode(g: RowGroup): Promise<void> {
    const children = this.schema.map((c, k) => {
      const v = g.columns[k]!;
      const type = this.fields[k]!.type;
      if (c.type === 'string') {
        const d = v as DictColumn;
        return arrow.makeData({
          type: type as arrow.Dictionary<arrow.Utf8, arrow.Int32>,
          length: g.rows,
          nullCount: 0,
          data: d.ids,
          dictionary: arrow.vectorFromArray(d.values as string[], new arrow.Utf8()),
        });
      }
      return arrow.makeData({
        type: type as arrow.Int32,
        length: g.rows,
        nullCount: 0,
        data: arrowValues(c, v as Dense) as Int32Array,
      });
    });
    const batch = new arrow.RecordBatch(
      this.arrowSchema,
      arrow.makeData({ type: new arrow.Struct(this.fields), length: g.rows, nullCount: 0, children }),
    );
    const table = pw.Table.fromIPCStream(arrow.tableToIPC(new arrow.Table([batch]), 'stream'));
    const wasmBatch = table.recordBatch(0)!;
    table.free();
    await this.offer(wasmBatch);
    this.rows += g.rows;
  }

  /** Writes the footer; resolves once every byte went to the sink. */
  async finish(): Promise<void> {
    // the wasm writer takes the schema from the first batch
    if (this.rows === 0) await this.encode(emptyRowGroup(this.schema));
    await this.offer(null);
    await this.pumped;
  }
}
