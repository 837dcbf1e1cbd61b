// Every captured atop version (one test per test/fixtures/atop/atop-* directory): what the
// table shows must equal what atop itself printed for the same file (`-P` oracle).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './test-base';
import { neutralise } from '../src/ui/csv';
import { fmtKiB, fmtPct, fmtSectors } from '../src/ui/format';
import {
  expectRowCount,
  exportCsv,
  grid,
  installLoadTimer,
  loadTimes,
  openLog,
  readGrid,
  rowByCol,
  scrollGridTo,
  setFilter,
  externalFixtures,
  versionFixtures,
} from './helpers';
import { oracleCpuPercent, processes, readOracle, type OracleSample, type OracleTask } from './oracle';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The pids whose cells are checked: busiest, longest command line, first process. */
function chosen(s: OracleSample): OracleTask[] {
  const procs = processes(s).filter((t) => t.state !== 'E');
  const byCpu = [...procs].sort((a, b) => oracleCpuPercent(s, b) - oracleCpuPercent(s, a))[0]!;
  const byCmd = [...procs].sort((a, b) => b.cmdline.length - a.cmdline.length)[0]!;
  const first = procs[0]!;
  return [...new Map([byCpu, byCmd, first].map((t) => [t.pid, t])).values()];
}

async function expectChosen(page: Page, s: OracleSample): Promise<void> {
  for (const t of chosen(s)) {
    await setFilter(page, `pid:${t.pid}`);
    const want = processes(s).filter((x) => x.pid === t.pid);
    await expectRowCount(page, want.length);
    const row = rowByCol(await readGrid(page), 1);
    expect(row, `pid ${t.pid}`).toMatchObject({
      pid: String(t.pid),
      name: t.name,
      cmdline: t.cmdline,
      cpu: fmtPct(oracleCpuPercent(s, t)),
      rsize: fmtKiB(t.rmem),
      vsize: fmtKiB(t.vmem),
      rddsk: fmtSectors(t.rsz),
      wrdsk: fmtSectors(t.wsz),
      ppid: String(t.ppid),
      ruid: String(t.ruid),
      state: t.state,
    });
  }
}

// the shared captures, then those recorded elsewhere (another host, 2-6 processes a sample)
for (const fx of [...versionFixtures(), ...externalFixtures()]) {
  const label = fx.dir.startsWith('atoparser-') ? `${fx.dir} (format ${fx.version})` : `atop ${fx.version}`;
  test(`${label}: table equals atop's own output`, async ({ page }) => {
    const oracle = readOracle(join(fx.path, 'sample.parseable.txt'), fx.version);
    const [s0, s1] = [oracle[0]!, oracle[1]!];
    await installLoadTimer(page);
    await page.goto('/');
    await openLog(page, join(fx.path, 'sample.raw'));
    const times = await loadTimes(page);
    const size = statSync(join(fx.path, 'sample.raw')).size;
    test.info().annotations.push({ type: 'first interval', description: `${Math.round(times.firstRow)} ms` });
    console.log(`  ${label} (${size} bytes): file chosen → first interval ${Math.round(times.firstRow)} ms`);

    // header panel
    await expect(page.locator('.log-header [data-key="atop format"] dd')).toHaveText(fx.version);
    await expect(page.locator('.log-header [data-key="Host"] dd')).toHaveText(s0.host);
    await expect(page.locator('.log-header [data-key="Samples"] dd')).toHaveText(String(oracle.length));
    await expect(page.getByTestId('sample-number')).toHaveText(`sample 1 / ${oracle.length}`);

    // first interval: as many rows as atop printed processes
    await expectRowCount(page, processes(s0).length);

    // chosen processes: CPU%, RSIZE, name and command line as atop
    await expectChosen(page, s0);
    await setFilter(page, '');

    // name filter (regex) and free text (case-insensitive, name or command line)
    const names = processes(s0).map((t) => t.name);
    const common = [...new Set(names)].sort(
      (a, b) => names.filter((n) => n === b).length - names.filter((n) => n === a).length,
    )[0]!;
    await setFilter(page, `name:/^${escapeRe(common)}$/`);
    await expectRowCount(page, processes(s0).filter((t) => t.name === common).length);
    const g1 = await readGrid(page);
    expect(g1.rows.every((r) => r.cells[g1.cols.indexOf('name')] === common)).toBe(true);
    const word = common.slice(0, 4).toUpperCase();
    await setFilter(page, word);
    const lw = word.toLowerCase();
    await expectRowCount(
      page,
      processes(s0).filter((t) => t.name.toLowerCase().includes(lw) || t.cmdline.toLowerCase().includes(lw))
        .length,
    );

    // next interval: sample 2, filter kept
    await setFilter(page, '');
    await page.getByRole('button', { name: 'Next interval' }).click();
    await expect(page.getByTestId('sample-number')).toHaveText(`sample 2 / ${oracle.length}`);
    await expectRowCount(page, processes(s1).length);
    await setFilter(page, `name:/^${escapeRe(common)}$/`);
    await expectRowCount(page, processes(s1).filter((t) => t.name === common).length);
    await page.getByRole('button', { name: 'Previous interval' }).click();
    await expect(page.getByTestId('sample-number')).toHaveText(`sample 1 / ${oracle.length}`);
    await expectRowCount(page, processes(s0).filter((t) => t.name === common).length);
    await page.getByRole('button', { name: 'Next interval' }).click();
    await expect(page.getByTestId('sample-number')).toHaveText(`sample 2 / ${oracle.length}`);
    await expectChosen(page, s1);
    await setFilter(page, '');
    await expectRowCount(page, processes(s1).length);

    // export: exactly the visible rows and columns, in order
    const csv = await exportCsv(page);
    const when = new Date(s1.epoch * 1000).toISOString().slice(0, 19).replace(/:/g, '-');
    expect(csv.name).toBe(`atop_${s0.host}_${when}Z_generic.csv`);
    const top = await readGrid(page);
    expect(csv.table[0]).toEqual(top.headers);
    expect(csv.rows.length - 1).toBe(top.rowCount);
    // every row says where it comes from: host, file, the sample's time (UTC here)
    const iso = `${new Date(s1.epoch * 1000).toISOString().slice(0, 19)}Z`;
    expect(new Set(csv.source.slice(1).map((r) => r.join(' ')))).toEqual(
      new Set([`${s0.host} sample.raw ${iso}`]),
    );
    // (cells a spreadsheet could run carry a leading ': test/ui-csv.test.ts)
    for (const r of top.rows) expect(csv.table[r.index]).toEqual(r.cells.map(neutralise));
    await scrollGridTo(page, top.rowCount - 1);
    const bottom = await readGrid(page);
    expect(bottom.rows.some((r) => r.index === top.rowCount)).toBe(true);
    for (const r of bottom.rows) expect(csv.table[r.index]).toEqual(r.cells.map(neutralise));
    await expect(grid(page)).toBeVisible();
  });
}
