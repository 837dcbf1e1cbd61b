// Jump to a time (atop's b key): a time typed on the page's clock, with or without a date. In
// a zone's repeated hour (clocks went back) a time names two moments: the form asks for the
// offset; in its skipped hour it names none: the form says so.
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { parseWallTime, zoneLabel, type TimeZoneMode } from '../format';

export function JumpForm(p: {
  tz: TimeZoneMode;
  reference: number;
  onJump: (epoch: number) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);
  const submit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    const w = parseWallTime(text, p.tz, p.reference);
    if (w === null) {
      setError('Type a time like 03:12, 03:12:30 or 2026-11-23 03:12');
      return;
    }
    if (w.skipped) {
      setError(
        `${text.trim()} does not exist in this zone: the clocks went forward over it (${zoneLabel(p.tz, w.epoch - 7200)} → ${zoneLabel(p.tz, w.epoch + 7200)}).`,
      );
      return;
    }
    if (w.repeated) {
      setError(
        `${text.trim()} happens twice in this zone (the clocks went back): add the offset, ${zoneLabel(p.tz, w.epoch).slice(3)} for the first or ${zoneLabel(p.tz, w.epoch + 7200).slice(3)} for the second.`,
      );
      return;
    }
    p.onJump(w.epoch);
  };
  return (
    <form className="popover jump" onSubmit={submit} role="dialog" aria-label="Jump to time">
      <label>
        Jump to the sample at or after ({p.tz === 'utc' ? 'UTC' : p.tz === 'local' ? 'local time' : p.tz})
        <input
          ref={input}
          type="text"
          value={text}
          placeholder="03:12"
          aria-label="Time to jump to"
          aria-invalid={error !== null}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') p.onClose();
          }}
        />
      </label>
      {error && <div className="field-error">{error}</div>}
      <div className="jump-actions">
        <button type="submit" className="btn primary small">
          Go
        </button>
        <button type="button" className="btn small" onClick={p.onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
