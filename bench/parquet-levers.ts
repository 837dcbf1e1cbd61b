// `npx tsx bench/parquet-levers.ts [FILE] [--samples N] [--runs N]`: where the Parquet export's
// time goes, lever by lever, on the task rows of the first N samples of a log held in memory
// (decoded once, outside the figures): building the Arrow IPC batches, and parquet-wasm's
// encoding by batch size and writer setting. CPU time of this process, median of the runs.
// The end-to-end figures (threads, I/O) are in `npm run bench -- --export`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as pw from 'parquet-wasm/esm';
import { leverInput } from './lib/lever-input';
import { ArrowBatcher } from '../src/export/arrow';
import { ParquetTableWriter, initParquetWasm } from '../src/export/parquet';
import type { RowGroup } from '../src/export/table';
import { TaskRowsBuilder } from '../src/export/task-rows';

initParquetWasm(
  readFileSync(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')),
);
const { runs, log, samples, rows, fields } = await leverInput(300);
const builder = new TaskRowsBuilder(fields, log.strings, log.log!.header.nodename);
const wasmMB = () => `  wasm ${(pw.wasmMemory().buffer.byteLength / 2 ** 20).toFixed(0)} MB`;
const schema = builder.schema;
process.stderr.write(`${samples.length} samples, ${rows} rows, ${schema.length} columns\n`);

/** The samples' rows in batches of `samplesPerBatch` samples (own memory). */
function batches(samplesPerBatch: number): RowGroup[] {
  const out: RowGroup[] = [];
  for (let i = 0; i < samples.length; i += samplesPerBatch) {
    for (const s of samples.slice(i, i + samplesPerBatch)) builder.add(s);
    const g = builder.take();
    out.push({
      rows: g.rows,
      columns: g.columns.map((c) => ('ids' in c ? { ids: c.ids.slice(), values: [...c.values] } : c.slice())),
    });
  }
  return out;
}

function cpu<T>(f: () => T): { ms: number; value: T } {
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, value };
}

async function cpuAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const c0 = process.cpuUsage();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, value };
}

function line(label: string, ms: number, extra = ''): void {
  process.stdout.write(
    `${label.padEnd(58)} ${((ms * 1e6) / rows).toFixed(0).padStart(6)} ns/row  ${ms.toFixed(0).padStart(6)} ms CPU${extra}\n`,
  );
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Props = (b: pw.WriterPropertiesBuilder) => pw.WriterPropertiesBuilder;
const isInt = (t: string) => t !== 'string' && t !== 'boolean' && !t.startsWith('float');
const BASE: Props = (b) => {
  let x = b
    .setMaxRowGroupSize(122_880)
    .setCompression(pw.Compression.ZSTD)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(pw.EnabledStatistics.Chunk);
  for (const c of schema) {
    if (c.type === 'string') x = x.setColumnDictionaryEnabled(c.name, true);
    else if (isInt(c.type)) x = x.setColumnEncoding(c.name, pw.Encoding.DELTA_BINARY_PACKED);
  }
  return x;
};

/** The writer as the export uses it (stream, one batch per call). */
async function viaWriter(ipcs: Uint8Array[], groups: RowGroup[]): Promise<number> {
  let size = 0;
  const w = new ParquetTableWriter(
    schema,
    { write: (b) => void (size += b.length) },
    { rowsPerGroup: 122_880 },
  );
  for (let i = 0; i < ipcs.length; i++) await w.writeIPC(ipcs[i]!, groups[i]!.rows);
  await w.finish();
  return size;
}

/** writeParquet of one table made of the batches (synchronous, no stream). */
function viaWriteParquet(ipcs: Uint8Array[], props: Props): number {
  let size = 0;
  for (const ipc of ipcs) {
    const t = pw.Table.fromIPCStream(ipc);
    size += pw.writeParquet(t, props(new pw.WriterPropertiesBuilder()).build()).length;
  }
  return size;
}

for (const spb of [1, 8, 16, 64]) {
  const groups = batches(spb);
  const batcher = new ArrowBatcher(schema);
  const ipcMs: number[] = [];
  let ipcs: Uint8Array[] = [];
  for (let r = 0; r < runs; r++) {
    const t = cpu(() => groups.map((g) => batcher.ipc(g)));
    ipcMs.push(t.ms);
    ipcs = t.value;
  }
  line(`${spb} sample(s)/batch: Arrow IPC build`, med(ipcMs));
  const wMs: number[] = [];
  let size = 0;
  for (let r = 0; r < runs; r++) {
    const t = await cpuAsync(() => viaWriter(ipcs, groups));
    wMs.push(t.ms);
    size = t.value;
  }
  line(
    `${spb} sample(s)/batch: stream writer (export settings)`,
    med(wMs),
    `  ${(size / 1e6).toFixed(2)} MB` + wasmMB(),
  );
}

// settings, on batches of one row group (what a worker could write alone with writeParquet)
const big = batches(64);
const bigIpc = big.map((g) => new ArrowBatcher(schema).ipc(g));
const PLAIN: Props = (b) =>
  schema
    .filter((c) => isInt(c.type))
    .reduce((x, c) => x.setColumnEncoding(c.name, pw.Encoding.PLAIN), BASE(b));
const KEYS = new Set(['host', 'sample', 'curtime', 'gen.pid', 'gen.tgid', 'gen.name']);
const KEYSTATS: Props = (b) =>
  schema
    .filter((c) => !KEYS.has(c.name))
    .reduce((x, c) => x.setColumnStatisticsEnabled(c.name, pw.EnabledStatistics.None), b);
const variants: [string, Props][] = [
  ['writeParquet, export settings', BASE],
  ['  statistics off', (b) => BASE(b).setStatisticsEnabled(pw.EnabledStatistics.None)],
  ['  snappy', (b) => BASE(b).setCompression(pw.Compression.SNAPPY)],
  ['  uncompressed', (b) => BASE(b).setCompression(pw.Compression.UNCOMPRESSED)],
  [
    '  PLAIN integers + zstd',
    (b) => BASE(b).setEncoding(pw.Encoding.PLAIN).setCompression(pw.Compression.ZSTD),
  ],
  [
    '  no dictionary for text',
    (b) => BASE(b).setDictionaryEnabled(false).setColumnDictionaryEnabled('gen.name', false),
  ],
  [
    '  statistics off for text only',
    (b) =>
      schema
        .filter((c) => c.type === 'string')
        .reduce((x, c) => x.setColumnStatisticsEnabled(c.name, pw.EnabledStatistics.None), BASE(b)),
  ],
  [
    '  PLAIN integers (no DELTA), stats off',
    (b) =>
      schema
        .filter((c) => isInt(c.type))
        .reduce((x, c) => x.setColumnEncoding(c.name, pw.Encoding.PLAIN), BASE(b))
        .setStatisticsEnabled(pw.EnabledStatistics.None),
  ],
  [
    '  write batch 8192, stats off',
    (b) => BASE(b).setWriteBatchSize(8192).setStatisticsEnabled(pw.EnabledStatistics.None),
  ],
  ['  write batch 8192', (b) => BASE(b).setWriteBatchSize(8192)],
  ['  page 4 MB', (b) => BASE(b).setDataPageSizeLimit(4 << 20)],
  ['  PLAIN integers, key stats, page 64 KB', (b) => KEYSTATS(PLAIN(b)).setDataPageSizeLimit(64 << 10)],
  ['  PLAIN integers, key stats, page 256 KB', (b) => KEYSTATS(PLAIN(b)).setDataPageSizeLimit(256 << 10)],
  ['  PLAIN integers', PLAIN],
  ['  PLAIN integers, stats on key columns only', (b) => KEYSTATS(PLAIN(b))],
  [
    '  PLAIN integers, stats off, uncompressed',
    (b) =>
      PLAIN(b).setStatisticsEnabled(pw.EnabledStatistics.None).setCompression(pw.Compression.UNCOMPRESSED),
  ],
  [
    '  PLAIN integers, stats off, snappy',
    (b) => PLAIN(b).setStatisticsEnabled(pw.EnabledStatistics.None).setCompression(pw.Compression.SNAPPY),
  ],
];
for (const [label, props] of variants) {
  const ms: number[] = [];
  let size = 0;
  for (let r = 0; r < runs; r++) {
    const t = cpu(() => viaWriteParquet(bigIpc, props));
    ms.push(t.ms);
    size = t.value;
  }
  line(label, med(ms), `  ${(size / 1e6).toFixed(2)} MB` + wasmMB());
}
