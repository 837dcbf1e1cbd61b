// atop's views as a segmented control (keys g m d n s e c do the same).
import { VIEWS, type ViewId, type ViewSpec } from '../table/views';

const VIEW_TITLES: Record<ViewId, string> = {
  generic: 'Generic',
  memory: 'Memory',
  disk: 'Disk',
  network: 'Network',
  scheduling: 'Scheduling',
  gpu: 'GPU',
  command: 'Command-line',
};

export function ViewSwitch(p: { views: readonly ViewSpec[]; view: ViewId; onView: (v: ViewId) => void }) {
  return (
    <div className="seg" role="group" aria-label="Column set">
      {VIEWS.filter((v) => p.views.includes(v)).map((v) => (
        <button
          key={v.id}
          type="button"
          className={`seg-btn${v.id === p.view ? ' on' : ''}`}
          aria-pressed={v.id === p.view}
          title={`${VIEW_TITLES[v.id]} columns (key ${v.key})`}
          onClick={() => {
            p.onView(v.id);
          }}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}
