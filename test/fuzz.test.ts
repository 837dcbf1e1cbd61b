// Fixed-seed fuzzing of the parsing core over every fixture version (see test/fuzz/ for the
// mutations and the properties checked; `npm run fuzz` runs long campaigns).
import { beforeAll, describe, expect, it } from 'vitest';
import { campaign, caseAt } from './fuzz/campaign';
import { loadFixtures, type Fixture } from './fuzz/fixtures';
import { instrument, runCase, runOptions } from './fuzz/harness';
import { KIND_NAMES, Rng, truncationCase } from './fuzz/mutate';

const SEED = 20251124;
const RANDOM_CASES = 2000;
const BATCH = 200;
/**
 * A hang guard, not a speed check: a parse still running after this long is stopped (its
 * signal aborts) and the case fails as one that does not end. Typical cases take a few ms,
 * so a loaded 2-core CI box stays far from it; speed is `npm run bench`'s business.
 */
const TIME_LIMIT_MS = 5000;

const campaignOf = (fixtures: readonly Fixture[]) => ({
  fixtures,
  seed: SEED,
  start: 0,
  count: RANDOM_CASES,
  timeLimitMs: TIME_LIMIT_MS,
});

let fixtures: Fixture[] = [];

beforeAll(async () => {
  fixtures = await loadFixtures();
  instrument(fixtures, false);
});

describe('fuzz', () => {
  it('covers every fixture version', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(28);
    expect(fixtures.map((f) => f.name)).toContain('atop-1.26');
    expect(fixtures.map((f) => f.name)).toContain('external/2.11.1');
  });

  it('truncation at and around every record boundary of every fixture', async () => {
    const r = new Rng(SEED);
    const failures: string[] = [];
    let cases = 0;
    for (const fx of fixtures) {
      const bounds = [...fx.recs.map((x) => x.offset), fx.bytes.length];
      for (const b of bounds)
        for (const delta of [-1, 0, 1]) {
          const cut = b + delta;
          if (cut > fx.bytes.length) continue;
          const c = truncationCase(fx, cut, `boundary ${b} ${delta >= 0 ? '+' : ''}${delta}`);
          const out = await runCase(fx, c, runOptions(r, TIME_LIMIT_MS));
          cases++;
          if (out.failures.length > 0) failures.push(`${fx.name} ${c.detail}: ${out.failures.join('; ')}`);
        }
    }
    expect(cases).toBeGreaterThanOrEqual(fixtures.length * 16);
    expect(failures.slice(0, 20)).toEqual([]);
  });

  // in batches, so that each test stays far within its timeout on a slow machine
  for (let start = 0; start < RANDOM_CASES; start += BATCH)
    it(`random cases ${start}–${start + BATCH - 1} (seed ${SEED}) keep every property`, async () => {
      const failures: string[] = [];
      for await (const rep of campaign({ ...campaignOf(fixtures), start, count: BATCH }))
        if (rep.outcome.failures.length > 0)
          failures.push(
            `case ${rep.n} (npm run fuzz -- --seed ${SEED} --case ${rep.n}): ${rep.fx.name}, ${rep.c.kind}: ${rep.c.detail}\n  ` +
              rep.outcome.failures.join('\n  '),
          );
      expect(failures.slice(0, 20)).toEqual([]);
    });

  it(`the ${RANDOM_CASES} random cases exercise every mutation kind more than a handful of times`, () => {
    const kinds = new Map<string, number>();
    for (let n = 0; n < RANDOM_CASES; n++) {
      const { c } = caseAt(campaignOf(fixtures), n);
      kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    }
    for (const k of KIND_NAMES) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(15);
  });
});
