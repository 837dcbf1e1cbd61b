// A chart's data for uPlot from the per-sample series: only the samples inside the visible
// time range, reduced to at most two points per pixel column (the lowest and the highest
// value of each line in that column, or for a stacked chart the samples with the lowest and
// highest total, so layers stay consistent), with a break (null) where the log has a gap in
// time, a restart or skipped bytes, and NaN (no value) or a since-boot sample drawn as a gap. A chart of 36,567
// samples is then a few thousand points whatever the log's length; hover and click read the
// samples themselves, not these points.
import { MARK } from './marks';

export interface ChartData {
  /** Times (epoch seconds) of the points. */
  readonly x: number[];
  /** Per layer, the value at each point (stacked: the running total up to that layer), null = gap. */
  readonly ys: (number | null)[][];
  /** Largest value drawn (0 when none). */
  readonly max: number;
}

/** A sample breaks the line before it: a gap in time, a restart, bytes skipped. */
const BREAK = MARK.timeGap | MARK.restart | MARK.skipped;

/** First index with times[i] ≥ t (times ascending). */
export function lowerBound(times: ArrayLike<number>, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ShapeInput {
  /** curtime of every sample (at least `samples` long). */
  readonly times: ArrayLike<number>;
  readonly samples: number;
  /** One full-length column per layer (sample i at [i]). */
  readonly layers: readonly Float32Array[];
  readonly stacked: boolean;
  readonly marks: Uint8Array;
  /** The visible time range. */
  readonly xMin: number;
  readonly xMax: number;
  /** Pixel columns of the plot. */
  readonly buckets: number;
}

export function shapeChart(p: ShapeInput): ChartData {
  const { times, layers, marks } = p;
  const L = layers.length;
  const x: number[] = [];
  const ys: (number | null)[][] = layers.map(() => []);
  let max = 0;
  const n = p.samples;
  if (n === 0 || L === 0 || !(p.xMax > p.xMin)) return { x, ys, max };
  // one sample beyond each edge, so lines run to the border
  const a = Math.max(0, lowerBound(times, n, p.xMin) - 1);
  const b = Math.min(n - 1, lowerBound(times, n, p.xMax));
  const scale = p.buckets / (p.xMax - p.xMin);
  const vals = new Float64Array(L);

  const push = (t: number, v: ArrayLike<number> | null) => {
    x.push(t);
    for (let k = 0; k < L; k++) {
      const y = v ? v[k]! : NaN;
      if (Number.isNaN(y)) ys[k]!.push(null);
      else {
        ys[k]!.push(y);
        if (y > max) max = y;
      }
    }
  };

  /** Values of sample i: each layer's, or the running totals; false when it has none. */
  const read = (i: number, out: Float64Array): boolean => {
    let any = false;
    let sum = 0;
    for (let k = 0; k < L; k++) {
      const v = layers[k]![i]!;
      if (!Number.isNaN(v)) any = true;
      if (p.stacked) out[k] = sum += Number.isNaN(v) ? 0 : v;
      else out[k] = v;
    }
    return any;
  };

  // bucket state
  let bucket = NaN;
  let first = -1;
  let last = -1;
  let lo = -1; // stacked: sample with the lowest total; lines: per-layer minima below
  let hi = -1;
  const mins = new Float64Array(L);
  const maxs = new Float64Array(L);
  const loV = new Float64Array(L);
  const hiV = new Float64Array(L);

  const flush = () => {
    if (first < 0) return;
    if (first === last) push(times[first]!, p.stacked ? loV : mins);
    else if (p.stacked) {
      const [s1, v1, s2, v2] = lo <= hi ? [lo, loV, hi, hiV] : [hi, hiV, lo, loV];
      push(times[s1]!, v1);
      if (s2 !== s1) push(times[s2]!, v2);
    } else {
      push(times[first]!, mins);
      push(times[last]!, maxs);
    }
    first = -1;
  };

  for (let i = a; i <= b; i++) {
    const t = times[i]!;
    const bk = Math.floor((t - p.xMin) * scale);
    if (i > a && marks[i]! & BREAK) {
      flush();
      push((times[i - 1]! + t) / 2, null);
    } else if (bk !== bucket) flush();
    bucket = bk;
    // since-boot counters are totals, not the interval's: not drawn (the track marks them)
    const has = !(marks[i]! & MARK.boot) && read(i, vals);
    if (!has) {
      // no value: a gap of its own
      flush();
      push(t, null);
      continue;
    }
    if (first < 0) {
      first = last = lo = hi = i;
      for (let k = 0; k < L; k++) {
        mins[k] = maxs[k] = loV[k] = hiV[k] = vals[k]!;
      }
      continue;
    }
    last = i;
    if (p.stacked) {
      const top = vals[L - 1]!;
      if (top < loV[L - 1]!) {
        lo = i;
        loV.set(vals);
      }
      if (top > hiV[L - 1]!) {
        hi = i;
        hiV.set(vals);
      }
    } else
      for (let k = 0; k < L; k++) {
        const v = vals[k]!;
        if (Number.isNaN(v)) continue;
        if (!(v >= mins[k]!)) mins[k] = v;
        if (!(v <= maxs[k]!)) maxs[k] = v;
      }
  }
  flush();
  return { x, ys, max };
}
