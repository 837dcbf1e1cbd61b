// The page's Parquet writer (src/export/save-tasks.ts, run by the export worker) in Node:
// several files of a host as one file equal the CLI's export of the same files; a time range;
// damaged logs keep their good samples and say what is wrong; Cancel; formats that differ.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportParquet } from '../cli/parquet/export-parquet';
import { openFile } from '../cli/file-source';
import { initParquetWasm } from '../src/export/parquet';
import { saveTaskParquet, type NamedLog } from '../src/export/save-tasks';
import { ALL_RECORDS } from '../src/export/walk';
import { shifted } from './craft-log';
import { FIXTURES } from './helpers';

const tmp = () => mkdtempSync(join(tmpdir(), 'atopview-save-'));
let db: DuckDBConnection;

beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
  initParquetWasm(
    readFileSync(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')),
  );
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjects();
}

const logs = async (...files: string[]): Promise<NamedLog[]> =>
  Promise.all(files.map(async (f) => ({ name: f, source: await openFile(f) })));

/** Saves into a file; the bytes as the sink got them. */
async function save(files: string[], range = ALL_RECORDS, signal?: { aborted: boolean }) {
  const out = join(tmp(), 'page.parquet');
  const parts: Uint8Array[] = [];
  let progress = 0;
  const r = await saveTaskParquet(
    await logs(...files),
    { write: (b) => void parts.push(b.slice()) },
    {
      range,
      signal,
      onProgress: (p) => {
        progress++;
        expect(p.bytesRead).toBeLessThanOrEqual(p.totalBytes);
        if (signal && progress === 1) signal.aborted = true;
      },
    },
  );
  writeFileSync(out, Buffer.concat(parts));
  return { r, out, progress };
}

const numbered = (path: string, where = '') =>
  `select row_number() over (order by file_row_number) k, * exclude (file_row_number) ` +
  `from read_parquet('${path}', file_row_number = true) ${where}`;

async function expectSame(a: string, b: string, where = ''): Promise<void> {
  for (const [x, y] of [
    [numbered(a), numbered(b, where)],
    [numbered(b, where), numbered(a)],
  ])
    expect(await rows(`select count(*) n from ((${x}) except all (${y}))`)).toEqual([{ n: 0n }]);
}

describe('the page writer (save-tasks.ts)', () => {
  it("a host's two files as one file: the CLI's rows of both, in order; a time range of them", async () => {
    const dir = tmp();
    const first = join(FIXTURES, 'atop/atop-2.8/sample.raw');
    const second = join(dir, 'next.raw');
    writeFileSync(second, await shifted(readFileSync(first), 3600));
    const cli = join(dir, 'cli.parquet');
    await exportParquet([first, second], cli, 1);
    const { r, out, progress } = await save([first, second]);
    expect(r.problems).toEqual([]);
    expect(r.cancelled).toBe(false);
    expect(progress).toBeGreaterThan(0);
    const [n] = await rows(`select count(*) n, count(distinct curtime) s from '${cli}'`);
    expect(BigInt(r.rows)).toBe(n!.n);
    expect(BigInt(r.samples)).toBe(n!.s);
    await expectSame(out, cli);
    // a range across the two files
    const times = (await rows(`select distinct epoch(curtime)::BIGINT t from '${cli}' order by t`)).map((x) =>
      Number(x.t),
    );
    const [from, to] = [times[2]!, times.at(-3)!];
    const part = await save([first, second], { ...ALL_RECORDS, time: { from, to } });
    await expectSame(part.out, cli, `where epoch(curtime) between ${from} and ${to}`);
  });

  it('a damaged log: its good samples, the problem named with the file', async () => {
    const file = join(FIXTURES, 'broken/truncated-in-record-data.raw');
    const { r, out } = await save([file]);
    expect(r.problems.map((p) => [p.file, p.error.offset, p.error.sample])).toEqual([[file, 15304, 3]]); // sample 4 counted from 1
    expect(await rows(`select list(distinct sample order by sample)::VARCHAR s from '${out}'`)).toEqual([
      { s: '[0, 1, 2]' },
    ]);
  });

  it('cancel: stops at once and says so', async () => {
    const demo = join(import.meta.dirname, '..', 'public/samples/atopview-demo.raw');
    const { r } = await save([demo], ALL_RECORDS, { aborted: false });
    expect(r.cancelled).toBe(true);
    expect(r.samples).toBeLessThan(301);
  });

  it('files of formats with different task fields: refused, as one Parquet file holds one format', async () => {
    await expect(
      save([join(FIXTURES, 'atop/atop-2.8/sample.raw'), join(FIXTURES, 'atop/atop-2.13/sample.raw')]),
    ).rejects.toThrow(/one Parquet file holds one format/);
  });
});
