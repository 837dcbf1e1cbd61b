// Save as Parquet: the page's export worker writes the same rows as the CLI's
// `export FILE --format parquet --output X.parquet`, read back with DuckDB in this runner:
// as a download (no File System Access API), streamed into a picked file (the API, given an
// origin-private file in place of the picker's), and for the selected range of a link.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { exportParquet } from '../cli/parquet/export-parquet';
import { expect, test, type Page } from './test-base';
import { FIXTURES, openLog } from './helpers';

const LOG = join(FIXTURES, 'atop', 'atop-2.13', 'sample.raw');

let db: DuckDBConnection;
let cliFile: string;

test.beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
  cliFile = join(mkdtempSync(join(tmpdir(), 'atopview-e2e-parquet-')), 'cli.parquet');
  const r = await exportParquet([LOG], cliFile, 1);
  expect(r.problems).toEqual([]);
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjects();
}

/** Rows of a file in file order (numbered after `where`), every column. */
const numbered = (path: string, where = '') =>
  `select row_number() over (order by file_row_number) k, * exclude (file_row_number) ` +
  `from read_parquet('${path}', file_row_number = true) ${where}`;

/** The page's file holds the CLI file's rows (those `where` keeps), in the same order, every column equal. */
async function expectSameRows(page: string, where = ''): Promise<number> {
  const [a] = await rows(`select count(*) n from read_parquet('${page}')`);
  const [b] = await rows(`select count(*) n from (${numbered(cliFile, where)})`);
  expect(a!.n).toBe(b!.n);
  for (const [x, y] of [
    [numbered(page), numbered(cliFile, where)],
    [numbered(cliFile, where), numbered(page)],
  ])
    expect(await rows(`select count(*) n from ((${x}) except all (${y}))`)).toEqual([{ n: 0n }]);
  const [schema] = await rows(
    `select (select list(column_name || ' ' || column_type) from (describe select * from read_parquet('${page}'))) =
            (select list(column_name || ' ' || column_type) from (describe select * from read_parquet('${cliFile}'))) same`,
  );
  expect(schema!.same).toBe(true);
  return Number(a!.n);
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Save as Parquet' });

async function openSaveDialog(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save as Parquet…' }).click();
  await expect(dialog(page)).toBeVisible();
}

test('without the File System Access API the file is downloaded: the CLI export, row for row', async ({
  page,
}) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });
  });
  await page.goto('/');
  await openLog(page, LOG);
  await openSaveDialog(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog(page).getByRole('button', { name: 'Save' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('atop_vm.parquet');
  await expect(dialog(page)).toHaveAttribute('data-save-state', 'saved');
  const n = await expectSameRows(await download.path());
  await expect(dialog(page).getByRole('status')).toContainText(`${n.toLocaleString('en')} rows`);
});

test('with the File System Access API the worker streams into the picked file', async ({ page }) => {
  // the picker's answer: a file of the origin-private file system (a real FileSystemFileHandle)
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', {
      value: async (o: { suggestedName: string }) => {
        (window as Window & { suggested?: string }).suggested = o.suggestedName;
        const dir = await navigator.storage.getDirectory();
        return dir.getFileHandle('picked.parquet', { create: true });
      },
    });
  });
  await page.goto('/');
  await openLog(page, LOG);
  await openSaveDialog(page);
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveAttribute('data-save-state', 'saved');
  await expect(dialog(page).getByRole('status')).toContainText('Saved picked.parquet');
  const saved = await page.evaluate(async () => {
    const dir = await navigator.storage.getDirectory();
    const file = await (await dir.getFileHandle('picked.parquet')).getFile();
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return { b64: btoa(bin), suggested: (window as Window & { suggested?: string }).suggested };
  });
  expect(saved.suggested).toBe('atop_vm.parquet');
  const path = join(mkdtempSync(join(tmpdir(), 'atopview-e2e-parquet-')), 'picked.parquet');
  writeFileSync(path, Buffer.from(saved.b64, 'base64'));
  await expectSameRows(path);
});

test("a link's selected range: only the samples in it", async ({ page }) => {
  const times = (await rows(`select distinct epoch(curtime)::BIGINT t from '${cliFile}' order by t`)).map(
    (r) => Number(r.t),
  );
  expect(times.length).toBeGreaterThan(3);
  const [from, to] = [times[1]!, times[2]!];
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });
  });
  await page.goto(`/?v=2&range=${from}-${to}`);
  await openLog(page, LOG);
  await openSaveDialog(page);
  await expect(dialog(page).getByRole('radio', { name: /The selected range/ })).toBeChecked();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog(page).getByRole('button', { name: 'Save' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^atop_vm_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ_.*Z\.parquet$/);
  const n = await expectSameRows(await download.path(), `where epoch(curtime) between ${from} and ${to}`);
  expect(n).toBeGreaterThan(0);
});

test('two overlapping copies of the log (one gzip): each sample once, as the page shows them', async ({
  page,
}) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });
  });
  await page.goto('/');
  const bytes = readFileSync(LOG);
  await page.getByLabel('Open atop raw log').setInputFiles([
    { name: 'atop_20261124', mimeType: 'application/octet-stream', buffer: bytes },
    { name: 'atop_20261124.copy.gz', mimeType: 'application/gzip', buffer: gzipSync(bytes) },
  ]);
  await expect(page.locator('.app')).toHaveAttribute('data-load-state', 'ready');
  await openSaveDialog(page);
  await expect(dialog(page)).toContainText('2 files');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog(page).getByRole('button', { name: 'Save' }).click(),
  ]);
  await expect(dialog(page)).toHaveAttribute('data-save-state', 'saved');
  expect(await expectSameRows(await download.path())).toBeGreaterThan(0);
});
