// The page, wired together: the view state (state/) through a reducer, the open log
// (hooks/useLogSession), the sample on screen, and the components that show them. What the
// page shows is worked out by the selectors; the components only draw what they are given.
import { useDeferredValue, useMemo, useReducer, useRef } from 'react';
import { downloadTableCsv } from './export-csv';
import { fmtDateTime } from './format';
import { ColumnChooser } from './components/ColumnChooser';
import { DetailsPanel } from './components/DetailsPanel';
import { FatalError } from './components/FatalError';
import { FilterBox } from './components/FilterBox';
import { HelpDialog } from './components/HelpDialog';
import { Landing } from './components/Landing';
import { LoadProgress } from './components/LoadProgress';
import { LogHeader } from './components/LogHeader';
import { MatchBar } from './components/MatchBar';
import { ProblemBanner } from './components/ProblemBanner';
import { ProblemsForSample } from './components/ProblemsForSample';
import { ProcessTable } from './components/ProcessTable';
import { ReaderCrashed } from './components/ReaderCrashed';
import { SampleBar } from './components/SampleBar';
import { StatusBar } from './components/StatusBar';
import { ToggleBar } from './components/ToggleBar';
import { TopBar } from './components/TopBar';
import { ViewSwitch } from './components/ViewSwitch';
import { RangeBar } from './components/RangeBar';
import { GroupSwitch } from './totals/GroupSwitch';
import { TotalsHeader } from './totals/TotalsHeader';
import { useTotalsView } from './totals/useTotalsView';
import { LifelinePanel } from './lifeline/LifelinePanel';
import { useLifeline } from './lifeline/useLifeline';
import { CgroupTreeView } from './cgroups/CgroupTreeView';
import { useCgroups } from './cgroups/useCgroups';
import { groupFilter, totalsColumns, totalsVisibleColumns } from './table/totals';
import { SystemSection } from './system/SystemSection';
import { useAtopKeys } from './hooks/useAtopKeys';
import { useFileDrop } from './hooks/useFileDrop';
import { nextMatch, useLogSearch } from './hooks/useLogSearch';
import { useLogSession } from './hooks/useLogSession';
import { useSampleLog } from './hooks/useSampleLog';
import { useSampleTable } from './hooks/useSampleTable';
import { useTaskDetails } from './hooks/useTaskDetails';
import { useDocumentTitle } from './hooks/useDocumentTitle';
import { useUrlSync } from './hooks/useUrlSync';
import { initialPageState, reducer } from './state/reducer';
import {
  bindColumns,
  effectiveSort,
  logErrorCode,
  offeredColumns,
  rowsToShow,
  selectedSample,
  taskFieldSet,
  viewsFor,
  visibleColumns,
} from './state/selectors';
import { queryOfViewState, viewStateFromQuery } from './state/url';
import { COLUMN_BY_ID, COLUMNS } from './table/catalogue';
import { sumCpu } from './table/rows';
import { isThreadRow } from './table/sample';
import { positionOf, processAt } from './table/selection';
import { VIEWS } from './table/views';

/** Above this many rows in the interval the filter runs in a deferred render. */
const SYNC_FILTER_ROWS = 20_000;
const VIEW_KEYS = new Map(VIEWS.map((v) => [v.key, v.id]));

export function App() {
  const [state, dispatch] = useReducer(reducer, undefined, () =>
    initialPageState(viewStateFromQuery(window.location.search)),
  );
  const vs = state.view;
  const log = useLogSession((first) => {
    dispatch({ type: 'log-opened', first });
  });
  const { session, snap } = log;
  const sampleLog = useSampleLog(log.open, (text) => {
    dispatch({ type: 'notice', text });
  });
  const dragging = useFileDrop((f) => {
    log.open(f, f.name);
  });
  const details = useTaskDetails(session);
  const fileInput = useRef<HTMLInputElement>(null);
  const filterInput = useRef<HTMLInputElement>(null);

  const samples = snap.samples;
  const index = session?.index ?? null;
  const loading = snap.state === 'loading';

  // ---- the sample on screen
  const sel = useMemo(
    () =>
      index
        ? selectedSample(
            { sample: vs.sample, time: vs.time },
            { samples, loading, indexOfTime: (t) => index.indexOfTime(t) },
          )
        : null,
    // indexVersion: the index object grows in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [index, vs.sample, vs.time, samples, loading, snap.indexVersion],
  );
  const shown = useSampleTable(session, sel);
  const logFields = useMemo(() => taskFieldSet(snap.info), [snap.info]);
  // totals over the range or per user / program / …, else the interval itself
  const totals = useTotalsView(session, snap, vs, sel, logFields);
  const table = totals.on ? totals.table : shown.table;
  const select = (i: number) => {
    if (samples > 0) dispatch({ type: 'sample-picked', sample: Math.max(0, Math.min(samples - 1, i)) });
  };

  // ---- columns and rows
  const fields = logFields;
  const by = totals.table?.totals?.by ?? vs.group;
  const offered = useMemo(
    () => (totals.on ? totalsColumns(COLUMNS, by, totals.fields) : offeredColumns(fields)),
    [totals.on, by, totals.fields, fields],
  );
  const { views, view: viewSpec } = useMemo(() => viewsFor(vs.view, fields), [vs.view, fields]);
  const visible = useMemo(
    () =>
      totals.on
        ? totalsVisibleColumns(vs.columns, viewSpec, offered, by, fields)
        : visibleColumns(vs.columns, viewSpec, offered, fields),
    [totals.on, vs.columns, viewSpec, offered, by, fields],
  );
  const bound = useMemo(() => bindColumns(table, offered, vs.tz), [table, offered, vs.tz]);
  const sort = effectiveSort(vs.sort, bound);
  // An interval of a few thousand rows is filtered within the keystroke's own frame; only a
  // huge one (100,000 rows) is filtered in a deferred render so typing stays responsive.
  const deferredFilter = useDeferredValue(state.filter);
  const rowFilter = table && table.data.count > SYNC_FILTER_ROWS ? deferredFilter : state.filter;
  const rows = useMemo(
    () => rowsToShow(table, rowFilter, vs.toggles, sort, bound),
    [table, rowFilter, vs.toggles, sort, bound],
  );
  const cgroups = useCgroups(
    session,
    totals.tree ? (vs.range ?? (sel !== null ? { sample: sel } : null)) : null,
    snap.state,
  );
  const lifeline = useLifeline(session, vs.group === 'process' ? vs.selection : null, snap.state);
  const activeIndex = useMemo(
    () => (table ? positionOf(table, rows, vs.selection) : -1),
    [table, rows, vs.selection],
  );
  const threadRow = useMemo(() => isThreadRow(table), [table]);

  // ---- the filter over the whole log
  const logSearch = useLogSearch(session, state.filter, snap.state);
  const matches = logSearch.status === 'done' && logSearch.result.ok ? logSearch.result.perSample : null;
  const stepMatch = (dir: 1 | -1) => {
    if (!matches || sel === null) return;
    const i = nextMatch(matches, sel, dir);
    if (i !== null) select(i);
  };

  // ---- what the person does
  const setFilter = (text: string) => {
    dispatch({ type: 'filter-typed', text });
  };
  const activate = (k: number) => {
    if (table) dispatch({ type: 'process-picked', process: processAt(table, rows[k] ?? -1) });
  };
  const openDetails = (k: number) => {
    const row = rows[k];
    if (totals.on) {
      // a process: its lifeline; a group: its processes
      if (!table || row === undefined) return;
      if (by === 'process') activate(k);
      else {
        const filter = groupFilter(table, row, by);
        if (filter) setFilter(filter);
        dispatch({ type: 'group-picked', group: 'process' });
      }
      return;
    }
    if (!table || shown.index === null || row === undefined) return;
    const process = processAt(table, row);
    const pid = process?.pid ?? null;
    dispatch({ type: 'process-picked', process });
    const name = bound.get('name')?.text(row) ?? '';
    details.open(shown.index, row, `PID ${pid ?? '?'} · ${name} · sample ${shown.index + 1}`, pid);
  };
  const exportCsv = () => {
    if (!table || !snap.info) return;
    downloadTableCsv({
      columns: visible.map((id) => COLUMN_BY_ID.get(id)!),
      bound,
      rows,
      host: snap.info.host,
      time: table.data.curtime,
      tz: vs.tz,
      view: totals.on ? `${vs.range ? 'range' : 'interval'}-per-${by}` : viewSpec.id,
    });
  };
  useAtopKeys({
    active: session !== null && sel !== null,
    closeDialogs: () => {
      dispatch({ type: 'dialogs-closed' });
      details.close();
    },
    toggleHelp: () => {
      dispatch({ type: 'help-shown', open: 'toggle' });
    },
    step: (by) => {
      if (sel !== null) select(sel + by);
    },
    first: () => {
      select(0);
    },
    last: () => {
      select(samples - 1);
    },
    jump: () => {
      dispatch({ type: 'jump-shown', open: true });
    },
    match: stepMatch,
    focusFilter: () => {
      filterInput.current?.focus();
      filterInput.current?.select();
    },
    view: (key) => {
      const v = VIEW_KEYS.get(key);
      if (!v || !views.some((x) => x.id === v)) return false;
      dispatch({ type: 'view-picked', view: v, fields });
      return true;
    },
    group: (g) => {
      if (!totals.unavailable[g]) dispatch({ type: 'group-picked', group: g });
    },
  });

  // ---- the URL and the title follow the view
  useUrlSync(
    session && index && sel !== null
      ? queryOfViewState({ ...vs, sample: sel, time: index.get('curtime', sel) })
      : null,
  );
  const host = snap.info?.host;
  useDocumentTitle(
    host && sel !== null && index
      ? `${host} ${fmtDateTime(index.get('curtime', sel), vs.tz)} · atopview`
      : 'atopview',
  );

  const openPicker = () => fileInput.current?.click();
  const detailsPid = details.details?.pid ?? null;
  return (
    <div
      className="app"
      data-load-state={snap.state}
      data-filter-state={logSearch.status}
      data-log-error={logErrorCode(snap)}
      data-samples={samples}
    >
      <TopBar
        hasLog={session !== null}
        sampleBusy={sampleLog.busy}
        fileInput={fileInput}
        onPick={openPicker}
        onSample={sampleLog.open}
        onHelp={() => {
          dispatch({ type: 'help-shown', open: true });
        }}
        onFile={(f) => {
          log.open(f, f.name);
        }}
      />

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop the atop log to open it</div>
        </div>
      )}
      {state.notice && (
        <div className="banner warn" role="alert">
          {state.notice}
        </div>
      )}
      {loading && <LoadProgress snap={snap} onCancel={() => session?.cancel()} />}
      {session && snap.crashed !== null && (
        <ReaderCrashed
          why={snap.crashed}
          samples={samples}
          onRetry={() => {
            log.open(session.file, session.fileName);
          }}
        />
      )}

      {!session && <Landing onPick={openPicker} onSample={sampleLog.open} sampleBusy={sampleLog.busy} />}

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
            <SystemSection
              session={session}
              host={snap.info?.host ?? ''}
              version={snap.indexVersion}
              loading={loading}
              problems={snap.problems}
              selected={sel}
              range={vs.range}
              zoom={vs.zoom}
              charts={vs.charts}
              tz={vs.tz}
              matches={matches}
              onSelect={select}
              onRange={(range) => {
                dispatch({ type: 'range-picked', range });
              }}
              onZoom={(zoom) => {
                dispatch({ type: 'zoom-set', zoom });
              }}
              onCharts={(charts) => {
                dispatch({ type: 'charts-picked', charts });
              }}
            />
            <div className="time-row">
              <SampleBar
                index={index}
                samples={samples}
                selected={sel}
                tz={vs.tz}
                loading={loading}
                jumpOpen={state.jumpOpen}
                onJumpOpen={(open) => {
                  dispatch({ type: 'jump-shown', open });
                }}
                onSelect={select}
                onTz={(tz) => {
                  dispatch({ type: 'tz-picked', tz });
                }}
              />
              <RangeBar
                index={index}
                samples={samples}
                selected={sel}
                range={vs.range}
                tz={vs.tz}
                onRange={(range) => {
                  dispatch({ type: 'range-picked', range });
                }}
              />
            </div>
          </section>

          <div className="toolbar">
            <GroupSwitch
              group={vs.group}
              unavailable={totals.unavailable}
              onGroup={(group) => {
                dispatch({ type: 'group-picked', group });
              }}
            />
            <ViewSwitch
              views={views}
              view={viewSpec.id}
              onView={(v) => {
                dispatch({ type: 'view-picked', view: v, fields });
              }}
            />
            <ColumnChooser
              columns={offered}
              visible={visible}
              custom={vs.columns !== null}
              onChange={(columns) => {
                dispatch({ type: 'columns-picked', columns });
              }}
              onReset={() => {
                dispatch({ type: 'columns-picked', columns: null });
              }}
            />
            <ToggleBar
              toggles={vs.toggles}
              hasThreads={fields.has('gen.isproc')}
              onChange={(toggles) => {
                dispatch({ type: 'toggles-set', toggles });
              }}
            />
            <FilterBox text={vs.filter} error={state.filterError} ref={filterInput} onChange={setFilter} />
            <MatchBar search={logSearch} samples={samples} onStep={stepMatch} />
            <span className="row-count" data-testid="row-count" aria-live="polite">
              {table ? `${rows.length} of ${table.data.count}` : ''}
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

          {totals.on && (
            <TotalsHeader state={totals.state} tz={vs.tz} oneSample={totals.oneSample} samples={samples} />
          )}
          <main className="table-area">
            {totals.tree ? (
              <CgroupTreeView
                answer={cgroups.answer}
                stale={cgroups.stale}
                interval={sel !== null ? index.get('interval', sel) : 1}
                pagesize={snap.info?.pagesize ?? 4096}
                onProcesses={(pids) => {
                  setFilter(`pid:${pids.join(',')}`);
                  dispatch({ type: 'group-picked', group: 'process' });
                }}
              />
            ) : totals.on ? (
              table ? (
                <ProcessTable
                  columns={offered}
                  visible={visible}
                  bound={bound}
                  rows={rows}
                  sampleKey={`totals-${by}`}
                  sort={sort}
                  onSort={(s) => {
                    dispatch({ type: 'sort-picked', sort: s });
                  }}
                  activeIndex={activeIndex}
                  onActivate={activate}
                  onOpenDetails={openDetails}
                  threadRow={threadRow}
                  dim={totals.state.stale}
                  emptyText={
                    state.filter.clauses.length > 0
                      ? 'Nothing matches the filter in this range.'
                      : 'Nothing ran in this range.'
                  }
                />
              ) : (
                <div className="table-placeholder">
                  {totals.state.answer && !totals.state.answer.ok
                    ? totals.state.answer.message
                    : 'Totalling…'}
                </div>
              )
            ) : shown.error ? (
              <ProblemsForSample
                problem={sel !== null ? snap.problems.find((x) => x.sample === sel) : undefined}
                error={shown.error}
                readerCrashed={snap.crashed !== null}
              />
            ) : table ? (
              <ProcessTable
                columns={offered}
                visible={visible}
                bound={bound}
                rows={rows}
                sampleKey={String(shown.index ?? '')}
                sort={sort}
                onSort={(s) => {
                  dispatch({ type: 'sort-picked', sort: s });
                }}
                activeIndex={activeIndex}
                onActivate={activate}
                onOpenDetails={openDetails}
                threadRow={threadRow}
                dim={shown.stale}
                emptyText={
                  state.filter.clauses.length > 0
                    ? 'No process matches the filter in this interval.'
                    : 'No processes in this interval.'
                }
              />
            ) : (
              <div className="table-placeholder">Decoding sample…</div>
            )}
            {details.details && (
              <DetailsPanel
                title={details.details.title}
                result={details.details.result}
                onClose={details.close}
                onFilterPid={
                  detailsPid !== null
                    ? () => {
                        setFilter(`pid:${detailsPid}`);
                      }
                    : null
                }
              />
            )}
          </main>
          {vs.selection && vs.group === 'process' && (
            <LifelinePanel
              answer={lifeline}
              process={vs.selection}
              index={index}
              samples={samples}
              problems={snap.problems}
              version={snap.indexVersion}
              selected={sel}
              range={vs.range}
              zoom={vs.zoom}
              tz={vs.tz}
              onSelect={select}
              onRange={(range) => {
                dispatch({ type: 'range-picked', range });
              }}
              onProcess={(process) => {
                dispatch({ type: 'process-picked', process });
              }}
              onClose={() => {
                dispatch({ type: 'process-picked', process: null });
              }}
            />
          )}
          <StatusBar
            snap={snap}
            shown={
              table
                ? {
                    rows: rows.length,
                    tasks: table.data.count,
                    index: totals.on ? null : (shown.index ?? 0),
                    cpu: sumCpu(table, rows),
                  }
                : null
            }
          />
        </>
      )}

      {state.helpOpen && (
        <HelpDialog
          onClose={() => {
            dispatch({ type: 'help-shown', open: false });
          }}
        />
      )}
    </div>
  );
}
