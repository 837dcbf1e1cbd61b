// What went wrong while reading a log that still opened: damage, skipped bytes, an
// unfinished last record, a cancel; the list of every problem on request.
import { useState } from 'react';
import type { FormatError } from '../../format/errors';
import type { LogProblem } from '../../worker/protocol';
import type { SessionSnapshot } from '../session';
import { whereText } from './where';

export function ProblemBanner(p: { snap: SessionSnapshot }) {
  const { stopped, problems, incompleteTail, cancelled, samples } = p.snap;
  const [open, setOpen] = useState(false);
  if (!stopped && problems.length === 0) return null;
  const note = (incompleteTail || cancelled) && problems.length === 0;
  const missing = problems.filter((x) => x.sample !== null);
  const gaps = problems.filter((x) => x.gapAfter !== null);
  const all: FormatError[] = [...problems.map((x) => x.error), ...(stopped ? [stopped] : [])];
  const parts: string[] = [];
  if (cancelled) parts.push(`Reading was cancelled after ${samples} samples.`);
  else if (incompleteTail && stopped)
    parts.push(
      `The log ends inside its last record (atop may still be writing it) at ${whereText(stopped)}.`,
    );
  else if (stopped) parts.push(`The log is damaged: ${stopped.message}`);
  if (missing.length > 0)
    parts.push(
      missing.length === 1
        ? `${missing[0]!.error.message} The other samples are fine.`
        : `${missing.length} samples cannot be shown.`,
    );
  if (gaps.length > 0) {
    const bytes = gaps.reduce((sum, g) => sum + g.gapBytes, 0);
    const after = (g: LogProblem) =>
      g.gapAfter! < 0 ? 'before sample 1' : `after sample ${g.gapAfter! + 1}`;
    parts.push(
      gaps.length === 1
        ? `${bytes} unreadable bytes were skipped ${after(gaps[0]!)} (byte offset ${gaps[0]!.error.offset}); reading went on with the next valid record.`
        : `${bytes} unreadable bytes were skipped in ${gaps.length} stretches (marked on the timeline).`,
    );
  }
  return (
    <div
      className={`banner ${note ? 'note' : 'warn'}`}
      role={note ? 'status' : 'alert'}
      data-testid="problems"
    >
      <div className="banner-main">
        <span className="banner-text">{parts.join(' ')}</span>
        {stopped && !cancelled && !incompleteTail && (
          <span className="muted"> ({whereText(stopped)}) Every good sample is viewable.</span>
        )}
        {all.length > 0 && (
          <button
            type="button"
            className="link"
            aria-expanded={open}
            onClick={() => {
              setOpen(!open);
            }}
          >
            {open ? 'Hide details' : `Details (${all.length})`}
          </button>
        )}
      </div>
      {open && (
        <ul className="banner-list">
          {all.map((e, i) => (
            <li key={i}>
              <code>{e.code}</code> {whereText(e)}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
