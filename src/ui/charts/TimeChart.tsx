// One chart over time, drawn by uPlot on a canvas: the building block of the system charts
// and of anything else that must line up with them (a process's lifeline). Every chart has
// the same left axis width (PLOT_LEFT) and takes its time range from the caller, so charts
// stacked in a column share one time axis; cursors of charts with the same sync key move
// together. The caller gets times, not pixels: the pointer's time, a click's time, a
// dragged span. Anything drawn over the plot (selection, marks) is given as children and
// placed in the plot area, where left: x% is the time at x % of the range.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmtFigure, type TimeZoneMode } from '../format';
import { cancelFrame, inFrame } from './frame-queue';
import { useThemeVersion } from './theme';

/** Width of the value axis: every chart's plot starts this far from its left edge. */
export const PLOT_LEFT = 58;
/** Room right of the plot (the last time label). */
export const PLOT_RIGHT = 14;

export interface ChartLine {
  readonly label: string;
  /** CSS variable of the colour ("--chart-sys"). */
  readonly color: string;
  /** Draw a dot at every value (a series of lone samples would otherwise not show). */
  readonly points?: boolean;
}

export interface TimeChartProps {
  /** Accessible name of the plot. */
  readonly label: string;
  readonly width: number;
  /** Height of the plot (plus the time axis when shown). */
  readonly height: number;
  /** Point times (epoch seconds) and, per line, values (null = gap). */
  readonly x: readonly number[];
  readonly ys: readonly (readonly (number | null)[])[];
  readonly lines: readonly ChartLine[];
  /** Lines are running totals: drawn filled, each down to the one below it. */
  readonly stacked: boolean;
  /** Unit of the value axis (FigureUnit). */
  readonly unit: string;
  /** Visible time range. */
  readonly xMin: number;
  readonly xMax: number;
  /** Top of the value axis. */
  readonly yMax: number;
  readonly tz: TimeZoneMode;
  readonly showTimeAxis?: boolean;
  /** Charts with the same key share one crosshair. */
  readonly syncKey?: string;
  /** The pointer's time over this chart (or a synced one), null when it leaves. */
  readonly onHover?: (t: number | null) => void;
  readonly onClick?: (t: number) => void;
  /** A span dragged across the plot. */
  readonly onSpan?: (from: number, to: number) => void;
  /** Drawn over the plot area. */
  readonly children?: ReactNode;
}

/** What the caller's time zone makes of uPlot's Date for tick labels. */
function tzDate(tz: TimeZoneMode): (ts: number) => Date {
  if (tz === 'local') return (ts) => new Date(ts * 1000);
  const zone = tz === 'utc' ? 'Etc/UTC' : tz;
  return (ts) => uPlot.tzDate(new Date(ts * 1000), zone);
}

const css = (el: Element, v: string) => getComputedStyle(el).getPropertyValue(v).trim() || '#888';

/** A colour at some opacity (fills of stacked layers). */
function alpha(color: string, a: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1]!, 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** Makes the uPlot chart in `el` with the latest props in `cb`; returns what takes it down. */
function makeChart(
  el: HTMLDivElement,
  cb: { readonly current: TimeChartProps },
  made: (u: uPlot | null) => void,
): () => void {
  const q = cb.current;
  const axisColor = css(el, '--muted');
  const gridColor = css(el, '--grid');
  // uPlot draws series in order: a stack's top layer first, the lower ones over its fill
  const order = q.stacked ? [...q.lines.keys()].reverse() : [...q.lines.keys()];
  const font = `10px ${css(el, '--font-ui')}`;
  const opts: uPlot.Options = {
    width: q.width,
    height: q.height,
    padding: [7, PLOT_RIGHT, 1, 0],
    tzDate: tzDate(q.tz),
    legend: { show: false },
    cursor: {
      y: false,
      points: { show: false },
      drag: { x: true, y: false, setScale: false },
      ...(q.syncKey ? { sync: { key: q.syncKey } } : {}),
    },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: true, auto: false }, y: { auto: false } },
    axes: [
      {
        show: q.showTimeAxis === true,
        stroke: axisColor,
        font,
        size: 22,
        space: 70,
        grid: { stroke: gridColor, width: 1 },
        ticks: { show: false },
      },
      {
        stroke: axisColor,
        font,
        size: PLOT_LEFT,
        gap: 3,
        grid: { stroke: gridColor, width: 1 },
        ticks: { show: false },
        // a small chart: the top and the middle of the axis, named in the unit
        splits: (u) => {
          const max = u.scales.y!.max ?? 1;
          return [0, max / 2, max];
        },
        values: (_u, splits) => splits.map((v) => (v === 0 ? '' : fmtFigure(v, q.unit))),
      },
    ],
    series: [
      {},
      ...order.map((k) => {
        const c = css(el, q.lines[k]!.color);
        return {
          label: q.lines[k]!.label,
          stroke: c,
          width: 1,
          fill: q.stacked ? alpha(c, 0.75) : undefined,
          points: q.lines[k]!.points ? { show: true, size: 4, fill: c, stroke: c } : { show: false },
        };
      }),
    ],
    hooks: {
      setCursor: [
        (u) => {
          const left = u.cursor.left ?? -1;
          cb.current.onHover?.(left >= 0 ? u.posToVal(left, 'x') : null);
        },
      ],
      setSelect: [
        (u) => {
          const s = u.select;
          if (s.width > 3) cb.current.onSpan?.(u.posToVal(s.left, 'x'), u.posToVal(s.left + s.width, 'x'));
          if (s.width > 0) u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
  };
  const u = new uPlot(opts, [[]], el);
  // a click is a press and release in (nearly) the same place; farther apart it is a drag,
  // which uPlot reports as a selection (its own after-drag click filter misfires once a
  // selection has been cleared, so clicks are told apart here)
  let downX = NaN;
  const onDown = (e: PointerEvent) => {
    downX = e.button === 0 ? e.clientX : NaN;
  };
  const onUp = (e: PointerEvent) => {
    if (!(Math.abs(e.clientX - downX) < 3)) return;
    const r = u.over.getBoundingClientRect();
    cb.current.onClick?.(u.posToVal(e.clientX - r.left, 'x'));
  };
  u.over.addEventListener('pointerdown', onDown);
  u.over.addEventListener('pointerup', onUp);
  u.over.setAttribute('aria-label', q.label);
  made(u);
  return () => {
    u.over.removeEventListener('pointerdown', onDown);
    u.over.removeEventListener('pointerup', onUp);
    u.destroy();
    made(null);
  };
}

export function TimeChart(p: TimeChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [over, setOver] = useState<HTMLElement | null>(null);
  const theme = useThemeVersion();
  // the latest callbacks, for uPlot's hooks (made once per chart)
  const cb = useRef(p);
  useLayoutEffect(() => {
    cb.current = p;
  });
  const shape = `${p.lines.map((l) => l.label + l.color + (l.points ? '.' : '')).join('|')}/${p.stacked}/${p.unit}/${p.tz}/${p.showTimeAxis}`;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // made in a coming animation frame, a few charts a frame: a page that opens with ten
    // charts does not hold up its first painted frame (the first interval's table)
    let made: (() => void) | null = null;
    const key = {};
    inFrame(
      key,
      () => {
        made = makeChart(el, cb, (u) => {
          plot.current = u;
          setOver(u ? u.over : null);
        });
      },
      8,
    );
    return () => {
      cancelFrame(key);
      made?.();
    };
  }, [shape, theme]);

  // data and ranges, without making the chart again
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const order = p.stacked ? [...p.lines.keys()].reverse() : [...p.lines.keys()];
    u.batch(() => {
      u.setData([p.x as number[], ...order.map((k) => p.ys[k] as (number | null)[])], false);
      u.setScale('x', { min: p.xMin, max: p.xMax });
      u.setScale('y', { min: 0, max: p.yMax > 0 ? p.yMax : 1 });
    });
  }, [p.x, p.ys, p.xMin, p.xMax, p.yMax, p.stacked, p.lines, over]);

  useEffect(() => {
    plot.current?.setSize({ width: p.width, height: p.height });
  }, [p.width, p.height, over]);

  return (
    <div className="time-chart" ref={host} data-x-min={p.xMin} data-x-max={p.xMax}>
      {over && p.children ? createPortal(p.children, over) : null}
    </div>
  );
}
