// The whole-log search (worker/search-index.ts fed by the pool's summarize.ts): per-sample
// counts of matching rows for name:/regex/, cmd:, text, pid:, ppid:, user: and state: clauses, checked
// against atop's own -P output of every capture; and each regex runs once per string.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOracle, type OracleTask } from '../e2e/oracle';
import type { FilterClause } from '../src/filter/clauses';
import { parseFilter } from '../src/filter/parse';
import { LogEngine } from '../src/worker/engine';
import { diffSorted, IdentityTable } from '../src/worker/identities';
import type { SearchColumns } from '../src/worker/protocol';
import { SearchIndex } from '../src/worker/search-index';
import { fixtureDirs } from './helpers';

const clausesOf = (src: string): readonly FilterClause[] => {
  const r = parseFilter(src);
  if (!r.ok) throw new Error(r.message);
  return r.filter.clauses;
};

const CASES: [string, (t: OracleTask) => boolean][] = [
  ['name:/^(sleep|sh)$/', (t) => /^(sleep|sh)$/.test(t.name)],
  ['cmd:/sleep/', (t) => /sleep/.test(t.cmdline)],
  ['SLEEP', (t) => t.name.toLowerCase().includes('sleep') || t.cmdline.toLowerCase().includes('sleep')],
  ['-name:/^sh$/ state:S', (t) => t.name !== 'sh' && t.state === 'S'],
  ['pid:1', (t) => t.pid === 1 || t.tgid === 1],
  ['ppid:1', (t) => t.ppid === 1],
  ['user:0', (t) => t.ruid === 0 || t.euid === 0],
  ['-user:0 -ppid:0,2', (t) => t.ruid !== 0 && t.euid !== 0 && t.ppid !== 0 && t.ppid !== 2],
];

// captures of test/fixtures/atop (their directory names carry the version)
describe.each(fixtureDirs().filter((f) => f.name.startsWith('atop-')))('$name', ({ dir, name }) => {
  const version = name.replace(/^atop-/, '');
  it('counts matching rows per sample as atop -P lists them', async () => {
    const engine = new LogEngine({ jobRecords: 2 });
    const r = await engine.open(new Blob([readFileSync(join(dir, 'sample.raw'))]), 'x', () => undefined);
    expect(r.ok).toBe(true);
    const oracle = readOracle(join(dir, 'sample.parseable.txt'), version);
    for (const [src, pred] of CASES) {
      const res = engine.search(clausesOf(src));
      if (!res.ok) throw new Error(res.message);
      const want = oracle.map((s) => s.tasks.filter(pred).length);
      expect(Array.from(res.perSample), src).toEqual(want);
      expect(res.rows).toBe(want.reduce((a, b) => a + b, 0));
      expect(res.samples).toBe(want.filter((n) => n > 0).length);
      expect(res.covered).toBe(oracle.length);
    }
  });
});

describe('SearchIndex', () => {
  /** A pool worker's jobs: each sample a list of name ids (row k has pid 100 + k, state S). */
  const source = () => {
    const table = new IdentityTable();
    let sent = 0;
    return (samples: number[][], strings: string[], stringsFrom = 0): SearchColumns => {
      const rows: number[] = [];
      const plus: number[] = [];
      const minus: number[] = [];
      const ids: number[] = [];
      let prev = new Int32Array(0);
      for (const names of samples) {
        const cur = Int32Array.from(names, (n, k) =>
          table.intern(n, 0, 100 + k, 100 + k, 83, 0, 0, 1),
        ).sort();
        const added = new Int32Array(cur.length + prev.length);
        const removed = new Int32Array(cur.length + prev.length);
        const [a, r] = diffSorted(prev, prev.length, cur, cur.length, added, removed);
        rows.push(names.length);
        plus.push(a);
        minus.push(r);
        ids.push(...added.subarray(0, a), ...removed.subarray(0, r));
        prev = cur;
      }
      const identities = table.since(sent);
      sent = table.size;
      return {
        rows: Int32Array.from(rows),
        plus: Int32Array.from(plus),
        minus: Int32Array.from(minus),
        ids: Int32Array.from(ids),
        identities,
        strings: { from: stringsFrom, values: strings },
      };
    };
  };

  it('maps each source’s string ids to one table and runs a regex once per distinct string', () => {
    const ix = new SearchIndex();
    // two pool workers, each with its own ids for the same names
    ix.add(0, 0, source()([[1, 2, 1, 1]], ['', 'nginx', 'bash']));
    ix.add(1, 1, source()([[2, 1]], ['', 'bash', 'nginx']));
    let calls = 0;
    const re = /^nginx$/;
    const test = re.test.bind(re);
    re.test = (s: string) => {
      calls++;
      return test(s);
    };
    const r = ix.search([{ negate: false, kind: 'name', test: { needle: null, re } }], 2, () => 0);
    expect(r.ok && Array.from(r.perSample)).toEqual([3, 1]);
    expect(r.ok && r.rows).toBe(4);
    expect(calls).toBe(ix.strings.length);
    expect(ix.strings).toEqual(['', 'nginx', 'bash']);
  });

  it('counts a sample from the differences to the one before it', () => {
    const ix = new SearchIndex();
    ix.add(0, 0, source()([[1, 2], [1, 2], [2], [], [1, 1, 1]], ['', 'a', 'b']));
    const r = ix.search(clausesOf('name:a'), 5, () => 0);
    expect(r.ok && Array.from(r.perSample)).toEqual([1, 1, 0, 0, 3]);
    expect(ix.rows).toBe(8);
  });

  it('stops keeping samples at its cap and says how much it covers', () => {
    const ix = new SearchIndex(5);
    const job = source();
    ix.add(0, 0, job([[1, 1, 1, 1]], ['', 'a']));
    ix.add(0, 1, job([[1, 1, 1, 1, 1]], [], 2));
    const r = ix.search(clausesOf('name:a'), 2, () => 0);
    expect(r.ok && r.covered).toBe(1);
    expect(ix.full).toBe(true);
  });
});
