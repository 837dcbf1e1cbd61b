// What a table of totals covers: the grouping, the span and how many samples it counts,
// and what it leaves out (since-boot samples, damaged ones, samples not read yet); while
// the worker walks a big log, how far it is, and Cancel.
import type { GroupBy, TotalsAnswer } from '../../worker/protocol';
import { fmtDateTime, type TimeZoneMode } from '../format';
import type { TotalsState } from '../hooks/useTotals';

const ROWS: Record<GroupBy, [string, string]> = {
  process: ['process', 'processes'],
  user: ['user', 'users'],
  program: ['program', 'programs'],
  container: ['container', 'containers'],
  cgroup: ['cgroup', 'cgroups'],
};

const plural = (n: number, [one, many]: [string, string]) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function covers(a: Extract<TotalsAnswer, { ok: true }>, tz: TimeZoneMode, oneSample: boolean): string {
  const rows = plural(a.table.rows, ROWS[a.table.by]);
  if (a.counted === 0)
    return `No sample to total in this range${a.boot > 0 ? ' (only since-boot samples)' : ''}`;
  const when = oneSample
    ? `the interval ending ${fmtDateTime(a.to, tz)}`
    : `${fmtDateTime(a.from, tz)} – ${fmtDateTime(a.to, tz)}`;
  const left: string[] = [];
  if (a.boot > 0)
    left.push(
      `${a.boot === 1 ? 'the since-boot sample' : `${a.boot} since-boot samples`} left out (their counters run since boot)`,
    );
  if (a.damaged > 0) left.push(`${a.damaged} damaged left out`);
  return (
    `${rows} over ${when} · ${plural(a.counted, ['sample', 'samples'])}` +
    (left.length > 0 ? ` · ${left.join(', ')}` : '')
  );
}

export function TotalsHeader(p: {
  readonly state: TotalsState;
  readonly tz: TimeZoneMode;
  readonly oneSample: boolean;
  readonly samples: number;
}) {
  const { answer, running, progress, cancelled } = p.state;
  return (
    <div className="totals-header" role="status" aria-live="polite" data-testid="totals-header">
      {answer && !answer.ok && <span className="field-error">{answer.message}</span>}
      {answer?.ok && (
        <span data-testid="totals-covers">
          {covers(answer, p.tz, p.oneSample)}
          {answer.covered < p.samples && ` (${answer.covered.toLocaleString('en')} samples read so far)`}
        </span>
      )}
      {running && (
        <span className="totals-running">
          <progress max={1} value={progress} aria-label="Totals progress" /> totalling…
          <button type="button" className="btn tiny" onClick={p.state.cancel}>
            Cancel
          </button>
        </span>
      )}
      {cancelled && !running && <span className="muted">Cancelled.</span>}
    </div>
  );
}
