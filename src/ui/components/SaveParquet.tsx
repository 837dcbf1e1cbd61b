// "Save as Parquet…": the task rows of the open log, or of the selected range, as one Parquet
// file with the columns of the CLI's export (README "Query many hosts with DuckDB"), written
// by a worker (hooks/useParquetSave.ts) with progress and Cancel.
import { useState } from 'react';
import { fileNamePart } from '../csv';
import { fmtDateTime, fmtFileSize, type TimeZoneMode } from '../format';
import { useParquetSave } from '../hooks/useParquetSave';
import type { TimeRange } from '../state/view-state';
import type { ExportFile, SavePart } from '../../worker/protocol';

/** "atop_web-1.parquet", or with the range's UTC ends "atop_web-1_2026-11-24T14-00-00Z_…Z.parquet". */
export function parquetFileName(host: string, range: TimeRange | null): string {
  const iso = (t: number) =>
    new Date(t * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replace(/:/g, '-');
  const span = range ? `_${iso(range.from)}_${iso(range.to)}` : '';
  return `atop_${fileNamePart(host)}${span}.parquet`;
}

export interface SaveParquetProps {
  /** The log's files, in order (empty: nothing to save). */
  readonly files: readonly ExportFile[];
  /** The records of the files to write for a range (or the whole log), in timeline order. */
  readonly parts: (range: TimeRange | null) => SavePart[];
  readonly host: string;
  /** The selected range (view state), or null. */
  readonly range: TimeRange | null;
  readonly tz: TimeZoneMode;
}

export function SaveParquet(p: SaveParquetProps) {
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<'log' | 'range'>('log');
  const save = useParquetSave();
  const s = save.state;
  const range = scope === 'range' ? p.range : null;
  const close = () => {
    if (s.phase === 'saving') return;
    save.reset();
    setOpen(false);
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={p.files.length === 0}
        title="Save the task rows of the log (or the selected range) as a Parquet file for DuckDB, pandas, Spark"
        onClick={() => {
          setScope(p.range ? 'range' : 'log');
          setOpen(true);
        }}
      >
        Save as Parquet…
      </button>
      {open && (
        <div className="modal-backdrop" onClick={close}>
          <div
            className="modal save-parquet"
            role="dialog"
            aria-modal="true"
            aria-label="Save as Parquet"
            data-save-state={
              s.phase === 'done'
                ? s.outcome.ok
                  ? 'saved'
                  : s.outcome.cancelled
                    ? 'cancelled'
                    : 'failed'
                : s.phase
            }
            onClick={(e) => {
              e.stopPropagation();
            }}
          >
            <h2>Save as Parquet</h2>
            <p>
              One row per process and thread per sample, every field atop stores, with the host, sample number
              and time: the columns of <code>atopview export --format parquet</code>.
            </p>
            <fieldset disabled={s.phase !== 'idle'}>
              <label>
                <input
                  type="radio"
                  name="parquet-scope"
                  checked={scope === 'log'}
                  onChange={() => {
                    setScope('log');
                  }}
                />{' '}
                The whole log{p.files.length > 1 ? ` (${p.files.length} files)` : ''}
              </label>
              <label>
                <input
                  type="radio"
                  name="parquet-scope"
                  checked={scope === 'range'}
                  disabled={!p.range}
                  onChange={() => {
                    setScope('range');
                  }}
                />{' '}
                {p.range
                  ? `The selected range: ${fmtDateTime(p.range.from, p.tz)} – ${fmtDateTime(p.range.to, p.tz)}`
                  : 'The selected range (none selected)'}
              </label>
            </fieldset>
            {s.phase === 'saving' && (
              <div className="progress" role="status" aria-live="polite">
                <span className="progress-text">
                  {s.progress
                    ? `${fmtFileSize(s.progress.bytesRead)} of ${fmtFileSize(s.progress.totalBytes)} read · ${s.progress.rows.toLocaleString('en')} rows`
                    : 'Starting…'}
                </span>
                <progress
                  aria-label="Saving Parquet"
                  max={100}
                  value={s.progress ? (s.progress.bytesRead * 100) / Math.max(1, s.progress.totalBytes) : 0}
                />
              </div>
            )}
            {s.phase === 'done' && <SaveOutcome state={s} />}
            <div className="modal-buttons">
              {s.phase === 'idle' && (
                <button
                  type="button"
                  className="btn primary"
                  onClick={() => {
                    save.save(p.files, p.parts(range), parquetFileName(p.host, range));
                  }}
                >
                  Save
                </button>
              )}
              {s.phase === 'saving' ? (
                <button type="button" className="btn" onClick={save.cancel}>
                  Cancel
                </button>
              ) : (
                <button type="button" className="btn" onClick={close}>
                  Close
                </button>
              )}
            </div>
          </div>
        </div>
      )}
    </>
  );
}

function SaveOutcome({
  state,
}: {
  state: Extract<ReturnType<typeof useParquetSave>['state'], { phase: 'done' }>;
}) {
  const o = state.outcome;
  if (!o.ok)
    return (
      <p role="alert" className={o.cancelled ? undefined : 'error'}>
        {o.cancelled ? 'Cancelled: nothing was saved.' : `Not saved: ${o.message}`}
      </p>
    );
  return (
    <div role="status">
      <p>
        Saved <b>{state.fileName}</b>: {o.rows.toLocaleString('en')} rows of {o.samples.toLocaleString('en')}{' '}
        samples, {fmtFileSize(o.bytes)}.
      </p>
      {o.problems.length > 0 && (
        <>
          <p>
            {o.problems.length === 1 ? 'One problem' : `${o.problems.length} problems`} in the log (the good
            samples are saved):
          </p>
          <ul className="banner-list">
            {o.problems.slice(0, 10).map((x, i) => (
              <li key={i}>
                {x.file}: {x.error.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
