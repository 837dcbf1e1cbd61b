// Lifelines and incarnations. The recorded reused-pid log (test/fixtures/recorded/reused-pid)
// has pid 400 belonging to two processes and a program restarted six times; every capture
// gives a lifeline of its busiest process. Points are checked against atop's own -P lines:
// one per sample in which the process has a row, with its RSIZE, disk, threads and CPU %
// as atop computes it from the CPU line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LIFELINE_READ,
  LifelineCollector,
  decodeForTotals,
  projectTstat,
  TotalsAccumulator,
  incarnations,
  lifelineOf,
  runTotals,
  totalsFields,
  type Incarnation,
} from '../src/analysis/index';
import {
  BlobInflater,
  StringTable,
  chunksOf,
  exitCode,
  perCpuTicks,
  readLog,
  type DecodeContext,
  type LogContents,
} from '../src/format/index';
import { FIXTURES, fixtureDirs, readFixture } from './helpers';
import { parseParseable } from './oracle/parseable';

const REUSED = join(FIXTURES, 'recorded/reused-pid');

/** The incarnations of `pid`, collected by two collectors over alternate samples and merged. */
function history(c: LogContents, pid: number): Incarnation[] {
  const halves = [new LifelineCollector(pid), new LifelineCollector(pid)];
  for (const s of c.samples)
    halves[s.index % 2]!.add(
      {
        index: s.index,
        curtime: s.rec.curtime,
        flags: s.rec.flags,
        percputot: perCpuTicks(s.system),
        nrcpu: s.system.num('cpu.nrcpu'),
      },
      s.tasks,
    );
  const all = new LifelineCollector(pid);
  for (const h of halves) all.merge(h.toPartial());
  return all.finish(c.log!.header.hertz);
}

/** From -P: per sample, the PRG/PRC/PRM/PRD columns of pid's process row and the CPU line. */
function oraclePoints(text: string, version: string, pid: number) {
  const lines = parseParseable(text, version);
  const cpu = new Map<number, { percputot: number; nrcpu: number }>();
  for (const l of lines.filter((x) => x.label === 'CPU')) {
    const v = l.cols.slice(8, 16).map(Number); // stime utime ntime itime wtime Itime Stime steal
    const nrcpu = Number(l.cols[7]);
    cpu.set(l.sample, { percputot: v.reduce((a, b) => a + b, 0) / nrcpu, nrcpu });
  }
  const isProc = (cols: readonly string[]) => version === '1.26' || cols[27] === 'y';
  const prg = lines.filter((l) => l.label === 'PRG' && Number(l.cols[6]) === pid && isProc(l.cols));
  // the process row: 2.x lists it first among the rows of its pid (its main thread follows)
  const first = (label: string) => {
    const m = new Map<number, string[]>();
    for (const l of lines)
      if (l.label === label && Number(l.cols[6]) === pid && !m.has(l.sample)) m.set(l.sample, l.cols);
    return m;
  };
  const [prc, prm, prd] = [first('PRC'), first('PRM'), first('PRD')];
  return prg.map((g) => {
    const s = g.sample;
    const nthr = Number(g.cols[12]);
    const ticks = Number(prc.get(s)![10]) + Number(prc.get(s)![11]);
    const { percputot, nrcpu } = cpu.get(s)!;
    return {
      sample: s,
      btime: Number(g.cols[14]),
      nthr,
      cpu: Math.min((ticks * 100) / percputot, nrcpu * 100, Math.max(1, nthr) * 100),
      rmem: Number(prm.get(s)![11]),
      rsz: Number(prd.get(s)![12]),
      wsz: Number(prd.get(s)![14]),
    };
  });
}

describe('lifelines of a reused pid', () => {
  it('pid 400 of the recorded log is two processes, each with its own lifeline', async () => {
    const c = await readFixture(join(REUSED, 'sample.raw'));
    const text = readFileSync(join(REUSED, 'sample.parseable.txt'), 'latin1');
    const h = history(c, 400);
    expect(h.map((p) => p.btime)).toEqual([1795662892, 1795662897]);
    const [a, b] = h as [Incarnation, Incarnation];
    // A: killed by SIGTERM; its E row (start time 1 s later) is part of it
    expect(a.exited).toBe(true);
    expect(exitCode(a.excode)).toBe(256 + 15);
    expect(b.exited).toBe(false);
    const want = oraclePoints(text, '2.8', 400);
    const inA = want.filter((w) => w.sample <= a.lastIdx);
    const inB = want.filter((w) => w.sample >= b.firstIdx);
    expect(inA.length + inB.length).toBe(want.length);
    expect(inA.map((w) => w.btime)).toContain(1795662893); // the E row
    for (const [p, w] of [
      [a, inA],
      [b, inB],
    ] as const) {
      expect([...p.points.sample]).toEqual(w.map((x) => x.sample));
      expect([...p.points.rmem]).toEqual(w.map((x) => x.rmem));
      expect([...p.points.rsz]).toEqual(w.map((x) => x.rsz));
      expect([...p.points.wsz]).toEqual(w.map((x) => x.wsz));
      expect([...p.points.nthr]).toEqual(w.map((x) => x.nthr));
      p.points.cpu.forEach((v, i) => {
        expect(v).toBeCloseTo(w[i]!.cpu, 9);
      });
    }
    // the selected process and the other one that had its pid, by either start time of A
    expect(lifelineOf(h, 1795662893)!.process).toBe(a);
    expect(lifelineOf(h, 1795662897)!.others).toEqual([a]);
    expect(lifelineOf(h, 1795662000)).toBeNull();
  });

  it('a lifeline needs only the fields LIFELINE_READ names', async () => {
    const raw = readFileSync(join(REUSED, 'sample.raw'));
    const c = await readFixture(join(REUSED, 'sample.raw'));
    const collector = new LifelineCollector(400);
    let ctx: DecodeContext | null = null;
    for await (const ev of readLog(chunksOf(raw)))
      if (ev.type === 'header') ctx = { ...ev.log, inflater: new BlobInflater(), strings: new StringTable() };
      else if (ev.type === 'record') {
        const r = decodeForTotals(ctx!, ev.record, projectTstat(ctx!.layout.tstat, LIFELINE_READ), false);
        if (!r.ok) throw new Error(r.error.message);
        const s = c.samples[ev.record.index]!;
        const cpu = { percputot: perCpuTicks(s.system), nrcpu: s.system.num('cpu.nrcpu') };
        collector.add({ index: s.index, curtime: s.rec.curtime, flags: s.rec.flags, ...cpu }, r.value.tasks);
      }
    expect(collector.finish(100)).toEqual(history(c, 400));
  });

  it('the report gives the two processes of pid 400 two rows', async () => {
    const run = await runTotals(chunksOf(readFileSync(join(REUSED, 'sample.raw'))), { by: 'process' });
    const t = run.acc!.finish();
    const pid = t.keys[0]!.num!;
    const btime = t.keys[1]!.num!;
    const rows = [...pid.keys()].filter((r) => pid[r] === 400).map((r) => btime[r]);
    expect(rows.sort()).toEqual([1795662892, 1795662897]);
  });
});

describe('incarnations of a program', () => {
  it('the restart loop of the recorded log shows all six runs, each exiting with 3', async () => {
    const events = readFileSync(join(REUSED, 'events.txt'), 'utf8');
    const pids = [...events.matchAll(/restartme run \d pid (\d+) started/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(6);
    const run = await runTotals(chunksOf(readFileSync(join(REUSED, 'sample.raw'))), { by: 'program' });
    const runs = incarnations(run.acc!.processes(), 'restartme', 100);
    expect(runs.map((r) => r.pid)).toEqual(pids);
    expect(runs.every((r) => r.exited && exitCode(r.excode) === 3)).toBe(true);
    // start and end of each run, and one after the other (the loop waits for each)
    for (let i = 0; i < runs.length; i++) {
      expect(runs[i]!.end).toBeGreaterThanOrEqual(runs[i]!.btime);
      if (i > 0) expect(runs[i]!.btime).toBeGreaterThanOrEqual(runs[i - 1]!.end - 1);
    }
    // the processes that had pid 400 are two runs of pidreuser
    expect(incarnations(run.acc!.processes(), 'pidreuser', 100).map((r) => [r.pid, r.btime])).toEqual([
      [400, 1795662892],
      [400, 1795662897],
    ]);
  });
});

describe('a lifeline on every capture', () => {
  for (const f of fixtureDirs()) {
    it(`${f.name}: the busiest process has one point per sample it is listed in`, async () => {
      const c = await readFixture(join(f.dir, 'sample.raw'));
      const fields = totalsFields(c.log!.layout, 'process');
      if (!fields.ok) throw new Error(fields.reason);
      const acc = new TotalsAccumulator(fields.fields);
      for (const s of c.samples)
        acc.addSample(
          { index: s.index, curtime: s.rec.curtime, flags: s.rec.flags },
          s.tasks,
          c.strings.values,
        );
      const top = acc.finish(1);
      const pid = top.keys[0]!.num![0]!;
      const btime = top.keys[1]!.num![0]!;
      const line = lifelineOf(history(c, pid), btime)!;
      const text = readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1');
      const want = oraclePoints(text, f.version, pid).filter((w) => Math.abs(w.btime - btime) <= 1);
      expect([...line.process.points.sample]).toEqual(want.map((w) => w.sample));
      expect([...line.process.points.rmem]).toEqual(want.map((w) => w.rmem));
      line.process.points.cpu.forEach((v, i) => {
        expect(v).toBeCloseTo(want[i]!.cpu, 9);
      });
    });
  }
});
