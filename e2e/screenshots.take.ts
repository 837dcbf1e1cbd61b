// The pictures of docs/screenshots/ (what the README and the issue notes show), taken from
// the production build at 1280x720. Not a test (the suite's playwright.config.ts does not
// match this file): `npm run screenshots` runs it and overwrites the pictures; the day log
// comes from `npm run bench` (bench/out/day.raw) and is left out when it is not there.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from './test-base';
import { app, FIXTURES, grid, openLog, ROOT, setFilter } from './helpers';

const OUT = join(ROOT, 'docs', 'screenshots');
const DAY = join(ROOT, 'bench', 'out', 'day.raw');
const vm = (v: string) => join(FIXTURES, 'atop', `atop-${v}`, 'sample.raw');

test.use({ viewport: { width: 1280, height: 720 } });

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.mouse.move(1279, 719);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

test('the demo log: a range over a cpu-hog run, its totals, and a lifeline', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open sample log' }).click();
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await shot(page, 'demo-opened');
  // cpu-hog's second run: samples 81-101 (STORY.md), picked with the range bar
  const slider = page.getByRole('slider', { name: 'Sample timeline' });
  await slider.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 80; i++) await page.keyboard.press('t');
  await page.getByRole('button', { name: 'From selected sample' }).click();
  for (let i = 0; i < 20; i++) await page.keyboard.press('t');
  await page.getByRole('button', { name: 'To selected sample' }).click();
  await expect(page.getByTestId('totals-covers')).toContainText('21 samples');
  await shot(page, 'range-totals');
  await grid(page).locator('[role=row][aria-rowindex="1"]').click();
  await expect(page.getByTestId('lifeline')).toBeVisible();
  await shot(page, 'lifeline-cpu-hog');
  await page.getByRole('button', { name: 'Close lifeline' }).click();
  await page
    .getByRole('group', { name: 'Range' })
    .getByRole('button', { name: 'Clear', exact: true })
    .click();
  await setFilter(page, 'flaky-daemon');
  await grid(page).locator('[role=row][aria-rowindex="1"]').click();
  await expect(page.getByTestId('lifeline')).toBeVisible();
  await shot(page, 'lifeline-restart-loop');
  await setFilter(page, '');
  await page.getByRole('button', { name: 'Close lifeline' }).click();
  await grid(page).focus();
  await page.keyboard.press('p');
  await expect(page.getByLabel('Rows per')).toHaveValue('program');
  await shot(page, 'per-program');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'dark-theme');
});

test('the day log (1,440 samples) and a whole-system capture under load', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await openLog(page, join(FIXTURES, 'screen', 'atop-2.8-load', 'sample.raw'));
  // an interval of the load (the first sample counts since boot)
  for (let i = 0; i < 3; i++) await page.keyboard.press('t');
  await shot(page, 'system-capture-under-load');
  if (!existsSync(DAY)) return;
  await page.goto('/');
  await openLog(page, DAY);
  await shot(page, 'day-log');
});

test("atop's G: the cgroup tree of a 2.13 log", async ({ page }) => {
  await page.goto('/');
  await openLog(page, vm('2.13'));
  await grid(page).focus();
  await page.keyboard.press('t');
  await page.keyboard.press('Shift+G');
  await page.waitForTimeout(800);
  await shot(page, 'cgroup-tree');
});

test('three files of one host (one gzip) and two hosts', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Open atop raw log').setInputFiles([
    { name: 'atop_20261124', mimeType: 'application/octet-stream', buffer: readFileSync(vm('2.13')) },
    { name: 'atop_20261123.gz', mimeType: 'application/gzip', buffer: gzipSync(readFileSync(vm('2.12'))) },
    { name: 'atop_20261122', mimeType: 'application/octet-stream', buffer: readFileSync(vm('2.11')) },
  ]);
  await expect(app(page)).toHaveAttribute('data-load-state', 'ready');
  await shot(page, 'three-files-one-timeline');
  await page.getByRole('button', { name: 'Save as Parquet…' }).click();
  await shot(page, 'save-as-parquet');
});
