// Every field atop stored for one task in one sample, as the worker decoded it.
import { useEffect, useRef } from 'react';
import type { TaskResult } from '../../worker/protocol';

interface Props {
  readonly title: string;
  readonly result: TaskResult | null;
  readonly onClose: () => void;
  readonly onFilterPid: (() => void) | null;
}

export function DetailsPanel(p: Props) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
  }, []);
  const groups = new Map<string, { path: string; value: string }[]>();
  if (p.result?.ok)
    for (const f of p.result.fields) {
      if (/future|avail\d|^gen\.ifuture|cfuture|bfuture/.test(f.path)) continue;
      const g = f.path.split('.')[0] ?? '';
      const list = groups.get(g) ?? [];
      list.push({ path: f.path, value: f.exact ?? String(f.value) });
      groups.set(g, list);
    }
  return (
    <aside
      className="details"
      role="dialog"
      aria-label={`All fields: ${p.title}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          p.onClose();
        }
      }}
    >
      <header className="details-head">
        <h3>{p.title}</h3>
        {p.onFilterPid && (
          <button type="button" className="btn small" onClick={p.onFilterPid}>
            Filter this pid
          </button>
        )}
        <button
          ref={closeRef}
          type="button"
          className="btn small"
          onClick={p.onClose}
          aria-label="Close details"
        >
          ✕
        </button>
      </header>
      {!p.result && <p className="muted">Loading…</p>}
      {p.result && !p.result.ok && <p className="field-error">{p.result.error.message}</p>}
      <div className="details-body">
        {[...groups].map(([g, fields]) => (
          <section key={g}>
            <h4>{g}</h4>
            <dl>
              {fields.map((f) => (
                <div key={f.path} className="kv">
                  <dt>{f.path}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </aside>
  );
}
