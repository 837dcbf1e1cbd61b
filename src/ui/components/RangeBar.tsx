// A range of samples, typed or picked: from / to times on the page's clock (a time alone
// is on the selected sample's date), the selected sample as either end, and Clear. A
// range dragged on a chart lands here too: this only shows and edits ViewState.range.
import { useState, type KeyboardEvent } from 'react';
import { fmtDate, fmtDateTime, fmtTime, parseJumpTime, zoneLabel, type TimeZoneMode } from '../format';
import type { SampleIndex } from '../session';
import type { TimeRange } from '../state/view-state';

interface Props {
  readonly index: SampleIndex;
  readonly samples: number;
  readonly selected: number | null;
  readonly range: TimeRange | null;
  readonly tz: TimeZoneMode;
  readonly onRange: (r: TimeRange | null) => void;
}

/** One end of the range as typed: shows the range's value until edited. */
function EndInput(p: {
  label: string;
  value: number | null;
  tz: TimeZoneMode;
  reference: number;
  /** The log is on one date: its times are shown without it. */
  oneDate: boolean;
  onValue: (epoch: number) => void;
}) {
  const [text, setText] = useState<string | null>(null);
  const [bad, setBad] = useState(false);
  const shown =
    text ?? (p.value === null ? '' : p.oneDate ? fmtTime(p.value, p.tz) : fmtDateTime(p.value, p.tz));
  const commit = () => {
    if (text === null) return;
    const t = text.trim();
    const epoch = t === '' ? null : parseJumpTime(t, p.tz, p.reference);
    if (epoch === null) {
      setBad(t !== '');
      return;
    }
    setBad(false);
    setText(null);
    p.onValue(epoch);
  };
  return (
    <input
      type="text"
      className={`range-input${bad ? ' invalid' : ''}${p.oneDate ? ' short' : ''}`}
      aria-label={p.label}
      aria-invalid={bad}
      title={`${p.label}: a time like 03:12, 03:12:30 or 2026-11-23 03:12 (${zoneLabel(p.tz, p.reference)}); Enter to apply`}
      placeholder={p.label === 'Range from' ? 'from' : 'to'}
      value={shown}
      onChange={(e) => {
        setText(e.target.value);
        setBad(false);
      }}
      onBlur={commit}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') {
          setText(null);
          setBad(false);
        }
      }}
    />
  );
}

export function RangeBar(p: Props) {
  const { index, samples, selected, range, tz } = p;
  const first = index.get('curtime', 0);
  const last = index.get('curtime', samples - 1);
  const cur = selected !== null ? index.get('curtime', selected) : null;
  const reference = cur ?? first;
  const oneDate = fmtDate(first, tz) === fmtDate(last, tz);
  const set = (from: number, to: number) => {
    p.onRange(from <= to ? { from, to } : { from: to, to: from });
  };
  return (
    <div className="range-bar" role="group" aria-label="Range">
      <span className="range-label" title="Totals over every sample from … to (both included)">
        Range
      </span>
      <EndInput
        label="Range from"
        value={range?.from ?? null}
        tz={tz}
        reference={reference}
        oneDate={oneDate}
        onValue={(t) => {
          set(t, range?.to ?? last);
        }}
      />
      <span className="range-dash">–</span>
      <EndInput
        label="Range to"
        value={range?.to ?? null}
        tz={tz}
        reference={reference}
        oneDate={oneDate}
        onValue={(t) => {
          set(range?.from ?? first, t);
        }}
      />
      <button
        type="button"
        className="btn small"
        disabled={cur === null}
        aria-label="From selected sample"
        title="The range starts at the selected sample"
        onClick={() => {
          if (cur !== null) set(cur, range ? Math.max(cur, range.to) : last);
        }}
      >
        ⇤ sel
      </button>
      <button
        type="button"
        className="btn small"
        disabled={cur === null}
        aria-label="To selected sample"
        title="The range ends at the selected sample"
        onClick={() => {
          if (cur !== null) set(range ? Math.min(cur, range.from) : first, cur);
        }}
      >
        sel ⇥
      </button>
      <button
        type="button"
        className="btn small"
        disabled={!range}
        aria-label="Clear"
        title="No range: the table shows the selected interval"
        onClick={() => {
          p.onRange(null);
        }}
      >
        ×
      </button>
    </div>
  );
}
