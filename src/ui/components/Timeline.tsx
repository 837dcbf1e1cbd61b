// One mark per sample across the whole log: CPU, memory, disk and network of the system per
// sample (from the worker's index pass), since-boot samples and damage marked. Click or drag
// to pick a sample; as a slider it takes arrow keys.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { MARK_FILE_START, MARK_GAP } from '../../format/timeline/merge';
import { RRBOOT, type LogProblem } from '../../worker/protocol';
import { fmtBytes, fmtDateTime, fmtDuration, fmtPct, fmtRate, fmtTime, type TimeZoneMode } from '../format';
import type { SampleIndex } from '../session';

interface Props {
  readonly index: SampleIndex;
  readonly samples: number;
  readonly version: number;
  readonly selected: number | null;
  readonly problems: readonly LogProblem[];
  /** Rows matching the filter per sample (whole-log search), or null. */
  readonly matches: Uint32Array | null;
  readonly tz: TimeZoneMode;
  readonly onSelect: (i: number) => void;
  /** File names by file index: with several, each file's first sample is marked. */
  readonly fileNames: readonly string[];
}

interface Mark {
  readonly at: number;
  readonly kind: 'file' | 'gap';
  readonly label: string;
}

/** Where files start (with several) and where time is missing (index marks, merge.ts). */
function timelineMarks(ix: SampleIndex, n: number, fileNames: readonly string[]): Mark[] {
  const out: Mark[] = [];
  for (let i = 0; i < n; i++) {
    const m = ix.get('marks', i);
    if (m & MARK_FILE_START && fileNames.length > 1)
      out.push({ at: i, kind: 'file', label: fileNames[ix.get('file', i)] ?? '' });
    if (m & MARK_GAP)
      out.push({
        at: i,
        kind: 'gap',
        label: `${fmtDuration(ix.get('curtime', i) - ix.get('interval', i) - ix.get('curtime', i - 1))} missing`,
      });
  }
  return out;
}

const LANES = [
  { id: 'cpu', label: 'CPU', color: '--lane-cpu' },
  { id: 'mem', label: 'MEM', color: '--lane-mem' },
  { id: 'dsk', label: 'DSK', color: '--lane-dsk' },
  { id: 'net', label: 'NET', color: '--lane-net' },
] as const;

const LANE_H = 14;
const LANE_GAP = 3;
const TOP = 10;
const HEIGHT = TOP + LANES.length * (LANE_H + LANE_GAP);

/** Fractions 0..1 per lane for sample i. */
function laneValues(ix: SampleIndex, i: number, netMax: number): [number, number, number, number] {
  const nr = Math.max(1, ix.get('nrcpu', i));
  const busy = nr * 100 - ix.get('cpuIdle', i) - ix.get('cpuWait', i);
  const memTotal = ix.get('memTotal', i);
  const interval = Math.max(1, ix.get('interval', i));
  const net = (ix.get('netRecv', i) + ix.get('netSend', i)) / interval;
  return [
    Math.max(0, Math.min(1, busy / (nr * 100))),
    memTotal > 0 ? Math.max(0, Math.min(1, ix.get('memUsed', i) / memTotal)) : 0,
    Math.max(0, Math.min(1, ix.get('diskBusy', i) / 100)),
    netMax > 0 ? Math.max(0, Math.min(1, Math.sqrt(net / netMax))) : 0,
  ];
}

export function Timeline(p: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const [hover, setHover] = useState<{ i: number; x: number } | null>(null);
  const dragging = useRef(false);
  const { index, samples, selected } = p;

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      setWidth(Math.max(100, Math.floor(el.clientWidth)));
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
    };
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.floor(width * dpr);
    c.height = Math.floor(HEIGHT * dpr);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, HEIGHT);
    const css = getComputedStyle(c);
    const color = (v: string) => css.getPropertyValue(v).trim() || '#888';
    const n = samples;
    if (n === 0) return;
    let netMax = 0;
    for (let i = 0; i < n; i++) {
      if (index.get('flags', i) & RRBOOT) continue;
      const v = (index.get('netRecv', i) + index.get('netSend', i)) / Math.max(1, index.get('interval', i));
      if (v > netMax) netMax = v;
    }
    const x0 = (i: number) => Math.floor((i * width) / n);
    const colW = (i: number) => Math.max(1, x0(i + 1) - x0(i) - (width / n > 4 ? 1 : 0));
    // lane backgrounds
    g.fillStyle = color('--lane-bg');
    LANES.forEach((_, k) => {
      g.fillRect(0, TOP + k * (LANE_H + LANE_GAP), width, LANE_H);
    });
    if (selected !== null && selected < n) {
      g.fillStyle = color('--timeline-sel');
      g.fillRect(x0(selected), 0, colW(selected), HEIGHT);
    }
    const laneColors = LANES.map((l) => color(l.color));
    const bootColor = color('--lane-boot');
    for (let i = 0; i < n; i++) {
      const x = x0(i);
      const w = colW(i);
      if (index.missing(i)) {
        g.fillStyle = color('--bad');
        g.fillRect(x, TOP, w, HEIGHT - TOP - LANE_GAP);
        continue;
      }
      const boot = (index.get('flags', i) & RRBOOT) !== 0;
      const vals = laneValues(index, i, netMax);
      vals.forEach((v, k) => {
        const h = Math.max(v > 0 ? 1 : 0, Math.round(v * LANE_H));
        g.fillStyle = boot ? bootColor : laneColors[k]!;
        g.fillRect(x, TOP + k * (LANE_H + LANE_GAP) + LANE_H - h, w, h);
      });
      if (boot) {
        g.fillStyle = color('--boot-mark');
        g.beginPath();
        g.moveTo(x + w / 2 - 4, 0);
        g.lineTo(x + w / 2 + 4, 0);
        g.lineTo(x + w / 2, 7);
        g.closePath();
        g.fill();
      }
    }
    // samples where the filter matches: a tick in the top band
    if (p.matches) {
      g.fillStyle = color('--match');
      for (let i = 0; i < n && i < p.matches.length; i++)
        if (p.matches[i]! > 0) g.fillRect(x0(i), TOP - 5, colW(i), 4);
    }
    if (selected !== null && selected < n) {
      g.fillStyle = color('--accent');
      g.fillRect(x0(selected), 0, colW(selected), 2);
      g.fillRect(x0(selected), HEIGHT - 2, colW(selected), 2);
    }
    // version: the index object is mutable; p.version says it changed
  }, [index, samples, p.version, selected, width, p.matches]);

  const sampleAt = (clientX: number): number => {
    const r = canvas.current?.getBoundingClientRect();
    if (!r || samples === 0) return 0;
    const f = (clientX - r.left) / r.width;
    return Math.max(0, Math.min(samples - 1, Math.floor(f * samples)));
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (samples === 0) return;
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    p.onSelect(sampleAt(e.clientX));
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (samples === 0) return;
    const i = sampleAt(e.clientX);
    const r = canvas.current?.getBoundingClientRect();
    setHover({ i, x: r ? e.clientX - r.left : 0 });
    if (dragging.current && i !== selected) p.onSelect(i);
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    dragging.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (selected === null || samples === 0) return;
    const step =
      e.key === 'ArrowRight'
        ? 1
        : e.key === 'ArrowLeft'
          ? -1
          : e.key === 'PageDown'
            ? 10
            : e.key === 'PageUp'
              ? -10
              : 0;
    if (step === 0) return;
    e.preventDefault();
    e.stopPropagation();
    p.onSelect(Math.max(0, Math.min(samples - 1, selected + step)));
  };

  // gaps in the record chain: elements over the canvas, so they can be found and named
  const gaps = p.problems.filter((x) => x.gapAfter !== null);
  // one pass over the marks per render (progress events, hover): a day's samples take well under 1 ms
  const marks = timelineMarks(index, samples, p.fileNames);
  const hoverInfo = hover && hover.i < samples ? describe(index, hover.i, p.tz, gaps, p.fileNames) : null;
  const valueText =
    selected !== null && selected < samples
      ? `Sample ${selected + 1} of ${samples}, ${fmtDateTime(index.get('curtime', selected), p.tz)}` +
        (p.matches ? `, ${p.matches[selected] ?? 0} rows match the filter` : '')
      : 'No sample';

  return (
    <div className="timeline" ref={wrap}>
      <div className="timeline-lanes" aria-hidden="true">
        {LANES.map((l) => (
          <span key={l.id} style={{ height: LANE_H, marginBottom: LANE_GAP }}>
            {l.label}
          </span>
        ))}
      </div>
      <div
        className="timeline-track"
        role="slider"
        aria-label="Sample timeline"
        aria-valuemin={samples > 0 ? 1 : 0}
        aria-valuemax={samples}
        aria-valuenow={selected !== null ? selected + 1 : 0}
        aria-valuetext={valueText}
        aria-orientation="horizontal"
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-samples={samples}
      >
        <canvas
          ref={canvas}
          style={{ width: '100%', height: HEIGHT }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onPointerLeave={() => {
            setHover(null);
          }}
        />
        {samples > 0 &&
          gaps.map((gp, k) => (
            <span
              key={k}
              className="timeline-gap"
              data-testid="timeline-gap"
              data-gap-after={gp.gapAfter! + 1}
              data-bytes={gp.gapBytes}
              style={{ left: `${(Math.max(0, gp.gapAfter! + 1) * 100) / samples}%` }}
            />
          ))}
        {marks.map((m) => (
          <span
            key={`${m.kind}${m.at}`}
            className={`timeline-mark ${m.kind}`}
            data-testid={m.kind === 'file' ? 'timeline-file-start' : 'timeline-time-gap'}
            data-sample={m.at + 1}
            title={
              m.kind === 'file'
                ? `${m.label} starts at sample ${m.at + 1}`
                : `Gap before sample ${m.at + 1}: ${m.label}`
            }
            style={{ left: `${(m.at * 100) / samples}%` }}
          >
            {m.kind === 'file' ? m.label : ''}
          </span>
        ))}
        {hoverInfo && hover && (
          <div
            className="timeline-tip"
            style={{ left: Math.min(Math.max(0, hover.x - 110), width - 230) }}
            role="tooltip"
          >
            {hoverInfo.map((line) => (
              <div key={line}>{line}</div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

function describe(
  ix: SampleIndex,
  i: number,
  tz: TimeZoneMode,
  gaps: readonly LogProblem[],
  fileNames: readonly string[],
): string[] {
  const t = ix.get('curtime', i);
  const head =
    `#${i + 1}  ${fmtDateTime(t - ix.get('interval', i), tz)} – ${fmtTime(t, tz)}  (${fmtDuration(ix.get('interval', i))})` +
    (fileNames.length > 1 ? `  ${fileNames[ix.get('file', i)] ?? ''}` : '');
  const skipped = gaps
    .filter((g) => g.gapAfter === i || g.gapAfter === i - 1)
    .map(
      (g) => `${g.gapBytes} unreadable bytes skipped ${g.gapAfter === i ? 'after' : 'before'} this sample`,
    );
  if (ix.missing(i)) return [head, 'Damaged: this sample cannot be shown', ...skipped];
  const boot = (ix.get('flags', i) & RRBOOT) !== 0;
  const nr = Math.max(1, ix.get('nrcpu', i));
  const interval = Math.max(1, ix.get('interval', i));
  const busy = nr * 100 - ix.get('cpuIdle', i) - ix.get('cpuWait', i);
  const lines = [
    head,
    `CPU ${fmtPct(busy)} of ${nr * 100}%  (sys ${fmtPct(ix.get('cpuSys', i))}, user ${fmtPct(ix.get('cpuUser', i))}, wait ${fmtPct(ix.get('cpuWait', i))})`,
    `MEM ${fmtBytes(ix.get('memUsed', i))} used of ${fmtBytes(ix.get('memTotal', i))}`,
    `DSK busiest ${fmtPct(ix.get('diskBusy', i))}, read ${fmtRate(ix.get('diskRead', i) / interval)}, write ${fmtRate(ix.get('diskWrite', i) / interval)}`,
    `NET in ${fmtRate(ix.get('netRecv', i) / interval)}, out ${fmtRate(ix.get('netSend', i) / interval)}`,
  ];
  if (boot) lines.push('Since boot: totals since the system started');
  return [...lines, ...skipped];
}
