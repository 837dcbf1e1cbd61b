// The selected process over the whole log, whatever range is selected: CPU %, RSIZE, disk
// read / write and threads as small charts on the system charts' time axis (same span,
// zoom and plot margins), a point per sample in which it has a row, the selected sample
// and the range marked; its start, first and last sample and how it ended; the other
// processes that had its pid (drawn too, in grey) and every run of its program.
import { useMemo, useRef, type ReactNode } from 'react';
import type { Incarnation, LifelineAnswer, LogProblem, ProgramRun } from '../../worker/protocol';
import { TimeAxis } from '../charts/TimeAxis';
import { TimeChart, type ChartLine } from '../charts/TimeChart';
import { useWidth } from '../charts/useWidth';
import { fmtDateTime, fmtDuration, type TimeZoneMode } from '../format';
import type { SampleIndex } from '../session';
import type { TimeRange } from '../state/view-state';
import { sampleMarks } from '../system/marks';
import { sampleAtTime, sampleStart, visibleSpan, type TimeSource } from '../system/SystemCharts';
import type { ProcessKey } from '../table/selection';
import { lifelineLines, topOf } from './shape';
import { RunsStrip } from './RunsStrip';

interface Props {
  readonly answer: LifelineAnswer | null;
  readonly process: ProcessKey;
  readonly index: SampleIndex;
  readonly samples: number;
  readonly problems: readonly LogProblem[];
  readonly version: number;
  readonly selected: number | null;
  readonly range: TimeRange | null;
  readonly zoom: TimeRange | null;
  readonly tz: TimeZoneMode;
  readonly onSelect: (i: number) => void;
  readonly onRange: (r: TimeRange | null) => void;
  readonly onProcess: (p: ProcessKey) => void;
  readonly onClose: () => void;
}

const CHART_H = 30;

/** How a process ended, from its E row's wait status (gen.excode; bit 31 only says it was new). */
export function exitText(excode: number): string {
  const status = excode & 0xffff;
  return (status & 0x7f) !== 0 ? `killed by signal ${status & 0x7f}` : `exit ${(status >> 8) & 0xff}`;
}

const failed = (excode: number) => (excode & 0xffff) !== 0;

function ended(h: Pick<Incarnation, 'exited' | 'excode'>): string {
  return h.exited ? exitText(h.excode) : 'running at its last sample';
}

const LINES: Record<string, ChartLine[]> = {
  cpu: [
    { label: 'CPU %', color: '--chart-user', points: true },
    { label: 'same pid', color: '--chart-steal', points: true },
  ],
  rmem: [
    { label: 'RSIZE', color: '--chart-used', points: true },
    { label: 'same pid', color: '--chart-steal', points: true },
  ],
  disk: [
    { label: 'read', color: '--chart-cache', points: true },
    { label: 'write', color: '--chart-wait', points: true },
  ],
  thr: [
    { label: 'threads', color: '--chart-irq', points: true },
    { label: 'same pid', color: '--chart-steal', points: true },
  ],
};

export function LifelinePanel(p: Props) {
  const body = useRef<HTMLDivElement>(null);
  const width = useWidth(body, 600);
  const { index, samples, tz, answer } = p;
  // the system charts' time axis, worked out from the same index
  const time: TimeSource = useMemo(
    () => ({
      samples,
      times: index.column('curtime').slice(0, samples),
      intervals: index.column('interval').slice(0, samples),
      marks: sampleMarks(index, p.problems),
    }),
    // the index grows in place: `version` says when
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [index, samples, p.problems, p.version],
  );
  const vis = visibleSpan(time, p.zoom);
  const ok = answer?.ok ? answer : null;
  const sel = ok && ok.selected >= 0 ? ok.history[ok.selected]! : null;
  const lines = useMemo(
    () => (ok ? lifelineLines(ok.history, ok.selected, (s) => index.get('interval', s)) : null),
    [ok, index],
  );
  const pct = (t: number) => ((t - vis.from) / Math.max(1, vis.to - vis.from)) * 100;
  const overlay: ReactNode[] = [];
  if (p.range) {
    const a = pct(Math.min(p.range.from, sampleStart(time, sampleAtTime(time, p.range.from))));
    overlay.push(
      <div
        key="range"
        className="chart-range"
        style={{ left: `${a}%`, width: `${Math.max(0.2, pct(p.range.to) - a)}%` }}
      />,
    );
  }
  if (p.selected !== null && p.selected < samples) {
    const a = pct(sampleStart(time, p.selected));
    const b = pct(time.times[p.selected]!);
    overlay.push(
      <div key="sel" className="chart-selected" style={{ left: `${a}%`, width: `${Math.max(0, b - a)}%` }} />,
    );
  }
  const charts = lines
    ? [
        { id: 'cpu', label: 'CPU', unit: '%', ys: lines.cpu, top: topOf(lines.cpu, 1) },
        { id: 'rmem', label: 'RSIZE', unit: 'B', ys: lines.rmem, top: topOf(lines.rmem, 1024) },
        { id: 'disk', label: 'Disk', unit: 'B/s', ys: lines.disk, top: topOf(lines.disk, 512) },
        { id: 'thr', label: 'Threads', unit: '', ys: lines.thr, top: topOf(lines.thr, 1) },
      ]
    : [];
  const others = ok ? ok.history.filter((_, i) => i !== ok.selected) : [];
  return (
    <section
      className="lifeline"
      aria-label={`Lifeline of process ${p.process.pid}`}
      data-testid="lifeline"
      data-points={sel?.points.sample.length ?? 0}
      data-incarnations={ok?.history.length ?? 0}
      data-runs={ok?.runs.length ?? 0}
    >
      <header className="lifeline-head">
        <h3>
          PID {p.process.pid}
          {ok?.name ? ` · ${ok.name}` : ''}
        </h3>
        {sel && (
          <span className="lifeline-facts" data-testid="lifeline-facts">
            started {fmtDateTime(sel.btime, tz)} · samples {sel.firstIdx + 1}–{sel.lastIdx + 1} (
            {sel.points.sample.length} with a row) · {ended(sel)}
            {sel.exitTime !== null && ` at ${fmtDateTime(sel.exitTime, tz)}`}
          </span>
        )}
        {answer && !answer.ok && <span className="field-error">{answer.message}</span>}
        {ok && !sel && (
          <span className="muted">No process {p.process.pid} with this start time in the log.</span>
        )}
        <button type="button" className="btn small" aria-label="Close lifeline" onClick={p.onClose}>
          ✕
        </button>
      </header>
      <div className="lifeline-body">
        <div className="lifeline-charts" ref={body}>
          {charts.map((c) => (
            <div className="lifeline-chart" key={c.id}>
              <span className="lifeline-chart-label">{c.label}</span>
              <TimeChart
                label={`${c.label} of process ${p.process.pid}`}
                width={width}
                height={CHART_H}
                x={lines!.x}
                ys={c.ys}
                lines={LINES[c.id]!}
                stacked={false}
                unit={c.unit}
                xMin={vis.from}
                xMax={vis.to}
                yMax={c.top}
                tz={tz}
                syncKey="system"
                onClick={(t) => {
                  p.onSelect(sampleAtTime(time, t));
                }}
                onSpan={(a, b) => {
                  const i = sampleAtTime(time, Math.min(a, b));
                  const j = sampleAtTime(time, Math.max(a, b));
                  p.onRange({ from: time.times[i]!, to: time.times[j]! });
                }}
              >
                {overlay}
              </TimeChart>
            </div>
          ))}
          {lines && <TimeAxis xMin={vis.from} xMax={vis.to} width={width} tz={tz} />}
        </div>
        <div className="lifeline-side">
          {others.length > 0 && (
            <div className="lifeline-others" data-testid="same-pid">
              <h4>Other processes with pid {p.process.pid}</h4>
              <ul>
                {others.map((h) => (
                  <li key={h.btime}>
                    <button
                      type="button"
                      className="linkish"
                      onClick={() => {
                        p.onProcess({ pid: h.pid, btime: h.btime });
                      }}
                    >
                      started {fmtDateTime(h.btime, tz)}
                    </button>{' '}
                    · {h.firstIdx < (sel?.firstIdx ?? 0) ? 'before' : 'after'} · {ended(h)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {ok && ok.runs.length > 0 && (
            <Runs
              runs={ok.runs}
              name={ok.name}
              process={p.process}
              xMin={vis.from}
              xMax={vis.to}
              tz={tz}
              onProcess={p.onProcess}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function Runs(p: {
  runs: readonly ProgramRun[];
  name: string;
  process: ProcessKey;
  xMin: number;
  xMax: number;
  tz: TimeZoneMode;
  onProcess: (k: ProcessKey) => void;
}) {
  const bad = p.runs.filter((r) => r.exited && failed(r.excode)).length;
  return (
    <div className="lifeline-runs" data-testid="program-runs">
      <h4>
        {p.runs.length} {p.runs.length === 1 ? 'run' : 'runs'} of {p.name}
        {bad > 0 && <span className="bad-count"> · {bad} failed</span>}
      </h4>
      <RunsStrip runs={p.runs} xMin={p.xMin} xMax={p.xMax} selected={p.process} />
      <ol className="runs-list">
        {p.runs.map((r) => {
          const mine = r.pid === p.process.pid && r.btime === p.process.btime;
          return (
            <li key={`${r.pid}-${r.btime}`} className={mine ? 'mine' : undefined}>
              <button
                type="button"
                className="linkish"
                onClick={() => {
                  p.onProcess({ pid: r.pid, btime: r.btime });
                }}
              >
                pid {r.pid}
              </button>{' '}
              {fmtDateTime(r.btime, p.tz).slice(11)} – {fmtDateTime(r.end, p.tz).slice(11)} (
              {fmtDuration(Math.max(0, r.end - r.btime))}) ·{' '}
              <span className={r.exited && failed(r.excode) ? 'bad' : undefined}>
                {r.exited ? exitText(r.excode) : 'running'}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
