// The keyboard help (key ?): every key of the page's key table (keys.ts), the moves inside the
// timeline and the table, and the filter language.
import { FILTER_HELP } from '../../filter/parse';
import { KEY_TABLE, keyLabel } from '../keys';

/** Keys that belong to one widget rather than the page. */
const WIDGET_KEYS: [string, string][] = [
  ['← → on the timeline', 'previous / next interval'],
  ['↑ ↓ PgUp PgDn', 'move in the table; Enter shows all fields of the row'],
];

export function HelpDialog(p: { onClose: () => void }) {
  const rows: [string, string][] = [
    ...KEY_TABLE.map((b): [string, string] => [keyLabel(b), b.help]),
    ...WIDGET_KEYS,
  ];
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
          {rows.map(([k, v]) => (
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
