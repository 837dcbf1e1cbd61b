// The row toggles: thread entries, exited processes, active ones only.
import type { Toggles } from '../state/view-state';

export function ToggleBar(p: { toggles: Toggles; hasThreads: boolean; onChange: (t: Toggles) => void }) {
  const t = p.toggles;
  return (
    <div className="toggles" role="group" aria-label="Rows">
      <label
        title={
          p.hasThreads
            ? 'Show thread entries (one per thread) below their process'
            : 'This log format has no thread entries'
        }
      >
        <input
          type="checkbox"
          checked={t.threads && p.hasThreads}
          disabled={!p.hasThreads}
          onChange={(e) => {
            p.onChange({ ...t, threads: e.target.checked });
          }}
        />{' '}
        Threads
      </label>
      <label title="Show processes that exited during the interval (state E)">
        <input
          type="checkbox"
          checked={t.exited}
          onChange={(e) => {
            p.onChange({ ...t, exited: e.target.checked });
          }}
        />{' '}
        Exited
      </label>
      <label title="Show only tasks that used CPU, disk or memory in the interval">
        <input
          type="checkbox"
          checked={t.activeOnly}
          onChange={(e) => {
            p.onChange({ ...t, activeOnly: e.target.checked });
          }}
        />{' '}
        Active only
      </label>
    </div>
  );
}
