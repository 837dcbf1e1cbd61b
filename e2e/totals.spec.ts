// Range totals, atop's u / p / j / G and lifelines, in the browser and against atop's own
// -P output: the totals of a typed range and of a range dragged on a chart equal the sums
// of PRC/PRD/PRM columns over the same samples (since-boot left out) for a chosen pid;
// per program, user and container the oracle's groups; a lifeline has one point per
// sample in which its process has a row; a reused pid is two rows and two lifelines; a
// restart loop lists every incarnation; the cgroup tree equals -P CGR; the whole-log search
// answers user: and ppid:.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './test-base';
import { chartPoint, FIXTURES, grid, openLog, readGrid, setFilter } from './helpers';
import { oracleTasks, oracleTotals, type OracleBy, type OracleRow } from '../test/oracle/totals';
import { parseParseable } from '../test/oracle/parseable';
import { readOracle } from './oracle';

const V213 = join(FIXTURES, 'atop', 'atop-2.13');
const SCREEN = join(FIXTURES, 'screen', 'atop-2.8-load');
const REUSED = join(FIXTURES, 'recorded', 'reused-pid');

function oracleOf(dir: string, version: string) {
  const text = readFileSync(join(dir, 'sample.parseable.txt'), 'latin1');
  const tasks = oracleTasks(text, version);
  const epochs = [...new Set(tasks.map((t) => t.epoch))].sort((a, b) => a - b);
  return { text, tasks, epochs, version };
}

const totalsHeader = (page: Page) => page.getByTestId('totals-covers');
const rowsPer = (page: Page) => page.getByLabel('Rows per');

/** Every row of the grid (scrolled through), each as column id → [text, title]. */
async function allRows(page: Page): Promise<Record<string, [string, string]>[]> {
  const n = Number(await grid(page).getAttribute('aria-rowcount'));
  const out = new Map<number, Record<string, [string, string]>>();
  // steps smaller than the rows in view, each read after the virtualizer has drawn the rows
  // of the new position (two frames); a second pass picks up any a slow frame left out
  for (let top = 0, pass = 0; out.size < n && pass < 2; top += 20) {
    if (top > n + 20) {
      top = 0;
      pass++;
    }
    const got = await grid(page).evaluate(async (g, at) => {
      g.scrollTop = Math.max(0, at * 22 - 10);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return [...g.querySelectorAll('[role=row][aria-rowindex]')].map((r) => ({
        index: Number(r.getAttribute('aria-rowindex')),
        cells: Object.fromEntries<[string, string]>(
          [...r.querySelectorAll('[role=gridcell]')].map((c) => {
            const id = [...c.classList].find((k) => k.startsWith('c-'))!.slice(2);
            return [id, [c.textContent, c.getAttribute('title') ?? '']];
          }),
        ),
      }));
    }, top);
    for (const r of got) out.set(r.index, r.cells);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** The exact number a numeric cell's tooltip starts with ("12 ticks (0.12 s)", "4096 KiB"). */
const exact = (cell: [string, string] | undefined) => Number(/^-?\d+/.exec(cell?.[1] ?? '')?.[0] ?? NaN);

/** Presses a key on the page itself (not in the field that has focus). */
async function press(page: Page, k: string): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
  });
  await page.keyboard.press(k);
}

const clearRange = (page: Page) =>
  page.getByRole('group', { name: 'Range' }).getByRole('button', { name: 'Clear', exact: true }).click();

/** Types a range (UTC, the page's default zone) into the range bar. */
async function typeRange(page: Page, from: number, to: number): Promise<void> {
  const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
  await page.getByLabel('Range from', { exact: true }).fill(iso(from));
  await page.getByLabel('Range from', { exact: true }).press('Enter');
  await page.getByLabel('Range to', { exact: true }).fill(iso(to));
  await page.getByLabel('Range to', { exact: true }).press('Enter');
}

/** A process row of the oracle's totals compared with the page's row of that pid. */
function expectProcessRow(row: Record<string, [string, string]>, want: OracleRow, where: string): void {
  const v = want.values;
  expect(exact(row.usrcpu), `${where} USRCPU`).toBe(v['cpu.utime']);
  expect(exact(row.syscpu), `${where} SYSCPU`).toBe(v['cpu.stime']);
  expect(exact(row.rsize), `${where} RSIZE (peak)`).toBe(v['mem.rmem.max']);
  expect(exact(row.vsize), `${where} VSIZE (peak)`).toBe(v['mem.vmem.max']);
  expect(exact(row.rddsk), `${where} RDDSK`).toBe(v['dsk.rsz']);
  expect(exact(row.wrdsk), `${where} WRDSK`).toBe(v['dsk.wsz']);
  expect(row.samples?.[0], `${where} SAMPLES`).toBe(String(v.samples));
}

test('a typed range: the header counts its samples and leaves the since-boot one out; a pid’s totals are atop’s sums', async ({
  page,
}) => {
  const o = oracleOf(V213, '2.13');
  await page.goto('/');
  await openLog(page, join(V213, 'sample.raw'));
  // the whole log: its first sample is the since-boot one
  await typeRange(page, o.epochs[0]!, o.epochs[o.epochs.length - 1]!);
  await expect(totalsHeader(page)).toContainText(`${o.epochs.length - 1} samples`);
  await expect(totalsHeader(page)).toContainText('the since-boot sample left out');
  await expect(page).toHaveURL(new RegExp(`range=${o.epochs[0]}-${o.epochs[o.epochs.length - 1]}`));
  const want = oracleTotals(o.tasks, o.version, 'process', o.epochs[0], o.epochs[o.epochs.length - 1]);
  // the first end typed already gave an answer: wait for the table of the whole range
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(want.size));
  const rows = await allRows(page);
  expect(rows.length).toBe(want.size);
  // the busiest process and one that exited in the range
  const byCpu = [...want.values()].sort(
    (a, b) =>
      (b.values['cpu.utime'] as number) +
      (b.values['cpu.stime'] as number) -
      (a.values['cpu.utime'] as number) -
      (a.values['cpu.stime'] as number),
  );
  const exited = [...want.values()].find((w) => w.values['gen.excode'] !== undefined)!;
  for (const w of [byCpu[0]!, exited]) {
    const pid = String(w.values['gen.pid']);
    const row = rows.find((r) => r.pid?.[0] === pid && r.first?.[0] !== undefined)!;
    expectProcessRow(row, w, `pid ${pid}`);
  }
  expect(rows.find((r) => r.pid?.[0] === String(exited.values['gen.pid']))!.state?.[0]).toBe('E');
  // a sub-range: two samples
  await typeRange(page, o.epochs[2]!, o.epochs[3]!);
  await expect(totalsHeader(page)).toContainText('2 samples');
  await expect(totalsHeader(page)).not.toContainText('since-boot');
  const sub = oracleTotals(o.tasks, o.version, 'process', o.epochs[2], o.epochs[3]);
  const subRows = await allRows(page);
  expect(subRows.length).toBe(sub.size);
  const top = [...sub.values()][0]!;
  const pid = String(top.values['gen.pid']);
  expectProcessRow(
    subRows.find((r) => r.pid?.[0] === pid)!,
    top,
    `sub-range pid ${pid}`,
  );
  // Clear range: the interval again
  await clearRange(page);
  await expect(totalsHeader(page)).toHaveCount(0);
});

test('a range dragged on a chart: the table follows it and its totals are atop’s sums', async ({ page }) => {
  const o = oracleOf(SCREEN, '2.8');
  const oracle = readOracle(join(SCREEN, 'sample.parseable.txt'), '2.8');
  const mid = (i: number) => oracle[i]!.epoch - oracle[i]!.interval / 2;
  await page.goto('/');
  await openLog(page, join(SCREEN, 'sample.raw'));
  const a = await chartPoint(page, mid(2));
  const b = await chartPoint(page, mid(7));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('range-info')).toContainText('samples 3–8');
  await expect(totalsHeader(page)).toContainText('6 samples');
  const want = oracleTotals(o.tasks, o.version, 'process', o.epochs[2], o.epochs[7]);
  const rows = await allRows(page);
  expect(rows.length).toBe(want.size);
  let checked = 0;
  for (const w of [...want.values()].slice(0, 3)) {
    const pid = String(w.values['gen.pid']);
    const row = rows.filter((r) => r.pid?.[0] === pid);
    if (row.length !== 1) continue; // a reused pid: covered by its own test
    expectProcessRow(row[0]!, w, `pid ${pid}`);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
});

/** The group rows the page shows, as key → [PROCS, SAMPLES, CPU ticks (user, system)]. */
async function groupRows(page: Page, key: string): Promise<Map<string, number[]>> {
  const rows = await allRows(page);
  return new Map(
    rows.map((r) => [
      r[key]![0],
      [Number(r.procs![0]), Number(r.samples![0]), exact(r.usrcpu), exact(r.syscpu)],
    ]),
  );
}

function oracleGroups(rows: Map<string, OracleRow>, key: string): Map<string, number[]> {
  return new Map(
    [...rows.values()].map((w) => [
      String(w.values[key] ?? ''),
      [
        w.values.procs as number,
        w.values.samples as number,
        w.values['cpu.utime'] as number,
        w.values['cpu.stime'] as number,
      ],
    ]),
  );
}

test('u, p and j give the oracle’s groups, over a range and for one interval; again (or g) back to processes', async ({
  page,
}) => {
  const o = oracleOf(V213, '2.13');
  const [from, to] = [o.epochs[1]!, o.epochs[o.epochs.length - 1]!];
  await page.goto('/');
  await openLog(page, join(V213, 'sample.raw'));
  await typeRange(page, from, to);
  await expect(totalsHeader(page)).toContainText(`${o.epochs.length - 1} samples`);
  const cases: [string, OracleBy, string, string][] = [
    ['p', 'program', 'name', 'gen.name'],
    ['u', 'user', 'ruid', 'gen.ruid'],
    ['j', 'container', 'utsname', 'gen.container'],
  ];
  for (const [key, by, col, oracleKey] of cases) {
    await press(page, key);
    await expect(rowsPer(page)).toHaveValue(by);
    const want = oracleGroups(oracleTotals(o.tasks, o.version, by, from, to), oracleKey);
    await expect(totalsHeader(page)).toContainText(`${want.size} `);
    await expect(page).toHaveURL(new RegExp(`group=${by}`));
    expect(await groupRows(page, col), by).toEqual(want);
  }
  // one interval (no range), per program
  await clearRange(page);
  await press(page, 'End');
  await press(page, 'p');
  const last = o.epochs[o.epochs.length - 1]!;
  await expect(totalsHeader(page)).toContainText('the interval ending');
  const one = oracleGroups(oracleTotals(o.tasks, o.version, 'program', last, last), 'gen.name');
  expect(await groupRows(page, 'name')).toEqual(one);
  // p again: processes; u then g: processes
  await press(page, 'p');
  await expect(rowsPer(page)).toHaveValue('process');
  await expect(totalsHeader(page)).toHaveCount(0);
  await press(page, 'u');
  await expect(rowsPer(page)).toHaveValue('user');
  await press(page, 'g');
  await expect(rowsPer(page)).toHaveValue('process');
});

/** Samples in which the oracle lists a process row of (pid, btime ± 1 for its exit row). */
function samplesOf(text: string, version: string, pid: number, btime: number): number {
  const s = new Set<number>();
  for (const t of oracleTasks(text, version)) {
    const c = t.prg.cols;
    if (c[27] !== 'y' && version !== '1.26') continue;
    if (Number(c[6]) === pid && Math.abs(Number(c[14]) - btime) <= 1) s.add(t.sample);
  }
  return s.size;
}

test('a reused pid: two rows, two lifelines, each with one point per sample it has a row in; the other one listed', async ({
  page,
}) => {
  const o = oracleOf(REUSED, '2.8');
  await page.goto('/');
  await openLog(page, join(REUSED, 'sample.raw'));
  await typeRange(page, o.epochs[0]!, o.epochs[o.epochs.length - 1]!);
  await setFilter(page, 'pid:400');
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '2');
  const rows = await allRows(page);
  expect(rows.map((r) => r.pid![0])).toEqual(['400', '400']);
  // the two processes' start times (their live rows') in the oracle
  const starts = [
    ...new Set(
      o.tasks
        .filter((t) => t.prg.cols[6] === '400' && t.prg.cols[8] !== 'E')
        .map((t) => Number(t.prg.cols[14])),
    ),
  ];
  expect(starts.length).toBe(2);
  let before = '';
  for (let k = 0; k < 2; k++) {
    await grid(page).locator('[role=row][aria-rowindex]').nth(k).click();
    const lifeline = page.getByTestId('lifeline');
    await expect(lifeline).toHaveAttribute('data-incarnations', '2');
    // the link names the process selected now (it follows the page a moment later)
    await expect
      .poll(() => new URL(page.url()).searchParams.get('sel'))
      .toMatch(new RegExp(`^400-(?!${before.split('-')[1] ?? 'x'}$)\\d+$`));
    const sel = new URL(page.url()).searchParams.get('sel')!;
    before = sel;
    const [pid, btime] = sel.split('-').map(Number) as [number, number];
    expect(pid).toBe(400);
    await expect(lifeline).toHaveAttribute('data-points', String(samplesOf(o.text, '2.8', 400, btime)));
    await expect(page.getByTestId('same-pid')).toContainText('Other processes with pid 400');
    // the other one started after the first process, before the second
    await expect(page.getByTestId('same-pid')).toContainText(
      btime === Math.min(...starts) ? 'after' : 'before',
    );
    // the charts are drawn with a point per sample
    await expect(lifeline.locator('.time-chart')).toHaveCount(4);
  }
});

test('a restart loop: the lifeline lists every run of the program, failed ones marked', async ({ page }) => {
  const o = oracleOf(REUSED, '2.8');
  // every restartme process: pid + start time, exits
  const runs = new Map<number, number>();
  for (const t of o.tasks) if (t.prg.cols[7] === 'restartme') runs.set(Number(t.prg.cols[6]), 1);
  await page.goto('/');
  await openLog(page, join(REUSED, 'sample.raw'));
  await press(page, 'End');
  await setFilter(page, 'name:restartme');
  // a sample with a restartme row
  const search = page.getByTestId('log-matches');
  await expect(search).toContainText('match');
  await press(page, '[');
  await grid(page).locator('[role=row][aria-rowindex]').first().click();
  const strip = page.getByTestId('program-runs');
  await expect(strip).toContainText(`${runs.size} runs of restartme`);
  await expect(strip.locator('.runs-list li')).toHaveCount(runs.size);
  await expect(strip.locator('.runs-strip .run')).toHaveCount(runs.size);
  // each ends with exit 3
  await expect(strip.locator('.runs-list li', { hasText: 'exit 3' })).toHaveCount(runs.size);
  expect(runs.size).toBe(6);
});

test('G on a 2.11+ log: the cgroup tree of an interval is atop’s -P CGR, and a cgroup’s processes are one click away', async ({
  page,
}) => {
  const text = readFileSync(join(V213, 'sample.parseable.txt'), 'latin1');
  const lines = parseParseable(text, '2.13').filter((l) => l.label === 'CGR');
  await page.goto('/');
  await openLog(page, join(V213, 'sample.raw'));
  await press(page, 't');
  await press(page, 'G');
  const tree = page.getByTestId('cgroup-tree');
  await expect(tree).toHaveAttribute('data-kind', 'sample');
  const c = lines.filter((l) => l.sample === 1 && l.cols[6] === 'C');
  const p = lines.filter((l) => l.sample === 1 && l.cols[6] === 'P');
  await expect(tree.locator('tbody tr')).toHaveCount(c.length);
  const paths = await tree
    .locator('tbody tr')
    .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-path')));
  expect(paths).toEqual(c.map((l) => l.cols[7]));
  // every figure as atop prints it: NPROCS (col 9), utime/stime (11, 12), rbytes/wbytes
  // (22, 23), pressures (27–32), in the cells' exact values
  const cols: [string, string, number][] = [
    ['nprocs', 'gen.nprocs', 9],
    ['usr', 'cpu.utime', 11],
    ['sys', 'cpu.stime', 12],
    ['mem', 'mem.current', 15],
    ['rd', 'dsk.rbytes', 22],
    ['wr', 'dsk.wbytes', 23],
    ['cpupsi', 'cpu.somepres', 27],
    ['mempsi', 'mem.somepres', 29],
    ['dskpsi', 'dsk.fullpres', 32],
  ];
  for (const [i, l] of c.entries()) {
    const row = tree.locator('tbody tr').nth(i);
    for (const [col, field, at] of cols) {
      const title = (await row.locator(`td[data-col="${col}"]`).getAttribute('title')) ?? '';
      expect(
        new RegExp(`${field.replace('.', '\\.')} (-?\\d+)`).exec(title)?.[1],
        `${l.cols[7]} ${field}`,
      ).toBe(l.cols[at - 1]);
    }
  }
  // the processes of the cgroup with the most: the filter keeps its pids
  const biggest = p.sort((a, b) => b.cols.length - a.cols.length)[0]!;
  const pids = biggest.cols.slice(8).filter((x) => x !== '0');
  const at = c.findIndex((l) => l.cols[7] === biggest.cols[7]);
  await tree
    .locator('tbody tr')
    .nth(at)
    .getByRole('button', { name: /process/ })
    .click();
  await expect(page.getByLabel('Filter processes')).toHaveValue(`pid:${pids.join(',')}`);
  await expect(rowsPer(page)).toHaveValue('process');
});

test('the whole-log search answers user: and ppid:', async ({ page }) => {
  const oracle = readOracle(join(V213, 'sample.parseable.txt'), '2.13');
  await page.goto('/');
  await openLog(page, join(V213, 'sample.raw'));
  for (const [q, pred] of [
    ['user:0', (t: (typeof oracle)[0]['tasks'][0]) => t.ruid === 0 || t.euid === 0],
    ['ppid:1', (t: (typeof oracle)[0]['tasks'][0]) => t.ppid === 1],
  ] as const) {
    await setFilter(page, q);
    const rows = oracle.reduce((n, s) => n + s.tasks.filter(pred).length, 0);
    const samples = oracle.filter((s) => s.tasks.some(pred)).length;
    await expect(page.getByTestId('log-matches')).toHaveText(
      `Whole log: ${rows} ${rows === 1 ? 'row' : 'rows'} in ${samples} of ${oracle.length} samples match`,
    );
  }
});

test('totals per program and a lifeline: a link with range, group and selection opens them again', async ({
  page,
}) => {
  const o = oracleOf(REUSED, '2.8');
  await page.goto('/');
  await openLog(page, join(REUSED, 'sample.raw'));
  await typeRange(page, o.epochs[1]!, o.epochs[5]!);
  await press(page, 'p');
  await expect(totalsHeader(page)).toContainText('5 samples');
  await expect.poll(() => new URL(page.url()).searchParams.get('group')).toBe('program');
  const url = page.url();
  const g = await readGrid(page);
  await page.goto(url);
  await openLog(page, join(REUSED, 'sample.raw'));
  await expect(totalsHeader(page)).toContainText('5 samples');
  await expect(rowsPer(page)).toHaveValue('program');
  expect((await readGrid(page)).rowCount).toBe(g.rowCount);
});
