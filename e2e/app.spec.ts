// How a person uses the viewer: sample log, moving through time, the filter language,
// toggles, columns, sharing a view by URL, details of a row, and no console errors (CSP).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSP_PROBE, expect, test, type Page } from './test-base';
import { fmtTime } from '../src/ui/format';
import {
  app,
  chartPoint,
  expectRowCount,
  FIXTURES,
  grid,
  openLog,
  readGrid,
  ROOT,
  rowByCol,
  setFilter,
} from './helpers';
import { processes, readOracle } from './oracle';

const LOG = join(FIXTURES, 'atop', 'atop-2.13', 'sample.raw');
const oracle = readOracle(join(FIXTURES, 'atop', 'atop-2.13', 'sample.parseable.txt'), '2.13');
const sampleNumber = (page: Page) => page.getByTestId('sample-number');

/** Console errors and CSP violations, which must not happen. */
function watchConsole(page: Page): string[] {
  const bad: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) bad.push(m.text());
  });
  page.on('pageerror', (e) => bad.push(e.message));
  return bad;
}

test('a first-time visitor opens the sample log with one click', async ({ page }) => {
  const bad = watchConsole(page);
  await page.goto('/');
  await expect(app(page)).toHaveAttribute('data-load-state', 'idle');
  await expect(page.getByText('Nothing is uploaded')).toBeVisible();
  // the landing page says what story the sample log tells (tools/sample-log/STORY.md)
  await expect(page.getByTestId('sample-story')).toContainText('cpu-hog');
  await expect(page.getByTestId('sample-story')).toContainText('flaky-daemon');
  await page.getByRole('button', { name: 'Open sample log' }).click();
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  const header = page.getByLabel('Log header');
  await expect(header).toContainText('atopview-demo.raw');
  await expect(header.locator('[data-key="Host"] dd')).toHaveText('atopview-demo');
  await expect(header.locator('[data-key="Samples"] dd')).toHaveText('301');
  await expect(header.locator('[data-key="atop format"] dd')).toHaveText('2.8');
  await expect(page.getByTestId('verify-status')).toHaveText('all samples checked');
  expect(bad).toEqual([]);
});

test("the sample log's story is found in two clicks (STORY.md)", async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open sample log' }).click();
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  const top = async () => rowByCol(await readGrid(page), 1);
  const jump = async (time: string) => {
    await page.keyboard.press('b');
    await page.getByLabel('Time to jump to').fill(time);
    await page.getByLabel('Time to jump to').press('Enter');
  };
  // cpu-hog tops the table (by CPU) in its runs
  await jump('07:06:12');
  await expect(sampleNumber(page)).toHaveText('sample 23 / 301');
  await expect(grid(page).locator('[role=row][aria-rowindex="1"] [role=gridcell]').nth(2)).toHaveText(
    'cpu-hog',
  );
  // leaky-cache tops the memory view just before its supervisor kills it at 320 MiB
  await page.keyboard.press('m');
  await jump('07:10:18');
  await expect(sampleNumber(page)).toHaveText('sample 105 / 301');
  await expect.poll(async () => (await top()).name).toBe('leaky-cache');
  expect((await top()).rsize).toMatch(/^3[12]\d\.\dM$/);
  // flaky-daemon's crash loop: every exit is a row in state E with exit code 1
  await page.keyboard.press('g');
  await setFilter(page, 'flaky-daemon state:E');
  await expect(page.getByTestId('log-matches')).toHaveText('Whole log: 22 rows in 22 of 301 samples match');
});

test('moving through time: buttons, t/T, Home/End, b, the timeline', async ({ page }) => {
  await page.goto('/');
  await openLog(page, LOG);
  const n = oracle.length;
  await expect(sampleNumber(page)).toHaveText(`sample 1 / ${n}`);
  await expect(page.getByText('since boot')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Previous interval' })).toBeDisabled();
  await page.keyboard.press('t');
  await expect(sampleNumber(page)).toHaveText(`sample 2 / ${n}`);
  await expect(page.getByText('since boot')).toHaveCount(0);
  await expect(page.getByTestId('sample-time')).toHaveText(fmtTime(oracle[1]!.epoch, 'utc'));
  await expect(page.getByTestId('sample-now')).toContainText(`interval ${oracle[1]!.interval}s`);
  await page.keyboard.press('Shift+T');
  await expect(sampleNumber(page)).toHaveText(`sample 1 / ${n}`);
  await page.keyboard.press('End');
  await expect(sampleNumber(page)).toHaveText(`sample ${n} / ${n}`);
  await expect(page.getByRole('button', { name: 'Next interval' })).toBeDisabled();
  await page.keyboard.press('Home');
  await expect(sampleNumber(page)).toHaveText(`sample 1 / ${n}`);

  // b: jump to a typed time (the sample at or after it)
  await page.keyboard.press('b');
  const input = page.getByLabel('Time to jump to');
  await expect(input).toBeFocused();
  await input.fill(fmtTime(oracle[3]!.epoch - 1, 'utc'));
  await input.press('Enter');
  await expect(sampleNumber(page)).toHaveText(`sample 4 / ${n}`);
  await page.keyboard.press('b');
  await page.getByLabel('Time to jump to').fill('not a time');
  await page.getByLabel('Time to jump to').press('Enter');
  await expect(page.getByText('Type a time like')).toBeVisible();
  await page.getByLabel('Time to jump to').press('Escape');

  // the charts are a slider over all samples: a click selects the sample under the pointer,
  // a drag picks a range, arrow keys step
  const slider = page.getByRole('slider', { name: 'Sample timeline' });
  await expect(slider).toHaveAttribute('aria-valuemax', String(n));
  const mid = (i: number) => oracle[i]!.epoch - oracle[i]!.interval / 2;
  let at = await chartPoint(page, mid(2));
  await page.mouse.click(at.x, at.y);
  await expect(sampleNumber(page)).toHaveText(`sample 3 / ${n}`);
  at = await chartPoint(page, mid(1));
  const to = await chartPoint(page, mid(3));
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('range-info')).toContainText('samples 2–4');
  await expect(sampleNumber(page)).toHaveText(`sample 3 / ${n}`);
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '2');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '4');

  // times in UTC or local
  await page.getByLabel('Time zone').selectOption('local');
  await expect(page.getByLabel('Time zone')).toHaveValue('local');
  await expect(page.getByTestId('sample-time')).toHaveText(fmtTime(oracle[3]!.epoch, 'local'));
});

test('the filter language', async ({ page }) => {
  await page.goto('/');
  await openLog(page, LOG);
  await page.keyboard.press('t');
  const s = oracle[1]!;
  const procs = processes(s);
  const count = async (q: string, want: number) => {
    await setFilter(page, q);
    await expectRowCount(page, want);
  };
  await count('pid:137,1', procs.filter((t) => t.pid === 137 || t.pid === 1).length);
  await count('ppid:1', procs.filter((t) => t.ppid === 1).length);
  await count('user:65534', procs.filter((t) => t.ruid === 65534).length);
  await count('state:E', procs.filter((t) => t.state === 'E').length);
  await count('state:S,R', procs.filter((t) => t.state === 'S' || t.state === 'R').length);
  await count('cmd:/threads\\.py/', procs.filter((t) => /threads\.py/.test(t.cmdline)).length);
  await count('name:/^SLEEP$/i', procs.filter((t) => t.name === 'sleep').length);
  await count(
    'python3 state:S',
    procs.filter((t) => t.state === 'S' && (t.name + '\n' + t.cmdline).includes('python3')).length,
  );
  await count('-name:sleep', procs.filter((t) => !t.name.includes('sleep')).length);
  await count(
    '"Isolated Web"',
    procs.filter((t) => (t.name + '\n' + t.cmdline).includes('Isolated Web')).length,
  );

  // a bad regex: inline message, the table keeps the last good filter
  await count('name:/^python3$/', procs.filter((t) => t.name === 'python3').length);
  const box = page.getByLabel('Filter processes');
  await box.fill('name:/(/');
  await expect(page.getByRole('alert').filter({ hasText: 'Bad regular expression' })).toBeVisible();
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expectRowCount(page, procs.filter((t) => t.name === 'python3').length);
  await box.fill('pid:abc');
  await expect(page.getByRole('alert').filter({ hasText: 'pid: expects numbers' })).toBeVisible();
  await count('', procs.length);
  await expect(box).toHaveAttribute('aria-invalid', 'false');

  // '/' focuses the filter
  await grid(page).focus();
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
});

test('toggles: threads, exited, active only', async ({ page }) => {
  await page.goto('/');
  await openLog(page, LOG);
  await page.keyboard.press('t');
  const s = oracle[1]!;
  await expectRowCount(page, processes(s).length);
  await page.getByLabel('Threads').check();
  await expectRowCount(page, s.tasks.length);
  await setFilter(page, 'pid:137');
  // pid:N shows the process and its threads
  const family = s.tasks.filter((t) => t.pid === 137 || t.tgid === 137);
  expect(family.length).toBeGreaterThan(1);
  await expectRowCount(page, family.length);
  await setFilter(page, '');
  await page.getByLabel('Threads').uncheck();
  await page.getByLabel('Exited').uncheck();
  await expectRowCount(page, processes(s).filter((t) => t.state !== 'E').length);
  await page.getByLabel('Exited').check();
  await page.getByLabel('Active only').check();
  const active = Number(await grid(page).getAttribute('aria-rowcount'));
  expect(active).toBeGreaterThan(0);
  expect(active).toBeLessThanOrEqual(processes(s).length);
  // a busy process is active, an idle sleeper is not
  await setFilter(page, 'pid:137');
  await expectRowCount(page, 1);
});

test('views, column chooser, sorting and row details', async ({ page }) => {
  await page.goto('/');
  await openLog(page, LOG);
  await page.keyboard.press('t');
  let g = await readGrid(page);
  expect(g.cols).toEqual([
    'pid',
    'ppid',
    'name',
    'state',
    'cpu',
    'syscpu',
    'usrcpu',
    'rsize',
    'vsize',
    'rddsk',
    'wrdsk',
    'thr',
    'ruid',
    'exc',
    'cmdline',
  ]);
  // default: CPU% descending; the busiest process first
  await expect(page.getByRole('columnheader', { name: /CPU/ }).first()).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  expect(rowByCol(g, 1).pid).toBe('137');

  // sort on any column, both ways
  await page.locator('[role=columnheader][data-col=pid] button').click();
  await expect(page.locator('[role=columnheader][data-col=pid]')).toHaveAttribute('aria-sort', 'descending');
  g = await readGrid(page);
  const pids = g.rows.map((r) => Number(r.cells[0]));
  expect(pids).toEqual([...pids].sort((a, b) => b - a));
  await page.locator('[role=columnheader][data-col=pid] button').click();
  await expect(page.locator('[role=columnheader][data-col=pid]')).toHaveAttribute('aria-sort', 'ascending');
  expect(rowByCol(await readGrid(page), 1).pid).toBe('1');
  await page.locator('[role=columnheader][data-col=name] button').click();
  await expect(page.locator('[role=columnheader][data-col=name]')).toHaveAttribute('aria-sort', 'ascending');
  g = await readGrid(page);
  const names = g.rows.map((r) => r.cells[2]!);
  expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

  // views like atop's (keys work too)
  await page.getByRole('button', { name: 'Memory', exact: true }).click();
  g = await readGrid(page);
  expect(g.cols).toContain('vdata');
  expect(g.cols).toContain('rgrow');
  await page.keyboard.press('d');
  await expect(page.getByRole('button', { name: 'Disk', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  expect((await readGrid(page)).cols).toEqual(['pid', 'name', 'rddsk', 'wrdsk', 'wcancl', 'dsk', 'cmdline']);
  await page.keyboard.press('g');

  // the chooser offers only columns this version has
  await page.getByRole('button', { name: 'Columns' }).click();
  const chooser = page.getByRole('dialog', { name: 'Choose columns' });
  await chooser.getByLabel('TGID', { exact: true }).check();
  await expect(page.locator('[role=columnheader][data-col=tgid]')).toBeVisible();
  await expect(chooser.getByLabel('CGROUP', { exact: true })).toHaveCount(0); // gen.cgpath is 2.8 – 2.10 only
  await chooser.getByLabel('CMD', { exact: true }).uncheck();
  await expect(page.locator('[role=columnheader][data-col=name]')).toHaveCount(0);
  await chooser.getByRole('button', { name: 'Reset to view' }).click();
  await expect(page.locator('[role=columnheader][data-col=tgid]')).toHaveCount(0);
  await chooser.getByRole('button', { name: 'Close' }).click();

  // all fields of a row
  await setFilter(page, 'pid:137');
  await grid(page).locator('[role=row][aria-rowindex="1"]').dblclick();
  const details = page.getByRole('dialog', { name: /All fields: PID 137/ });
  await expect(details).toContainText('gen.cmdline');
  await expect(details).toContainText('/srv/load/threads.py');
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
});

test('the view is shared through the URL', async ({ page }) => {
  await page.goto('/');
  await openLog(page, LOG);
  await page.keyboard.press('t');
  await page.keyboard.press('t');
  await setFilter(page, 'name:/^python3$/');
  await page.getByRole('button', { name: 'Memory', exact: true }).click();
  await page.locator('[role=columnheader][data-col=rsize] button').click();
  await page.getByLabel('Threads').check();
  await page.getByLabel('Time zone').selectOption('local');
  await expect.poll(() => new URL(page.url()).searchParams.get('tz')).toBe('local');
  const url = new URL(page.url());
  expect(url.searchParams.get('v')).toBe('2');
  expect(url.searchParams.get('s')).toBe('3');
  expect(url.searchParams.get('t')).toBe(String(oracle[2]!.epoch));
  expect(url.searchParams.get('q')).toBe('name:/^python3$/');
  expect(url.searchParams.get('view')).toBe('memory');
  expect(url.searchParams.get('thr')).toBe('1');
  const sort = url.searchParams.get('sort') ?? '';
  expect(sort).toMatch(/^rsize\.(asc|desc)$/);

  // someone opens the link and then the same log; and a link version 1 wrote for that view
  // (before ranges, zones and files) opens it too
  const v1 = new URLSearchParams({
    v: '1',
    s: '3',
    t: String(oracle[2]!.epoch),
    q: 'name:/^python3$/',
    sort,
    view: 'memory',
    thr: '1',
    tz: 'local',
  });
  for (const link of [url.pathname + url.search, `/?${v1.toString()}`]) {
    await page.goto(link);
    await expect(app(page)).toHaveAttribute('data-load-state', 'idle');
    await openLog(page, LOG);
    await expect(sampleNumber(page)).toHaveText(`sample 3 / ${oracle.length}`);
    await expect(page.getByLabel('Filter processes')).toHaveValue('name:/^python3$/');
    await expect(page.getByRole('button', { name: 'Memory', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByLabel('Threads')).toBeChecked();
    await expect(page.getByLabel('Time zone')).toHaveValue('local');
    await expect(page.locator('[role=columnheader][data-col=rsize]')).toHaveAttribute(
      'aria-sort',
      sort.endsWith('.asc') ? 'ascending' : 'descending',
    );
    const s = oracle[2]!;
    await expectRowCount(page, s.tasks.filter((t) => t.name === 'python3').length);
  }
  // a URL of another version is ignored, not misread
  await page.goto('/?v=99&q=zzz&s=4');
  await openLog(page, LOG);
  await expect(page.getByLabel('Filter processes')).toHaveValue('');
  await expect(sampleNumber(page)).toHaveText(`sample 1 / ${oracle.length}`);
});

test('screenshot for the README', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await page.getByRole('button', { name: 'Open sample log' }).click();
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  // a moment of the story: cpu-hog's second run
  await page.keyboard.press('b');
  await page.getByLabel('Time to jump to').fill('07:09:36');
  await page.getByLabel('Time to jump to').press('Enter');
  await expect(sampleNumber(page)).toHaveText('sample 91 / 301');
  // the defaults a new user gets: threads hidden, exited shown, CPU% descending
  await expect(page.getByLabel('Threads')).not.toBeChecked();
  await grid(page).locator('[role=row][aria-rowindex="1"]').click();
  await page.mouse.move(640, 790);
  // the README's picture is replaced only when asked: a test run leaves the tree as it was
  const dir = process.env.UPDATE_README_SCREENSHOT === '1' ? join(ROOT, 'docs') : test.info().outputDir;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'screenshot.png') });
});

test('a file dropped anywhere on the page opens', async ({ page }) => {
  await page.goto('/');
  const dt = await page.evaluateHandle(
    ({ b64, name }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const d = new DataTransfer();
      d.items.add(new File([bytes], name));
      return d;
    },
    { b64: readFileSync(LOG).toString('base64'), name: 'atop_20261124' },
  );
  const landing = page.locator('.landing');
  await landing.dispatchEvent('dragenter', { dataTransfer: dt });
  await landing.dispatchEvent('dragover', { dataTransfer: dt });
  await expect(page.getByText('Drop the atop log to open it')).toBeVisible();
  await landing.dispatchEvent('drop', { dataTransfer: dt });
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await expect(page.getByText('Drop the atop log to open it')).toHaveCount(0);
  await expect(page.getByLabel('Log header').locator('[data-key="File"] dd')).toHaveText('atop_20261124');
  await expectRowCount(page, processes(oracle[0]!).length);
});

test('the production build runs under a strict Content-Security-Policy', async ({ page }) => {
  test.info().annotations.push({ type: CSP_PROBE, description: 'eval and inline script are refused' });
  const html = readFileSync(join(ROOT, 'dist', 'index.html'), 'utf8');
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  const policy = new Map(
    csp.split(';').map((d) => {
      const [k, ...v] = d.trim().split(/\s+/);
      return [k!, v] as const;
    }),
  );
  // 'wasm-unsafe-eval' lets the Parquet writer compile its WebAssembly, and nothing else: string
  // code stays refused (the probe below)
  expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(policy.get('connect-src')).toEqual(["'self'"]);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(csp).not.toContain("'unsafe-eval'");
  // every script of the build is a file of its own origin
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

  await page.goto('/');
  await page.getByRole('button', { name: 'Open sample log' }).click();
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  // the policy is in force: string code (eval's kin, compiled when the timer fires, outside
  // the test's own evaluation) and an injected inline script are refused, and reported
  const probe = await page.evaluate(async () => {
    const w = window as unknown as { __evalRan?: number; __inline?: number };
    const refused: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => refused.push(e.effectiveDirective));
    (setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = 1', 0);
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.appendChild(s);
    await new Promise((r) => setTimeout(r, 200));
    return { evalRan: w.__evalRan ?? null, inline: w.__inline ?? null, refused: refused.sort() };
  });
  expect(probe).toEqual({ evalRan: null, inline: null, refused: ['script-src', 'script-src-elem'] });
});

test("atop's keys work right after a file is picked (focus still on the file input)", async ({ page }) => {
  await page.goto('/');
  const input = page.getByLabel('Open atop raw log');
  await openLog(page, LOG);
  await input.focus();
  await page.keyboard.press('t');
  await expect(sampleNumber(page)).toHaveText(`sample 2 / ${oracle.length}`);
  // a checkbox has focus: keys still step; the filter box has focus: they are text
  await page.getByLabel('Exited').focus();
  await page.keyboard.press('t');
  await expect(sampleNumber(page)).toHaveText(`sample 3 / ${oracle.length}`);
  await page.getByLabel('Filter processes').focus();
  await page.keyboard.press('t');
  await expect(page.getByLabel('Filter processes')).toHaveValue('t');
  await expect(sampleNumber(page)).toHaveText(`sample 3 / ${oracle.length}`);
});
