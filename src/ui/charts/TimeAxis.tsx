// The charts' one time axis: labels in the chosen time zone under the plots, aligned with
// them (same left and right margins as every TimeChart).
import { zoneLabel, type TimeZoneMode } from '../format';
import { PLOT_LEFT, PLOT_RIGHT } from './TimeChart';
import { timeTicks } from './ticks';

export function TimeAxis(p: {
  readonly xMin: number;
  readonly xMax: number;
  readonly width: number;
  readonly tz: TimeZoneMode;
}) {
  const plotW = Math.max(1, p.width - PLOT_LEFT - PLOT_RIGHT);
  // labels are centred on their tick (about 6 px a character): none that would stick out
  const ticks = timeTicks(p.xMin, p.xMax, plotW, p.tz).filter((t) => {
    const half = t.label.length * 3.2;
    return t.at * plotW >= half && (1 - t.at) * plotW >= half;
  });
  return (
    <div
      className="time-axis"
      style={{ paddingLeft: PLOT_LEFT, paddingRight: PLOT_RIGHT }}
      aria-hidden="true"
    >
      <span className="time-axis-zone" title="Time zone of the axis">
        {zoneLabel(p.tz, p.xMin)}
      </span>
      <div className="time-axis-ticks">
        {ticks.map((t) => (
          <span key={t.t} className="time-axis-tick" style={{ left: `${t.at * 100}%` }}>
            {t.label}
          </span>
        ))}
      </div>
    </div>
  );
}
