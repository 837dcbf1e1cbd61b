// Zooming the charts' time axis: a span `factor` times as long as the visible one around a
// time, kept inside the log; null when that is the whole log (no zoom).
import type { TimeRange } from '../state/view-state';

/** The zoom showing `factor` × the span of `vis` with `at` staying at the same place on screen. */
export function zoomAround(vis: TimeRange, full: TimeRange, factor: number, at: number): TimeRange | null {
  let from = at - (at - vis.from) * factor;
  let to = from + (vis.to - vis.from) * factor;
  if (to - from >= full.to - full.from) return null;
  if (from < full.from) [from, to] = [full.from, full.from + (to - from)];
  if (to > full.to) [from, to] = [full.to - (to - from), full.to];
  // at least a few seconds: further zooming in keeps the span it has
  if (to - from < 2) return vis;
  return { from: Math.floor(from), to: Math.ceil(to) };
}
