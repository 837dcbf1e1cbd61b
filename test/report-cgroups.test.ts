// The cgroup v2 tree of every sample of the 2.11+ captures agrees with atop's -P CGR lines
// (every column of every C line, every pid of every P line), and cgroup totals over a range
// are the sums (counters, -1 left out) and maxima (gauges) of those columns over the same
// samples, since-boot ones left out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CgroupTotals,
  CGROUP_COUNTERS,
  CGROUP_GAUGES,
  cgroupTree,
  type CgroupTree,
} from '../src/analysis/index';
import { fixtureDirs, readFixture } from './helpers';
import { groupFor, parseParseable, type OracleLine } from './oracle/parseable';

const captures = fixtureDirs().filter((f) => ['2.11', '2.12', '2.13'].includes(f.version));

/** C-line column → cstat member, from the -P column map. */
function cColumns(version: string): Map<number, string> {
  const shape = groupFor('CGR', version)!.lines[0]!;
  const out = new Map<number, string>();
  for (const c of shape)
    if (typeof c.col === 'number' && c.field?.startsWith('cstat.'))
      out.set(c.col, c.field.slice('cstat.'.length));
  return out;
}

function treeValue(t: CgroupTree, path: string, i: number): number {
  return (t.values as Record<string, Float64Array>)[path]![i]!;
}

describe('cgroup tree agrees with atop -P CGR', () => {
  it('has 2.11+ captures with cgroups', () => {
    expect(captures.map((c) => c.name)).toEqual(
      expect.arrayContaining(['atop-2.11', 'atop-2.12', 'atop-2.13', 'external/2.11', 'external/2.12']),
    );
  });
  for (const f of captures) {
    it(`${f.name}: every C and P line of every sample, and range totals`, async () => {
      const text = readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1');
      const lines = parseParseable(text, f.version).filter((l) => l.label === 'CGR');
      const contents = await readFixture(join(f.dir, 'sample.raw'));
      const cols = cColumns(f.version);
      const bySample = new Map<number, OracleLine[]>();
      for (const l of lines) (bySample.get(l.sample) ?? bySample.set(l.sample, []).get(l.sample)!).push(l);
      let cLines = 0;
      for (const [s, ls] of bySample) {
        const tree = cgroupTree(contents.samples[s]!.cgroups!);
        const cs = ls.filter((l) => l.cols[6] === 'C');
        expect(tree.path, `sample ${s} paths`).toEqual(cs.map((l) => l.cols[7]));
        cs.forEach((l, i) => {
          for (const [col, path] of cols)
            expect(treeValue(tree, path, i), `sample ${s} ${l.cols[7]} ${path}`).toBe(
              Number(l.cols[col - 1]),
            );
          // depth and parent: the path's components
          expect(tree.depth[i]).toBe(l.cols[7] === '/' ? 0 : l.cols[7]!.split('/').length - 1);
          const parent = tree.parent[i]! < 0 ? null : tree.path[tree.parent[i]!];
          expect(parent).toBe(l.cols[7] === '/' ? null : l.cols[7]!.replace(/\/[^/]*$/, '') || '/');
        });
        cLines += cs.length;
        for (const p of ls.filter((l) => l.cols[6] === 'P')) {
          const i = tree.path.indexOf(p.cols[7]!);
          const pids = [...tree.pids.subarray(tree.pidStart[i], tree.pidStart[i + 1])];
          expect(pids, `sample ${s} ${p.cols[7]} pids`).toEqual(p.cols.slice(8).map(Number));
        }
      }
      expect(cLines).toBeGreaterThan(0);

      // range totals over samples 1..3 (sample 0 is since boot)
      const boot = new Set<number>();
      let k = 0;
      for (const l of text.split('\n')) {
        if (l === 'SEP') k++;
        else if (l === 'RESET') boot.add(k);
      }
      const epochs = [...new Set(lines.map((l) => l.epoch))].sort((a, b) => a - b);
      const range = { from: epochs[0]!, to: epochs[3]! };
      const totals = new CgroupTotals(range);
      // fed in two halves merged, as a worker pool would
      const halves = [new CgroupTotals(range), new CgroupTotals(range)];
      contents.samples.forEach((s) => {
        halves[s.index % 2]!.add({ index: s.index, curtime: s.rec.curtime, flags: s.rec.flags }, s.cgroups);
      });
      for (const h of halves) totals.merge(h.toPartial());
      const got = totals.finish();
      const want = new Map<string, { samples: number; sums: number[]; avail: boolean[]; peaks: number[] }>();
      const colOf = (path: string) => [...cols].find(([, p]) => p === path)![0];
      for (const l of lines) {
        if (l.cols[6] !== 'C' || boot.has(l.sample) || l.epoch < range.from || l.epoch > range.to) continue;
        const w =
          want.get(l.cols[7]!) ??
          want
            .set(l.cols[7]!, {
              samples: 0,
              sums: CGROUP_COUNTERS.map(() => 0),
              avail: CGROUP_COUNTERS.map(() => false),
              peaks: CGROUP_GAUGES.map(() => -Infinity),
            })
            .get(l.cols[7]!)!;
        w.samples++;
        CGROUP_COUNTERS.forEach((p, j) => {
          const v = Number(l.cols[colOf(p) - 1]);
          if (v !== -1) {
            w.sums[j]! += v;
            w.avail[j] = true;
          }
        });
        CGROUP_GAUGES.forEach((p, j) => (w.peaks[j] = Math.max(w.peaks[j]!, Number(l.cols[colOf(p) - 1]))));
      }
      expect([...got.path].sort()).toEqual([...want.keys()].sort());
      got.path.forEach((p, i) => {
        const w = want.get(p)!;
        expect(got.samples[i], p).toBe(w.samples);
        CGROUP_COUNTERS.forEach((c, j) => {
          expect(got.sums[c][i], `${p} ${c}`).toBe(w.avail[j] ? w.sums[j] : -1);
        });
        CGROUP_GAUGES.forEach((c, j) => {
          expect(got.peaks[c][i], `${p} ${c}`).toBe(w.peaks[j]);
        });
      });
    });
  }
});
