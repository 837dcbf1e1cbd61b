// Parquet export read back with DuckDB: every row and column of every capture equals the jsonl
// export of the same log (integers exact beyond 2^53); the Hive dataset of several hosts and
// days is one table, and a second run replaces its partitions; damaged logs; README's query.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportParquet } from '../cli/parquet/export-parquet';
import { exportText } from '../cli/text/export-text';
import { jsonlWriter } from '../cli/writers';
import { taskKeys, type Cell } from '../cli/task-record';
import { FILE_HEADER_SIZE, taskFields, layoutForVersion, parseFileHeader } from '../src/format/index';
import { RowGroupAccumulator } from '../src/export/accumulate';
import { ParquetTableWriter, initParquetWasm } from '../src/export/parquet';
import type { ColumnSpec, RowGroup } from '../src/export/table';
import { shifted, withHost, withTasks } from './craft-log';
import { FIXTURES, fixtureDirs } from './helpers';

const ROOT = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const tmp = () => mkdtempSync(join(tmpdir(), 'atopview-parquet-'));

let db: DuckDBConnection;
beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjects();
}

async function jsonl(file: string): Promise<string[]> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(Buffer.from(c));
      cb();
    },
  });
  await exportText(file, 'jsonl', out, 1);
  return Buffer.concat(chunks).toString('utf8').split('\n').slice(0, -1);
}

const TWO53 = 2n ** 53n;

/** A DuckDB value as the jsonl contract's cell: epoch seconds for the timestamp, exact integers. */
function cell(v: unknown): Cell {
  if (typeof v === 'bigint') return v > TWO53 || v < -TWO53 ? v : Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new Error(`unexpected value ${String(v)}`);
}

/** The Parquet file's rows printed by the reference jsonl writer, in file order. */
async function parquetAsJsonl(
  path: string,
  version: string,
): Promise<{ lines: string[]; hosts: Set<string> }> {
  const keys = taskKeys(taskFields(layoutForVersion(version)!.tstat));
  const writer = jsonlWriter({ keys, textKeys: new Set(), cells: () => [] });
  const cols = keys.map((k) => (k === 'curtime' ? 'epoch(curtime)::BIGINT' : `"${k}"`)).join(', ');
  const out = await rows(
    `select host, ${cols} from read_parquet('${path}', file_row_number = true) order by file_row_number`,
  );
  const hosts = new Set<string>();
  const lines = out.map((r) => {
    const vals = Object.values(r);
    hosts.add(vals[0] as string);
    return writer.line(vals.slice(1).map(cell)).slice(0, -1);
  });
  return { lines, hosts };
}

describe('parquet export, read back with DuckDB', () => {
  for (const f of fixtureDirs())
    it(`${f.name}: every row and column equals the jsonl export`, async () => {
      const dir = tmp();
      const file = join(f.dir, 'sample.raw');
      const out = join(dir, 't.parquet');
      const r = await exportParquet([file], out, 1);
      expect(r.problems).toEqual([]);
      const want = await jsonl(file);
      const got = await parquetAsJsonl(out, f.version);
      expect(got.lines.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) if (got.lines[i] !== want[i]) expect(got.lines[i]).toBe(want[i]);
      const head = parseFileHeader(readFileSync(file).subarray(0, FILE_HEADER_SIZE));
      expect(head.ok).toBe(true);
      if (head.ok) expect([...got.hosts]).toEqual([head.value.header.nodename]);
      expect(readdirSync(dir)).toEqual(['t.parquet']);
    });

  it('types: INT64 exact beyond 2^53, TIMESTAMP WITH TIME ZONE, BOOLEAN, VARCHAR dictionaries, zstd', async () => {
    const dir = tmp();
    const src = readFileSync(join(FIXTURES, 'atop/atop-2.8/sample.raw'));
    const file = join(dir, 'wide.raw');
    writeFileSync(
      file,
      await withTasks(src, (_e, set) => {
        set('mem.vmem', 2n ** 60n + 1n);
        set('cpu.stime', -1n);
      }),
    );
    const out = join(dir, 'w.parquet');
    await exportParquet([file], out, 1);
    const [t] = await rows(
      `select any_value(typeof("mem.vmem")) vt, max("mem.vmem") v, min("cpu.stime") s, ` +
        `any_value(typeof(curtime)) ct, any_value(typeof("gen.isproc")) bt, any_value(typeof("gen.name")) nt ` +
        `from '${out}'`,
    );
    expect(t).toEqual({
      vt: 'BIGINT',
      v: 2n ** 60n + 1n,
      s: -1n,
      ct: 'TIMESTAMP WITH TIME ZONE',
      bt: 'BOOLEAN',
      nt: 'VARCHAR',
    });
    const meta = await rows(
      `select distinct path_in_schema p, compression c, encodings e from parquet_metadata('${out}') ` +
        `where path_in_schema in ('gen.name', 'cpu.utime')`,
    );
    expect(meta.map((m) => m.c)).toEqual(['ZSTD', 'ZSTD']);
    expect(meta.find((m) => m.p === 'gen.name')!.e).toMatch(/DICTIONARY/);
  });
});

describe('the generic table writer (what the system tables will use)', () => {
  it('gathers small row groups into large ones, every column type read back exactly', async () => {
    initParquetWasm(readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));
    const schema: ColumnSpec[] = [
      { name: 't', type: 'timestamp' },
      { name: 'u64', type: 'uint64' },
      { name: 'i64', type: 'int64' },
      { name: 'u32', type: 'uint32' },
      { name: 'i16', type: 'int16' },
      { name: 'u8', type: 'uint8' },
      { name: 'f32', type: 'float32' },
      { name: 'f64', type: 'float64' },
      { name: 'b', type: 'boolean' },
      { name: 's', type: 'string' },
    ];
    const chunks: Uint8Array[] = [];
    const writer = new ParquetTableWriter(
      schema,
      { write: (b) => void chunks.push(b.slice()) },
      { rowsPerGroup: 7 },
    );
    const acc = new RowGroupAccumulator(schema, 7);
    for (let i = 0; i < 10; i++) {
      // one row per "sample", as a system table has
      const g: RowGroup = {
        rows: 2,
        columns: [
          BigInt64Array.of(BigInt(i) * 1_000_000n, BigInt(i) * 1_000_000n + 1n),
          BigInt64Array.of(-1n, BigInt(i)), // uint64: the bits of 2^64 - 1
          BigInt64Array.of(2n ** 62n + BigInt(i), -BigInt(i)),
          Int32Array.of(-1, i),
          Int32Array.of(-32768, i),
          Int32Array.of(255, i),
          Float32Array.of(0.1, i),
          Float64Array.of(0.1, -i),
          Uint8Array.of(1, 0),
          { ids: Int32Array.of(1, 0), values: [`x${i}`, 'é"'] },
        ],
      };
      await acc.add(g, (full) => writer.write(full));
    }
    await acc.flush((full) => writer.write(full));
    await writer.finish();
    const dir = tmp();
    const path = join(dir, 'g.parquet');
    writeFileSync(path, Buffer.concat(chunks));
    const got = await rows(
      `select epoch_us(t) t, u64, i64, u32, i16, u8, f32::DOUBLE f32, f64, b, s from '${path}'`,
    );
    expect(got).toHaveLength(20);
    expect(got[0]).toEqual({
      t: 0n,
      u64: 2n ** 64n - 1n,
      i64: 2n ** 62n,
      u32: 4294967295,
      i16: -32768,
      u8: 255,
      f32: Math.fround(0.1),
      f64: 0.1,
      b: true,
      s: 'é"',
    });
    expect(got[19]).toEqual({
      t: 9_000_001n,
      u64: 9n,
      i64: -9n,
      u32: 9,
      i16: 9,
      u8: 9,
      f32: 9,
      f64: -9,
      b: false,
      s: 'x9',
    });
    const groups = await rows(
      `select distinct row_group_id, row_group_num_rows n from parquet_metadata('${path}') order by 1`,
    );
    expect(groups.map((g) => g.n)).toEqual([7n, 7n, 6n]);
  });
});

describe('fleet dataset (Hive partitions)', () => {
  it('two hosts x two days: one query gives the per-host rows and CPU of the jsonl exports; a rerun does not double them', async () => {
    const dir = tmp();
    const src = readFileSync(join(FIXTURES, 'atop/atop-2.8/sample.raw'));
    const logs: string[] = [];
    for (const host of ['web-1', 'db/2 ü'])
      for (const day of [0, 1]) {
        const p = join(dir, `${host.replace(/\W/g, '_')}-${day}.raw`);
        writeFileSync(p, await shifted(await withHost(src, host), day * 86400));
        logs.push(p);
      }
    const want = new Map<string, { rows: number; cpu: number }>();
    for (const [i, log] of logs.entries()) {
      const host = i < 2 ? 'web-1' : 'db/2 ü';
      const w = want.get(host) ?? { rows: 0, cpu: 0 };
      for (const l of await jsonl(log)) {
        const o = JSON.parse(l) as Record<string, number>;
        w.rows++;
        w.cpu += o['cpu.utime']! + o['cpu.stime']!;
      }
      want.set(host, w);
    }
    const out = join(dir, 'dataset');
    const query =
      `select host, count(*) n, sum("cpu.utime" + "cpu.stime") cpu, count(distinct date) ndays ` +
      `from read_parquet('${out}/**/*.parquet', hive_partitioning = true) group by host order by host`;
    for (let run = 0; run < 2; run++) {
      const r = await exportParquet(logs, out, 1);
      expect(r.problems).toEqual([]);
      expect(r.files).toHaveLength(4);
      const got = await rows(query);
      expect(got).toEqual(
        [...want.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([host, w]) => ({ host, n: BigInt(w.rows), cpu: BigInt(w.cpu), ndays: 2n })),
      );
    }
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(join(d, e.name));
        else files.push(relative(out, join(d, e.name)));
    };
    walk(out);
    expect(files.sort()).toEqual([
      'host=db%2F2%20%C3%BC/date=2026-11-24/tasks.parquet',
      'host=db%2F2%20%C3%BC/date=2026-11-25/tasks.parquet',
      'host=web-1/date=2026-11-24/tasks.parquet',
      'host=web-1/date=2026-11-25/tasks.parquet',
    ]);
  });

  it("README's DuckDB query runs verbatim on a dataset", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Query many hosts with DuckDB'));
    const sql = /```sql\n([\s\S]*?)```/.exec(section)![1]!;
    const cmd = /```sh\n[^\n]*export (.*) --format parquet --output (\S+)/.exec(section)!;
    const dir = tmp();
    const log = join(dir, 'log.raw');
    writeFileSync(log, await withHost(readFileSync(join(FIXTURES, 'atop/atop-2.13/sample.raw')), 'web-7'));
    mkdirSync(join(dir, cmd[2]!), { recursive: true });
    await exportParquet([log], join(dir, cmd[2]!), 1);
    await db.run(`set file_search_path = '${dir}'`);
    const got = await rows(sql);
    await db.run(`reset file_search_path`);
    expect(got.length).toBeGreaterThan(0);
    expect(got[0]!.host).toBe('web-7');
    expect(Object.keys(got[0]!)).toEqual(['host', 'hour', 'program', 'cpu_seconds']);
  });
});

describe('parquet export of damaged logs', () => {
  it('keeps the good samples, exits 1 naming offset and sample, and leaves no temporary file', () => {
    const dir = tmp();
    const out = join(dir, 'b.parquet');
    const r = spawnSync(
      TSX,
      [
        join(ROOT, 'cli/main.ts'),
        'export',
        join(FIXTURES, 'broken/truncated-in-record-data.raw'),
        '--format',
        'parquet',
        '--output',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('byte offset 15304');
    expect(r.stderr).toContain('sample 4');
    expect(readdirSync(dir)).toEqual(['b.parquet']);
    return rows(`select list(distinct sample order by sample)::VARCHAR s from '${out}'`).then((x) => {
      expect(x[0]!.s).toBe('[0, 1, 2]');
    });
  });

  it('writes nothing under the final name when the export fails', async () => {
    const dir = tmp();
    const out = join(dir, 'x.parquet');
    // not an atop log: no schema, no file
    const r = await exportParquet([join(FIXTURES, 'broken/bad-magic.raw')], out, 1);
    expect(r.problems.map((p) => p.code)).toEqual(['not-atop']);
    // two formats cannot share one file: the export stops, the half-written file is dropped
    await expect(
      exportParquet(
        [join(FIXTURES, 'atop/atop-2.8/sample.raw'), join(FIXTURES, 'atop/atop-2.13/sample.raw')],
        out,
        1,
      ),
    ).rejects.toThrow(/one Parquet file holds one format/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
