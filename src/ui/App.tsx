// The page: loading (drop, picker, sample log), the header panel, the timeline and sample
// bar, the toolbar (views, columns, toggles, filter, export) and the process table. State a
// person would share is mirrored into the URL.
import {
  useDeferredValue,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ChangeEvent,
} from 'react';
import type { FormatError } from '../format/errors';
import type { TaskResult } from '../worker/protocol';
import {
  availableViews,
  COLUMN_BY_ID,
  COLUMNS,
  columnAvailable,
  VIEW_BY_ID,
  VIEWS,
  viewColumns,
  type BoundColumn,
  type SampleTable,
  type ViewId,
} from './columns';
import { csvBlob, csvFileName } from './csv';
import { DetailsPanel } from './DetailsPanel';
import { EMPTY_FILTER, parseFilter, type Filter } from './filter';
import { fmtDateTime, fmtPct, type TimeZoneMode } from './format';
import {
  ColumnChooser,
  FatalError,
  FILTER_HELP,
  HELP,
  Landing,
  LoadProgress,
  LogHeader,
  ProblemBanner,
  ProblemsForSample,
  ReaderCrashed,
  ToggleBar,
  ViewSwitch,
} from './parts';
import { ProcessTable } from './ProcessTable';
import { selectRows, sortRows, sumCpu, type SortSpec, type Toggles } from './rows';
import { SampleBar } from './SampleBar';
import { IDLE_SNAPSHOT, LogSession, prewarmWorker, type SampleLoad, type SessionSnapshot } from './session';
import { MatchBar } from './MatchBar';
import { Timeline } from './Timeline';
import { nextMatch, useLogSearch } from './useLogSearch';
import { parseViewState, serializeViewState, type ViewState } from './urlState';

const SAMPLE_URL = `${import.meta.env.BASE_URL}samples/atop_sample.raw`;
const noSubscribe = () => () => undefined;
const idleSnapshot = (): SessionSnapshot => IDLE_SNAPSHOT;
const EMPTY_ROWS = new Int32Array(0);
/** How long the URL waits for the view to settle before it follows it. */
const URL_WRITE_DELAY_MS = 150;
/** Above this many rows in the interval the filter runs in a deferred render. */
const SYNC_FILTER_ROWS = 20_000;
const VIEW_KEYS = new Map(VIEWS.map((v) => [v.key, v.id]));

/** Input types that take no typed text: atop's keys work while one has focus. */
const KEYLESS_INPUTS = new Set(['file', 'checkbox', 'radio', 'button', 'submit', 'reset']);

/**
 * Whether keys typed at `el` are text for it. Not so for the file input, which keeps focus
 * after a file is picked: `t` right after opening a log must step, as in atop.
 */
function typesText(el: HTMLElement): boolean {
  if (el instanceof HTMLInputElement) return !KEYLESS_INPUTS.has(el.type);
  return el.closest('textarea, select, [contenteditable="true"]') !== null;
}

interface Loaded {
  readonly session: LogSession;
  readonly index: number;
  readonly res: SampleLoad;
}

interface Shown {
  readonly session: LogSession;
  readonly index: number;
  readonly table: SampleTable;
}

interface Details {
  readonly key: string;
  readonly title: string;
  readonly pid: number | null;
  readonly result: TaskResult | null;
}

export function App() {
  const [initial] = useState<ViewState>(() => parseViewState(window.location.search));
  const [vs, setVs] = useState<ViewState>(initial);
  const [session, setSession] = useState<LogSession | null>(null);
  const snap = useSyncExternalStore(
    session ? session.subscribe : noSubscribe,
    session ? session.getSnapshot : idleSnapshot,
  );
  const [userSel, setUserSel] = useState<number | null>(null);
  const [urlTarget, setUrlTarget] = useState<{ sample: number | null; time: number | null } | null>(() =>
    initial.sample !== null || initial.time !== null ? { sample: initial.sample, time: initial.time } : null,
  );
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [filter, setFilter] = useState<Filter>(() => {
    const r = parseFilter(initial.filter);
    return r.ok ? r.filter : EMPTY_FILTER;
  });
  const [filterError, setFilterError] = useState<string | null>(() => {
    const r = parseFilter(initial.filter);
    return r.ok ? null : r.message;
  });
  const [selectedPid, setSelectedPid] = useState<number | null>(null);
  const [details, setDetails] = useState<Details | null>(null);
  const [dragging, setDragging] = useState(false);
  const [jumpOpen, setJumpOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [sampleBusy, setSampleBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const filterInput = useRef<HTMLInputElement>(null);

  const samples = snap.samples;
  const index = session?.index ?? null;
  const loading = snap.state === 'loading';

  // ---- which sample is selected: the user's choice, else the URL's, else the first
  const target = useMemo(() => {
    if (!session || !urlTarget || samples === 0) return null;
    if (urlTarget.time !== null) {
      const i = session.index.indexOfTime(urlTarget.time);
      if (i >= 0) return i;
    }
    if (urlTarget.sample !== null && urlTarget.sample < samples && (urlTarget.time === null || !loading))
      return urlTarget.sample;
    return null;
    // indexVersion: the index object grows in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, urlTarget, samples, loading, snap.indexVersion]);
  const sel = samples === 0 ? null : Math.min(samples - 1, userSel ?? target ?? 0);

  const select = (i: number) => {
    if (samples === 0) return;
    setUserSel(Math.max(0, Math.min(samples - 1, i)));
  };

  // ---- open a log
  const openBlob = (blob: Blob, name: string) => {
    session?.dispose();
    if (session) setUrlTarget(null); // a shared link's sample is about the first log opened
    setSession(new LogSession(blob, name));
    setUserSel(null);
    setLoaded(null);
    setShown(null);
    setDetails(null);
    setSelectedPid(null);
    setJumpOpen(false);
    setNotice(null);
  };
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) openBlob(f, f.name);
    e.target.value = '';
  };
  const openSample = async () => {
    setSampleBusy(true);
    try {
      const r = await fetch(SAMPLE_URL);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      openBlob(await r.blob(), 'atop_sample.raw');
    } catch (e) {
      setNotice(`The sample log could not be loaded (${String(e)}).`);
    } finally {
      setSampleBusy(false);
    }
  };

  // ---- fetch the selected sample's columns from the worker
  useEffect(() => {
    if (!session || sel === null) return;
    let live = true;
    void session.sample(sel).then((res) => {
      if (!live) return;
      setLoaded({ session, index: sel, res });
      if (res.ok) setShown({ session, index: sel, table: res.table });
    });
    return () => {
      live = false;
    };
  }, [session, sel]);

  const current = loaded?.session === session ? loaded : null;
  const sampleError: FormatError | null =
    current && current.index === sel && !current.res.ok ? current.res.error : null;
  const shownNow = shown?.session === session ? shown : null;
  const table = shownNow?.table ?? null;
  const stale = shownNow !== null && shownNow.index !== sel;

  // ---- columns this log offers
  const fields = useMemo(
    () => new Set([...(snap.info?.taskFields.num ?? []), ...(snap.info?.taskFields.text ?? [])]),
    [snap.info],
  );
  const availCols = useMemo(() => COLUMNS.filter((c) => columnAvailable(c, fields)), [fields]);
  const views = useMemo(() => availableViews(fields), [fields]);
  const viewId: ViewId = views.some((v) => v.id === vs.view) ? vs.view : 'generic';
  const viewSpec = VIEW_BY_ID.get(viewId)!;
  const visible = useMemo(() => {
    const have = new Set(availCols.map((c) => c.id));
    const ids = (vs.columns ?? viewColumns(viewSpec, fields)).filter((id) => have.has(id));
    return ids.length > 0 ? ids : viewColumns(viewSpec, fields);
  }, [availCols, vs.columns, viewSpec, fields]);
  const hasThreads = fields.has('gen.isproc');

  const bound = useMemo(() => {
    const m = new Map<string, BoundColumn>();
    if (table) for (const c of availCols) m.set(c.id, c.bind(table, { tz: vs.tz }));
    return m;
  }, [table, availCols, vs.tz]);

  const sortSpec: SortSpec =
    COLUMN_BY_ID.has(vs.sort.column) && bound.has(vs.sort.column) ? vs.sort : { column: 'cpu', desc: true };
  // An interval of a few thousand rows is filtered within the keystroke's own frame; only a
  // huge one (100,000 rows) is filtered in a deferred render so typing stays responsive.
  const deferredFilter = useDeferredValue(filter);
  const rowFilter = table && table.data.count > SYNC_FILTER_ROWS ? deferredFilter : filter;
  const logSearch = useLogSearch(session, filter, snap.state);
  const matches = logSearch.status === 'done' && logSearch.result.ok ? logSearch.result.perSample : null;
  const stepMatch = (dir: 1 | -1) => {
    if (!matches || sel === null) return;
    const i = nextMatch(matches, sel, dir);
    if (i !== null) select(i);
  };
  const rows = useMemo(() => {
    if (!table) return EMPTY_ROWS;
    const picked = selectRows(table, rowFilter, vs.toggles);
    const col = bound.get(sortSpec.column);
    const spec = COLUMN_BY_ID.get(sortSpec.column);
    if (!col || !spec) return picked;
    const textField = spec.isText && typeof spec.needs[0] === 'string' ? spec.needs[0] : null;
    return sortRows(table, picked, col, spec.isText, textField, sortSpec.desc);
  }, [table, rowFilter, vs.toggles, bound, sortSpec.column, sortSpec.desc]);

  const activeIndex = useMemo(() => {
    if (!table || selectedPid === null) return -1;
    const pid = table.data.num['gen.pid'];
    if (!pid) return -1;
    for (let k = 0; k < rows.length; k++) if (pid[rows[k]!] === selectedPid) return k;
    return -1;
  }, [table, rows, selectedPid]);

  const threadRow = useMemo(() => {
    const p = table?.data.num['gen.isproc'];
    return p ? (r: number) => p[r] === 0 : () => false;
  }, [table]);

  // ---- state changes
  const patch = (p: Partial<ViewState>) => {
    setVs((v) => ({ ...v, ...p }));
  };
  const setView = (id: ViewId) => {
    const spec = VIEW_BY_ID.get(id)!;
    const cols = viewColumns(spec, fields);
    patch({
      view: id,
      columns: null,
      sort: cols.includes(vs.sort.column) ? vs.sort : { column: spec.sort, desc: true },
    });
  };
  const onFilterChange = (text: string) => {
    patch({ filter: text });
    const r = parseFilter(text);
    if (r.ok) {
      setFilter(r.filter);
      setFilterError(null);
    } else setFilterError(r.message);
  };
  const setToggles = (t: Toggles) => {
    patch({ toggles: t });
  };
  const setTz = (tz: TimeZoneMode) => {
    patch({ tz });
  };

  const activate = (k: number) => {
    if (!table) return;
    const pid = table.data.num['gen.pid']?.[rows[k] ?? -1];
    setSelectedPid(pid ?? null);
  };
  const openDetails = (k: number) => {
    if (!table || !session || !shownNow) return;
    const row = rows[k];
    if (row === undefined) return;
    const pid = table.data.num['gen.pid']?.[row] ?? null;
    const name = bound.get('name')?.text(row) ?? '';
    const key = `${shownNow.index}:${row}`;
    setSelectedPid(pid);
    setDetails({
      key,
      title: `PID ${pid ?? '?'} · ${name} · sample ${shownNow.index + 1}`,
      pid,
      result: null,
    });
    void session.task(shownNow.index, row).then((result) => {
      setDetails((d) => (d && d.key === key ? { ...d, result } : d));
    });
  };

  const exportCsv = () => {
    if (!table || !snap.info || !shownNow) return;
    const specs = visible.map((id) => COLUMN_BY_ID.get(id)!);
    const cols = specs.map((s) => bound.get(s.id)!);
    const blob = csvBlob({
      header: specs.map((s) => s.header),
      rowCount: rows.length,
      cell: (r, c) => cols[c]!.text(rows[r]!),
    });
    const when = `${fmtDateTime(table.data.curtime, vs.tz).replace(' ', 'T').replace(/:/g, '-')}${vs.tz === 'utc' ? 'Z' : ''}`;
    const a = document.createElement('a');
    const url = URL.createObjectURL(blob);
    a.href = url;
    a.download = csvFileName(snap.info.host, when, viewId);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 30_000);
  };

  // ---- a parsing worker ready before the first file (and the next one) arrives
  useEffect(() => {
    if (snap.state === 'loading') return;
    const t = setTimeout(prewarmWorker, 300);
    return () => {
      clearTimeout(t);
    };
  }, [snap.state]);

  // ---- keyboard: atop's keys
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = e.target instanceof HTMLElement ? e.target : null;
    if (el && typesText(el)) return;
    if (e.key === 'Escape') {
      setHelpOpen(false);
      setJumpOpen(false);
      setDetails(null);
      return;
    }
    if (e.key === '?') {
      setHelpOpen((o) => !o);
      e.preventDefault();
      return;
    }
    if (!session || sel === null) return;
    let handled = true;
    switch (e.key) {
      case 't':
        select(sel + 1);
        break;
      case 'T':
        select(sel - 1);
        break;
      case 'Home':
        select(0);
        break;
      case 'End':
        select(samples - 1);
        break;
      case 'b':
        setJumpOpen(true);
        break;
      case ']':
        stepMatch(1);
        break;
      case '[':
        stepMatch(-1);
        break;
      case '/':
        filterInput.current?.focus();
        filterInput.current?.select();
        break;
      default: {
        const v = VIEW_KEYS.get(e.key);
        if (v && views.some((x) => x.id === v)) setView(v);
        else handled = false;
      }
    }
    if (handled) e.preventDefault();
  });
  useEffect(() => {
    const h = (e: KeyboardEvent) => {
      onKey(e);
    };
    window.addEventListener('keydown', h);
    return () => {
      window.removeEventListener('keydown', h);
    };
  }, []);

  // ---- drop anywhere
  const onDropFile = useEffectEvent((f: File) => {
    openBlob(f, f.name);
  });
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const f = e.dataTransfer?.files[0];
      if (f) onDropFile(f);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  // ---- the URL and the title follow the view
  // Written a moment later: effects of a click or keystroke run before the frame is painted, and
  // a history update costs several ms of it; typing a filter also writes the URL once, not per key.
  useEffect(() => {
    if (!session || sel === null) return;
    const q = serializeViewState({ ...vs, sample: sel, time: session.index.get('curtime', sel) });
    if (q === window.location.search) return;
    const t = setTimeout(() => {
      window.history.replaceState(window.history.state, '', `${q}${window.location.hash}`);
    }, URL_WRITE_DELAY_MS);
    return () => {
      clearTimeout(t);
    };
  }, [session, sel, vs, snap.indexVersion]);
  useEffect(() => {
    const host = snap.info?.host;
    document.title =
      host && sel !== null && index
        ? `${host} ${fmtDateTime(index.get('curtime', sel), vs.tz)} · atopview`
        : 'atopview';
  }, [snap.info, sel, index, vs.tz, snap.indexVersion]);

  const problemForSel = sel !== null ? snap.problems.find((x) => x.sample === sel) : undefined;
  const custom = vs.columns !== null;
  const shownCount = rows.length;
  const loadState = snap.state;

  return (
    <div
      className="app"
      data-load-state={loadState}
      data-filter-state={logSearch.status}
      data-log-error={
        snap.crashed !== null
          ? 'reader-crashed'
          : (snap.fatal?.code ?? snap.stopped?.code ?? snap.problems[0]?.error.code ?? undefined)
      }
      data-samples={samples}
    >
      <header className="topbar">
        <h1 className="brand">
          atop<span>view</span>
        </h1>
        <span className="tagline">atop raw logs, read in your browser</span>
        <span className="spacer" />
        {session && (
          <>
            <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
              Open file…
            </button>
            <button type="button" className="btn" onClick={() => void openSample()} disabled={sampleBusy}>
              Open sample log
            </button>
          </>
        )}
        <button
          type="button"
          className="btn icon-btn"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => {
            setHelpOpen(true);
          }}
        >
          ?
        </button>
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          aria-label="Open atop raw log"
          data-testid="file-input"
          onChange={onPick}
        />
      </header>

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop the atop log to open it</div>
        </div>
      )}
      {notice && (
        <div className="banner warn" role="alert">
          {notice}
        </div>
      )}
      {loading && <LoadProgress snap={snap} onCancel={() => session?.cancel()} />}
      {session && snap.crashed !== null && (
        <ReaderCrashed
          why={snap.crashed}
          samples={samples}
          onRetry={() => {
            openBlob(session.file, session.fileName);
          }}
        />
      )}

      {!session && (
        <Landing
          onPick={() => fileInput.current?.click()}
          onSample={() => void openSample()}
          sampleBusy={sampleBusy}
        />
      )}

      {session && snap.fatal && samples === 0 && <FatalError error={snap.fatal} fileName={snap.fileName} />}

      {session && snap.info && index && (
        <>
          <LogHeader info={snap.info} index={index} samples={samples} tz={vs.tz} />
          <ProblemBanner snap={snap} />
          {samples === 0 && !loading && (
            <div className="banner warn" role="status">
              No complete sample in this log.
            </div>
          )}
        </>
      )}

      {session && index && samples > 0 && (
        <>
          <section className="time-section" aria-label="Time">
            <Timeline
              index={index}
              samples={samples}
              version={snap.indexVersion}
              selected={sel}
              problems={snap.problems}
              matches={matches}
              tz={vs.tz}
              onSelect={select}
            />
            <SampleBar
              index={index}
              samples={samples}
              selected={sel}
              tz={vs.tz}
              loading={loading}
              jumpOpen={jumpOpen}
              onJumpOpen={setJumpOpen}
              onSelect={select}
              onTz={setTz}
            />
          </section>

          <div className="toolbar">
            <ViewSwitch views={views} view={viewId} onView={setView} />
            <ColumnChooser
              columns={availCols}
              visible={visible}
              custom={custom}
              onChange={(ids) => {
                patch({ columns: ids });
              }}
              onReset={() => {
                patch({ columns: null });
              }}
            />
            <ToggleBar toggles={vs.toggles} hasThreads={hasThreads} onChange={setToggles} />
            <div className="filter">
              <input
                ref={filterInput}
                type="search"
                aria-label="Filter processes"
                placeholder="Filter: java   pid:4711   name:/^ssh/   state:D"
                title={FILTER_HELP}
                value={vs.filter}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={filterError !== null}
                aria-describedby={filterError ? 'filter-error' : undefined}
                onChange={(e) => {
                  onFilterChange(e.target.value);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') e.currentTarget.blur();
                }}
              />
              {filterError && (
                <div id="filter-error" className="field-error filter-error" role="alert">
                  {filterError} — the table still shows the previous filter.
                </div>
              )}
            </div>
            <MatchBar search={logSearch} samples={samples} onStep={stepMatch} />
            <span className="row-count" data-testid="row-count" aria-live="polite">
              {table ? `${shownCount} of ${table.data.count}` : ''}
            </span>
            <button
              type="button"
              className="btn"
              onClick={exportCsv}
              disabled={!table}
              title="Download the rows and columns shown as CSV"
            >
              Export CSV
            </button>
          </div>

          <main className="table-area">
            {sampleError ? (
              <ProblemsForSample
                problem={problemForSel}
                error={sampleError}
                readerCrashed={snap.crashed !== null}
              />
            ) : table ? (
              <ProcessTable
                columns={availCols}
                visible={visible}
                bound={bound}
                rows={rows}
                sampleKey={String(shownNow?.index ?? '')}
                sort={sortSpec}
                onSort={(s) => {
                  patch({ sort: s });
                }}
                activeIndex={activeIndex}
                onActivate={activate}
                onOpenDetails={openDetails}
                threadRow={threadRow}
                dim={stale}
                emptyText={
                  filter.clauses.length > 0
                    ? 'No process matches the filter in this interval.'
                    : 'No processes in this interval.'
                }
              />
            ) : (
              <div className="table-placeholder">Decoding sample…</div>
            )}
            {details && (
              <DetailsPanel
                title={details.title}
                result={details.result}
                onClose={() => {
                  setDetails(null);
                }}
                onFilterPid={
                  details.pid !== null
                    ? () => {
                        onFilterChange(`pid:${details.pid}`);
                      }
                    : null
                }
              />
            )}
          </main>
          <footer className="statusbar">
            {table && (
              <>
                <span>
                  {shownCount} row{shownCount === 1 ? '' : 's'} shown · {table.data.count} tasks in sample{' '}
                  {(shownNow?.index ?? 0) + 1}
                </span>
                <span>CPU of processes shown {fmtPct(sumCpu(table, rows))}</span>
              </>
            )}
            {snap.loadMs !== null && <span>log read in {Math.round(snap.loadMs)} ms</span>}
            {snap.state === 'ready' && !snap.cancelled && snap.checked !== null && (
              <span data-testid="verify-status">
                {snap.checked === samples
                  ? 'all samples checked'
                  : `${snap.checked} of ${samples} samples checked`}
              </span>
            )}
            <span className="muted">Nothing leaves this tab.</span>
          </footer>
        </>
      )}

      {helpOpen && (
        <div
          className="modal-backdrop"
          onClick={() => {
            setHelpOpen(false);
          }}
        >
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
            <button
              type="button"
              className="btn"
              onClick={() => {
                setHelpOpen(false);
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
