// A chart's data (src/ui/system/shape.ts): the visible samples, at most two points per pixel
// column keeping each line's lowest and highest value (a stack's lowest and highest total),
// breaks at gaps; the chart list (chart-specs.ts) on a real capture's series.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunksOf, readSystemSeries } from '../src/format/index';
import { CHARTS, chartsToShow, DEFAULT_CHARTS } from '../src/ui/system/chart-specs';
import { MARK } from '../src/ui/system/marks';
import { lowerBound, shapeChart } from '../src/ui/system/shape';
import { zoomAround } from '../src/ui/system/zoom';
import { timeTicks } from '../src/ui/charts/ticks';
import { SCREEN_CAPTURE } from './system-helpers';

const times = (n: number, step = 10, t0 = 1000) => Float64Array.from({ length: n }, (_, i) => t0 + i * step);

describe('chart data shaping', () => {
  it('one point per sample when every sample has its own pixels', () => {
    const t = times(5);
    const a = Float32Array.from([1, 2, 3, 4, 5]);
    const d = shapeChart({
      times: t,
      samples: 5,
      layers: [a],
      stacked: false,
      marks: new Uint8Array(5),
      xMin: 990,
      xMax: 1040,
      buckets: 500,
    });
    expect(d.x).toEqual([...t]);
    expect(d.ys[0]).toEqual([1, 2, 3, 4, 5]);
    expect(d.max).toBe(5);
  });

  it('36,567 samples in 800 pixels: at most two points per pixel, the extremes kept', () => {
    const n = 36_567;
    const t = times(n, 60);
    const a = Float32Array.from({ length: n }, (_, i) => (i === 20_000 ? 1000 : i === 30_000 ? -5 : i % 7));
    const d = shapeChart({
      times: t,
      samples: n,
      layers: [a],
      stacked: false,
      marks: new Uint8Array(n),
      xMin: t[0]! - 60,
      xMax: t[n - 1]!,
      buckets: 800,
    });
    expect(d.x.length).toBeLessThanOrEqual(2 * 801);
    const ys = d.ys[0]!.filter((v): v is number => v !== null);
    expect(Math.max(...ys)).toBe(1000);
    expect(Math.min(...ys)).toBe(-5);
    // the x values ascend (uPlot needs them sorted)
    for (let k = 1; k < d.x.length; k++) expect(d.x[k]!).toBeGreaterThanOrEqual(d.x[k - 1]!);
  });

  it('a stack keeps its layers together: the samples with the lowest and highest total', () => {
    const t = times(4);
    const sys = Float32Array.from([10, 50, 20, 30]);
    const user = Float32Array.from([5, 40, 1, 2]);
    const d = shapeChart({
      times: t,
      samples: 4,
      layers: [sys, user],
      stacked: true,
      marks: new Uint8Array(4),
      xMin: 990,
      xMax: 1031,
      buckets: 1,
    });
    // one bucket: lowest total 15 (sample 0), highest 90 (sample 1), in time order
    expect(d.x).toEqual([1000, 1010]);
    expect(d.ys).toEqual([
      [10, 50],
      [15, 90],
    ]);
  });

  it('a gap in time breaks the line; NaN is drawn as no value; only the zoomed span is read', () => {
    const t = times(6);
    const marks = new Uint8Array(6);
    marks[3] = MARK.timeGap;
    const a = Float32Array.from([1, 2, NaN, 4, 5, 6]);
    const d = shapeChart({
      times: t,
      samples: 6,
      layers: [a],
      stacked: false,
      marks,
      xMin: 995,
      xMax: 1060,
      buckets: 1000,
    });
    expect(d.ys[0]).toEqual([1, 2, null, null, 4, 5, 6]);
    expect(d.x[3]).toBe(1025);
    const z = shapeChart({
      times: t,
      samples: 6,
      layers: [a],
      stacked: false,
      marks,
      xMin: 1031,
      xMax: 1039,
      buckets: 100,
    });
    // one sample beyond each edge
    expect(z.x).toEqual([1030, 1040]);
    expect(lowerBound(t, 6, 1031)).toBe(4);
  });

  it('the capture offers every chart but swap-less ones keep their layers; unknown ids are dropped', async () => {
    const s = (await readSystemSeries(chunksOf(readFileSync(join(SCREEN_CAPTURE.dir, 'sample.raw')))))
      .series!;
    const offered = CHARTS.filter((c) => c.layers(s).length > 0).map((c) => c.id);
    expect(offered).toEqual(DEFAULT_CHARTS);
    const cpu = CHARTS.find((c) => c.id === 'cpu')!;
    expect(cpu.layers(s).map((l) => l.label)).toEqual(['sys', 'user', 'irq', 'wait', 'steal']);
    expect(cpu.top!(s)).toBe(200);
    const net = CHARTS.find((c) => c.id === 'net')!
      .layers(s)
      .map((l) => l.label);
    expect(net).toEqual(expect.arrayContaining(['lo in', 'lo out', 'eth0 in', 'eth0 out']));
    expect(chartsToShow(['net', 'nope', 'cpu'])).toEqual(['net', 'cpu']);
    expect(chartsToShow(null)).toEqual(DEFAULT_CHARTS);
  });
});

describe('zooming the time axis', () => {
  const full = { from: 0, to: 1000 };
  it('keeps the time under the pointer in place, stays inside the log, none at full size', () => {
    expect(zoomAround(full, full, 0.5, 500)).toEqual({ from: 250, to: 750 });
    expect(zoomAround(full, full, 0.5, 100)).toEqual({ from: 50, to: 550 });
    expect(zoomAround({ from: 900, to: 1000 }, full, 2, 990)).toEqual({ from: 800, to: 1000 });
    expect(zoomAround({ from: 250, to: 750 }, full, 2, 500)).toBeNull();
    expect(zoomAround({ from: 10, to: 12 }, full, 0.5, 11)).toEqual({ from: 10, to: 12 });
  });
});

describe('time-axis ticks', () => {
  it('whole minutes or hours of the zone, the date where it changes', () => {
    const t0 = Date.UTC(2026, 10, 26, 22, 0, 0) / 1000;
    const ticks = timeTicks(t0, t0 + 4 * 3600, 400, 'utc');
    expect(ticks.map((t) => t.label)).toEqual([
      '2026-11-26 22:00',
      '23:00',
      '2026-11-27 00:00',
      '01:00',
      '02:00',
    ]);
    expect(ticks.every((t) => t.t % 3600 === 0)).toBe(true);
    // in a zone an hour ahead the same instants are labelled with its wall clock
    const berlin = timeTicks(t0, t0 + 4 * 3600, 400, 'Europe/Berlin' as never);
    expect(berlin[0]!.label).toBe('2026-11-26 23:00');
  });
});
