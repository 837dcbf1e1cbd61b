// The log's system series as the charts and the events read them: a snapshot of the index's
// times and of every offered chart's layers, taken again at most every few hundred
// milliseconds while the log is still being read (the charts must not redraw for every
// progress event) and once when it is done.
import { useMemo } from 'react';
import type { LogProblem } from '../../worker/protocol';
import type { LogSession } from '../session';
import { CHARTS, type ChartSpec, type Layer } from '../system/chart-specs';
import { sampleMarks } from '../system/marks';
import { useThrottled } from './useThrottled';

export interface OfferedChart {
  readonly spec: ChartSpec;
  readonly layers: readonly Layer[];
  readonly top: number | null;
}

export interface SeriesView {
  readonly samples: number;
  readonly times: Float64Array;
  readonly intervals: Float64Array;
  readonly marks: Uint8Array;
  readonly failedExits: Float64Array;
  /** The file of each sample (index into `fileNames`), and the files' names. */
  readonly files: Float64Array;
  readonly fileNames: readonly string[];
  /** Charts this log has data for, in catalogue order. */
  readonly charts: readonly OfferedChart[];
  readonly session: LogSession;
}

/**
 * How often the charts follow a log that is still being read: rarely enough that the page
 * leaves the cores to the workers reading it.
 */
export const CHART_REFRESH_MS = 1500;

export function useSystemSeries(
  session: LogSession | null,
  version: number,
  loading: boolean,
  problems: readonly LogProblem[],
): SeriesView | null {
  const tick = useThrottled(version, CHART_REFRESH_MS, loading);
  return useMemo(() => {
    if (!session) return null;
    const { index, series } = session;
    const n = index.length;
    const charts: OfferedChart[] = [];
    for (const spec of CHARTS) {
      const layers = spec.layers(series).map((l) => ({ ...l, values: fit(l.values, n) }));
      if (layers.length > 0) charts.push({ spec, layers, top: spec.top?.(series) ?? null });
    }
    return {
      samples: n,
      times: index.column('curtime').slice(),
      intervals: index.column('interval').slice(),
      marks: sampleMarks(index, problems),
      failedExits: index.column('failedExits').slice(),
      files: index.column('file').slice(),
      fileNames: session.getSnapshot().fileNames,
      charts,
      session,
    };
    // tick: the session's index and series grow in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, tick, problems]);
}

/** A column as long as the index (the series may lag behind it or have no value yet: NaN). */
function fit(a: Float32Array, n: number): Float32Array {
  if (a.length === n) return a;
  const out = new Float32Array(n).fill(NaN);
  out.set(a.subarray(0, Math.min(n, a.length)));
  return out;
}
