// The system half of the page: the charts over the whole log with their toolbar (chart
// picker, zoom, events, CSV of the series) and atop's system lines for the selected
// interval beside them.
import { useMemo, useRef, useState } from 'react';
import type { LogProblem } from '../../worker/protocol';
import { downloadBlob, fileTime } from '../export-csv';
import { csvFileName } from '../csv';
import { fmtDateTime, type TimeZoneMode } from '../format';
import { useStoredState } from '../hooks/useStoredState';
import { useSystemSeries, type SeriesView } from '../hooks/useSystemSeries';
import type { LogSession } from '../session';
import type { TimeRange } from '../state/view-state';
import { chartsToShow } from './chart-specs';
import { ChartPicker } from './ChartPicker';
import { DEFAULT_THRESHOLDS, detectEvents, type EventInput, type Thresholds } from './events';
import { EventsPanel } from './EventsPanel';
import { seriesCsvBlob } from './series-csv';
import { fullSpan, sampleAtTime, SystemCharts } from './SystemCharts';
import { SystemPanel } from './SystemPanel';
import { zoomAround } from './zoom';

interface Props {
  readonly session: LogSession;
  readonly host: string;
  readonly version: number;
  readonly loading: boolean;
  readonly problems: readonly LogProblem[];
  readonly selected: number | null;
  readonly range: TimeRange | null;
  readonly zoom: TimeRange | null;
  readonly charts: readonly string[] | null;
  readonly tz: TimeZoneMode;
  readonly matches: Uint32Array | null;
  readonly onSelect: (i: number) => void;
  readonly onRange: (r: TimeRange | null) => void;
  readonly onZoom: (z: TimeRange | null) => void;
  readonly onCharts: (ids: readonly string[] | null) => void;
}

const isThresholds = (v: unknown): v is Thresholds =>
  typeof v === 'object' &&
  v !== null &&
  Object.keys(DEFAULT_THRESHOLDS).every((k) => typeof (v as Record<string, unknown>)[k] === 'number');
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

/** What event detection reads, from the series view. */
export function eventInput(view: SeriesView): EventInput {
  const { series, failedExits } = view.session;
  const n = view.samples;
  const fit = (a: Float32Array | null) => (a && a.length < n ? widen(a, n) : a);
  return {
    samples: n,
    column: (key) => fit(series.column(key, { from: 0, to: Math.min(n, series.length) })),
    devices: (label, key) =>
      series.deviceNames(label).flatMap((name) => {
        const values = fit(series.device(label, name, key, { from: 0, to: Math.min(n, series.length) }));
        return values ? [{ name, values }] : [];
      }),
    marks: view.marks,
    curtime: view.times,
    interval: view.intervals,
    failedExits: view.failedExits,
    exitNames: (i) => failedExits.get(i) ?? [],
  };
}

function widen(a: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n).fill(NaN);
  out.set(a);
  return out;
}

/** The samples a range spans: [first, last + 1). */
export function rangeSamples(view: SeriesView, r: TimeRange): { from: number; to: number } {
  const a = sampleAtTime(view, r.from);
  const b = sampleAtTime(view, r.to);
  return { from: a, to: b + 1 };
}

export function SystemSection(p: Props) {
  const view = useSystemSeries(p.session, p.version, p.loading, p.problems);
  const [thresholds, setThresholds] = useStoredState(
    'atopview.eventThresholds',
    DEFAULT_THRESHOLDS,
    isThresholds,
  );
  const [panelOpen, setPanelOpen] = useStoredState('atopview.systemPanelOpen', true, isBool);
  const [eventsOpen, setEventsOpen] = useState(false);
  const readout = useRef<HTMLSpanElement>(null);
  const events = useMemo(() => (view ? detectEvents(eventInput(view), thresholds) : []), [view, thresholds]);
  if (!view) return null;
  const ids = chartsToShow(p.charts);
  const full = fullSpan(view);
  const { range, zoom, tz } = p;
  const span = range ? rangeSamples(view, range) : null;

  const exportSeries = () => {
    const s = span ?? { from: 0, to: view.samples };
    const blob = seriesCsvBlob({
      series: p.session.series,
      times: view.times,
      intervals: view.intervals,
      from: s.from,
      to: s.to,
      tz,
      host: p.host,
      files: view.files,
      fileNames: view.fileNames,
    });
    const when = fileTime(view.times[s.from] ?? 0, tz);
    downloadBlob(blob, csvFileName(p.host, when, span ? `system-${s.to - s.from}-samples` : 'system'));
  };

  const interval = p.selected !== null ? (view.intervals[p.selected] ?? 1) : 1;
  return (
    <div className={`system-band${panelOpen ? '' : ' panel-closed'}`}>
      <div className="charts-column">
        <div className="charts-bar" role="toolbar" aria-label="Charts">
          <ChartPicker offered={view.charts} shown={ids} onChange={p.onCharts} />
          <button
            type="button"
            className="btn small"
            disabled={!range}
            title="Show only the selected range (drag across a chart to select one)"
            onClick={() => {
              if (range && span) {
                const from = view.times[span.from]! - Math.max(1, view.intervals[span.from]!);
                p.onZoom({ from: Math.floor(from), to: Math.ceil(range.to) });
              }
            }}
          >
            Zoom to range
          </button>
          <button
            type="button"
            className="btn small"
            disabled={!zoom}
            title="Show twice as much time (-)"
            onClick={() => {
              if (zoom) p.onZoom(zoomAround(zoom, full, 2, (zoom.from + zoom.to) / 2));
            }}
          >
            Zoom out
          </button>
          <button
            type="button"
            className="btn small"
            disabled={!zoom}
            title="Show the whole log (0)"
            onClick={() => {
              p.onZoom(null);
            }}
          >
            Reset zoom
          </button>
          {range && span && (
            <span
              className="range-info"
              data-testid="range-info"
              title={`${fmtDateTime(range.from, tz)} – ${fmtDateTime(range.to, tz)}`}
            >
              Range: samples {span.from + 1}–{span.to}
              <button
                type="button"
                className="btn tiny"
                aria-label="Clear range"
                onClick={() => {
                  p.onRange(null);
                }}
              >
                ×
              </button>
            </span>
          )}
          <span className="charts-readout" ref={readout} aria-hidden="true" />
          <span className="charts-bar-end">
            <span className="popover-wrap">
              <button
                type="button"
                className="btn small"
                aria-expanded={eventsOpen}
                onClick={() => {
                  setEventsOpen(!eventsOpen);
                }}
              >
                Events ({events.length})
              </button>
              {eventsOpen && (
                <EventsPanel
                  events={events}
                  times={view.times}
                  tz={tz}
                  thresholds={thresholds}
                  onThresholds={setThresholds}
                  onSelect={p.onSelect}
                  onClose={() => {
                    setEventsOpen(false);
                  }}
                />
              )}
            </span>
            <button
              type="button"
              className="btn small"
              title="Download the system figures of every sample (of the range, if one is selected) as CSV"
              onClick={exportSeries}
            >
              {range ? 'Range CSV' : 'Series CSV'}
            </button>
          </span>
        </div>
        <SystemCharts
          view={view}
          charts={ids}
          loading={p.loading}
          selected={p.selected}
          range={range}
          zoom={zoom}
          tz={tz}
          problems={p.problems}
          events={events}
          matches={p.matches}
          onSelect={p.onSelect}
          onRange={p.onRange}
          onZoom={p.onZoom}
          readout={readout}
        />
      </div>
      <SystemPanel
        session={p.session}
        selected={p.selected}
        interval={interval}
        open={panelOpen}
        onOpen={setPanelOpen}
      />
    </div>
  );
}
