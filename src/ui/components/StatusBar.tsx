// The bar along the bottom: rows shown, their CPU, how long the log took to read, whether
// every sample was checked; and that nothing leaves the tab.
import { fmtPct } from '../format';
import type { SessionSnapshot } from '../session';

interface Props {
  readonly snap: SessionSnapshot;
  /** The sample on screen: rows shown, its task count, its index (null: totals), CPU% of the rows shown. */
  readonly shown: {
    readonly rows: number;
    readonly tasks: number;
    readonly index: number | null;
    readonly cpu: number;
  } | null;
}

export function StatusBar({ snap, shown }: Props) {
  return (
    <footer className="statusbar">
      {shown && (
        <>
          <span>
            {shown.rows} row{shown.rows === 1 ? '' : 's'} shown ·{' '}
            {shown.index === null
              ? `${shown.tasks} in the totals`
              : `${shown.tasks} tasks in sample ${shown.index + 1}`}
          </span>
          <span>CPU of processes shown {fmtPct(shown.cpu)}</span>
        </>
      )}
      {snap.loadMs !== null && <span>log read in {Math.round(snap.loadMs)} ms</span>}
      {snap.state === 'ready' && !snap.cancelled && snap.checked !== null && (
        <span data-testid="verify-status">
          {snap.checked === snap.samples
            ? 'all samples checked'
            : `${snap.checked} of ${snap.samples} samples checked`}
        </span>
      )}
      <span className="muted">Nothing leaves this tab.</span>
    </footer>
  );
}
