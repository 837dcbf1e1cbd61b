// Range totals agree with atop's own -P output: per process, program, user, container and
// cgroup (as PRG columns 31 and 33 name them, where the version has them), the sums of
// the PRC/PRD/PRM/PRN columns over the same samples (since-boot ones left out), the maxima of
// RSIZE/VSIZE, samples present, first and last, distinct processes and the exit status,
// over the whole log and over a sub-range, for every capture and the recorded reused-pid log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCode } from '../src/format/index';
import { chunksOf } from '../src/format/index';
import { runTotals } from '../src/analysis/run';
import { sumAt, type TotalsTable } from '../src/analysis/totals';
import { FIXTURES, fixtureDirs } from './helpers';
import { oracleTasks, oracleTotals, type OracleBy } from './oracle/totals';

const captures = [
  ...fixtureDirs(),
  { name: 'recorded/reused-pid', dir: join(FIXTURES, 'recorded/reused-pid'), version: '2.8' },
];

/** Container from 2.3 (PRG column 31), cgroup from 2.8 (column 33). */
function groupings(version: string): OracleBy[] {
  const minor = version === '1.26' ? 0 : Number(version.split('.')[1]);
  return [
    'process',
    'program',
    'user',
    ...(minor >= 3 ? (['container'] as const) : []),
    ...(minor >= 8 ? (['cgroup'] as const) : []),
  ];
}

/** Our table as oracle rows: key → column → value (exit status as -P prints it). */
function ours(t: TotalsTable, decodedExit: boolean): Map<string, Record<string, string | number>> {
  const out = new Map<string, Record<string, string | number>>();
  for (let r = 0; r < t.rows; r++) {
    const v: Record<string, string | number> = {};
    for (const k of t.keys) v[k.key] = k.num ? k.num[r]! : k.text[r]!;
    t.sums.forEach((s, c) => (v[s.key] = Number(sumAt(t, c, r))));
    for (const p of t.peaks) v[p.key] = p.values[r]!;
    Object.assign(v, { samples: t.samples[r]!, first: t.first[r]!, last: t.last[r]!, procs: t.procs[r]! });
    if (t.by === 'process' && t.exited[r])
      v['gen.excode'] = decodedExit ? exitCode(t.excode[r]!) : t.excode[r]!;
    const key = t.by === 'process' ? `${v['gen.pid']}/${v['gen.btime']}` : String(v[t.keys[0]!.key]);
    out.set(key, v);
  }
  return out;
}

describe('range totals agree with atop -P', () => {
  for (const f of captures) {
    it(`${f.name} (format ${f.version})`, async () => {
      const text = readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1');
      const tasks = oracleTasks(text, f.version);
      const epochs = [...new Set(tasks.map((t) => t.epoch))].sort((a, b) => a - b);
      const raw = readFileSync(join(f.dir, 'sample.raw'));
      const decodedExit = f.version !== '1.26' && Number(f.version.split('.')[1]) >= 4;
      // whole log, a sub-range of two samples, and the since-boot sample alone (no rows)
      const ranges = [
        { from: -Infinity, to: Infinity },
        { from: epochs[2]!, to: epochs[3]! },
        { from: epochs[0]!, to: epochs[0]! },
      ];
      for (const range of ranges)
        for (const by of groupings(f.version)) {
          const want = oracleTotals(tasks, f.version, by, range.from, range.to);
          const run = await runTotals(chunksOf(raw), { by, range });
          expect(run.end.error).toBeNull();
          const got = ours(run.acc!.finish(), decodedExit);
          const where = `${by} ${range.from}..${range.to}`;
          const bootOnly = range === ranges[2];
          expect(want.size === 0, where).toBe(bootOnly);
          expect([...got.keys()].sort(), where).toEqual([...want.keys()].sort());
          for (const [key, w] of want) {
            const wanted = w.values;
            const g = got.get(key)!;
            const picked = Object.fromEntries(Object.keys(wanted).map((k) => [k, g[k]]));
            expect(picked, `${where} ${key}`).toEqual(wanted);
            expect(
              Object.keys(g).filter((k) => !(k in wanted)),
              `${where} ${key}: extra keys`,
            ).toEqual([]);
          }
        }
    });
  }
});
