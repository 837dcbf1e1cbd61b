// Time-axis ticks on whole minutes, hours or days of the chosen time zone's wall clock, at
// least `minPx` apart: what the charts' shared time axis labels.
import { fmtDate, fmtTime, zoneOffsetSeconds, type TimeZoneMode } from '../format';

const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];

export interface Tick {
  /** Epoch seconds. */
  readonly t: number;
  /** 0..1 across the range. */
  readonly at: number;
  readonly label: string;
}

export function timeTicks(xMin: number, xMax: number, widthPx: number, tz: TimeZoneMode, minPx = 90): Tick[] {
  const span = xMax - xMin;
  if (!(span > 0) || widthPx <= 0) return [];
  const want = (span * minPx) / widthPx;
  const step = STEPS.find((s) => s >= want) ?? Math.ceil(want / 86400) * 86400;
  const off = zoneOffsetSeconds(tz, xMin);
  // multiples of the step on the zone's wall clock
  let t = Math.ceil((xMin + off) / step) * step - off;
  const out: Tick[] = [];
  let lastDate = '';
  for (let k = 0; t <= xMax && k < 200; k++, t += step) {
    const date = fmtDate(t, tz);
    const time = step % 60 === 0 ? fmtTime(t, tz).slice(0, 5) : fmtTime(t, tz);
    // the date where it changes (and on the first tick), the time on every tick
    const label = step >= 86400 ? date : date !== lastDate ? `${date} ${time}` : time;
    lastDate = date;
    out.push({ t, at: (t - xMin) / span, label });
  }
  return out;
}
