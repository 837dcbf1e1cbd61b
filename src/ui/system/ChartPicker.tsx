// Which system charts are shown, in what order: a checkbox per chart the log has data for,
// and up / down buttons. The choice lives in the view state (the URL's charts=).
import { useState } from 'react';
import type { OfferedChart } from '../hooks/useSystemSeries';
import { moveItem } from '../list-order';

interface Props {
  readonly offered: readonly OfferedChart[];
  /** Ids shown, in order. */
  readonly shown: readonly string[];
  readonly onChange: (ids: readonly string[] | null) => void;
}

export function ChartPicker(p: Props) {
  const [open, setOpen] = useState(false);
  const offered = p.offered.map((c) => c.spec);
  // shown ones first in their order, then the others
  const list = [
    ...p.shown.flatMap((id) => offered.filter((s) => s.id === id)),
    ...offered.filter((s) => !p.shown.includes(s.id)),
  ];
  const move = (id: string, by: number) => {
    const ids = moveItem(p.shown, id, by);
    if (ids) p.onChange(ids);
  };
  return (
    <div className="popover-wrap">
      <button
        type="button"
        className="btn small"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        Charts…
      </button>
      {open && (
        <div className="popover chart-picker" role="dialog" aria-label="Choose charts">
          <ul>
            {list.map((s) => {
              const on = p.shown.includes(s.id);
              return (
                <li key={s.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={on}
                      onChange={() => {
                        p.onChange(on ? p.shown.filter((x) => x !== s.id) : [...p.shown, s.id]);
                      }}
                    />
                    {s.title}
                  </label>
                  {on && (
                    <span className="picker-move">
                      <button
                        type="button"
                        className="btn tiny"
                        aria-label={`Move ${s.title} up`}
                        onClick={() => {
                          move(s.id, -1);
                        }}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn tiny"
                        aria-label={`Move ${s.title} down`}
                        onClick={() => {
                          move(s.id, 1);
                        }}
                      >
                        ↓
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          <div className="picker-foot">
            <button
              type="button"
              className="btn small"
              onClick={() => {
                p.onChange(null);
              }}
            >
              Default charts
            </button>
            <button
              type="button"
              className="btn small"
              onClick={() => {
                setOpen(false);
              }}
            >
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
