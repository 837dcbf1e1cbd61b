// The events of the log as a list (click one: its peak sample is selected) and the
// thresholds they were found with, which the person can change (remembered in this browser).
import { fmtDateTime, type TimeZoneMode } from '../format';
import { EVENT_TITLES, type SystemEvent, type Thresholds } from './events';

interface Props {
  readonly events: readonly SystemEvent[];
  readonly times: Float64Array;
  readonly tz: TimeZoneMode;
  readonly thresholds: Thresholds;
  readonly onThresholds: (t: Thresholds) => void;
  readonly onSelect: (i: number) => void;
  readonly onClose: () => void;
}

const FIELDS: readonly { key: keyof Thresholds; label: string; unit: string; max: number }[] = [
  { key: 'cpuBusy', label: 'CPU busy ≥', unit: '%', max: 100 },
  { key: 'diskBusy', label: 'Disk busy ≥', unit: '%', max: 100 },
  { key: 'psi', label: 'Pressure stall ≥', unit: '%', max: 100 },
  { key: 'swapIn', label: 'Swap-in ≥', unit: 'pages/s', max: 1e9 },
];

/** At most this many events are listed (the track shows all). */
const LISTED = 500;

export function EventsPanel(p: Props) {
  return (
    <div className="popover events-panel" role="dialog" aria-label="Events">
      <form
        className="thresholds"
        aria-label="Event thresholds"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}{' '}
            <input
              type="number"
              min={0}
              max={f.max}
              step="any"
              value={p.thresholds[f.key]}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (e.target.value !== '' && Number.isFinite(v) && v >= 0)
                  p.onThresholds({ ...p.thresholds, [f.key]: Math.min(f.max, v) });
              }}
            />{' '}
            {f.unit}
          </label>
        ))}
      </form>
      <p className="muted events-count" data-testid="events-count">
        {p.events.length === 0 ? 'No events in this log.' : `${p.events.length} events`}
        {p.events.length > LISTED ? ` (the first ${LISTED} listed)` : ''}
      </p>
      <ul className="events-list">
        {p.events.slice(0, LISTED).map((e) => (
          <li key={`${e.kind}${e.subject ?? ''}${e.from}`} data-kind={e.kind}>
            <button
              type="button"
              className="event-item"
              onClick={() => {
                p.onSelect(e.peakSample);
              }}
            >
              <span className={`event-dot ev-${e.kind}`} aria-hidden="true" />
              <span className="event-time">{fmtDateTime(p.times[e.peakSample]!, p.tz)}</span>
              <span className="event-kind">{EVENT_TITLES[e.kind]}</span>
              <span className="event-text">{e.text}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn small" onClick={p.onClose}>
        Close
      </button>
    </div>
  );
}
