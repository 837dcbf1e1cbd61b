// Shared by the e2e specs: opening files, reading the grid as the user sees it, exporting.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from './test-base';
import { parseCsv } from '../src/ui/csv';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface VersionFixture {
  /** "atop-2.13" */
  readonly dir: string;
  readonly path: string;
  /** Format version from the directory name: "2.13". */
  readonly version: string;
}

/** One entry per capture directory: a new capture is a new test. */
export function versionFixtures(): VersionFixture[] {
  const base = join(FIXTURES, 'atop');
  return readdirSync(base)
    .filter((d) => d.startsWith('atop-') && existsSync(join(base, d, 'sample.raw')))
    .filter((d) => existsSync(join(base, d, 'sample.parseable.txt')))
    .sort((a, b) => {
      const v = (s: string) => s.slice(5).split('.').map(Number) as [number, number];
      return v(a)[0] - v(b)[0] || v(a)[1] - v(b)[1];
    })
    .map((d) => ({ dir: d, path: join(base, d), version: d.slice('atop-'.length) }));
}

/**
 * The external captures (test/fixtures/external/atoparser: another machine, another atop
 * build): "atoparser-2.7.1", format version from its meta.json.
 */
export function externalFixtures(): VersionFixture[] {
  const base = join(FIXTURES, 'external', 'atoparser');
  return readdirSync(base)
    .filter((d) => existsSync(join(base, d, 'sample.raw')) && existsSync(join(base, d, 'meta.json')))
    .map((d) => {
      const meta = JSON.parse(readFileSync(join(base, d, 'meta.json'), 'utf8')) as { format_version: string };
      return { dir: `atoparser-${d}`, path: join(base, d), version: meta.format_version };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir, 'en', { numeric: true }));
}

export const app = (page: Page) => page.locator('.app');
export const grid = (page: Page) => page.getByRole('grid', { name: 'Processes' });

/** Opens a file through the file picker and waits until reading has finished. */
export async function openLog(page: Page, path: string, state: 'ready' | 'error' = 'ready'): Promise<number> {
  const t0 = Date.now();
  await page.getByLabel('Open atop raw log').setInputFiles(path);
  if (state === 'ready') await expect(grid(page).locator('[role=row][aria-rowindex]').first()).toBeVisible();
  const firstRows = Date.now() - t0;
  await expect(app(page)).toHaveAttribute('data-load-state', state);
  return firstRows;
}

export interface GridSnapshot {
  readonly rowCount: number;
  /** Column ids in display order. */
  readonly cols: string[];
  readonly headers: string[];
  /** aria-sort of each column header (display order). */
  readonly sorts: (string | null)[];
  /** Rendered rows (virtualized: not all of them), by aria-rowindex. */
  readonly rows: { index: number; cells: string[] }[];
}

export async function readGrid(page: Page): Promise<GridSnapshot> {
  return page.evaluate(() => {
    const g = document.querySelector('[role=grid]');
    if (!g) return { rowCount: -1, cols: [], headers: [], sorts: [], rows: [] };
    const hs = [...g.querySelectorAll('[role=columnheader]')];
    const rows = [...g.querySelectorAll('[role=row][aria-rowindex]')].map((r) => ({
      index: Number(r.getAttribute('aria-rowindex')),
      cells: [...r.querySelectorAll('[role=gridcell]')].map((c) => c.textContent),
    }));
    rows.sort((a, b) => a.index - b.index);
    return {
      rowCount: Number(g.getAttribute('aria-rowcount')),
      cols: hs.map((h) => h.getAttribute('data-col') ?? ''),
      headers: hs.map((h) => h.querySelector('button')?.firstChild?.textContent ?? ''),
      sorts: hs.map((h) => h.getAttribute('aria-sort')),
      rows,
    };
  });
}

/** Cells of a rendered row as a column-id → text map. */
export function rowByCol(g: GridSnapshot, rowIndex: number): Record<string, string> {
  const r = g.rows.find((x) => x.index === rowIndex);
  if (!r) throw new Error(`row ${rowIndex} is not rendered`);
  return Object.fromEntries(g.cols.map((c, i) => [c, r.cells[i] ?? '']));
}

export async function setFilter(page: Page, text: string): Promise<void> {
  await page.getByLabel('Filter processes').fill(text);
}

export async function expectRowCount(page: Page, n: number): Promise<void> {
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(n));
}

export interface CsvExport {
  readonly name: string;
  readonly text: string;
  /** Every row, header first. */
  readonly rows: string[][];
  /** The same without the leading source columns (host, file, time): the table's own columns. */
  readonly table: string[][];
  /** The source columns of every row (header first). */
  readonly source: string[][];
}

/** Clicks Export CSV and returns the file name and parsed rows. */
export async function exportCsv(page: Page): Promise<CsvExport> {
  const csv = await exportCsvFrom(page, 'Export CSV');
  expect(csv.rows[0]?.slice(0, 3)).toEqual(['host', 'file', 'time']);
  return { ...csv, table: csv.rows.map((r) => r.slice(3)), source: csv.rows.map((r) => r.slice(0, 3)) };
}

/** Clicks the button named `button` and returns the downloaded CSV's file name and parsed rows. */
export async function exportCsvFrom(
  page: Page,
  button: string,
): Promise<{ name: string; text: string; rows: string[][] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  return { name: download.suggestedFilename(), text, rows: parseCsv(text) };
}

/** Scrolls the grid so that display row `index` (0-based) is rendered. */
export async function scrollGridTo(page: Page, index: number): Promise<void> {
  await grid(page).evaluate((el, i) => {
    el.scrollTop = Math.max(0, i * 22 - 40);
  }, index);
  await expect(grid(page).locator(`[role=row][aria-rowindex="${index + 1}"]`)).toBeAttached();
}

/**
 * Times measured inside the page: from the file input's change event to the first table row
 * (and to the end of reading), and the load state at the moment the first row appeared.
 */
export async function installLoadTimer(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {
      __load?: { t0: number; firstRow?: number; ready?: number; stateAtFirstRow?: string };
    };
    document.addEventListener(
      'change',
      (e) => {
        if (e.target instanceof HTMLInputElement && e.target.type === 'file')
          w.__load = { t0: performance.now() };
      },
      true,
    );
    new MutationObserver(() => {
      const l = w.__load;
      if (!l) return;
      const state = document.querySelector('.app')?.getAttribute('data-load-state') ?? '';
      if (l.firstRow === undefined && document.querySelector('[role=grid] [role=row][aria-rowindex]')) {
        l.firstRow = performance.now() - l.t0;
        l.stateAtFirstRow = state;
      }
      if (l.ready === undefined && (state === 'ready' || state === 'error'))
        l.ready = performance.now() - l.t0;
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-load-state'],
    });
  });
}

export interface LoadTimes {
  readonly firstRow: number;
  readonly ready: number;
  readonly stateAtFirstRow: string;
}

export async function loadTimes(page: Page): Promise<LoadTimes> {
  return page.evaluate(() => {
    const l = (window as unknown as { __load?: LoadTimes }).__load;
    return { firstRow: l?.firstRow ?? -1, ready: l?.ready ?? -1, stateAtFirstRow: l?.stateAtFirstRow ?? '' };
  });
}

/** The charts' time span (epoch seconds), as the "Sample timeline" slider names it. */
export async function chartSpan(page: Page): Promise<{ xMin: number; xMax: number }> {
  const slider = page.getByRole('slider', { name: 'Sample timeline' });
  return {
    xMin: Number(await slider.getAttribute('data-x-min')),
    xMax: Number(await slider.getAttribute('data-x-max')),
  };
}

/** Where time `t` is on the plot of system chart `chart` (0: the first shown), in page pixels. */
export async function chartPoint(page: Page, t: number, chart = 0): Promise<{ x: number; y: number }> {
  const { xMin, xMax } = await chartSpan(page);
  const box = (await page.locator('.time-chart .u-over').nth(chart).boundingBox())!;
  return { x: box.x + ((t - xMin) / (xMax - xMin)) * box.width, y: box.y + box.height / 2 };
}
