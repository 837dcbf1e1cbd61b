// The column chooser: every column the log offers by group, and the shown ones in order.
import { useId, useState } from 'react';
import { moveItem } from '../list-order';
import type { ColumnGroup, ColumnSpec } from '../table/column';

const GROUP_LABEL: Record<ColumnGroup, string> = {
  id: 'Identity',
  cpu: 'CPU',
  mem: 'Memory',
  dsk: 'Disk',
  net: 'Network (netatop)',
  sched: 'Scheduling',
  gpu: 'GPU',
  misc: 'Other',
};

export function ColumnChooser(p: {
  columns: readonly ColumnSpec[];
  visible: readonly string[];
  onChange: (ids: string[]) => void;
  onReset: () => void;
  custom: boolean;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const shown = new Set(p.visible);
  const toggle = (cid: string) => {
    if (shown.has(cid)) {
      if (p.visible.length > 1) p.onChange(p.visible.filter((x) => x !== cid));
      return;
    }
    const at = p.visible.indexOf('cmdline');
    const next = [...p.visible];
    if (cid === 'cmdline' || at < 0) next.push(cid);
    else next.splice(at, 0, cid);
    p.onChange(next);
  };
  const move = (cid: string, d: number) => {
    const next = moveItem(p.visible, cid, d);
    if (next) p.onChange(next);
  };
  const groups = [...new Set(p.columns.map((c) => c.group))];
  return (
    <div className="popover-wrap">
      <button
        type="button"
        className={`btn${p.custom ? ' custom' : ''}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen(!open);
        }}
      >
        Columns{p.custom ? ' *' : ''}
      </button>
      {open && (
        <div className="popover chooser" id={id} role="dialog" aria-label="Choose columns">
          <div className="chooser-head">
            <b>Columns</b>
            <button type="button" className="link" onClick={p.onReset}>
              Reset to view
            </button>
            <button
              type="button"
              className="link"
              onClick={() => {
                setOpen(false);
              }}
            >
              Close
            </button>
          </div>
          <div className="chooser-order" aria-label="Shown, in order">
            {p.visible.map((cid, i) => {
              const c = p.columns.find((x) => x.id === cid);
              if (!c) return null;
              return (
                <div key={cid} className="order-item">
                  <span title={c.title}>{c.header}</span>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move ${c.header} left`}
                    disabled={i === 0}
                    onClick={() => {
                      move(cid, -1);
                    }}
                  >
                    ◀
                  </button>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move ${c.header} right`}
                    disabled={i === p.visible.length - 1}
                    onClick={() => {
                      move(cid, 1);
                    }}
                  >
                    ▶
                  </button>
                </div>
              );
            })}
          </div>
          <div className="chooser-groups">
            {groups.map((g) => (
              <fieldset key={g}>
                <legend>{GROUP_LABEL[g]}</legend>
                {p.columns
                  .filter((c) => c.group === g)
                  .map((c) => (
                    <label key={c.id} title={c.title}>
                      <input
                        type="checkbox"
                        aria-label={c.header}
                        checked={shown.has(c.id)}
                        onChange={() => {
                          toggle(c.id);
                        }}
                      />{' '}
                      {c.header}
                      <span className="muted small"> {c.title}</span>
                    </label>
                  ))}
              </fieldset>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
