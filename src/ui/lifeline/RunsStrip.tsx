// Every run of a program as a bar on the log's time axis: a restart loop is a row of short
// bars, the failed ones in red.
import type { ProgramRun } from '../../worker/protocol';
import type { ProcessKey } from '../table/selection';

export function RunsStrip(p: {
  readonly runs: readonly ProgramRun[];
  readonly xMin: number;
  readonly xMax: number;
  readonly selected: ProcessKey;
}) {
  const span = Math.max(1, p.xMax - p.xMin);
  const pct = (t: number) => Math.max(0, Math.min(100, ((t - p.xMin) / span) * 100));
  return (
    <div className="runs-strip" aria-hidden="true">
      {p.runs.map((r) => {
        const a = pct(r.btime);
        const b = pct(Math.max(r.end, r.btime));
        const bad = r.exited && (r.excode & 0xffff) !== 0;
        const mine = r.pid === p.selected.pid && r.btime === p.selected.btime;
        return (
          <span
            key={`${r.pid}-${r.btime}`}
            className={`run${bad ? ' bad' : ''}${mine ? ' mine' : ''}`}
            style={{ left: `${a}%`, width: `max(2px, ${b - a}%)` }}
          />
        );
      })}
    </div>
  );
}
