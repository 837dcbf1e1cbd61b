// The per-sample series: the same values as one sample's snapshot, for every figure of
// every capture of every version; built from runs merged in any order; NaN where a sample
// is damaged; the PRC counts of the declared record-header members agree with the tasks
// atop lists; and the memory of the series for a log as long as the bench's 1 GB log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chunksOf,
  readSystemSeries,
  SeriesBuilder,
  MAX_DEVICES,
  SERIES_BLOCK,
  SystemSeries,
  systemFigures,
  systemSnapshot,
  SYSTEM_META,
  type SeriesBatch,
} from '../src/format/index';
import { SeriesStream } from '../src/worker/series-stream';
import { groupFor, parseParseable } from './oracle/parseable';
import { readSystemLog, SCREEN_CAPTURE, systemCaptures } from './system-helpers';

const bytesOf = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const sameBytes = (a: Float32Array, b: Float32Array) => Buffer.compare(bytesOf(a), bytesOf(b)) === 0;

describe('system series', () => {
  for (const f of systemCaptures()) {
    it(`${f.name}: every series value is its sample's snapshot value`, async () => {
      const file = join(f.dir, 'sample.raw');
      const { series, problems } = await readSystemSeries(chunksOf(readFileSync(file), 4096));
      const { log, samples } = await readSystemLog(file);
      expect(problems).toEqual([]);
      const s = series!;
      expect(s.length).toBe(samples.length);
      const figs = systemFigures(log.layout, log.header);
      // the basic figures exist in every version
      for (const key of [
        'cpu.sys',
        'cpu.user',
        'cpu.idle',
        'cpl.load1',
        'mem.total',
        'mem.free',
        'prc.procs',
      ])
        expect(s.figures.map((x) => x.key)).toContain(key);
      expect(s.groups).toEqual(expect.arrayContaining(['cpu', 'DSK', 'NET']));
      const columns = new Map(s.figures.map((x) => [x.key, s.column(x.key)!]));
      samples.forEach((sample, k) => {
        const snap = systemSnapshot(figs, sample.sstat, sample.rec.fields);
        for (const [key, col] of columns)
          expect(col[k], `${key} sample ${k}`).toBe(Math.fround(snap.values[key]!));
        // atop's CPU parts are shares of one CPU's ticks: they add up to nrcpu × 100
        const parts = ['sys', 'user', 'irq', 'idle', 'wait', 'steal'].reduce(
          (a, p) => a + snap.values[`cpu.${p}`]!,
          0,
        );
        const nrcpu = snap.devices.cpu!.length;
        expect(Math.abs(parts - nrcpu * 100)).toBeLessThan(nrcpu);
        for (const [label, list] of Object.entries(snap.devices))
          for (const d of list)
            for (const [key, v] of Object.entries(d.values))
              expect(s.device(label, d.name, key)![k], `${label} ${d.name} ${key} sample ${k}`).toBe(
                Math.fround(v),
              );
      });
    });
  }

  it('runs merged in any order give the whole-log series; a damaged sample is NaN', async () => {
    const file = join(SCREEN_CAPTURE.dir, 'sample.raw');
    const whole = (await readSystemSeries(chunksOf(readFileSync(file)))).series!;
    const { log, samples } = await readSystemLog(file);
    const figs = systemFigures(log.layout, log.header);
    const runs: SeriesBuilder[] = [];
    samples.forEach((s, k) => {
      if (k % 5 === 0) runs.push(new SeriesBuilder(figs, k, Math.min(5, samples.length - k)));
      // a pool worker has the blobs and only the record members the figures name
      const rec = Object.fromEntries(figs.recordFields.map((m) => [m, s.rec.fields[m]!]));
      if (k === 7) runs.at(-1)!.skip();
      else runs.at(-1)!.add(s.sstat, rec);
    });
    const merged = new SystemSeries(figs);
    for (const r of runs.reverse()) merged.merge(r.finish());
    expect(merged.length).toBe(samples.length);
    for (const x of whole.figures) {
      const a = merged.column(x.key)!;
      const b = whole.column(x.key)!;
      expect(Number.isNaN(a[7]), x.key).toBe(true);
      a[7] = b[7]!;
      expect(sameBytes(a, b), x.key).toBe(true);
    }
    expect(merged.deviceNames('NET')).toEqual(whole.deviceNames('NET'));
    const busy = merged.device('DSK', 'vda', 'busy')!;
    expect(Number.isNaN(busy[7])).toBe(true);
    expect(busy[2]).toBe(whole.device('DSK', 'vda', 'busy')![2]);
    expect(busy[2]).toBeGreaterThan(50); // the O_DIRECT writer of the capture
  });

  it('permuted (files that interleave, put in time order) each sample moves with all its figures', async () => {
    const file = join(SCREEN_CAPTURE.dir, 'sample.raw');
    const whole = (await readSystemSeries(chunksOf(readFileSync(file)))).series!;
    const again = (await readSystemSeries(chunksOf(readFileSync(file)))).series!;
    const n = whole.length;
    // reversed: what was sample i goes to n - 1 - i
    again.permute(Int32Array.from({ length: n }, (_, i) => n - 1 - i));
    expect(again.length).toBe(n);
    for (const x of whole.figures) {
      const a = again.column(x.key)!;
      const b = whole.column(x.key)!.reverse();
      expect(sameBytes(a, b), x.key).toBe(true);
    }
    const busy = again.device('DSK', 'vda', 'busy')!;
    expect(sameBytes(busy, whole.device('DSK', 'vda', 'busy')!.reverse())).toBe(true);
    expect(busy[n - 1 - 2]).toBeGreaterThan(50);
  });

  it(`keeps at most ${MAX_DEVICES} devices per group and counts the values it leaves out`, async () => {
    const { log, plan, samples } = await readSystemLog(join(SCREEN_CAPTURE.dir, 'sample.raw'));
    const figs = systemFigures(log.layout, log.header);
    const lvm = plan.array('dsk.lvm')!;
    const sstat = samples[1]!.sstat.slice();
    const dv = new DataView(sstat.buffer);
    dv.setInt32(lvm.count.offset, lvm.capacity, true);
    const name = lvm.field('name')!;
    for (let i = 0; i < lvm.capacity; i++) {
      const at = lvm.offset + i * lvm.elemsize + name.offset;
      sstat.fill(0, at, at + 32).set(new TextEncoder().encode(`lv${i}`), at);
    }
    const series = new SystemSeries(figs);
    for (const from of [0, 1]) {
      const run = new SeriesBuilder(figs, from, 1);
      run.add(sstat, samples[1]!.rec.fields);
      series.merge(run.finish());
    }
    expect(lvm.capacity).toBeGreaterThan(MAX_DEVICES);
    expect(series.deviceNames('LVM')).toHaveLength(MAX_DEVICES);
    expect(series.deviceNames('LVM').at(-1)).toBe(`lv${MAX_DEVICES - 1}`);
    expect(series.dropped).toBe(2 * (lvm.capacity - MAX_DEVICES));
  });

  it('PRC counts of the declared record members agree with the tasks atop lists (2.3+)', async () => {
    let checked = 0;
    for (const f of systemCaptures()) {
      if (!SYSTEM_META[f.version]!.prc.countsExited) continue;
      const oracle = parseParseable(readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1'), f.version);
      const prg = groupFor('PRG', f.version)!.lines[0]!;
      const col = (field: string) => prg.find((c) => c.field?.startsWith(field))!.col as number;
      const [state, isproc] = [col('tstat.gen.state'), col('tstat.gen.isproc')];
      const s = (await readSystemSeries(chunksOf(readFileSync(join(f.dir, 'sample.raw'))))).series!;
      const procs = s.column('prc.procs')!;
      const exits = s.column('prc.exits')!;
      for (let k = 0; k < s.length; k++) {
        const tasks = oracle.filter((l) => l.label === 'PRG' && l.sample === k);
        const live = tasks.filter((l) => l.cols[isproc - 1] === 'y' && l.cols[state - 1] !== 'E').length;
        const exited = tasks.filter((l) => l.cols[state - 1] === 'E').length;
        expect([procs[k], exits[k]], `${f.name} sample ${k}`).toEqual([live, exited]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('the series of a 36,567-sample log (the bench 1 GB log) stay under 40 MB', async () => {
    const { log, samples } = await readSystemLog(join(SCREEN_CAPTURE.dir, 'sample.raw'));
    const figs = systemFigures(log.layout, log.header);
    const series = new SystemSeries(figs);
    const total = 36567;
    // runs of 1000 samples, as pool jobs are: not aligned with the storage blocks
    for (let from = 0; from < total; from += 1000) {
      const run = new SeriesBuilder(figs, from, Math.min(1000, total - from));
      for (let k = from; k < from + run.capacity; k++) {
        const s = samples[k % samples.length]!;
        run.add(s.sstat, s.rec.fields);
      }
      series.merge(run.finish());
    }
    expect(series.length).toBe(total);
    const columns =
      figs.fixed.length +
      figs.groups.reduce((a, g) => a + g.figures.length * series.deviceNames(g.label).length, 0);
    const blocks = Math.ceil(total / SERIES_BLOCK);
    expect(series.bytes).toBe(columns * blocks * SERIES_BLOCK * 4);
    expect(series.bytes).toBeLessThan(40e6);
    console.log(
      `series of ${total} samples: ${columns} columns (${figs.fixed.length} system), ` +
        `${(series.bytes / 1e6).toFixed(1)} MB = ${(series.bytes / total).toFixed(0)} B/sample`,
    );
  });
});

describe('series of several logs and streamed runs', () => {
  it('logs of different versions merge by figure key: a figure one lacks is NaN there', async () => {
    const v126 = await readSystemLog(
      join(systemCaptures().find((f) => f.version === '1.26')!.dir, 'sample.raw'),
    );
    const v28 = await readSystemLog(join(SCREEN_CAPTURE.dir, 'sample.raw'));
    const host = new SystemSeries();
    const place = (l: typeof v28, at: number) => {
      const figs = systemFigures(l.log.layout, l.log.header);
      const run = new SeriesBuilder(figs, 0, l.samples.length);
      for (const s of l.samples) run.add(s.sstat, s.rec.fields);
      host.merge(run.finish(), at);
      return figs;
    };
    const f126 = place(v126, 0);
    const f28 = place(v28, v126.samples.length);
    const n1 = v126.samples.length;
    expect(host.length).toBe(n1 + v28.samples.length);
    // a figure of both versions runs through; one 1.26 lacks (PSI) is NaN in its samples
    expect(f126.fixed.some((f) => f.key === 'psi.cpusome.stall')).toBe(false);
    const psi = host.column('psi.cpusome.stall')!;
    expect([...psi.subarray(0, n1)].every(Number.isNaN)).toBe(true);
    expect([...psi.subarray(n1)].some((v) => !Number.isNaN(v))).toBe(true);
    const idle = host.column('cpu.idle')!;
    expect([...idle].every((v) => !Number.isNaN(v))).toBe(true);
    // devices by name across both logs, each in the order it first appeared
    const disks = new SystemSeries(f126);
    expect(host.deviceNames('DSK')).toEqual(expect.arrayContaining(['vda']));
    expect(disks.deviceNames('DSK')).toEqual([]);
    expect(host.figures.map((f) => f.key)).toEqual(expect.arrayContaining(f28.fixed.map((f) => f.key)));
  });

  it('runs coalesced for streaming (SeriesStream) equal the runs merged one by one', async () => {
    const { log, samples } = await readSystemLog(join(SCREEN_CAPTURE.dir, 'sample.raw'));
    const figs = systemFigures(log.layout, log.header);
    const runs: SeriesBatch[] = [];
    for (let k = 0; k < samples.length; k += 3) {
      const r = new SeriesBuilder(figs, k, Math.min(3, samples.length - k));
      for (let i = k; i < k + r.capacity; i++) r.add(samples[i]!.sstat, samples[i]!.rec.fields);
      runs.push(r.finish());
    }
    const stream = new SeriesStream();
    for (const r of [...runs].reverse()) if (r.from !== 6) stream.add(r);
    const out = stream.take();
    // samples 6–8 are missing: two contiguous runs
    expect(out.map((b) => [b.from, b.count])).toEqual([
      [0, 6],
      [9, samples.length - 9],
    ]);
    const a = new SystemSeries();
    for (const b of out) a.merge(b);
    const b = new SystemSeries();
    for (const r of runs) if (r.from !== 6) b.merge(r);
    for (const f of figs.fixed) expect(sameBytes(a.column(f.key)!, b.column(f.key)!), f.key).toBe(true);
    for (const g of b.groups)
      for (const name of b.deviceNames(g))
        for (const f of b.deviceFigures(g))
          expect(sameBytes(a.device(g, name, f.key)!, b.device(g, name, f.key)!), `${g} ${name}`).toBe(true);
  });
});
