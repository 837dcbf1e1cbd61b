// The machine over the whole log: the chosen system charts under one time axis, one
// crosshair across them, the events track above them. As a whole it is the "Sample
// timeline" slider: click a chart to select the sample under the pointer, drag to pick a
// range (drawn on every chart, kept in the URL), Ctrl+wheel or +/- to zoom, 0 to reset,
// arrow keys to step.
import { useCallback, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { LogProblem } from '../../worker/protocol';
import { PLOT_LEFT, PLOT_RIGHT } from '../charts/TimeChart';
import { TimeAxis } from '../charts/TimeAxis';
import { useWidth } from '../charts/useWidth';
import { fmtDateTime, type TimeZoneMode } from '../format';
import type { SeriesView } from '../hooks/useSystemSeries';
import type { TimeRange } from '../state/view-state';
import { ChartRow, type HoverBus } from './ChartRow';
import { EventsTrack } from './EventsTrack';
import type { SystemEvent } from './events';
import { lowerBound } from './shape';
import { describeMarks, MARK } from './marks';
import { zoomAround } from './zoom';

interface Props {
  readonly view: SeriesView;
  /** Chart ids in order. */
  readonly charts: readonly string[];
  readonly loading: boolean;
  readonly selected: number | null;
  readonly range: TimeRange | null;
  readonly zoom: TimeRange | null;
  readonly tz: TimeZoneMode;
  readonly problems: readonly LogProblem[];
  readonly events: readonly SystemEvent[];
  readonly matches: Uint32Array | null;
  readonly onSelect: (i: number) => void;
  readonly onRange: (r: TimeRange | null) => void;
  readonly onZoom: (z: TimeRange | null) => void;
  /** Where the hovered sample is named (an element of the toolbar). */
  readonly readout: RefObject<HTMLSpanElement | null>;
}

export const CHART_HEIGHT = 46;

/** What the time axis is worked out from (a SeriesView, or the same of the index). */
export type TimeSource = Pick<SeriesView, 'samples' | 'times' | 'intervals' | 'marks'>;

/**
 * When sample i's interval starts, as drawn: a since-boot sample's interval reaches back to
 * the boot, so it is drawn as long as the interval after it.
 */
export function sampleStart(view: TimeSource, i: number): number {
  const t = view.times[i]!;
  if (!(view.marks[i]! & MARK.boot)) return t - Math.max(0, view.intervals[i]!);
  const next = i + 1 < view.samples ? view.times[i + 1]! - t : 1;
  return t - Math.max(1, Math.min(next, view.intervals[i]!));
}

/** The whole log's time span: from the start of the first sample's interval to the last sample. */
export function fullSpan(view: TimeSource): TimeRange {
  const n = view.samples;
  if (n === 0) return { from: 0, to: 1 };
  const first = sampleStart(view, 0);
  return { from: first, to: Math.max(first + 1, view.times[n - 1]!) };
}

/** The sample whose interval holds time t (the first ending at or after it). */
export function sampleAtTime(view: TimeSource, t: number): number {
  return Math.max(0, Math.min(view.samples - 1, lowerBound(view.times, view.samples, t)));
}

/** The span a zoom shows: the zoom within the log, at least a few seconds wide. */
export function visibleSpan(view: TimeSource, zoom: TimeRange | null): TimeRange {
  const full = fullSpan(view);
  if (!zoom) return full;
  const from = Math.max(full.from, zoom.from);
  const to = Math.min(full.to, zoom.to);
  return to - from >= 2 ? { from, to } : full;
}

export function SystemCharts(p: Props) {
  const { view, selected, range, tz } = p;
  const body = useRef<HTMLDivElement>(null);
  const width = useWidth(body);
  const { readout } = p;
  const vis = visibleSpan(view, p.zoom);
  const full = fullSpan(view);
  const span = vis.to - vis.from;
  const pct = (t: number) => ((t - vis.from) / span) * 100;

  // the crosshair: one pub-sub for every chart's legend, no React render per pointer move
  const listeners = useRef(new Set<(i: number | null) => void>());
  const bus = useMemo<HoverBus>(
    () => ({
      subscribe: (l) => {
        listeners.current.add(l);
        return () => listeners.current.delete(l);
      },
    }),
    [],
  );
  const onHover = useCallback(
    (t: number | null) => {
      const i = t === null || view.samples === 0 ? null : sampleAtTime(view, t);
      for (const l of listeners.current) l(i);
      const r = readout.current;
      if (r)
        r.textContent =
          i === null
            ? ''
            : `#${i + 1} ${fmtDateTime(view.times[i]!, tz)}${
                view.marks[i] ? ` · ${describeMarks(view.marks[i]).join('; ')}` : ''
              }`;
    },
    [view, tz, readout],
  );
  const { onSelect, onRange } = p;
  const onClick = useCallback(
    (t: number) => {
      onSelect(sampleAtTime(view, t));
    },
    [view, onSelect],
  );
  const onSpan = useCallback(
    (a: number, b: number) => {
      const i = sampleAtTime(view, a);
      const j = sampleAtTime(view, b);
      onRange({ from: view.times[Math.min(i, j)]!, to: view.times[Math.max(i, j)]! });
    },
    [view, onRange],
  );

  // what every chart draws over its plot: the selected sample's interval and the range
  const startOf = (i: number) => sampleStart(view, i);
  const overlay = useMemo(() => {
    const parts = [];
    if (range) {
      const i = sampleAtTime(view, range.from);
      const a = pct(Math.min(range.from, startOf(i)));
      const b = pct(range.to);
      parts.push(
        <div
          key="range"
          className="chart-range"
          data-testid="chart-range"
          style={{ left: `${a}%`, width: `${Math.max(0.2, b - a)}%` }}
        />,
      );
    }
    if (selected !== null && selected < view.samples) {
      const a = pct(startOf(selected));
      const b = pct(view.times[selected]!);
      parts.push(
        <div
          key="sel"
          className="chart-selected"
          data-testid="chart-selected"
          style={{ left: `${a}%`, width: `${Math.max(0, b - a)}%` }}
        />,
      );
    }
    return parts;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [range, selected, view, vis.from, vis.to]);

  const zoomBy = (factor: number, center: number) => {
    p.onZoom(zoomAround(vis, full, factor, center));
  };
  const selectedTime =
    selected !== null && selected < view.samples ? view.times[selected]! : (vis.from + vis.to) / 2;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (view.samples === 0) return;
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };
    if (step[e.key] !== undefined && selected !== null) {
      p.onSelect(Math.max(0, Math.min(view.samples - 1, selected + step[e.key]!)));
    } else if (e.key === '+' || e.key === '=') zoomBy(0.5, selectedTime);
    else if (e.key === '-') zoomBy(2, selectedTime);
    else if (e.key === '0') p.onZoom(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  // Ctrl+wheel (and pinch) zooms around the pointer; plain wheel scrolls the page
  const onWheel = useCallback(
    (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const r = body.current?.getBoundingClientRect();
      if (!r) return;
      const f = (e.clientX - r.left - PLOT_LEFT) / Math.max(1, r.width - PLOT_LEFT - PLOT_RIGHT);
      const t = vis.from + Math.max(0, Math.min(1, f)) * span;
      p.onZoom(zoomAround(vis, full, e.deltaY > 0 ? 1.5 : 1 / 1.5, t));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [vis.from, span, full.from, full.to, p.zoom, p.onZoom],
  );
  const wheelRef = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el) return;
      el.addEventListener('wheel', onWheel, { passive: false });
      return () => {
        el.removeEventListener('wheel', onWheel);
      };
    },
    [onWheel],
  );

  const n = view.samples;
  const valueText =
    selected !== null && selected < n
      ? `Sample ${selected + 1} of ${n}, ${fmtDateTime(view.times[selected]!, tz)}` +
        (p.matches ? `, ${p.matches[selected] ?? 0} rows match the filter` : '')
      : 'No sample';
  const shown = p.charts.flatMap((id) => view.charts.filter((c) => c.spec.id === id));
  const frameMs = p.loading ? 4 : Infinity;

  return (
    <div className="system-charts" ref={body} data-series-bytes={view.session.series.bytes}>
      <EventsTrack
        times={view.times}
        intervals={view.intervals}
        samples={n}
        marks={view.marks}
        problems={p.problems}
        events={p.events}
        matches={p.matches}
        files={view.files}
        fileNames={view.fileNames}
        xMin={vis.from}
        xMax={vis.to}
        width={width}
        tz={tz}
        onSelect={p.onSelect}
      />
      <div
        className="charts-slider"
        role="slider"
        aria-label="Sample timeline"
        aria-valuemin={n > 0 ? 1 : 0}
        aria-valuemax={n}
        aria-valuenow={selected !== null ? selected + 1 : 0}
        aria-valuetext={valueText}
        aria-orientation="horizontal"
        tabIndex={0}
        onKeyDown={onKeyDown}
        ref={wheelRef}
        data-samples={n}
        data-x-min={vis.from}
        data-x-max={vis.to}
      >
        {shown.map((c) => (
          <ChartRow
            key={c.spec.id}
            spec={c.spec}
            layers={c.layers}
            top={c.top}
            times={view.times}
            samples={n}
            marks={view.marks}
            xMin={vis.from}
            xMax={vis.to}
            width={width}
            height={CHART_HEIGHT}
            tz={tz}
            selected={selected}
            frameMs={frameMs}
            hover={bus}
            onHover={onHover}
            onClick={onClick}
            onSpan={onSpan}
            overlay={overlay}
          />
        ))}
        {shown.length === 0 && <div className="charts-empty">No charts chosen (Charts…).</div>}
      </div>
      <TimeAxis xMin={vis.from} xMax={vis.to} width={width} tz={tz} />
    </div>
  );
}
