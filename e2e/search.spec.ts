// The filter across the whole log: how many rows and samples match, the timeline's marks,
// and stepping from one matching sample to the next, checked against atop's own -P output.
import { join } from 'node:path';
import { expect, test } from './test-base';
import { app, FIXTURES, openLog, setFilter } from './helpers';
import { readOracle } from './oracle';

const DIR = join(FIXTURES, 'atop', 'atop-2.13');
const oracle = readOracle(join(DIR, 'sample.parseable.txt'), '2.13');
const perSample = (re: RegExp) => oracle.map((s) => s.tasks.filter((t) => re.test(t.name)).length);

test('name:/regex/ counts rows in every sample and steps between matching samples', async ({ page }) => {
  const want = perSample(/^dd$/);
  const rows = want.reduce((a, b) => a + b, 0);
  const samples = want.filter((n) => n > 0).length;
  // the capture has dd in some samples only: otherwise stepping proves nothing
  expect(samples).toBeGreaterThan(0);
  expect(samples).toBeLessThan(oracle.length);

  await page.goto('/');
  await openLog(page, join(DIR, 'sample.raw'));
  await setFilter(page, 'name:/^dd$/');
  await expect(app(page)).toHaveAttribute('data-filter-state', 'done');
  const matches = page.getByRole('group', { name: 'Matches in the whole log' });
  await expect(matches.getByTestId('log-matches')).toHaveText(
    `Whole log: ${rows} rows in ${samples} of ${oracle.length} samples match`,
  );

  const slider = page.getByRole('slider', { name: 'Sample timeline' });
  await expect(slider).toHaveAttribute('aria-valuenow', '1');
  await expect(slider).toHaveAttribute('aria-valuetext', new RegExp(`, ${want[0]} rows match the filter$`));
  // ] (and the button) go to the next sample with a match, wrapping; [ goes back
  const order = want.flatMap((n, i) => (n > 0 ? [i] : []));
  const next = order.find((i) => i > 0) ?? order[0]!;
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press(']');
  await expect(slider).toHaveAttribute('aria-valuenow', String(next + 1));
  await expect(slider).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`, ${want[next]} rows match the filter$`),
  );
  await matches.getByRole('button', { name: 'Next match' }).click();
  const after = order.find((i) => i > next) ?? order[0]!;
  await expect(slider).toHaveAttribute('aria-valuenow', String(after + 1));
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('[');
  const before = [...order].reverse().find((i) => i < after) ?? order[order.length - 1]!;
  await expect(slider).toHaveAttribute('aria-valuenow', String(before + 1));

  // every clause of the language runs over the whole log (ppid: and user: too, counted
  // against the oracle in totals.spec.ts); clearing the filter clears the marks
  await setFilter(page, 'ppid:1');
  await expect(matches.getByTestId('log-matches')).toHaveText(
    /^Whole log: \d+ rows? in \d+ of \d+ samples match$/,
  );
  await setFilter(page, '');
  await expect(app(page)).toHaveAttribute('data-filter-state', 'idle');
  await expect(matches).toHaveCount(0);
});
