// Several files at once: one host's days as one timeline (any order, gzip or not, any mix of
// versions, copies shown once), several hosts side by side, the time zone of every time shown
// and exported (a log across a clock change included), atop's keys, and the dark theme.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from './test-base';
import { fmtIsoTime, fmtTime, zoneName } from '../src/ui/format';
import { KEY_TABLE, keyLabel } from '../src/ui/keys';
import { withShiftedTimes, writeTemp } from './craft';
import { app, exportCsv, expectRowCount, FIXTURES, grid } from './helpers';
import { processes, readOracle } from './oracle';

const vm = (v: string) => join(FIXTURES, 'atop', `atop-${v}`, 'sample.raw');
const doom = (v: string) => join(FIXTURES, 'external', 'atoparser', v, 'sample.raw');
const oracleOf = (v: string) => readOracle(join(FIXTURES, 'atop', `atop-${v}`, 'sample.parseable.txt'), v);
const sampleNumber = (page: Page) => page.getByTestId('sample-number');
const header = (page: Page, key: string) => page.getByLabel('Log header').locator(`[data-key="${key}"] dd`);

/** Drops files on the page as a file manager would (several at once). */
async function dropFiles(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  const dt = await page.evaluateHandle(
    (list) => {
      const d = new DataTransfer();
      for (const f of list)
        d.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      return d;
    },
    files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') })),
  );
  const target = page.locator('.app');
  await target.dispatchEvent('dragenter', { dataTransfer: dt });
  await target.dispatchEvent('drop', { dataTransfer: dt });
}

test('three files of one host dropped in shuffled order (one gzip) are one timeline', async ({ page }) => {
  const o = { '2.13': oracleOf('2.13'), '2.12': oracleOf('2.12'), '2.11': oracleOf('2.11') };
  await page.goto('/');
  // atop 2.11 wrote its log last, 2.13 first; the 2.12 day is gzipped as logrotate leaves it
  await dropFiles(page, [
    { name: 'atop_20261124_c', bytes: readFileSync(vm('2.11')) },
    { name: 'atop_20261124_a', bytes: readFileSync(vm('2.13')) },
    { name: 'atop_20261124_b.gz', bytes: gzipSync(readFileSync(vm('2.12'))) },
  ]);
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await expect(app(page)).toHaveAttribute('data-samples', '15');
  await expect(header(page, 'Samples')).toHaveText('15');
  await expect(header(page, 'Files')).toHaveText('3 files');
  await expect(header(page, 'atop format')).toHaveText('2.13, 2.12, 2.11');
  const first = o['2.13'][0]!.epoch;
  const last = o['2.11'][4]!.epoch;
  await expect(header(page, 'Time range')).toHaveText(
    `2026-11-24 ${fmtTime(first, 'utc')} – ${fmtTime(last, 'utc')}`,
  );
  // each file's first sample is marked, in time order
  const starts = page.getByTestId('timeline-file-start');
  await expect(starts).toHaveCount(3);
  expect(
    await starts.evaluateAll((els) => els.map((e) => [e.getAttribute('data-sample'), e.textContent])),
  ).toEqual([
    ['1', 'atop_20261124_a'],
    ['6', 'atop_20261124_b.gz'],
    ['11', 'atop_20261124_c'],
  ]);
  // t walks across the files in time order; each sample shows its file and atop's own rows
  await expect(sampleNumber(page)).toHaveText('sample 1 / 15');
  await expect(page.getByTestId('sample-file')).toHaveText('atop_20261124_a');
  for (let i = 0; i < 5; i++) await page.keyboard.press('t');
  await expect(sampleNumber(page)).toHaveText('sample 6 / 15');
  await expect(page.getByTestId('sample-file')).toHaveText('atop_20261124_b.gz');
  await expect(page.getByTestId('sample-time')).toHaveText(fmtTime(o['2.12'][0]!.epoch, 'utc'));
  await expectRowCount(page, processes(o['2.12'][0]!).length);
  await page.keyboard.press('End');
  await expect(page.getByTestId('sample-file')).toHaveText('atop_20261124_c');
  await expectRowCount(page, processes(o['2.11'][4]!).length);
  // b jumps across files too
  await page.keyboard.press('b');
  await page.getByLabel('Time to jump to').fill(fmtTime(o['2.12'][2]!.epoch, 'utc'));
  await page.getByLabel('Time to jump to').press('Enter');
  await expect(sampleNumber(page)).toHaveText('sample 8 / 15');
  // the export says which file a row comes from
  const csv = await exportCsv(page);
  expect(csv.source[1]).toEqual(['vm', 'atop_20261124_b.gz', fmtIsoTime(o['2.12'][2]!.epoch, 'utc')]);
  expect(csv.rows.length - 1).toBe(processes(o['2.12'][2]!).length);
});

test('two overlapping copies of a log give each sample once, and the page says so', async ({ page }) => {
  await page.goto('/');
  const bytes = readFileSync(vm('2.13'));
  await page.getByLabel('Open atop raw log').setInputFiles([
    { name: 'atop_20261124', mimeType: 'application/octet-stream', buffer: bytes },
    { name: 'atop_20261124.copy.gz', mimeType: 'application/gzip', buffer: gzipSync(bytes) },
  ]);
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await expect(header(page, 'Samples')).toHaveText('5');
  await expect(header(page, 'Duplicates')).toHaveText('5 samples in two files, shown once');
  await expect(page.getByTestId('timeline-file-start')).toHaveCount(1);
});

test('files of two hosts are two timelines with a host switch (and the host in the URL)', async ({
  page,
}) => {
  await page.goto('/');
  await page
    .getByLabel('Open atop raw log')
    .setInputFiles([vm('2.13'), doom('2.10'), vm('2.12'), doom('2.9')]);
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  const host = page.getByLabel('Host');
  // hosts in the order of their earliest sample: the other machine's logs are from 2024
  await expect(host.locator('option')).toHaveText(['fires-of-mount-doom1', 'vm']);
  await expect(header(page, 'Host')).toHaveText('fires-of-mount-doom1');
  await expect(header(page, 'Samples')).toHaveText('10');
  await host.selectOption('vm');
  await expect(header(page, 'Host')).toHaveText('vm');
  await expect(header(page, 'Samples')).toHaveText('10');
  await expect(header(page, 'atop format')).toHaveText('2.13, 2.12');
  await expect.poll(() => new URL(page.url()).searchParams.get('host')).toBe('vm');
  // the link opens the same host once the files are opened again
  await page.goto(new URL(page.url()).pathname + new URL(page.url()).search);
  await page
    .getByLabel('Open atop raw log')
    .setInputFiles([vm('2.13'), doom('2.10'), vm('2.12'), doom('2.9')]);
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await expect(header(page, 'Host')).toHaveText('vm');
});

test('a zone picked from the list shifts the times shown and exported by its offset', async ({ page }) => {
  const o = oracleOf('2.13');
  await page.goto('/');
  await page.getByLabel('Open atop raw log').setInputFiles(vm('2.13'));
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await page.keyboard.press('t');
  await expect(page.getByTestId('sample-time')).toHaveText(fmtTime(o[1]!.epoch, 'utc'));
  // Newfoundland: UTC-03:30 in November (a zone whose offset is not whole hours)
  const zone = zoneName('America/St_Johns')!;
  const shift = -3.5 * 3600;
  await page.getByLabel('Time zone').selectOption('America/St_Johns');
  await expect(page.getByTestId('sample-time')).toHaveText(fmtTime(o[1]!.epoch + shift, 'utc'));
  await expect(page.getByTestId('sample-span')).toContainText(
    `${fmtTime(o[1]!.epoch - o[1]!.interval + shift, 'utc')} – ${fmtTime(o[1]!.epoch + shift, 'utc')}`,
  );
  await expect(header(page, 'Time range')).toContainText(
    `2026-11-24 ${fmtTime(o[0]!.epoch + shift, 'utc')} – `,
  );
  const csv = await exportCsv(page);
  expect(csv.source[1]![2]).toBe(fmtIsoTime(o[1]!.epoch, zone));
  expect(csv.source[1]![2]).toBe(`2026-11-24T${fmtTime(o[1]!.epoch + shift, 'utc')}-03:30`);
  expect(csv.name).toContain(`T${fmtTime(o[1]!.epoch + shift, 'utc').replace(/:/g, '-')}`);
  await expect.poll(() => new URL(page.url()).searchParams.get('tz')).toBe('America/St_Johns');
});

test('a log across a clock change: the repeated hour carries its offsets, the change is named', async ({
  page,
}) => {
  const o = oracleOf('2.13');
  // Berlin's clocks go back at 2026-10-25 01:00 UTC: sample 4 of the shifted log is the first after
  const change = Date.UTC(2026, 9, 25, 1, 0, 0) / 1000;
  const delta = change + 1 - o[3]!.epoch;
  const path = writeTemp('dst-2.13.raw', withShiftedTimes(vm('2.13'), delta));
  await page.goto('/?v=2&tz=Europe%2FBerlin');
  await page.getByLabel('Open atop raw log').setInputFiles(path);
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  await page.keyboard.press('t');
  await page.keyboard.press('t');
  const t3 = o[2]!.epoch + delta;
  await expect(page.getByTestId('sample-time')).toHaveText(
    `${fmtTime(t3, 'utc').replace(/^00/, '02')} UTC+02:00`,
  );
  await expect(page.getByTestId('clock-change')).toHaveCount(0);
  await page.keyboard.press('t');
  await expect(page.getByTestId('sample-time')).toHaveText('02:00:01 UTC+01:00');
  await expect(page.getByTestId('clock-change')).toHaveText('clocks went back 1h (UTC+02:00 → UTC+01:00)');
  const csv = await exportCsv(page);
  expect(csv.source[1]![2]).toBe('2026-10-25T02:00:01+01:00');
  // a typed time of the repeated hour needs its offset; with it, b finds the sample
  await page.keyboard.press('b');
  await page.getByLabel('Time to jump to').fill('02:59:50');
  await page.getByLabel('Time to jump to').press('Enter');
  await expect(page.getByText('happens twice in this zone')).toBeVisible();
  await page.getByLabel('Time to jump to').fill(`${fmtTime(t3, 'utc').replace(/^00/, '02')} +02:00`);
  await page.getByLabel('Time to jump to').press('Enter');
  await expect(sampleNumber(page)).toHaveText('sample 3 / 5');
});

test("atop's keys switch views and toggles; ? lists every key; z does nothing", async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Open atop raw log').setInputFiles(vm('2.13'));
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  const pressed = (name: string) =>
    expect(page.getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('m');
  await pressed('Memory');
  await page.keyboard.press('d');
  await pressed('Disk');
  await page.keyboard.press('g');
  await pressed('Generic');
  await page.keyboard.press('y');
  await expect(page.getByLabel('Threads')).toBeChecked();
  await page.keyboard.press('y');
  await expect(page.getByLabel('Threads')).not.toBeChecked();
  await page.keyboard.press('X');
  await expect(page.getByLabel('Exited')).not.toBeChecked();
  await page.keyboard.press('E');
  await expect(page.getByLabel('Exited')).toBeChecked();
  await page.keyboard.press('a');
  await expect(page.getByLabel('Active only')).toBeChecked();
  await page.keyboard.press('a');
  const before = page.url();
  await page.keyboard.press('z');
  await expect(sampleNumber(page)).toHaveText('sample 1 / 5');
  expect(page.url()).toBe(before);
  await page.keyboard.press('u');
  await expect(page.getByLabel('Rows per')).toHaveValue('user');
  await page.keyboard.press('g');
  await expect(page.getByLabel('Rows per')).toHaveValue('process');
  // never while typing
  await page.getByLabel('Filter processes').focus();
  await page.keyboard.type('ym');
  await expect(page.getByLabel('Filter processes')).toHaveValue('ym');
  await expect(page.getByLabel('Threads')).not.toBeChecked();
  await page.getByLabel('Filter processes').fill('');
  await grid(page).focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  // every key of the page's key table, each once (labels as the table gives them: "X / E")
  for (const b of KEY_TABLE) {
    const label = keyLabel(b).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    await expect(help.locator('kbd', { hasText: new RegExp(`^${label}$`) })).toHaveCount(1);
  }
});

/** Text whose colour against the background behind it is below `min` (WCAG contrast ratio). */
async function lowContrastText(page: Page, min: number): Promise<string[]> {
  return page.evaluate((minRatio) => {
    const rgb = (c: string): [number, number, number, number] => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const v = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [v[0]!, v[1]!, v[2]!, v[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (x: number) => {
        const s = x / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    /** The opaque colour behind an element: its own background, else its ancestors'. */
    const behind = (el: Element | null): [number, number, number, number] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.5) return c;
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor);
    };
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim()) continue;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || Number(s.opacity) < 0.5) continue;
      if (el.closest('[aria-hidden="true"], .visually-hidden, option')) continue;
      const fg = lum(rgb(s.color));
      const bg = lum(behind(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < minRatio)
        bad.push(`${ratio.toFixed(2)} ${el.tagName}.${el.className}: ${n.textContent.trim().slice(0, 30)}`);
    }
    return bad;
  }, min);
}

for (const scheme of ['light', 'dark'] as const)
  test(`the ${scheme} theme follows the OS and every text is readable (WCAG 4.5:1)`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    expect(await lowContrastText(page, 4.5)).toEqual([]);
    await page.getByLabel('Open atop raw log').setInputFiles([vm('2.13'), vm('2.12')]);
    await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
    await page.keyboard.press('t');
    await expect(sampleNumber(page)).toHaveText('sample 2 / 10');
    await page.mouse.move(1, 700);
    expect(await lowContrastText(page, 4.5)).toEqual([]);
    await page.screenshot({ path: join(import.meta.dirname, '..', 'shots', `${scheme}-1280x720.png`) });
    // the other theme, picked by hand, wins over the OS
    const other = scheme === 'dark' ? 'Light' : 'Dark';
    await page.getByRole('button', { name: other, exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', other.toLowerCase());
    expect(await lowContrastText(page, 4.5)).toEqual([]);
    // kept across visits, until "Reset view"
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', other.toLowerCase());
    await page.getByRole('button', { name: 'Reset view' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
  });
