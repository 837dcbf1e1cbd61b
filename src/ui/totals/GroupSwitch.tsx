// Rows per process, or accumulated like atop's u / p / j / G: a compact select doing what
// the keys do. A grouping the log's version does not record is offered disabled.
import type { Grouping } from '../state/view-state';

const GROUPS: readonly { id: Grouping; label: string; key: string }[] = [
  { id: 'process', label: 'per process', key: '' },
  { id: 'user', label: 'per user', key: 'u' },
  { id: 'program', label: 'per program', key: 'p' },
  { id: 'container', label: 'per container', key: 'j' },
  { id: 'cgroup', label: 'per cgroup', key: 'G' },
];

export function GroupSwitch(p: {
  readonly group: Grouping;
  /** Why a grouping is not offered for this log, by grouping. */
  readonly unavailable: Partial<Record<Grouping, string>>;
  readonly onGroup: (g: Grouping) => void;
}) {
  return (
    <label
      className="group-switch"
      title="One row per process, or accumulated as atop's keys u (user), p (program), j (container) and G (cgroup) do"
    >
      <select
        aria-label="Rows per"
        value={p.group}
        onChange={(e) => {
          const g = GROUPS.find((x) => x.id === e.target.value);
          // the reducer toggles a grouping picked again: picking a new one is never that
          if (g && g.id !== p.group) p.onGroup(g.id);
        }}
      >
        {GROUPS.map((g) => (
          <option key={g.id} value={g.id} disabled={p.unavailable[g.id] !== undefined}>
            {g.label}
          </option>
        ))}
      </select>
    </label>
  );
}
