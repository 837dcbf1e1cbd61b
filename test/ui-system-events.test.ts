// Event detection (src/ui/system/events.ts) and the per-sample marks it and the charts read
// (marks.ts): on the figures of real captures, with counters crafted where a capture has
// no such event (an OOM kill, a swap-in storm), and on hand-made indexes for the marks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunksOf, readSystemSeries, RRBOOT, type SystemSeries } from '../src/format/index';
import { DEFAULT_THRESHOLDS, detectEvents, type EventInput, type Thresholds } from '../src/ui/system/events';
import { describeMarks, MARK, sampleMarks, type MarkSource } from '../src/ui/system/marks';
import { MARK_FILE_START } from '../src/format/timeline/merge';
import { SAMPLE_MISSING, type LogProblem } from '../src/worker/protocol';
import { SCREEN_CAPTURE } from './system-helpers';

interface Row {
  curtime: number;
  interval: number;
  flags?: number;
  status?: number;
  /** The worker's merging marks (format/timeline/merge.ts MARK_*). */
  marks?: number;
}

const source = (rows: readonly Row[]): MarkSource => ({
  length: rows.length,
  get: (f, i) => rows[i]![f] ?? 0,
});

/** A regular log: `n` samples `step` seconds apart, the first since boot. */
const regular = (n: number, step = 60, t0 = 1_800_000_000): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    curtime: t0 + i * step,
    interval: i === 0 ? 86400 : step,
    flags: i === 0 ? RRBOOT : 0,
  }));

describe('per-sample marks', () => {
  it('file starts come from the worker’s merging marks (format/timeline/merge.ts)', () => {
    const rows = regular(6).map((r, i) => ({ ...r, marks: i === 0 || i === 3 ? MARK_FILE_START : 0 }));
    const m = sampleMarks(source(rows), []);
    expect(Array.from(m, (x) => x & MARK.fileStart)).toEqual([64, 0, 0, 64, 0, 0]);
    expect(describeMarks(m[3]!)).toEqual(['first sample of a file']);
  });
  it('since boot, restarts, gaps in time, damage, skipped bytes, interval changes', () => {
    const rows = regular(12);
    rows[4]!.curtime += 600; // 11 minutes after sample 3: a gap
    rows[4]!.interval = 660;
    for (let i = 5; i < 12; i++) rows[i]!.curtime += 600;
    rows[6] = { ...rows[6]!, flags: RRBOOT, interval: 99999 }; // atop restarted
    rows[8]!.status = SAMPLE_MISSING;
    // from sample 10 on, every 10 s
    rows[10] = { curtime: rows[9]!.curtime + 10, interval: 10 };
    rows[11] = { curtime: rows[9]!.curtime + 20, interval: 10 };
    const problems: LogProblem[] = [
      {
        error: { code: 'resync', message: '', offset: 0, sample: null },
        sample: null,
        file: 0,
        gapAfter: 1,
        gapBytes: 5000,
      },
    ];
    const m = sampleMarks(source(rows), problems);
    const on = (bit: number) => [...m.keys()].filter((i) => m[i]! & bit);
    expect(on(MARK.boot)).toEqual([0, 6]);
    expect(on(MARK.restart)).toEqual([6]);
    expect(on(MARK.timeGap)).toEqual([4]);
    expect(on(MARK.damaged)).toEqual([8]);
    expect(on(MARK.skipped)).toEqual([2]);
    expect(on(MARK.intervalChange)).toEqual([10]);
    expect(describeMarks(m[6]!)).toEqual(['atop restarted (totals since boot)']);
  });

  it('a one-off long interval is a gap, not a change of interval', () => {
    const rows = regular(6, 10);
    for (let i = 3; i < 6; i++) rows[i]!.curtime += 50;
    rows[3]!.interval = 60;
    const m = sampleMarks(source(rows), []);
    expect([...m].map((x) => x & (MARK.timeGap | MARK.intervalChange))).toEqual([
      0,
      0,
      0,
      MARK.timeGap,
      0,
      0,
    ]);
  });
});

/** Event input over a real capture's series, with some columns replaced. */
function input(s: SystemSeries, rows: readonly Row[], patch: Record<string, Float32Array> = {}): EventInput {
  const n = s.length;
  return {
    samples: n,
    column: (k) => patch[k] ?? s.column(k),
    devices: (label, key) =>
      s
        .deviceNames(label)
        .map((name) => ({ name, values: patch[`${label}.${name}.${key}`] ?? s.device(label, name, key)! })),
    marks: sampleMarks(source(rows), []),
    curtime: Float64Array.from(rows, (r) => r.curtime),
    interval: Float64Array.from(rows, (r) => r.interval),
    failedExits: new Float64Array(n),
    exitNames: () => [],
  };
}

describe('events', async () => {
  const file = join(SCREEN_CAPTURE.dir, 'sample.raw');
  const series = (await readSystemSeries(chunksOf(readFileSync(file)))).series!;
  const n = series.length;
  const rows = regular(n, 1);

  it('the capture: a busy CPU, a pressure stall; nothing from the since-boot sample', () => {
    const ev = detectEvents(input(series, rows), DEFAULT_THRESHOLDS);
    const busy = series.column('cpu.busy')!;
    const cpu = ev.filter((e) => e.kind === 'cpu');
    // every sample at or above 90 % busy is in exactly one CPU event, no other
    const inEvents = new Set(
      cpu.flatMap((e) => Array.from({ length: e.to - e.from + 1 }, (_, k) => e.from + k)),
    );
    for (let i = 1; i < n; i++) expect(inEvents.has(i), `sample ${i} busy ${busy[i]}`).toBe(busy[i]! >= 90);
    expect(inEvents.has(0)).toBe(false);
    for (const e of cpu) expect(e.peak).toBe(Math.max(...busy.slice(e.from, e.to + 1)));
    // the CPU spinner makes the CPU stall (psi cpusome) in most samples
    const psi = ev.filter((e) => e.kind === 'psi' && e.subject === 'cpusome');
    expect(psi.length).toBeGreaterThan(0);
    expect(psi[0]!.text).toMatch(/^cpusome stalled \d+% of the interval/);
    // the O_DIRECT writer keeps vda 56–67 % busy: above a 50 % threshold, not above 90 %
    expect(ev.filter((e) => e.kind === 'disk')).toEqual([]);
    const low: Thresholds = { ...DEFAULT_THRESHOLDS, diskBusy: 50 };
    const disk = detectEvents(input(series, rows), low).filter((e) => e.kind === 'disk');
    expect(disk.length).toBeGreaterThan(0);
    expect(disk.every((e) => e.subject === 'vda' && e.peak >= 50)).toBe(true);
  });

  it('OOM kills and swap-in storms from their counters; consecutive samples make one event', () => {
    const oom = new Float32Array(n);
    oom[0] = 7; // since boot: not an event
    oom[3] = 1;
    oom[4] = 2;
    oom[9] = 1;
    const swin = new Float32Array(n);
    swin[5] = 150;
    swin[6] = 99;
    const ev = detectEvents(
      input(series, rows, { 'pag.oomkill': oom, 'pag.swin': swin }),
      DEFAULT_THRESHOLDS,
    );
    expect(ev.filter((e) => e.kind === 'oom').map((e) => [e.from, e.to, e.peak, e.peakSample])).toEqual([
      [3, 4, 2, 4],
      [9, 9, 1, 9],
    ]);
    expect(ev.find((e) => e.kind === 'oom')!.text).toBe('2 processes killed by the OOM killer for 2 samples');
    expect(ev.filter((e) => e.kind === 'swapin').map((e) => [e.from, e.to])).toEqual([[5, 5]]);
    // thresholds change what is found
    const more = detectEvents(input(series, rows, { 'pag.swin': swin }), {
      ...DEFAULT_THRESHOLDS,
      swapIn: 50,
    });
    expect(more.filter((e) => e.kind === 'swapin').map((e) => [e.from, e.to])).toEqual([[5, 6]]);
  });

  it('restarts, gaps and failed exits; events in sample order', () => {
    const r = regular(n, 1);
    r[5] = { ...r[5]!, flags: RRBOOT };
    for (let i = 8; i < n; i++) r[i]!.curtime += 30;
    const x = { ...input(series, r), failedExits: new Float64Array(n) };
    x.failedExits[2] = 3;
    const names = ['make', 'cc1'];
    const ev = detectEvents({ ...x, exitNames: (i) => (i === 2 ? names : []) }, DEFAULT_THRESHOLDS);
    const pick = (k: string) => ev.filter((e) => e.kind === k).map((e) => e.from);
    expect(pick('restart')).toEqual([5]);
    expect(pick('gap')).toEqual([8]);
    expect(ev.find((e) => e.kind === 'gap')!.text).toBe('no sample for 31 s');
    expect(ev.find((e) => e.kind === 'exit')!.text).toBe(
      '3 processes exited with an error code or a signal: make, cc1, …',
    );
    expect(ev.map((e) => e.from)).toEqual([...ev.map((e) => e.from)].sort((a, b) => a - b));
  });
});
