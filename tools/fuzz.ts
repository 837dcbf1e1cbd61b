// Fuzz campaigns over every fixture version:
//   npm run fuzz -- --count 100000 --seed 7
//   npm run fuzz -- --seed 7 --case 4711        (reproduce one case, with details)
// Options: --count N, --seed S, --start N (first case number, to split a campaign),
// --case N, --kind K, --time-limit MS (per parse, default 2000), --memo (reuse the inflated
// output of undamaged blobs: faster, as the unit test does), --json (one summary line).
// Prints cases and failures per mutation kind, every failure with its seed and case number,
// and the longest parse.
import { loadFixtures } from '../test/fuzz/fixtures';
import { instrument } from '../test/fuzz/harness';
import { campaign, caseAt, type CampaignOptions } from '../test/fuzz/campaign';
import { KIND_NAMES, type Kind } from '../test/fuzz/mutate';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
function num(name: string, dflt: number): number {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a non-negative integer, got ${v}`);
  return n;
}

async function main(): Promise<number> {
  const seed = num('seed', 1);
  const only = arg('kind') as Kind | undefined;
  if (only !== undefined && !KIND_NAMES.includes(only))
    throw new Error(`--kind must be one of ${KIND_NAMES.join(', ')}`);
  const single = arg('case');
  const fixtures = await loadFixtures();
  instrument(fixtures, flag('memo'));
  const opts: CampaignOptions = {
    fixtures,
    seed,
    start: single === undefined ? num('start', 0) : num('case', 0),
    count: single === undefined ? num('count', 1000) : 1,
    only,
    timeLimitMs: num('time-limit', 2000),
  };
  const repro = (n: number) => `npm run fuzz -- --seed ${seed} --case ${n}${only ? ` --kind ${only}` : ''}`;

  if (single !== undefined) {
    const { fx, c, run } = caseAt(opts, opts.start);
    console.log(`case ${opts.start}: ${fx.name}, ${c.kind}: ${c.detail}`);
    console.log(
      `delivery: ${JSON.stringify(run)}, damage at ${c.damageAt}, expect ${JSON.stringify(c.expect)}`,
    );
  }

  const perKind = new Map<string, { cases: number; failures: number; ms: number }>();
  const failures: string[] = [];
  let longest = { ms: 0, what: '' };
  let maxAlloc = { bytes: 0, what: '' };
  let cases = 0;
  let failed = 0;
  const t0 = performance.now();
  for await (const rep of campaign(opts)) {
    cases++;
    const k = perKind.get(rep.c.kind) ?? { cases: 0, failures: 0, ms: 0 };
    k.cases++;
    k.ms += rep.outcome.ms;
    const what = `seed ${seed} case ${rep.n}: ${rep.fx.name}, ${rep.c.kind}: ${rep.c.detail} [${rep.options}]`;
    if (rep.outcome.ms > longest.ms) longest = { ms: rep.outcome.ms, what };
    if (rep.outcome.maxAlloc > maxAlloc.bytes) maxAlloc = { bytes: rep.outcome.maxAlloc, what };
    if (rep.outcome.failures.length > 0) {
      k.failures++;
      failed++;
      failures.push(`${what}\n    ${rep.outcome.failures.join('\n    ')}\n    reproduce: ${repro(rep.n)}`);
      if (!flag('json')) console.log(`FAIL ${failures[failures.length - 1]!}`);
    }
    perKind.set(rep.c.kind, k);
    if (single !== undefined && rep.outcome.result) {
      const r = rep.outcome.result;
      console.log(`samples ${r.samples.map((s) => `${s.index}@${s.offset}`).join(' ')}`);
      for (const s of r.skipped) console.log(`skipped ${s.code} @${s.offset}: ${s.message}`);
      console.log(
        `end ${r.error ? `${r.error.code} @${r.error.offset}: ${r.error.message}` : 'clean'}${r.incompleteLastRecord ? ' (incomplete last record)' : ''}`,
      );
      console.log(`${rep.outcome.ms.toFixed(1)} ms, largest allocation ${rep.outcome.maxAlloc} bytes`);
    }
    if (!flag('json') && cases % 5000 === 0)
      console.error(`… ${cases} cases, ${failed} failed, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const secs = (performance.now() - t0) / 1000;
  const rss = process.memoryUsage().rss;
  if (flag('json')) {
    console.log(
      JSON.stringify({
        seed,
        start: opts.start,
        cases,
        failed,
        secs,
        perKind: Object.fromEntries(perKind),
        longest,
        maxAlloc,
        rss,
        failures,
      }),
    );
    return failed > 0 ? 1 : 0;
  }
  console.log(
    `\n${cases} cases (seed ${seed}, cases ${opts.start}–${opts.start + cases - 1}) in ${secs.toFixed(1)} s, ${failed} failed`,
  );
  console.log('kind                    cases  failed  mean ms');
  for (const name of KIND_NAMES) {
    const k = perKind.get(name);
    if (k)
      console.log(
        `${name.padEnd(22)} ${String(k.cases).padStart(6)}  ${String(k.failures).padStart(6)}  ${(k.ms / k.cases).toFixed(2).padStart(7)}`,
      );
  }
  console.log(`longest parse: ${longest.ms.toFixed(1)} ms (${longest.what})`);
  console.log(`largest single allocation: ${maxAlloc.bytes} bytes (${maxAlloc.what})`);
  console.log(`peak RSS: ${(rss / 2 ** 20).toFixed(0)} MiB`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
