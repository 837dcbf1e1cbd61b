// Damaged logs (test/fixtures/broken, see its README.md): the user sees what went wrong and
// where, and every good sample stays viewable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { app, expectRowCount, expectSameOrigin, FIXTURES, openLog, recordRequests } from './helpers';
import { processes, readOracle } from './oracle';

interface Case {
  readonly complete_samples: number;
  readonly damage_offset: number | null;
  readonly source?: string;
}

const BROKEN = join(FIXTURES, 'broken');
const cases = JSON.parse(readFileSync(join(BROKEN, 'expected.json'), 'utf8')) as Record<string, Case>;
const oracle28 = readOracle(join(FIXTURES, 'atop', 'atop-2.8', 'sample.parseable.txt'), '2.8');

const slider = (page: import('@playwright/test').Page) =>
  page.getByRole('slider', { name: 'Sample timeline' });

for (const [file, c] of Object.entries(cases)) {
  test(`damaged log ${file}: error shown, good samples viewable`, async ({ page }) => {
    const urls = recordRequests(page);
    await page.goto('/');
    const origin = new URL(page.url()).origin;

    if (c.complete_samples === 0) {
      await openLog(page, join(BROKEN, file), 'error');
      const fatal = page.getByRole('alert').filter({ hasText: 'This file cannot be read' });
      await expect(fatal).toBeVisible();
      await expect(fatal).toContainText(file);
      await expect(fatal).toContainText(`byte offset ${c.damage_offset ?? 0}`);
      await expect(page.getByRole('grid')).toHaveCount(0);
      expectSameOrigin(urls, origin);
      return;
    }

    await openLog(page, join(BROKEN, file));
    const total = file === 'corrupt-zlib-in-record.raw' ? 5 : c.complete_samples;
    await expect(slider(page)).toHaveAttribute('aria-valuemax', String(total));
    await expectRowCount(page, processes(oracle28[0]!).length);

    if (c.damage_offset !== null) {
      const damaged = c.complete_samples + 1;
      const banner = page.getByTestId('problems');
      await expect(banner).toContainText(String(c.damage_offset));
      await expect(banner).toContainText(`sample ${damaged}`, { ignoreCase: true });
      await expect(app(page)).toHaveAttribute('data-log-error', /.+/);
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
    expectSameOrigin(urls, origin);
  });
}
