// The totals core on its own: the identity rule case by case, exact sums beyond 2^53,
// partial results merged in any split equal one pass, and the projected decode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXITED,
  ExactSums,
  FRESH,
  GROUP_BYS,
  LIVE,
  TotalsAccumulator,
  projectTstat,
  resolveProcesses,
  runTotals,
  totalsFields,
  type TotalsTable,
} from '../src/analysis/index';
import { KeyIndex } from '../src/analysis/key-index';
import { chunksOf, decodeTasks, layoutForVersion, StringTable, type TaskColumns } from '../src/format/index';
import { FIXTURES, readFixture } from './helpers';

type Raw = [btime: number, first: number, last: number, flags: number];

/** Resolves raw processes of pid 7; returns the process index of each. */
function resolve(...raws: Raw[]): number[] {
  const r = resolveProcesses({
    count: raws.length,
    pid: Int32Array.from(raws, () => 7),
    btime: Float64Array.from(raws, (x) => x[0]),
    firstIdx: Int32Array.from(raws, (x) => x[1]),
    lastIdx: Int32Array.from(raws, (x) => x[2]),
    flags: Uint8Array.from(raws, (x) => x[3]),
  });
  return [...r.of];
}

describe('process identity', () => {
  it('an E row whose start time is a second off belongs to the live rows before it', () => {
    expect(resolve([100, 0, 4, LIVE], [101, 5, 5, EXITED])).toEqual([0, 0]);
    expect(resolve([100, 0, 4, LIVE], [99, 5, 5, EXITED])).toEqual([0, 0]);
  });
  it('never beyond a second', () => {
    expect(resolve([100, 0, 4, LIVE], [102, 5, 5, EXITED])).toEqual([0, 1]);
  });
  it('a reused pid is a new process: after an exit, or when its first row is marked new', () => {
    // A exited (E row with its own start time), B starts in the same second A's E row has
    expect(resolve([100, 0, 4, LIVE | EXITED], [101, 6, 9, LIVE | FRESH])).toEqual([0, 1]);
    // A vanished without an E row (no accounting); B's first row is marked new
    expect(resolve([100, 0, 4, LIVE], [101, 6, 9, LIVE | FRESH])).toEqual([0, 1]);
    // an E row never joins a process that has exited already
    expect(resolve([100, 0, 4, LIVE | EXITED], [101, 5, 5, EXITED])).toEqual([0, 1]);
  });
  it('a process seen again after an atop restart, a second off, is the same', () => {
    expect(resolve([100, 0, 4, LIVE], [101, 5, 9, LIVE])).toEqual([0, 0]);
  });
  it('two raw processes alive at once are two processes', () => {
    expect(resolve([100, 0, 4, LIVE], [101, 3, 9, LIVE])).toEqual([0, 1]);
  });
  it('the process keeps the start time of its first rows', () => {
    const r = resolveProcesses({
      count: 2,
      pid: Int32Array.of(7, 7),
      btime: Float64Array.of(101, 100),
      firstIdx: Int32Array.of(5, 0),
      lastIdx: Int32Array.of(5, 4),
      flags: Uint8Array.of(EXITED, LIVE),
    });
    expect([...r.btime]).toEqual([100]);
  });
});

describe('what a grouping keys on, per version', () => {
  const field = (v: string, by: (typeof GROUP_BYS)[number]) => {
    const f = totalsFields(layoutForVersion(v)!, by);
    return f.ok ? (f.fields.cgroupSections ? 'sections' : f.fields.groupField) : 'refused';
  };
  it('container: gen.container 2.3–2.9, gen.utsname from 2.10, nothing before 2.3', () => {
    expect(['1.26', '2.2', '2.3', '2.9', '2.10', '2.13'].map((v) => field(v, 'container'))).toEqual([
      'refused',
      'refused',
      'gen.container',
      'gen.container',
      'gen.utsname',
      'gen.utsname',
    ]);
  });
  it('cgroup: gen.cgpath 2.8–2.10, the cgroup sections from 2.11, nothing before 2.8', () => {
    expect(['2.7', '2.8', '2.10', '2.11', '2.13'].map((v) => field(v, 'cgroup'))).toEqual([
      'refused',
      'gen.cgpath',
      'gen.cgpath',
      'sections',
      'sections',
    ]);
  });
  it('the net counters of the version: 1.26 also counts raw packets, 2.x has no avail words', () => {
    const sums = (v: string) => {
      const f = totalsFields(layoutForVersion(v)!, 'process');
      return f.ok ? f.fields.sums.filter((p) => p.startsWith('net.')) : [];
    };
    expect(sums('1.26')).toEqual([...sums('2.13'), 'net.rawsnd', 'net.rawrcv']);
    expect(sums('2.13')).toHaveLength(8);
  });
});

describe('exact sums', () => {
  it('stay doubles within 2^53 and become BigInt beyond, exactly', () => {
    const s = new ExactSums(2);
    s.add(0, 2 ** 52);
    s.add(0, 2 ** 52);
    s.add(0, 3); // 2^53 + 3 is not a double
    expect(s.get(0)).toBe(2n ** 53n + 3n);
    s.addBig(0, -(2n ** 53n));
    expect(s.get(0)).toBe(3);
    s.add(1, 1);
    expect(s.get(1)).toBe(1);
  });

  it('the totals sum 64-bit counters a double cannot hold (TaskColumns.wide) exactly', () => {
    const layout = layoutForVersion('2.13')!;
    const f = totalsFields(layout, 'program');
    if (!f.ok) throw new Error(f.reason);
    const big = 2n ** 60n + 1n;
    const tasks = (): TaskColumns => ({
      count: 2,
      num: {
        'gen.pid': Int32Array.of(1, 2),
        'gen.btime': Float64Array.of(100, 100),
        'gen.state': Uint8Array.of(83, 83),
        'gen.excode': Int32Array.of(0, 0),
        'gen.isproc': Uint8Array.of(1, 1),
        ...Object.fromEntries(
          [...f.fields.sums, ...f.fields.peaks].map((p) => [p, Float64Array.of(Number(big), 5)]),
        ),
      },
      text: { 'gen.name': Int32Array.of(1, 1), 'gen.cmdline': Int32Array.of(0, 0) },
      wide: { 'cpu.utime': new Map([[0, big]]) },
    });
    const acc = new TotalsAccumulator(f.fields);
    acc.addSample({ index: 1, curtime: 10, flags: 0 }, tasks(), ['', 'x']);
    acc.addSample({ index: 2, curtime: 20, flags: 0 }, tasks(), ['', 'x']);
    const t = acc.finish();
    expect(t.sums[0]!.key).toBe('cpu.utime');
    expect(t.sums[0]!.big.get(0)).toBe(2n * (big + 5n));
    expect(t.procs[0]).toBe(2);
  });
});

describe('key index', () => {
  it('finds every key after growing', () => {
    const k = new KeyIndex(4);
    for (let i = 0; i < 5000; i++) expect(k.upsert(i % 97, 1795532149 + i)).toBe(i);
    for (let i = 0; i < 5000; i++) expect(k.find(i % 97, 1795532149 + i)).toBe(i);
    expect(k.find(1, 1)).toBe(-1);
  });
});

/** A table as plain values, for comparing two tables. */
function plain(t: TotalsTable) {
  return {
    keys: t.keys.map((k) => [k.key, k.num ? [...k.num] : k.text]),
    sums: t.sums.map((s) => [s.key, [...s.values], [...s.big]]),
    peaks: t.peaks.map((p) => [p.key, [...p.values]]),
    rest: [t.samples, t.first, t.last, t.procs, t.exited, t.excode].map((a) => [...a]),
  };
}

describe('partial totals merge', () => {
  for (const name of ['atop/atop-2.13', 'atop/atop-1.26', 'recorded/reused-pid'])
    it(`${name}: 3 shares merged equal one pass, for every grouping the version has`, async () => {
      const raw = readFileSync(join(FIXTURES, name, 'sample.raw'));
      for (const by of GROUP_BYS) {
        const one = await runTotals(chunksOf(raw), { by });
        if (!one.acc) continue;
        const merged = new TotalsAccumulator(one.acc.fields);
        for (let part = 0; part < 3; part++) {
          const share = await runTotals(chunksOf(raw), { by, part, parts: 3 });
          merged.merge(share.acc!.toPartial());
        }
        expect(plain(merged.finish()), by).toEqual(plain(one.acc.finish()));
        expect(merged.processes(), by).toEqual(one.acc.processes());
      }
    });
});

describe('a log of two atop runs', () => {
  it('leaves out the since-boot sample that starts the second run, and keeps each process one', async () => {
    const one = readFileSync(join(FIXTURES, 'atop/atop-2.13/sample.raw'));
    // the records once more, 100 s later: atop appending a second run to the same file
    const records = one.subarray(480);
    const again = Uint8Array.from(records);
    const view = new DataView(again.buffer);
    const { readLog } = await import('../src/format/index');
    for await (const ev of readLog(chunksOf(one)))
      if (ev.type === 'record') {
        const at = ev.record.offset - 480;
        view.setBigInt64(at, view.getBigInt64(at, true) + 100n, true);
      }
    const two = new Uint8Array(one.length + again.length);
    two.set(one);
    two.set(again, one.length);
    const user = await runTotals(chunksOf(two), { by: 'user' });
    expect(user.end.error).toBeNull();
    const single = (await runTotals(chunksOf(one), { by: 'user' })).acc!.finish();
    const t = user.acc!.finish();
    expect(t.rows).toBe(single.rows);
    expect([...t.samples]).toEqual([...single.samples].map((n) => 2 * n));
    expect([...t.sums[0]!.values]).toEqual([...single.sums[0]!.values].map((v) => 2 * v));
    expect([...t.last]).toEqual([...single.last].map((v) => v + 100));
    // a process alive through both runs is one row; (the copied run brings back processes
    // that had exited, which no real log does: those are left out here)
    const p1 = (await runTotals(chunksOf(one), { by: 'process' })).acc!.finish();
    const p2 = (await runTotals(chunksOf(two), { by: 'process' })).acc!.finish();
    const rowOf = (x: TotalsTable) =>
      new Map([...x.keys[0]!.num!].map((pid, r) => [`${pid}/${x.keys[1]!.num![r]}`, r]));
    const r2 = rowOf(p2);
    let alive = 0;
    for (const [key, r] of rowOf(p1)) {
      if (p1.exited[r]) continue;
      alive++;
      expect(p2.samples[r2.get(key)!], key).toBe(2 * p1.samples[r]!);
    }
    expect(alive).toBeGreaterThan(10);
  });
});

describe('projected decode', () => {
  it('decodes exactly the projected members, with the values of a full decode', async () => {
    const c = await readFixture(join(FIXTURES, 'atop/atop-2.13/sample.raw'));
    const f = totalsFields(c.log!.layout, 'process');
    if (!f.ok) throw new Error(f.reason);
    const s = c.samples[2]!;
    const full = s.tasks;
    const { layout, header } = c.log!;
    // re-inflate the sample's task blob and decode it through the projection
    const { BlobInflater, readLog } = await import('../src/format/index');
    const raw = readFileSync(join(FIXTURES, 'atop/atop-2.13/sample.raw'));
    let blob: Uint8Array | null = null;
    for await (const ev of readLog(chunksOf(raw)))
      if (ev.type === 'record' && ev.record.index === 2) {
        const r = new BlobInflater().inflate(ev.record.pblob, ev.record.rec.ndeviat * header.tstatlen);
        if (r.ok) blob = r.data;
      }
    const strings = new StringTable();
    const proj = decodeTasks(projectTstat(layout.tstat, f.fields.read), blob!, full.count, strings);
    expect(Object.keys({ ...proj.num, ...proj.text }).sort()).toEqual([...f.fields.read].sort());
    for (const [path, col] of Object.entries(proj.num))
      expect(Array.from(col), path).toEqual(
        Array.from((full.num as Record<string, ArrayLike<number>>)[path]!),
      );
    for (const [path, col] of Object.entries(proj.text))
      expect(
        [...col].map((id) => strings.values[id]),
        path,
      ).toEqual([...(full.text as Record<string, Int32Array>)[path]!].map((id) => c.strings.values[id]));
  });
});
