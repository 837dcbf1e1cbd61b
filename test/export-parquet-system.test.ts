// The system tables as Parquet (`export --what system --format parquet`), read back with
// DuckDB: for every capture, the `system` table and every per-device table put back together
// are the `--what system` jsonl export byte for byte (integers exact beyond 2^53, floats the
// same float32); types; where the device tables go for one file and in a dataset; reruns.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportParquet } from '../cli/parquet/export-parquet';
import { openFile } from '../cli/file-source';
import { exportSystem } from '../cli/system-export';
import { float32Text } from '../cli/system-record';
import { taskSchema } from '../src/export/task-rows';
import { DEVICE_TABLES, SYSTEM_TABLE, columnName, systemTables } from '../src/export/system-rows';
import {
  SYSTEM_META,
  entriesInUse,
  layoutForVersion,
  sstatPlan,
  taskFields,
  sstatView,
  type LeafSlot,
  type SstatPlan,
} from '../src/format/index';
import { shifted, withHost, withSystem } from './craft-log';
import { FIXTURES } from './helpers';
import { readSystemLog, systemCaptures } from './system-helpers';

const tmp = () => mkdtempSync(join(tmpdir(), 'atopview-sysparquet-'));

let db: DuckDBConnection;
beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjects();
}

async function systemJsonl(file: string): Promise<string[]> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const r = await exportSystem(await openFile(file), 'jsonl', out);
  expect(r.problems).toEqual([]);
  return Buffer.concat(parts).toString('utf8').split('\n').slice(0, -1);
}

/** A DuckDB value as the jsonl contract writes that member. */
function json(slot: LeafSlot, v: unknown): string {
  if (slot.kind === 'scalar' && slot.scalar === 'float32') return float32Text(v as number);
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/** A member's Parquet column, quoted for SQL. */
const col = (path: string) => `"${columnName(path)}"`;

/** The Parquet files of one export put back together as jsonl lines (the contract's key order). */
async function parquetAsJsonl(plan: SstatPlan, path: (table: string) => string): Promise<string[]> {
  const lead = `sample, epoch(curtime)::BIGINT t, interval`;
  const head = await rows(
    `select ${lead}, ${plan.leaves.map((l) => col(l.path)).join(', ')} from '${path(SYSTEM_TABLE)}' order by sample`,
  );
  /** Per array: sample -> its entries as JSON objects, in entry order. */
  const entries = new Map<string, Map<number, string[]>>();
  for (const a of plan.arrays) {
    const bySample = new Map<number, string[]>();
    const got = await rows(
      `select sample, entry, ${a.fields.map((f) => col(f.path)).join(', ')} from '${path(DEVICE_TABLES[a.path]!)}' order by sample, entry`,
    );
    for (const r of got) {
      const s = r.sample as number;
      const list = bySample.get(s) ?? [];
      expect(r.entry).toBe(list.length);
      list.push(
        '{' +
          a.fields.map((f) => `${JSON.stringify(f.path)}:${json(f, r[columnName(f.path)])}`).join(',') +
          '}',
      );
      bySample.set(s, list);
    }
    entries.set(a.path, bySample);
  }
  return head.map((r) => {
    const s = r.sample as number;
    let line = `{"sample":${s},"curtime":${String(r.t)},"interval":${String(r.interval)}`;
    for (const it of plan.items)
      line +=
        it.kind === 'leaf'
          ? `,${JSON.stringify(it.leaf.path)}:${json(it.leaf, r[columnName(it.leaf.path)])}`
          : `,${JSON.stringify(it.array.path)}:[${(entries.get(it.array.path)!.get(s) ?? []).join(',')}]`;
    return line + '}';
  });
}

const sibling = (out: string) => (table: string) =>
  table === SYSTEM_TABLE ? out : out.replace(/\.parquet$/, `.${table}.parquet`);

describe('system tables as Parquet, read back with DuckDB', () => {
  for (const f of systemCaptures())
    it(`${f.name}: the system table and every device table equal the --what system jsonl export`, async () => {
      const dir = tmp();
      const file = join(f.dir, 'sample.raw');
      const out = join(dir, 's.parquet');
      const r = await exportParquet([file], out, 1, 'system');
      expect(r.problems).toEqual([]);
      const { plan, log } = await readSystemLog(file);
      const want = await systemJsonl(file);
      const got = await parquetAsJsonl(plan, sibling(out));
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) expect(got[i]).toBe(want[i]);
      // one file per table, all of them (an array no entry of which is in use is an empty table)
      const names = systemTables(plan, true).map((t) => t.name);
      expect(readdirSync(dir).sort()).toEqual(names.map((n) => relative(dir, sibling(out)(n))).sort());
      const hosts = await rows(
        `select distinct host from read_parquet('${dir}/*.parquet', union_by_name = true)`,
      );
      expect(hosts).toEqual([{ host: log.header.nodename }]);
    });

  it('every version: a table per per-device array, column names distinct without case (DuckDB, Spark)', () => {
    for (const [version, meta] of Object.entries(SYSTEM_META)) {
      const layout = layoutForVersion(version)!;
      const plan = sstatPlan(layout.sstat);
      const tables = systemTables(plan, true);
      const arrays = Object.keys(meta.arrays).sort((a, b) => plan.array(a)!.offset - plan.array(b)!.offset);
      expect(tables.map((t) => t.array?.path ?? null)).toEqual([null, ...arrays]);
      for (const schema of [...tables.map((t) => t.schema), taskSchema(taskFields(layout.tstat))])
        expect(new Set(schema.map((c) => c.name.toLowerCase())).size).toBe(schema.length);
    }
    expect(columnName('cpu.all.Itime')).toBe('cpu.all.Itime_irq');
    expect(columnName('Stime')).toBe('Stime_softirq');
  });

  it('types: INT64 exact beyond 2^53 and -1, TIMESTAMP WITH TIME ZONE, FLOAT, VARCHAR dictionaries, zstd', async () => {
    const dir = tmp();
    const src = readFileSync(join(FIXTURES, 'atop/atop-2.13/sample.raw'));
    const file = join(dir, 'big.raw');
    writeFileSync(
      file,
      await withSystem(src, 1, (dv, plan) => {
        dv.setBigInt64(plan.leaf('cpu.csw')!.offset, 2n ** 60n + 3n, true);
        const dsk = plan.array('dsk.dsk')!;
        dv.setBigInt64(dsk.offset + dsk.field('nread')!.offset, -1n, true);
      }),
    );
    const out = join(dir, 'b.parquet');
    expect((await exportParquet([file], out, 1, 'system')).problems).toEqual([]);
    const [s] = await rows(
      `select max("cpu.csw") csw, any_value(typeof("cpu.csw")) ct, any_value(typeof(curtime)) tt, ` +
        `any_value(typeof("cpu.lavg1")) ft from '${out}'`,
    );
    expect(s).toEqual({ csw: 2n ** 60n + 3n, ct: 'BIGINT', tt: 'TIMESTAMP WITH TIME ZONE', ft: 'FLOAT' });
    const disk = sibling(out)('system_disk');
    const [d] = await rows(`select nread, typeof(name) nt from '${disk}' where sample = 1 and entry = 0`);
    expect(d).toEqual({ nread: -1n, nt: 'VARCHAR' });
    const meta = await rows(
      `select distinct path_in_schema p, compression c, encodings e from parquet_metadata('${disk}') ` +
        `where path_in_schema in ('name', 'nread')`,
    );
    expect(meta.map((m) => m.c)).toEqual(['ZSTD', 'ZSTD']);
    expect(meta.find((m) => m.p === 'name')!.e).toMatch(/DICTIONARY/);
    // the whole jsonl agrees too (the crafted values included)
    const { plan } = await readSystemLog(file);
    expect(await parquetAsJsonl(plan, sibling(out))).toEqual(await systemJsonl(file));
  });
});

describe('system tables in a dataset', () => {
  it('two hosts x two days: system.parquet and its device tables next to tasks.parquet; a rerun does not double them', async () => {
    const dir = tmp();
    const src = readFileSync(join(FIXTURES, 'atop/atop-2.8/sample.raw'));
    const logs: string[] = [];
    for (const host of ['web-1', 'db-2'])
      for (const day of [0, 1]) {
        const p = join(dir, `${host}-${day}.raw`);
        writeFileSync(p, await shifted(await withHost(src, host), day * 86400));
        logs.push(p);
      }
    const perLog = (await systemJsonl(logs[0]!)).length;
    const first = await readSystemLog(logs[0]!);
    const cpuArray = first.plan.array('cpu.cpu')!;
    const cpus = first.samples.reduce(
      (n, x) => n + entriesInUse(cpuArray, sstatView(first.plan, x.sstat)),
      0,
    );
    const out = join(dir, 'dataset');
    for (let run = 0; run < 2; run++) {
      expect((await exportParquet(logs, out, 1, 'tasks')).problems).toEqual([]);
      const r = await exportParquet(logs, out, 1, 'system');
      expect(r.problems).toEqual([]);
      const got = await rows(
        `select host, count(*) n, count(distinct date) ndays from read_parquet('${out}/**/system.parquet', hive_partitioning = true) group by host order by host`,
      );
      expect(got).toEqual([
        { host: 'db-2', n: BigInt(2 * perLog), ndays: 2n },
        { host: 'web-1', n: BigInt(2 * perLog), ndays: 2n },
      ]);
      const [c] = await rows(
        `select count(*) n from read_parquet('${out}/**/system_cpu.parquet', hive_partitioning = true) where host = 'web-1'`,
      );
      expect(c!.n).toBe(BigInt(2 * cpus));
    }
    const part = join(out, 'host=web-1', 'date=2026-11-24');
    const names = systemTables(first.plan, false).map((t) => `${t.name}.parquet`);
    expect(readdirSync(part).sort()).toEqual(['tasks.parquet', ...names].sort());
  });
});
