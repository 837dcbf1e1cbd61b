// Fixed-seed fuzzing of the parsing core over every fixture version (see test/fuzz/ for the
// mutations and the properties checked; `npm run fuzz` runs long campaigns).
import { beforeAll, describe, expect, it } from 'vitest';
import { campaign } from './fuzz/campaign';
import { loadFixtures, type Fixture } from './fuzz/fixtures';
import { instrument, runCase, runOptions } from './fuzz/harness';
import { KIND_NAMES, Rng, truncationCase } from './fuzz/mutate';

const SEED = 20251124;
const RANDOM_CASES = 2000;
/** Per parse; typical cases take a few ms (a loaded 2-core CI box is far slower than that). */
const TIME_LIMIT_MS = 5000;

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

  it(`${RANDOM_CASES} random cases (seed ${SEED}) keep every property`, async () => {
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let longest = 0;
    for await (const rep of campaign({
      fixtures,
      seed: SEED,
      start: 0,
      count: RANDOM_CASES,
      timeLimitMs: TIME_LIMIT_MS,
    })) {
      kinds.set(rep.c.kind, (kinds.get(rep.c.kind) ?? 0) + 1);
      longest = Math.max(longest, rep.outcome.ms);
      if (rep.outcome.failures.length > 0)
        failures.push(
          `case ${rep.n} (npm run fuzz -- --seed ${SEED} --case ${rep.n}): ${rep.fx.name}, ${rep.c.kind}: ${rep.c.detail}\n  ` +
            rep.outcome.failures.join('\n  '),
        );
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // every mutation kind was exercised, each more than a handful of times
    for (const k of KIND_NAMES) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(15);
    expect(longest).toBeLessThan(TIME_LIMIT_MS);
  });
});
