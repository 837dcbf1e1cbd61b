// The selected sample, always visible: the interval it covers ("from – to": atop stamps a
// sample at the END of its interval), its length, sample number and file; moving by one,
// jumping to a typed time (the zone is picked in the top bar).
import { MARK_GAP } from '../../format/timeline/merge';
import { RRBOOT } from '../../worker/protocol';
import { clockChange, fmtDate, fmtDuration, fmtTime, zoneLabel, type TimeZoneMode } from '../format';
import type { SampleIndex } from '../session';
import { JumpForm } from './JumpForm';

interface Props {
  readonly index: SampleIndex;
  readonly samples: number;
  readonly selected: number | null;
  readonly tz: TimeZoneMode;
  readonly loading: boolean;
  readonly jumpOpen: boolean;
  readonly onJumpOpen: (open: boolean) => void;
  readonly onSelect: (i: number) => void;
  /** File names by file index (shown when there are several). */
  readonly fileNames: readonly string[];
}

export function SampleBar(p: Props) {
  const { index, samples, selected, tz } = p;
  const has = selected !== null && selected < samples;
  const t = has ? index.get('curtime', selected) : 0;
  const boot = has && (index.get('flags', selected) & RRBOOT) !== 0;
  const from = has ? t - index.get('interval', selected) : 0;
  const file = has ? (p.fileNames[index.get('file', selected)] ?? '') : '';
  const gap = has && (index.get('marks', selected) & MARK_GAP) !== 0;
  const change = has && selected > 0 ? clockChange(index.get('curtime', selected - 1), t, tz) : null;
  return (
    <div className="samplebar">
      <button
        type="button"
        className="btn nav"
        aria-label="Previous interval"
        title="Previous interval (T)"
        disabled={!has || selected === 0}
        onClick={() => {
          if (has) p.onSelect(selected - 1);
        }}
      >
        ◀
      </button>
      <div className="sample-now" aria-live="polite" data-testid="sample-now">
        {has ? (
          <>
            <span
              className="sample-span"
              data-testid="sample-span"
              title="atop stamps a sample at the end of the interval it covers: these are the interval's start and end"
            >
              {boot ? 'boot' : fmtTime(from, tz)} –{' '}
              <span className="sample-time" data-testid="sample-time">
                {fmtTime(t, tz)}
              </span>
            </span>
            <span className="sample-date">
              {fmtDate(t, tz)} {zoneLabel(tz, t)}
            </span>
            <span
              className="sample-interval"
              title="Length of the interval this sample covers; it ends at the time shown"
            >
              interval {fmtDuration(index.get('interval', selected))}
            </span>
            {p.fileNames.length > 1 && (
              <span
                className="badge file"
                data-testid="sample-file"
                title="The file this sample is read from"
              >
                {file}
              </span>
            )}
            {gap && (
              <span
                className="badge gap"
                title="Time is missing between the previous sample and this one's interval"
              >
                after a gap
              </span>
            )}
            {change && (
              <span
                className="badge clock"
                data-testid="clock-change"
                title="The zone's clock changed between the previous sample and this one"
              >
                {change}
              </span>
            )}
            <span className="sample-number" data-testid="sample-number">
              sample {selected + 1} / {samples}
              {p.loading ? '+' : ''}
            </span>
            {boot && (
              <span
                className="badge boot"
                title="First sample after atop started: figures are totals since boot"
              >
                since boot
              </span>
            )}
            {index.missing(selected) && <span className="badge bad">damaged</span>}
          </>
        ) : (
          <span className="muted">No sample yet</span>
        )}
      </div>
      <button
        type="button"
        className="btn nav"
        aria-label="Next interval"
        title="Next interval (t)"
        disabled={!has || selected >= samples - 1}
        onClick={() => {
          if (has) p.onSelect(selected + 1);
        }}
      >
        ▶
      </button>
      <div className="popover-wrap">
        <button
          type="button"
          className="btn"
          aria-expanded={p.jumpOpen}
          disabled={!has}
          title="Jump to a time (b)"
          onClick={() => {
            p.onJumpOpen(!p.jumpOpen);
          }}
        >
          Jump to time…
        </button>
        {p.jumpOpen && has && (
          <JumpForm
            tz={tz}
            reference={t}
            onJump={(epoch) => {
              const first = index.get('curtime', 0);
              const last = index.get('curtime', samples - 1);
              // a time without a date may mean the day before or after the shown sample
              let e = epoch;
              if (e < first - 43200 && e + 86400 <= last + 43200) e += 86400;
              else if (e > last + 43200 && e - 86400 >= first - 43200) e -= 86400;
              p.onSelect(index.findTime(e));
              p.onJumpOpen(false);
            }}
            onClose={() => {
              p.onJumpOpen(false);
            }}
          />
        )}
      </div>
    </div>
  );
}
