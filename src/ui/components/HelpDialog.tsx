// The keyboard help (key ?): atop's keys and the page's own, and the filter language.
import { FILTER_HELP } from '../../filter/parse';

const HELP: [string, string][] = [
  ['t / T', 'next / previous interval (as in atop)'],
  ['b', 'jump to a time'],
  ['Home / End', 'first / last interval'],
  ['← → on the timeline', 'previous / next interval'],
  ['/', 'focus the filter'],
  ['g m d n s e c', 'generic, memory, disk, network, scheduling, GPU, command-line columns'],
  ['u p j G', 'accumulated per user, program, container, cgroup (again: back to processes)'],
  ['↑ ↓ PgUp PgDn', 'move in the table; Enter shows all fields of the row'],
  ['Esc', 'close panels'],
  ['?', 'this help'],
];

export function HelpDialog(p: { onClose: () => void }) {
  return (
    <div className="modal-backdrop" onClick={p.onClose}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        onClick={(e) => {
          e.stopPropagation();
        }}
      >
        <h2>Keyboard</h2>
        <dl className="help">
          {HELP.map(([k, v]) => (
            <div key={k} className="kv">
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <h2>Filter</h2>
        <p>{FILTER_HELP}</p>
        <button type="button" className="btn" onClick={p.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
