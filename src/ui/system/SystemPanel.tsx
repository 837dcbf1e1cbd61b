// atop's upper screen for the selected interval: a region "System" with one row per atop
// line (PRC, CPU, one cpu row per CPU, CPL, MEM, SWP, PAG, PSI, one DSK row per disk, one
// NET row per interface …), busy values coloured as atop colours them. The figures come
// from the worker, which decodes the sample anyway. Collapsible; the choice is remembered.
import { useEffect, useMemo, useState } from 'react';
import type { SystemResult } from '../../worker/protocol';
import type { LogSession } from '../session';
import { systemLines } from './system-lines';

interface Props {
  readonly session: LogSession;
  readonly selected: number | null;
  /** The sample's interval in seconds (atop's counts are per interval). */
  readonly interval: number;
  readonly open: boolean;
  readonly onOpen: (open: boolean) => void;
}

export function SystemPanel(p: Props) {
  const { session, selected, open } = p;
  const [res, setRes] = useState<{ session: LogSession; r: SystemResult } | null>(null);
  useEffect(() => {
    if (!open || selected === null) return;
    let live = true;
    void session.system(selected).then((r) => {
      if (live) setRes({ session, r });
    });
    return () => {
      live = false;
    };
  }, [session, selected, open]);
  const r = res?.session === session ? res.r : null;
  const lines = useMemo(() => (r?.ok ? systemLines(r.snapshot, p.interval) : []), [r, p.interval]);
  const stale = r?.ok === true && r.index !== selected;
  return (
    <section
      className={`system-panel${open ? ' open' : ''}`}
      aria-label="System"
      data-sample={r?.ok ? r.index + 1 : undefined}
    >
      <button
        type="button"
        className="system-toggle"
        aria-expanded={open}
        title={open ? "Hide atop's system lines" : "Show atop's system lines for the selected interval"}
        onClick={() => {
          p.onOpen(!open);
        }}
      >
        {open ? '▾' : '▸'} System
      </button>
      {open && r && !r.ok && <div className="sys-error">{r.error.message}</div>}
      {open && (
        <div className={`sys-lines${stale ? ' stale' : ''}`}>
          {lines.map((l, k) => (
            <div
              key={k}
              className={`sys-line${l.level ? ` ${l.level}` : ''}`}
              data-label={l.label}
              data-subject={l.subject}
            >
              <span className="sys-label">{l.label}</span>
              {l.items.map((i, j) => (
                <span key={j} className={`sys-item${i.level ? ` ${i.level}` : ''}`}>
                  <span className="sys-name">{i.name}</span>
                  {i.value !== '' && <span className="sys-value">{i.value}</span>}
                </span>
              ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
