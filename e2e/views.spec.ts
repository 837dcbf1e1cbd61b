// atop's column sets (views), and sorting on every column of them, both ways: the rendered
// order must follow the values as shown (sizes, percentages, CPU times, counts, text).
import { join } from 'node:path';
import { expect, test } from './test-base';
import { FIXTURES, grid, openLog, readGrid, type GridSnapshot } from './helpers';

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

/** Checks the order of the rendered rows of `g` by column `col`; returns the neighbours compared. */
function expectSorted(g: GridSnapshot, col: string, desc: boolean): number {
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

/** Each column is sorted in the first view that shows it (by header). */
const FIRST_VIEW = new Map<string, string>();
for (const [button, , headers] of VIEWS)
  for (const h of headers) if (!FIRST_VIEW.has(h)) FIRST_VIEW.set(h, button);

/**
 * Columns sorted per test: a test per view (and per 6 of its columns) stays far within its
 * timeout on a slow machine.
 */
const CHUNK = 6;
/** Neighbouring cells compared per sorted column, at least (97 tasks; some columns are all "-"). */
const MIN_COMPARED_PER_COLUMN = 17;

for (const [button, key, headers] of VIEWS) {
  const fresh = headers.filter((h) => FIRST_VIEW.get(h) === button);
  const chunks: string[][] = [];
  for (let i = 0; i < fresh.length; i += CHUNK) chunks.push(fresh.slice(i, i + CHUNK));
  if (chunks.length === 0) chunks.push([]);
  for (const chunk of chunks)
    test(`${button} view: the columns as atop names them; ${chunk.length > 0 ? chunk.join(' ') : 'no new column'} sort both ways`, async ({
      page,
    }) => {
      expect(FIRST_VIEW.size, 'distinct columns over all views').toBeGreaterThan(40);
      await page.goto('/');
      await openLog(page, LOG);
      await grid(page).focus();
      await page.keyboard.press('t');
      const pressed = page.getByRole('button', { name: button, exact: true });
      await pressed.click();
      await expect(pressed).toHaveAttribute('aria-pressed', 'true');
      expect((await readGrid(page)).headers).toEqual(headers);
      // and the key atop uses for it
      await page.keyboard.press(key === 'g' ? 'c' : 'g');
      await page.keyboard.press(key);
      await expect(pressed).toHaveAttribute('aria-pressed', 'true');

      let g = await readGrid(page);
      const cols = g.cols.filter((_, i) => chunk.includes(g.headers[i]!));
      expect(cols).toHaveLength(chunk.length);
      let comparisons = 0;
      for (const col of cols) {
        const head = page.locator(`[role=columnheader][data-col=${col}]`);
        const before = g.sorts[g.cols.indexOf(col)];
        await head.locator('button').click();
        g = await readGrid(page);
        // a new column starts descending (or ascending for text), the next click turns it round
        const first = g.sorts[g.cols.indexOf(col)];
        expect(first === 'ascending' || first === 'descending', `${col} sorted`).toBe(true);
        if (before === 'none') comparisons += expectSorted(g, col, first === 'descending');
        await head.locator('button').click();
        await expect(head).toHaveAttribute('aria-sort', first === 'descending' ? 'ascending' : 'descending');
        g = await readGrid(page);
        comparisons += expectSorted(g, col, first !== 'descending');
      }
      console.log(`  ${button}: sorted ${cols.join(' ')}; ${comparisons} neighbouring cells compared`);
      expect(comparisons).toBeGreaterThanOrEqual(MIN_COMPARED_PER_COLUMN * cols.length);
    });
}
