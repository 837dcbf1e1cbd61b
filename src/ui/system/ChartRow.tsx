// One system chart with its title and legend: the legend shows each line's value at the
// sample under the pointer (any chart's: the crosshair is shared), else at the selected
// sample. Its data is shaped for the visible range in an animation frame (frame-queue.ts).
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import { cancelFrame, inFrame } from '../charts/frame-queue';
import { TimeChart } from '../charts/TimeChart';
import { fmtFigure, type TimeZoneMode } from '../format';
import type { ChartSpec, Layer } from './chart-specs';
import { shapeChart, type ChartData } from './shape';

export interface HoverBus {
  /** Listens for the hovered sample (null: none); returns the unsubscribe. */
  subscribe(l: (i: number | null) => void): () => void;
}

interface Props {
  readonly spec: ChartSpec;
  readonly layers: readonly Layer[];
  /** Fixed top of the value axis, or null to fit. */
  readonly top: number | null;
  readonly times: Float64Array;
  readonly samples: number;
  readonly marks: Uint8Array;
  readonly xMin: number;
  readonly xMax: number;
  readonly width: number;
  readonly height: number;
  readonly tz: TimeZoneMode;
  readonly selected: number | null;
  /** Frame budget for reshaping (ms; Infinity once the log is read). */
  readonly frameMs: number;
  readonly hover: HoverBus;
  readonly onHover: (t: number | null) => void;
  readonly onClick: (t: number) => void;
  readonly onSpan: (from: number, to: number) => void;
  /** Drawn over the plot (selection, range). */
  readonly overlay: ReactNode;
  /** Called with the time taken once the chart has its data (bench). */
  readonly onDrawn?: (ms: number) => void;
}

const EMPTY: ChartData = { x: [], ys: [], max: 0 };

/** 1, 2 or 5 × 10^k at or above v: a round top for the value axis. */
function niceTop(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export const ChartRow = memo(function ChartRow(p: Props) {
  const [data, setData] = useState<ChartData>(EMPTY);
  const key = useRef({});
  const values = useRef<(HTMLElement | null)[]>([]);
  const plotW = p.width;

  useEffect(() => {
    const k = key.current;
    inFrame(
      k,
      () => {
        const t0 = performance.now();
        setData(
          shapeChart({
            times: p.times,
            samples: p.samples,
            layers: p.layers.map((l) => l.values),
            stacked: p.spec.stacked,
            marks: p.marks,
            xMin: p.xMin,
            xMax: p.xMax,
            buckets: Math.max(16, Math.round(plotW)),
          }),
        );
        p.onDrawn?.(performance.now() - t0);
      },
      p.frameMs,
    );
    return () => {
      cancelFrame(k);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.times, p.samples, p.layers, p.marks, p.xMin, p.xMax, plotW, p.spec]);

  // the legend's values: the hovered sample's, else the selected one's
  const { layers, selected, spec } = p;
  useEffect(() => {
    const show = (i: number | null) => {
      const at = i ?? selected;
      layers.forEach((l, k) => {
        const el = values.current[k];
        if (el) el.textContent = at === null ? '–' : fmtFigure(l.values[at], spec.unit);
      });
    };
    show(null);
    return p.hover.subscribe(show);
  }, [layers, selected, spec, p.hover]);

  const yMax = p.top ?? niceTop(data.max);
  return (
    <div className="chart-row" data-chart={spec.id}>
      <div className="chart-legend">
        <span className="chart-title">{spec.title}</span>
        {layers.map((l, k) => (
          <span key={l.label} className="legend-item">
            <i className="legend-swatch" style={{ background: `var(${l.color})` }} />
            {l.label}{' '}
            <b
              ref={(el) => {
                values.current[k] = el;
              }}
              data-testid="legend-value"
            />
          </span>
        ))}
      </div>
      <TimeChart
        label={`${spec.title} chart`}
        width={p.width}
        height={p.height}
        x={data.x}
        ys={data.ys}
        lines={layers}
        stacked={spec.stacked}
        unit={spec.unit}
        xMin={p.xMin}
        xMax={p.xMax}
        yMax={yMax}
        tz={p.tz}
        syncKey="system"
        onHover={p.onHover}
        onClick={p.onClick}
        onSpan={p.onSpan}
      >
        {p.overlay}
      </TimeChart>
    </div>
  );
});
