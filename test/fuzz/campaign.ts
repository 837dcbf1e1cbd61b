// A fuzz campaign: cases numbered from 0, each reproducible on its own from (seed, number).
import type { Fixture } from './fixtures';
import { runCase, runOptions, type Outcome } from './harness';
import { caseSeed, makeCase, Rng, type Case, type Kind } from './mutate';

export interface CampaignOptions {
  readonly fixtures: readonly Fixture[];
  readonly seed: number;
  /** First case number (campaigns can be split into chunks). */
  readonly start: number;
  readonly count: number;
  readonly only?: Kind | undefined;
  readonly timeLimitMs: number;
}

export interface CaseReport {
  readonly n: number;
  readonly fx: Fixture;
  readonly c: Case;
  readonly outcome: Outcome;
  readonly options: string;
}

/** Case `n` of the campaign with `seed`: the fixture, the damaged log and how it is delivered. */
export function caseAt(o: CampaignOptions, n: number) {
  const r = new Rng(caseSeed(o.seed, n));
  const { fx, c } = makeCase(o.fixtures, r, o.only);
  return { fx, c, run: runOptions(r, o.timeLimitMs) };
}

export async function* campaign(o: CampaignOptions): AsyncGenerator<CaseReport> {
  for (let n = o.start; n < o.start + o.count; n++) {
    const { fx, c, run } = caseAt(o, n);
    const outcome = await runCase(fx, c, run);
    const options = `${run.totalSize ? 'size known' : 'size unknown'}, chunks of ${run.chunk >= 1 << 30 ? 'all' : run.chunk}`;
    yield { n, fx, c, outcome, options };
  }
}
