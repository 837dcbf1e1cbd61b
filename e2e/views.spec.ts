// atop's column sets (views), and sorting on every column of them, both ways: the rendered
// order must follow the values as shown (sizes, percentages, CPU times, counts, text).
import { join } from 'node:path';
import { expect, test, type Page } from './test-base';
import { FIXTURES, grid, openLog, readGrid } from './helpers';

const LOG = join(FIXTURES, 'atop', 'atop-2.13', 'sample.raw');

/** Headers of each view as atop names them, for 2.13 (which has no raw-socket counters: no RAWSND/RAWRCV). */
const VIEWS: [button: string, key: string, headers: string[]][] = [
  [
    'Generic',
    'g',
    'PID PPID CMD ST CPU SYSCPU USRCPU RSIZE VSIZE RDDSK WRDSK THR RUID EXC COMMAND-LINE'.split(' '),
  ],
  [
    'Memory',
    'm',
    'PID CMD MINFLT MAJFLT VSTEXT VSLIBS VDATA VSTACK LOCKSZ VSIZE RSIZE PSIZE SWAPSZ VGROW RGROW MEM COMMAND-LINE'.split(
      ' ',
    ),
  ],
  ['Disk', 'd', 'PID CMD RDDSK WRDSK WCANCL DSK COMMAND-LINE'.split(' ')],
  [
    'Net',
    'n',
    'PID CMD TCPSND TCPSSZ TCPRCV TCPRSZ UDPSND UDPSSZ UDPRCV UDPRSZ BANDWI BANDWO COMMAND-LINE'.split(' '),
  ],
  [
    'Sched',
    's',
    'PID CMD TRUN TSLPI TSLPU TIDLE POLI NICE PRI RTPR CPUNR ST EXC RDELAY BDELAY NVCSW NIVCSW WCHAN COMMAND-LINE'.split(
      ' ',
    ),
  ],
  ['GPU', 'e', 'PID CMD GPUST GPUS GPULIST GPUBUSY MEMBUSY MEMNOW MEMAVG COMMAND-LINE'.split(' ')],
  ['Cmdline', 'c', 'PID PPID CMD ST CPU RSIZE COMMAND-LINE'.split(' ')],
];

const UNITS = 'BKMGTP';

/** The number a cell shows, in one unit per column kind; null for text and "-". */
export function shownValue(text: string): number | null {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(-?\d+(?:\.\d)?)([KMGTP])$/.exec(t)) && t.includes('.'))
    return Number(m[1]) * 1024 ** UNITS.indexOf(m[2]!);
  if ((m = /^(-?\d+)B$/.exec(t))) return Number(m[1]);
  if ((m = /^(\d+)([KM])$/.exec(t))) return Number(m[1]) * (m[2] === 'K' ? 1e3 : 1e6); // counts
  if ((m = /^(-?\d+(?:\.\d+)?)%$/.exec(t))) return Number(m[1]);
  if ((m = /^(\d+\.\d\d)s$/.exec(t))) return Number(m[1]);
  if ((m = /^(\d+)m(\d\d)s$/.exec(t))) return Number(m[1]) * 60 + Number(m[2]);
  if ((m = /^(\d+)h(\d\d)m$/.exec(t))) return Number(m[1]) * 3600 + Number(m[2]) * 60;
  if ((m = /^(\d+)d(\d\d)h$/.exec(t))) return Number(m[1]) * 86400 + Number(m[2]) * 3600;
  if ((m = /^(\d+) ([KMG])bps$/.exec(t))) return Number(m[1]) * 1e3 ** ' KMG'.indexOf(m[2]!);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return null;
}

/** Text columns sort by their text (code units, as the app does). */
const TEXT_COLUMNS = new Set(['name', 'cmdline', 'wchan', 'container', 'utsname', 'cgpath', 'gpulist']);

async function expectSorted(page: Page, col: string, desc: boolean): Promise<number> {
  const g = await readGrid(page);
  const at = g.cols.indexOf(col);
  const cells = g.rows.map((r) => r.cells[at] ?? '');
  let compared = 0;
  for (let i = 1; i < cells.length; i++) {
    const [a, b] = [cells[i - 1]!, cells[i]!];
    if (TEXT_COLUMNS.has(col)) {
      expect(desc ? a >= b : a <= b, `${col} ${desc ? 'desc' : 'asc'}: ${a} then ${b}`).toBe(true);
      compared++;
      continue;
    }
    const [x, y] = [shownValue(a), shownValue(b)];
    if (x === null || y === null) continue;
    expect(desc ? x >= y : x <= y, `${col} ${desc ? 'desc' : 'asc'}: ${a} then ${b}`).toBe(true);
    compared++;
  }
  return compared;
}

test('every column set as atop names it; every column sorts both ways', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await openLog(page, LOG);
  await grid(page).focus();
  await page.keyboard.press('t');
  const checked = new Set<string>();
  let comparisons = 0;
  for (const [button, key, headers] of VIEWS) {
    await page.getByRole('button', { name: button, exact: true }).click();
    await expect(page.getByRole('button', { name: button, exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect((await readGrid(page)).headers, button).toEqual(headers);
    // and the key atop uses for it
    await page.keyboard.press(key === 'g' ? 'c' : 'g');
    await page.keyboard.press(key);
    await expect(page.getByRole('button', { name: button, exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    for (const col of (await readGrid(page)).cols) {
      if (checked.has(col)) continue;
      checked.add(col);
      const head = page.locator(`[role=columnheader][data-col=${col}]`);
      const before = await head.getAttribute('aria-sort');
      await head.locator('button').click();
      // a new column starts descending (or ascending for text), the next click turns it round
      const first = await head.getAttribute('aria-sort');
      expect(first === 'ascending' || first === 'descending', `${col} sorted`).toBe(true);
      if (before === 'none') comparisons += await expectSorted(page, col, first === 'descending');
      await head.locator('button').click();
      await expect(head).toHaveAttribute('aria-sort', first === 'descending' ? 'ascending' : 'descending');
      comparisons += await expectSorted(page, col, first !== 'descending');
    }
  }
  console.log(`  sorted ${checked.size} columns, ${comparisons} neighbouring cells compared`);
  expect(checked.size).toBeGreaterThan(40);
  expect(comparisons).toBeGreaterThan(1000);
});
