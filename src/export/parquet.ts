// Writes a table (table.ts) as one Parquet file, a row group at a time, through parquet-wasm
// (Apache arrow-rs's writer compiled to WebAssembly) fed with Apache Arrow record batches.
// Chosen by measurement over hyparquet-writer (pure JS, ~4x slower on the task rows: it boxes
// every 64-bit value as a BigInt); see README "Parquet". No DOM, no Node APIs: the caller
// gives the wasm bytes (Node: read from node_modules; the page: fetched) and a ByteSink.
//
// Memory: the writer holds one row group; the batch handed to the wasm writer is freed as soon
// as it is encoded (a wasm-side Arrow table left to the GC pins its data), so an export of any
// length runs in the memory of one row group.
import * as pw from 'parquet-wasm/esm';
import { emptyRowGroup } from './accumulate';
import { ArrowBatcher } from './arrow';
import type { ByteSink, ColumnSpec, RowGroup } from './table';

let ready = false;

/** Instantiates parquet-wasm from its .wasm bytes (once per thread). */
export function initParquetWasm(module: BufferSource | WebAssembly.Module): void {
  if (ready) return;
  pw.initSync({ module });
  ready = true;
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
  private readonly batcher: ArrowBatcher;
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
    this.batcher = new ArrowBatcher(schema);
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
      throw this.failure instanceof Error
        ? this.failure
        : new Error('parquet-wasm failed', { cause: this.failure });
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
    await this.writeIPC(this.batcher.ipc(g), g.rows);
  }

  /**
   * Encodes a record batch already serialised as an Arrow IPC stream (ArrowBatcher, e.g. in the
   * thread that decoded the rows) of `rows` rows with this writer's schema.
   */
  async writeIPC(ipc: Uint8Array, rows: number): Promise<void> {
    const table = pw.Table.fromIPCStream(ipc);
    const batch = table.recordBatch(0)!;
    table.free();
    await this.offer(batch);
    this.rows += rows;
  }

  /** Writes the footer; resolves once every byte went to the sink. */
  async finish(): Promise<void> {
    // the wasm writer takes the schema from the first batch
    if (this.rows === 0) await this.encode(emptyRowGroup(this.schema));
    await this.offer(null);
    await this.pumped;
  }
}
