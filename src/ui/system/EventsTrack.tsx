// The strip above the charts, aligned with their plots: the per-sample marks (since boot,
// restarts, gaps in time, bytes skipped, damaged samples, interval changes), the events
// (each a button that selects its peak sample) and the samples where the filter matches.
import { memo, useEffect, useRef } from 'react';
import type { LogProblem } from '../../worker/protocol';
import { PLOT_LEFT, PLOT_RIGHT } from '../charts/TimeChart';
import { fmtDateTime, type TimeZoneMode } from '../format';
import { EVENT_TITLES, type EventKind, type SystemEvent } from './events';
import { describeMarks, MARK } from './marks';

interface Props {
  readonly times: Float64Array;
  readonly intervals: Float64Array;
  readonly samples: number;
  readonly marks: Uint8Array;
  readonly problems: readonly LogProblem[];
  readonly events: readonly SystemEvent[];
  readonly matches: Uint32Array | null;
  /** The file of each sample and the files' names: with several, each file's start is marked. */
  readonly files: Float64Array;
  readonly fileNames: readonly string[];
  readonly xMin: number;
  readonly xMax: number;
  readonly width: number;
  readonly tz: TimeZoneMode;
  readonly onSelect: (i: number) => void;
}

/** The track's row of each kind of event: what happened to processes, pressure, saturation, the log. */
const ROW: Readonly<Record<EventKind, number>> = {
  oom: 0,
  exit: 0,
  psi: 1,
  swapin: 1,
  cpu: 2,
  disk: 2,
  restart: 1,
  gap: 1,
};

const SHOWN = MARK.boot | MARK.restart | MARK.timeGap | MARK.damaged | MARK.intervalChange;
/** At most this many marks of one kind are drawn (one per few pixels). */
const MIN_PX = 4;

export const EventsTrack = memo(function EventsTrack(p: Props) {
  const { times, intervals, samples, xMin, xMax } = p;
  const span = xMax - xMin;
  const plotW = Math.max(1, p.width - PLOT_LEFT - PLOT_RIGHT);
  const pct = (t: number) => ((t - xMin) / span) * 100;
  const start = (i: number) => (p.marks[i]! & MARK.boot ? times[i]! : times[i]! - Math.max(0, intervals[i]!));
  const visible = (i: number) => times[i]! >= xMin && start(i) <= xMax;

  // marks, thinned to one per MIN_PX pixels
  const marks: { i: number; m: number }[] = [];
  let lastX = -Infinity;
  for (let i = 0; i < samples; i++) {
    const m = p.marks[i]! & SHOWN;
    if (!m || !visible(i)) continue;
    const x = (pct(start(i)) * plotW) / 100;
    if (x - lastX < MIN_PX && !(m & (MARK.restart | MARK.damaged))) continue;
    lastX = x;
    marks.push({ i, m });
  }
  // events thinned per kind (kinds have rows of their own, so none hides another)
  const evs: SystemEvent[] = [];
  const lastOf = new Map<string, number>();
  for (const e of p.events) {
    if (!visible(e.peakSample)) continue;
    const x = (pct(times[e.peakSample]!) * plotW) / 100;
    if (x - (lastOf.get(e.kind) ?? -Infinity) < MIN_PX) continue;
    lastOf.set(e.kind, x);
    evs.push(e);
  }
  const gaps = p.problems.filter((x) => x.gapAfter !== null);
  const fileStarts: number[] = [];
  if (p.fileNames.length > 1)
    for (let i = 0; i < samples; i++) if (p.marks[i]! & MARK.fileStart && visible(i)) fileStarts.push(i);

  return (
    <div className="events-track" style={{ marginLeft: PLOT_LEFT, marginRight: PLOT_RIGHT }}>
      <MatchTicks {...p} />
      {marks.map(({ i, m }) => (
        <span
          key={`m${i}`}
          className={`track-mark${m & MARK.damaged ? ' damaged' : ''}${m & MARK.boot ? ' boot' : ''}${
            m & MARK.timeGap ? ' time-gap' : ''
          }${m & MARK.intervalChange ? ' interval' : ''}`}
          data-testid="track-mark"
          data-sample={i + 1}
          style={{ left: `${pct(m & MARK.damaged ? start(i) : times[i]!)}%` }}
          title={`Sample ${i + 1}, ${fmtDateTime(times[i]!, p.tz)}: ${describeMarks(p.marks[i]!).join('; ')}`}
        />
      ))}
      {fileStarts.map((i) => {
        const name = p.fileNames[p.files[i]!] ?? '';
        return (
          <span
            key={`f${i}`}
            className="track-file"
            data-testid="timeline-file-start"
            data-sample={i + 1}
            style={{ left: `${pct(start(i))}%` }}
            title={`${name} starts at sample ${i + 1}, ${fmtDateTime(times[i]!, p.tz)}`}
          >
            {name}
          </span>
        );
      })}
      {gaps.map((g, k) => {
        const after = Math.max(0, g.gapAfter!);
        const at = g.gapAfter! < 0 ? xMin : after < samples ? times[after]! : xMax;
        return (
          <span
            key={`g${k}`}
            className="timeline-gap"
            data-testid="timeline-gap"
            data-gap-after={g.gapAfter! + 1}
            data-bytes={g.gapBytes}
            data-time={at}
            style={{ left: `${pct(at)}%` }}
            title={`${g.gapBytes} unreadable bytes skipped after sample ${g.gapAfter! + 1}`}
          />
        );
      })}
      {evs.map((e) => (
        <button
          key={`e${e.kind}${e.subject ?? ''}${e.from}`}
          type="button"
          className={`track-event ev-${e.kind}`}
          data-testid="track-event"
          data-kind={e.kind}
          data-sample={e.peakSample + 1}
          style={{ left: `${pct(times[e.peakSample]!)}%`, top: ROW[e.kind] * 6 }}
          aria-label={`${EVENT_TITLES[e.kind]}, sample ${e.peakSample + 1}`}
          title={`${EVENT_TITLES[e.kind]}, ${fmtDateTime(times[e.peakSample]!, p.tz)}: ${e.text}`}
          onClick={() => {
            p.onSelect(e.peakSample);
          }}
        />
      ))}
    </div>
  );
});

/** Samples where the whole-log filter matches: ticks on a canvas (there may be thousands). */
function MatchTicks(p: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const plotW = Math.max(1, p.width - PLOT_LEFT - PLOT_RIGHT);
  const { matches, times, intervals, samples, xMin, xMax } = p;
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.floor(plotW * dpr);
    c.height = Math.floor(4 * dpr);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, plotW, 4);
    if (!matches) return;
    g.fillStyle = getComputedStyle(c).getPropertyValue('--match').trim() || '#c2410c';
    const k = plotW / (xMax - xMin);
    for (let i = 0; i < samples && i < matches.length; i++) {
      if (!matches[i]) continue;
      const a = (times[i]! - Math.max(0, intervals[i]!) - xMin) * k;
      const b = (times[i]! - xMin) * k;
      if (b < 0 || a > plotW) continue;
      g.fillRect(a, 0, Math.max(1, b - a), 4);
    }
  }, [matches, times, intervals, samples, xMin, xMax, plotW]);
  return (
    <canvas ref={canvas} className="match-ticks" style={{ width: plotW, height: 4 }} aria-hidden="true" />
  );
}
