// The page's process store (src/worker/process-store.ts) against the `report` command's
// totals (src/analysis, checked against atop -P in report-oracle.test.ts): the log read by
// the worker engine with two pool runners (two string tables, jobs of a few samples, so
// processes cross job and runner boundaries), then range totals per process, program,
// user, container and cgroup, lifelines and the process list compared with one pass of the
// core over the same file, on every capture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GROUP_BYS,
  LifelineCollector,
  runTotals,
  totalsFields,
  type Incarnation,
  type TotalsTable,
} from '../src/analysis/index';
import { chunksOf, layoutForVersion, perCpuTicks, RRBOOT, type LogContents } from '../src/format/index';
import { LogEngine } from '../src/worker/engine';
import { localRunner, RunnerPool } from '../src/worker/pool';
import { ProcessChunkBuilder } from '../src/worker/process-chunk';
import { ProcessStore, type SampleMask } from '../src/worker/process-store';
import { fixtureDirs, FIXTURES, readFixture } from './helpers';

const captures = [
  ...fixtureDirs(),
  { name: 'recorded/reused-pid', dir: join(FIXTURES, 'recorded/reused-pid'), version: '2.8' },
];

async function engineOf(path: string, jobRecords: number) {
  const engine = new LogEngine({
    pool: new RunnerPool([localRunner(), localRunner()]),
    jobRecords,
    chunkBytes: 5000,
  });
  const r = await engine.open(new Blob([readFileSync(path)]), 'x', () => undefined);
  if (!r.ok) throw new Error(r.error.message);
  return engine;
}

/** A table as plain values. */
function plain(t: TotalsTable) {
  return {
    keys: t.keys.map((k) => [k.key, k.num ? [...k.num] : k.text]),
    sums: t.sums.map((s) => [s.key, [...s.values], [...s.big]]),
    peaks: t.peaks.map((p) => [p.key, [...p.values]]),
    rest: [t.samples, t.first, t.last, t.procs, t.exited, t.excode].map((a) => [...a]),
  };
}

function maskOf(c: LogContents, from: number, to: number): SampleMask {
  const m = new Uint8Array(c.samples.length);
  for (const s of c.samples)
    m[s.index] = (s.rec.flags & RRBOOT) === 0 && s.rec.curtime >= from && s.rec.curtime <= to ? 1 : 0;
  return m;
}

function history(c: LogContents, pid: number): Incarnation[] {
  const all = new LifelineCollector(pid);
  for (const s of c.samples)
    all.add(
      {
        index: s.index,
        curtime: s.rec.curtime,
        flags: s.rec.flags,
        percputot: perCpuTicks(s.system),
        nrcpu: s.system.num('cpu.nrcpu'),
      },
      s.tasks,
    );
  return all.finish(c.log!.header.hertz);
}

describe.each(captures)('$name', ({ dir }) => {
  const path = join(dir, 'sample.raw');
  it('range totals of every grouping equal the report, over the whole log and sub-ranges', async () => {
    const c = await readFixture(path);
    const raw = readFileSync(path);
    const layout = layoutForVersion(c.log!.header.version)!;
    const engine = await engineOf(path, 3);
    const store = engine.processStore!;
    const times = c.samples.map((s) => s.rec.curtime);
    const ranges = [
      { from: -Infinity, to: Infinity },
      { from: times[2]!, to: times[3]! },
      { from: times[1]!, to: times[times.length - 2]! },
      { from: times[0]!, to: times[0]! },
    ];
    for (const by of GROUP_BYS) {
      const f = totalsFields(layout, by);
      if (!f.ok || f.fields.cgroupSections) continue;
      for (const range of ranges) {
        const want = (await runTotals(chunksOf(raw), { by, range })).acc!.finish();
        const got = store.totals(layout, by, maskOf(c, range.from, range.to), range);
        if (!got.ok) throw new Error(got.reason);
        expect(plain(got.table), `${by} ${range.from}..${range.to}`).toEqual(plain(want));
      }
    }
    const one = await runTotals(chunksOf(raw), { by: 'process' });
    expect(store.processes()).toEqual(one.acc!.processes());
  });

  it('lifelines equal the core collector for the busiest processes and reused pids', async () => {
    const c = await readFixture(path);
    const engine = await engineOf(path, 4);
    const store = engine.processStore!;
    const hertz = c.log!.header.hertz;
    const list = store.processes();
    // the five longest-lived pids, and every pid that belonged to several processes
    const byPid = new Map<number, number>();
    for (let i = 0; i < list.count; i++) byPid.set(list.pid[i]!, (byPid.get(list.pid[i]!) ?? 0) + 1);
    const longest = [...Array(list.count).keys()]
      .sort((a, b) => list.lastIdx[b]! - list.firstIdx[b]! - (list.lastIdx[a]! - list.firstIdx[a]!))
      .slice(0, 5)
      .map((i) => list.pid[i]!);
    const reused = [...byPid].filter(([, n]) => n > 1).map(([p]) => p);
    for (const pid of new Set([...longest, ...reused.slice(0, 5)]))
      expect(store.lifeline(pid, hertz), `pid ${pid}`).toEqual(history(c, pid));
  });
});

describe('the process store', () => {
  it('gives the same totals whatever the job size and order of arrival', async () => {
    const path = join(FIXTURES, 'recorded/reused-pid/sample.raw');
    const c = await readFixture(path);
    const layout = layoutForVersion(c.log!.header.version)!;
    const mask = maskOf(c, -Infinity, Infinity);
    const range = { from: -Infinity, to: Infinity };
    const tables = [];
    for (const jobs of [1, 2, 5, 64]) {
      const store = (await engineOf(path, jobs)).processStore!;
      tables.push(plain((store.totals(layout, 'program', mask, range) as { table: TotalsTable }).table));
    }
    for (const t of tables) expect(t).toEqual(tables[0]);
    // chunks given in reverse order, from one string table
    const info = {
      curtime: (i: number) => c.samples[i]!.rec.curtime,
      flags: (i: number) => c.samples[i]!.rec.flags,
      percputot: () => 1,
      nrcpu: () => 1,
    };
    const store = new ProcessStore(layout, info);
    const strings = c.strings;
    const builder = new ProcessChunkBuilder(layout, strings);
    const chunks = [];
    for (const s of c.samples) {
      builder.addColumns(s.index, s.tasks);
      if (s.index % 3 === 2) chunks.push(builder.take());
    }
    chunks.push(builder.take());
    const identity = Int32Array.from({ length: strings.values.length }, (_, i) => i);
    for (const ch of chunks.reverse()) store.add(ch, identity, strings.values);
    expect(plain((store.totals(layout, 'program', mask, range) as { table: TotalsTable }).table)).toEqual(
      tables[0],
    );
  });

  it('keeps values beyond 2^52 exactly', async () => {
    const path = join(FIXTURES, 'atop/atop-2.13/sample.raw');
    const c = await readFixture(path);
    const layout = layoutForVersion(c.log!.header.version)!;
    const info = {
      curtime: (i: number) => c.samples[i]!.rec.curtime,
      flags: (i: number) => c.samples[i]!.rec.flags,
      percputot: () => 1,
      nrcpu: () => 1,
    };
    const store = new ProcessStore(layout, info);
    const builder = new ProcessChunkBuilder(layout, c.strings);
    const big = 2n ** 60n + 7n;
    for (const s of c.samples) {
      // the first row's utime as atop would store a counter beyond 2^53
      const utime = Float64Array.from(s.tasks.num['cpu.utime']!);
      utime[0] = Number(big);
      builder.addColumns(s.index, {
        ...s.tasks,
        num: { ...s.tasks.num, 'cpu.utime': utime },
        wide: { ...s.tasks.wide, 'cpu.utime': new Map([[0, big]]) },
      });
    }
    const identity = Int32Array.from({ length: c.strings.values.length }, (_, i) => i);
    store.add(builder.take(), identity, c.strings.values);
    const r = store.totals(layout, 'user', maskOf(c, -Infinity, Infinity), { from: -Infinity, to: Infinity });
    if (!r.ok) throw new Error(r.reason);
    const utime = r.table.sums.find((s) => s.key === 'cpu.utime')!;
    const exact = [...utime.big.values()];
    expect(exact.length).toBe(1);
    // every non-boot sample's first row counted exactly, whatever else that user ran
    const nonBoot = c.samples.filter((s) => (s.rec.flags & RRBOOT) === 0).length;
    expect(exact[0]! >= BigInt(nonBoot) * big).toBe(true);
    expect(exact[0]! - BigInt(nonBoot) * big < 2n ** 40n).toBe(true);
  });
});
