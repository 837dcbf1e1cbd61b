// Smaller pieces of the page: the landing card, the header panel, the progress bar, the
// problem list, the view switcher, the column chooser and the toggles.
import { useId, useState } from 'react';
import type { FormatError } from '../format/errors';
import type { LogInfo, LogProblem } from '../worker/protocol';
import { VIEWS, type ColumnGroup, type ColumnSpec, type ViewId, type ViewSpec } from './columns';
import { fmtBytes, fmtDate, fmtDateTime, fmtFileSize, fmtTime, zoneLabel, type TimeZoneMode } from './format';
import type { Toggles } from './rows';
import type { SampleIndex, SessionSnapshot } from './session';

export const SUPPORTED = '1.26 and 2.1 – 2.13';

export function Landing(p: { onPick: () => void; onSample: () => void; sampleBusy: boolean }) {
  return (
    <section className="landing" aria-labelledby="landing-title">
      <div className="landing-card">
        <h2 id="landing-title">Drop an atop raw log anywhere on this page</h2>
        <p className="muted">
          The binary file <code>atop -w</code> writes, e.g. <code>/var/log/atop/atop_20261123</code>, plain or
          gzip-compressed. Formats {SUPPORTED}.
        </p>
        <div className="landing-actions">
          <button type="button" className="btn primary" onClick={p.onPick}>
            Open file…
          </button>
          <button type="button" className="btn" onClick={p.onSample} disabled={p.sampleBusy}>
            Open sample log
          </button>
        </div>
        <p className="privacy">
          <span aria-hidden="true">🔒</span> Nothing is uploaded: the file is read inside this browser tab.
        </p>
      </div>
    </section>
  );
}

export function LogHeader(p: { info: LogInfo; index: SampleIndex; samples: number; tz: TimeZoneMode }) {
  const { info, index, samples } = p;
  const first = samples > 0 ? index.get('curtime', 0) : 0;
  const last = samples > 0 ? index.get('curtime', samples - 1) : 0;
  const nrcpu = samples > 0 ? index.get('nrcpu', samples - 1) : 0;
  const mem = samples > 0 ? index.get('memTotal', samples - 1) : 0;
  const items: [string, string, string?][] = [
    ['File', info.fileName, `${fmtFileSize(info.fileSize)}${info.gzip ? ', gzip' : ''}`],
    ['Host', info.host || '(none)'],
    ['Kernel', `${info.sysname} ${info.release}`.trim(), `${info.kernelVersion} ${info.machine}`.trim()],
    ['atop format', info.version, `aversion 0x${info.aversion.toString(16)}`],
    ['Hertz', String(info.hertz)],
    ['Page size', String(info.pagesize)],
    ['CPUs', nrcpu ? String(nrcpu) : '–'],
    ['Memory', mem ? fmtBytes(mem) : '–'],
    ['Samples', String(samples)],
    [
      'Time range',
      samples > 0
        ? `${fmtDateTime(first, p.tz)} – ${fmtDate(first, p.tz) === fmtDate(last, p.tz) ? fmtTime(last, p.tz) : fmtDateTime(last, p.tz)}`
        : '–',
      samples > 0 ? zoneLabel(p.tz, first) : undefined,
    ],
  ];
  return (
    <dl className="log-header" aria-label="Log header">
      {items.map(([k, v, title]) => (
        <div key={k} className="kv" data-key={k}>
          <dt>{k}</dt>
          <dd title={title}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LoadProgress(p: { snap: SessionSnapshot; onCancel: () => void }) {
  const { bytesRead, totalBytes, samples } = p.snap;
  const pct = totalBytes > 0 ? Math.min(100, (bytesRead * 100) / totalBytes) : 0;
  return (
    <div className="progress" role="status" aria-live="polite">
      <div className="progress-text">
        Reading <b>{p.snap.fileName}</b>: {fmtFileSize(bytesRead)} of {fmtFileSize(totalBytes)} · {samples}{' '}
        samples
      </div>
      <progress max={100} value={pct} aria-label="Bytes read" />
      <button type="button" className="btn small" onClick={p.onCancel}>
        Cancel
      </button>
    </div>
  );
}

const where = (e: FormatError): string =>
  [e.sample !== null ? `sample ${e.sample + 1}` : null, `byte offset ${e.offset}`].filter(Boolean).join(', ');

export function FatalError(p: { error: FormatError; fileName: string }) {
  return (
    <section className="fatal" role="alert" aria-labelledby="fatal-title">
      <h2 id="fatal-title">This file cannot be read</h2>
      <p className="fatal-file">{p.fileName}</p>
      <p className="fatal-msg">{p.error.message}</p>
      <p className="muted">
        Where: {where(p.error)} · code <code>{p.error.code}</code>
      </p>
    </section>
  );
}

/** The worker died: say so, and offer to read the same file again (a fresh worker). */
export function ReaderCrashed(p: { why: string; samples: number; onRetry: () => void }) {
  return (
    <div className="banner warn" role="alert" data-testid="reader-crashed">
      <div className="banner-main">
        <span className="banner-text">
          The reader stopped working: {p.why}. This can happen when the browser runs out of memory for a very
          large log.
          {p.samples > 0 ? ' Samples already decoded stay on screen.' : ''}
        </span>
        <button type="button" className="btn small" onClick={p.onRetry}>
          Read the file again
        </button>
        <span className="muted"> or open another file.</span>
      </div>
    </div>
  );
}

export function ProblemBanner(p: { snap: SessionSnapshot }) {
  const { stopped, problems, incompleteTail, cancelled, samples } = p.snap;
  const [open, setOpen] = useState(false);
  if (!stopped && problems.length === 0) return null;
  const note = (incompleteTail || cancelled) && problems.length === 0;
  const missing = problems.filter((x) => x.sample !== null);
  const gaps = problems.filter((x) => x.gapAfter !== null);
  const all: FormatError[] = [...problems.map((x) => x.error), ...(stopped ? [stopped] : [])];
  const parts: string[] = [];
  if (cancelled) parts.push(`Reading was cancelled after ${samples} samples.`);
  else if (incompleteTail && stopped)
    parts.push(`The log ends inside its last record (atop may still be writing it) at ${where(stopped)}.`);
  else if (stopped) parts.push(`The log is damaged: ${stopped.message}`);
  if (missing.length > 0)
    parts.push(
      missing.length === 1
        ? `${missing[0]!.error.message} The other samples are fine.`
        : `${missing.length} samples cannot be shown.`,
    );
  if (gaps.length > 0) {
    const bytes = gaps.reduce((sum, g) => sum + g.gapBytes, 0);
    const after = (g: LogProblem) =>
      g.gapAfter! < 0 ? 'before sample 1' : `after sample ${g.gapAfter! + 1}`;
    parts.push(
      gaps.length === 1
        ? `${bytes} unreadable bytes were skipped ${after(gaps[0]!)} (byte offset ${gaps[0]!.error.offset}); reading went on with the next valid record.`
        : `${bytes} unreadable bytes were skipped in ${gaps.length} stretches (marked on the timeline).`,
    );
  }
  return (
    <div
      className={`banner ${note ? 'note' : 'warn'}`}
      role={note ? 'status' : 'alert'}
      data-testid="problems"
    >
      <div className="banner-main">
        <span className="banner-text">{parts.join(' ')}</span>
        {stopped && !cancelled && !incompleteTail && (
          <span className="muted"> ({where(stopped)}) Every good sample is viewable.</span>
        )}
        {all.length > 0 && (
          <button
            type="button"
            className="link"
            aria-expanded={open}
            onClick={() => {
              setOpen(!open);
            }}
          >
            {open ? 'Hide details' : `Details (${all.length})`}
          </button>
        )}
      </div>
      {open && (
        <ul className="banner-list">
          {all.map((e, i) => (
            <li key={i}>
              <code>{e.code}</code> {where(e)}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

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
    const i = p.visible.indexOf(cid);
    const j = i + d;
    if (i < 0 || j < 0 || j >= p.visible.length) return;
    const next = [...p.visible];
    [next[i], next[j]] = [next[j]!, next[i]!];
    p.onChange(next);
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

export function ProblemsForSample(p: {
  problem: LogProblem | undefined;
  error: FormatError;
  readerCrashed: boolean;
}) {
  const e = p.problem?.error ?? p.error;
  // nothing is wrong with the sample itself: there is no reader left to decode it
  if (p.readerCrashed && !p.problem)
    return (
      <div className="sample-error" role="alert">
        <h3>This sample cannot be shown</h3>
        <p>It was not decoded before the reader stopped working.</p>
        <p className="muted">Read the file again (above) to see it, or open another file.</p>
      </div>
    );
  return (
    <div className="sample-error" role="alert">
      <h3>This sample cannot be shown</h3>
      <p>{e.message}</p>
      <p className="muted">
        Where: {where(e)} · code <code>{e.code}</code>. The other samples are fine: step with t / T.
      </p>
    </div>
  );
}

export const HELP: [string, string][] = [
  ['t / T', 'next / previous interval (as in atop)'],
  ['b', 'jump to a time'],
  ['Home / End', 'first / last interval'],
  ['← → on the timeline', 'previous / next interval'],
  ['/', 'focus the filter'],
  ['g m d n s e c', 'generic, memory, disk, network, scheduling, GPU, command-line columns'],
  ['↑ ↓ PgUp PgDn', 'move in the table; Enter shows all fields of the row'],
  ['Esc', 'close panels'],
  ['?', 'this help'],
];

export const FILTER_HELP =
  'Free text matches name or command line (case-insensitive). Tokens: pid:N[,N…] ppid:N name:/regex/ cmd:/regex/ user:UID state:R,S,D,Z,E — all must match; prefix with - to exclude.';
