// Rows per process, or accumulated like atop's u / p / j / G: a segmented control doing
// what the keys do. A grouping the log's version does not record is offered disabled.
import type { Grouping } from '../state/view-state';

const GROUPS: readonly { id: Grouping; label: string; key: string; title: string }[] = [
  { id: 'process', label: 'Processes', key: '', title: 'One row per process' },
  { id: 'user', label: 'Users', key: 'u', title: 'Accumulated per user (real uid)' },
  { id: 'program', label: 'Programs', key: 'p', title: 'Accumulated per program (process name)' },
  { id: 'container', label: 'Containers', key: 'j', title: 'Accumulated per container / pod' },
  { id: 'cgroup', label: 'Cgroups', key: 'G', title: 'The cgroup tree (per cgroup v2 path)' },
];

export function GroupSwitch(p: {
  readonly group: Grouping;
  /** Why a grouping is not offered for this log, by grouping. */
  readonly unavailable: Partial<Record<Grouping, string>>;
  readonly onGroup: (g: Grouping) => void;
}) {
  return (
    <div className="seg group-switch" role="group" aria-label="Rows per">
      {GROUPS.map((g) => {
        const why = p.unavailable[g.id];
        return (
          <button
            key={g.id}
            type="button"
            className={`seg-btn${g.id === p.group ? ' on' : ''}`}
            aria-pressed={g.id === p.group}
            disabled={why !== undefined}
            title={why ?? `${g.title}${g.key ? ` (key ${g.key})` : ''}`}
            onClick={() => {
              p.onGroup(g.id);
            }}
          >
            {g.label}
          </button>
        );
      })}
    </div>
  );
}
