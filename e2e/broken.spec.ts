// Damaged logs (test/fixtures/broken, see its README.md): the user sees what went wrong and
// where, and every good sample stays viewable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './test-base';
import { recordSpans, withNoise, writeTemp } from './craft';
import { app, chartPoint, expectRowCount, FIXTURES, openLog } from './helpers';
import { processes, readOracle } from './oracle';

interface Case {
  readonly complete_samples: number;
  readonly damage_offset: number | null;
  readonly source?: string;
}

const BROKEN = join(FIXTURES, 'broken');
const cases = JSON.parse(readFileSync(join(BROKEN, 'expected.json'), 'utf8')) as Record<string, Case>;
const oracle28 = readOracle(join(FIXTURES, 'atop', 'atop-2.8', 'sample.parseable.txt'), '2.8');

const slider = (page: Page) => page.getByRole('slider', { name: 'Sample timeline' });

for (const [file, c] of Object.entries(cases)) {
  test(`damaged log ${file}: error shown, good samples viewable`, async ({ page }) => {
    await page.goto('/');

    if (c.complete_samples === 0) {
      await openLog(page, join(BROKEN, file), 'error');
      const fatal = page.getByRole('alert').filter({ hasText: 'This file cannot be read' });
      await expect(fatal).toBeVisible();
      await expect(fatal).toContainText(file);
      await expect(fatal).toContainText(`byte offset ${c.damage_offset ?? 0}`);
      await expect(page.getByRole('grid')).toHaveCount(0);
      return;
    }

    await openLog(page, join(BROKEN, file));
    const total = file === 'corrupt-zlib-in-record.raw' ? 5 : c.complete_samples;
    await expect(slider(page)).toHaveAttribute('aria-valuemax', String(total));
    await expectRowCount(page, processes(oracle28[0]!).length);

    if (c.damage_offset !== null) {
      const damaged = c.complete_samples + 1;
      const banner = page.getByTestId('problems');
      await expect(banner).toContainText(`offset ${c.damage_offset}`);
      await expect(banner).toContainText(`sample ${damaged}`, { ignoreCase: true });
      await expect(app(page)).toHaveAttribute('data-log-error', /.+/);
      // a log cut inside its last record is what a log atop is still writing looks like: a note
      const stillWriting = file.startsWith('truncated-in-record');
      await expect(banner).toHaveAttribute('role', stillWriting ? 'status' : 'alert');
      if (stillWriting) await expect(banner).toContainText('atop may still be writing it');
    } else {
      await expect(page.getByTestId('problems')).toHaveCount(0);
    }

    // every good sample shows what atop printed for it
    for (let i = 0; i < total; i++) {
      if (i > 0) await page.keyboard.press('t');
      await expect(page.getByTestId('sample-number')).toHaveText(`sample ${i + 1} / ${total}`);
      if (file === 'corrupt-zlib-in-record.raw' && i === 2) {
        const err = page.getByRole('alert').filter({ hasText: 'This sample cannot be shown' });
        await expect(err).toContainText('9646');
        await expect(err).toContainText('sample 3');
        continue;
      }
      await expectRowCount(page, processes(oracle28[i]!).length);
    }
  });
}

const V28 = join(FIXTURES, 'atop', 'atop-2.8', 'sample.raw');
const V213 = join(FIXTURES, 'atop', 'atop-2.13');

test('5000 bytes of noise between two records: a gap on the timeline, every sample kept', async ({
  page,
}) => {
  const recs = recordSpans(readFileSync(V28));
  const log = writeTemp('noise-2.8.raw', withNoise(V28, 2, 5000));
  await page.goto('/');
  await openLog(page, log);
  await expect(slider(page)).toHaveAttribute('aria-valuemax', '5');
  const banner = page.getByTestId('problems');
  await expect(banner).toContainText(
    `5000 unreadable bytes were skipped after sample 2 (byte offset ${recs[2]!.offset})`,
  );
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(app(page)).toHaveAttribute('data-log-error', 'resync');
  const gap = page.getByTestId('timeline-gap');
  await expect(gap).toHaveCount(1);
  await expect(gap).toHaveAttribute('data-gap-after', '2');
  await expect(gap).toHaveAttribute('data-bytes', '5000');
  // drawn between sample 2 and 3: at the end of sample 2 on the charts' time axis
  const at = await chartPoint(page, oracle28[1]!.epoch);
  const mark = (await gap.boundingBox())!;
  expect(Math.abs(mark.x + mark.width / 2 - at.x)).toBeLessThan(3);
  // details name the byte range
  await banner.getByRole('button', { name: /Details/ }).click();
  await expect(banner).toContainText(
    `Skipped 5000 bytes (offsets ${recs[2]!.offset}–${recs[2]!.offset + 5000})`,
  );
  for (let i = 0; i < 5; i++) {
    if (i > 0) await page.keyboard.press('t');
    await expect(page.getByTestId('sample-number')).toHaveText(`sample ${i + 1} / 5`);
    await expectRowCount(page, processes(oracle28[i]!).length);
  }
});

test('a record whose lengths lie: skipped, the bytes counted, reading resumes', async ({ page }) => {
  const bytes = readFileSync(V28);
  const recs = recordSpans(bytes);
  const bad = Buffer.from(bytes);
  bad.writeUInt32LE(0xdeadbeef, recs[2]!.offset + 20); // pcomplen of sample 3
  await page.goto('/');
  await openLog(page, writeTemp('lying-pcomplen-2.8.raw', bad));
  await expect(slider(page)).toHaveAttribute('aria-valuemax', '4');
  const skipped = recs[3]!.offset - recs[2]!.offset;
  const banner = page.getByTestId('problems');
  await expect(banner).toContainText(
    `${skipped} unreadable bytes were skipped after sample 2 (byte offset ${recs[2]!.offset})`,
  );
  await expect(page.getByTestId('timeline-gap')).toHaveAttribute('data-bytes', String(skipped));
  await banner.getByRole('button', { name: /Details/ }).click();
  await expect(banner).toContainText('sample 3');
  await expect(banner).toContainText('pcomplen 3735928559');
  // samples 1, 2, 4, 5 of the original, in order
  for (const [k, i] of [0, 1, 3, 4].entries()) {
    if (k > 0) await page.keyboard.press('t');
    await expectRowCount(page, processes(oracle28[i]!).length);
  }
});

test('a log atop is still writing opens with a note, not an error', async ({ page }) => {
  const bytes = readFileSync(join(V213, 'sample.raw'));
  const last = recordSpans(bytes).at(-1)!;
  const oracle = readOracle(join(V213, 'sample.parseable.txt'), '2.13');
  await page.goto('/');
  await openLog(page, writeTemp('still-writing-2.13.raw', bytes.subarray(0, last.offset + 500)));
  await expect(slider(page)).toHaveAttribute('aria-valuemax', '4');
  const note = page.getByTestId('problems');
  await expect(note).toHaveAttribute('role', 'status');
  await expect(note).toContainText('atop may still be writing it');
  await expect(note).toContainText(`sample 5, byte offset ${last.offset}`);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('This file cannot be read')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page.getByTestId('sample-number')).toHaveText('sample 4 / 4');
  await expectRowCount(page, processes(oracle[3]!).length);
});
