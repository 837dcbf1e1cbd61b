// Hostile input in the page: process names and command lines are text anyone on the logged
// machine chose, so they must render as text only (no element, no link, no script, no
// navigation) and export neutralised; a worker that dies is reported and the page recovers.
import { join } from 'node:path';
import { expect, test, type Page } from './test-base';
import {
  app,
  exportCsv,
  expectRowCount,
  FIXTURES,
  grid,
  openLog,
  readGrid,
  rowByCol,
  setFilter,
} from './helpers';
import { withTaskText, writeTemp } from './craft';
import { processes, readOracle } from './oracle';

const V213 = join(FIXTURES, 'atop', 'atop-2.13');
const V28 = join(FIXTURES, 'atop', 'atop-2.8');

// pids 138 (sleep) and 139 (python3) are in every sample of the 2.13 capture
const IMG_NAME = '<svg onload=1>';
const IMG_CMD =
  '<img src=x onerror="window.__pwned=1;alert(1)"> <a href="javascript:alert(2)">x</a> javascript:alert(3)';
const FORMULA_NAME = '=1+2';
const FORMULA_CMD = '=HYPERLINK("javascript:alert(4)","click"), "quoted"\t<script>window.__pwned=2</script>';

/** What must never happen: a dialog, a script run by a payload, a page load. */
function watchForHarm(page: Page): { dialogs: string[]; loads: string[] } {
  const seen = { dialogs: [] as string[], loads: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('load', () => seen.loads.push(page.url()));
  return seen;
}

async function expectNoHarm(page: Page, seen: { dialogs: string[]; loads: string[] }): Promise<void> {
  const dom = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    alive: (window as unknown as { __alive?: number }).__alive ?? null,
    img: document.querySelectorAll('img, svg, iframe, object, embed').length,
    links: document.querySelectorAll('a[href]').length,
    scripts: [...document.scripts].map((s) => s.src.replace(location.origin, '')),
  }));
  expect(dom.pwned, 'a payload ran').toBeNull();
  expect(dom.alive, 'the page was reloaded or navigated').toBe(1);
  expect(dom.img, 'an element was made from log text').toBe(0);
  expect(dom.links, 'a link was made from log text').toBe(0);
  expect(dom.scripts.every((s) => /^\/assets\/index-[\w-]+\.js$/.test(s))).toBe(true);
  expect(seen.dialogs).toEqual([]);
  expect(seen.loads).toHaveLength(1);
}

test('names and command lines with markup and javascript: render as text only', async ({ page }) => {
  const log = writeTemp(
    'hostile-2.13.raw',
    withTaskText(join(V213, 'sample.raw'), '2.13', [
      { pid: 138, name: IMG_NAME, cmdline: IMG_CMD },
      { pid: 139, name: FORMULA_NAME, cmdline: FORMULA_CMD },
    ]),
  );
  const oracle = readOracle(join(V213, 'sample.parseable.txt'), '2.13');
  const seen = watchForHarm(page);
  await page.goto('/');
  await page.evaluate(() => {
    (window as unknown as { __alive: number }).__alive = 1;
  });
  await openLog(page, log);
  await expectRowCount(page, processes(oracle[0]!).length);

  // the payloads are in the table as the exact text
  await setFilter(page, 'pid:138');
  await expectRowCount(page, 1);
  const row = rowByCol(await readGrid(page), 1);
  expect(row.name).toBe(IMG_NAME);
  expect(row.cmdline).toBe(IMG_CMD);
  // free text that looks like a URL scheme is searched for, not followed
  await setFilter(page, 'javascript:alert(3)');
  await expectRowCount(page, 1);
  await setFilter(page, 'cmd:/onerror=/');
  await expectRowCount(page, 1);

  // clicking and opening the row: still text
  const first = grid(page).locator('[role=row][aria-rowindex="1"]');
  await first.locator('[role=gridcell]').last().click();
  await first.dblclick();
  const details = page.getByRole('dialog', { name: /All fields: PID 138/ });
  await expect(details).toContainText(IMG_CMD);
  await expect(details).toContainText(IMG_NAME);
  await page.keyboard.press('Escape');

  // every view and the next interval show them as text too
  await grid(page).focus();
  for (const key of ['m', 'd', 's', 'c', 'g']) await page.keyboard.press(key);
  await expect(page.getByRole('button', { name: 'Generic', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await setFilter(page, 'pid:138,139');
  await grid(page).focus();
  await page.keyboard.press('t');
  await expect(page.getByTestId('sample-number')).toHaveText(`sample 2 / ${oracle.length}`);
  const g = await readGrid(page);
  const byPid = new Map(g.rows.map((r) => [r.cells[g.cols.indexOf('pid')], r.cells]));
  expect(byPid.get('139')?.[g.cols.indexOf('name')]).toBe(FORMULA_NAME);
  expect(byPid.get('139')?.[g.cols.indexOf('cmdline')]).toBe(FORMULA_CMD);

  // export: formula cells neutralised, RFC 4180 quoting round-trips the text
  const csv = await exportCsv(page);
  const nameAt = csv.table[0]!.indexOf('CMD');
  const cmdAt = csv.table[0]!.indexOf('COMMAND-LINE');
  const out = new Map(csv.table.slice(1).map((r) => [r[0], r]));
  expect(out.get('139')?.[nameAt]).toBe(`'${FORMULA_NAME}`);
  expect(out.get('139')?.[cmdAt]).toBe(`'${FORMULA_CMD}`);
  expect(out.get('138')?.[cmdAt]).toBe(IMG_CMD);
  expect(csv.text).toContain(`"'=HYPERLINK(""javascript:alert(4)"",""click""), ""quoted""\t<script>`);

  // the title (which carries the host) is untouched
  await expect(page).toHaveTitle(/^vm /);
  await expectNoHarm(page, seen);
});

/** Serves the worker script with `prefix` in front of it, for the next worker started only. */
async function breakNextWorker(page: Page, prefix: string): Promise<void> {
  await page.context().route(
    '**/assets/atop.worker-*.js',
    async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: prefix + (await res.text()) });
    },
    { times: 1 },
  );
}

test('a worker that dies mid-session is reported; the file and others open again', async ({ page }) => {
  // an uncaught error in the worker on its second sample request, which is never answered
  await breakNextWorker(
    page,
    `let __asked = 0;
self.addEventListener('message', (e) => {
  if (!JSON.stringify(e.data ?? null).includes('getSample') || ++__asked < 2) return;
  e.stopImmediatePropagation();
  throw new Error('simulated: out of memory');
});
`,
  );
  const o213 = readOracle(join(V213, 'sample.parseable.txt'), '2.13');
  await page.goto('/');
  await openLog(page, join(V213, 'sample.raw'));
  await expectRowCount(page, processes(o213[0]!).length);
  await page.keyboard.press('t');
  const crashed = page.getByTestId('reader-crashed');
  await expect(crashed).toContainText('The reader stopped working');
  await expect(crashed).toContainText('simulated: out of memory');
  await expect(crashed).toHaveAttribute('role', 'alert');
  await expect(app(page)).toHaveAttribute('data-load-state', 'error');
  await expect(app(page)).toHaveAttribute('data-log-error', 'reader-crashed');
  await expect(page.getByRole('alert').filter({ hasText: 'This sample cannot be shown' })).toContainText(
    'It was not decoded before the reader stopped working.',
  );

  // read the same file again: a fresh worker
  await crashed.getByRole('button', { name: 'Read the file again' }).click();
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await expect(crashed).toHaveCount(0);
  await page.keyboard.press('t');
  await expect(page.getByTestId('sample-number')).toHaveText(`sample 2 / ${o213.length}`);
  await expectRowCount(page, processes(o213[1]!).length);

  // and another file
  const o28 = readOracle(join(V28, 'sample.parseable.txt'), '2.8');
  await openLog(page, join(V28, 'sample.raw'));
  await expectRowCount(page, processes(o28[0]!).length);
});

test('a worker that dies while it probes several files is reported, not waited on', async ({ page }) => {
  // the first worker throws on the probe (the question asked before several files are read)
  await breakNextWorker(
    page,
    `self.addEventListener('message', (e) => {
  if (!JSON.stringify(e.data ?? null).includes('probe')) return;
  e.stopImmediatePropagation();
  throw new Error('simulated: probe failed');
});
`,
  );
  await page.goto('/');
  await page
    .getByLabel('Open atop raw log')
    .setInputFiles([join(V213, 'sample.raw'), join(V28, 'sample.raw')]);
  const crashed = page.getByTestId('reader-crashed');
  await expect(crashed).toContainText('simulated: probe failed');
  await expect(app(page)).toHaveAttribute('data-load-state', 'error');
  // reading again takes a fresh worker: both files, one host
  await crashed.getByRole('button', { name: /Read the file/ }).click();
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await expect(page.getByTestId('sample-number')).toContainText('sample 1 /');
});

test('a worker that fails to start is reported; another file opens', async ({ page }) => {
  await breakNextWorker(page, `throw new Error('simulated: the reader failed to start');\n`);
  await page.goto('/');
  await openLog(page, join(V213, 'sample.raw'), 'error');
  const crashed = page.getByTestId('reader-crashed');
  await expect(crashed).toContainText('simulated: the reader failed to start');
  await expect(page.getByRole('grid')).toHaveCount(0);
  const o28 = readOracle(join(V28, 'sample.parseable.txt'), '2.8');
  await openLog(page, join(V28, 'sample.raw'));
  await expect(crashed).toHaveCount(0);
  await expectRowCount(page, processes(o28[0]!).length);
});
