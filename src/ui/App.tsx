// The page, wired together: the view state (state/) through a reducer, the open log
// (hooks/useLogSession), the sample on screen, and the components that show them. What the
// page shows is worked out by the selectors; the components only draw what they are given.
import { useDeferredValue, useEffect, useMemo, useReducer, useRef } from 'react';
import { downloadTableCsv } from './export-csv';
import { fmtDateTime } from './format';
import { ColumnChooser } from './components/ColumnChooser';
import { DetailsPanel } from './components/DetailsPanel';
import { FatalError } from './components/FatalError';
import { FilterBox } from './components/FilterBox';
import { HelpDialog } from './components/HelpDialog';
import { HostSwitch } from './components/HostSwitch';
import { Landing } from './components/Landing';
import { LoadProgress } from './components/LoadProgress';
import { LogHeader } from './components/LogHeader';
import { MatchBar } from './components/MatchBar';
import { ProblemBanner } from './components/ProblemBanner';
import { ProblemsForSample } from './components/ProblemsForSample';
import { ProcessTable } from './components/ProcessTable';
import { ReaderCrashed } from './components/ReaderCrashed';
import { SaveParquet } from './components/SaveParquet';
import { saveParts } from './save-parts';
import { SampleBar } from './components/SampleBar';
import { StatusBar } from './components/StatusBar';
import { ToggleBar } from './components/ToggleBar';
import { TimeZoneSelect } from './components/TimeZoneSelect';
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
import { sessionHost, useLogSession } from './hooks/useLogSession';
import { useSampleLog } from './hooks/useSampleLog';
import { useSampleTable } from './hooks/useSampleTable';
import { useTaskDetails } from './hooks/useTaskDetails';
import { useDocumentTitle } from './hooks/useDocumentTitle';
import { useUrlSync } from './hooks/useUrlSync';
import { browserStore, loadPrefs, savePrefs } from './state/prefs';
import { initialPageState, reducer } from './state/reducer';
import type { Grouping } from './state/view-state';
import {
  bindColumns,
  effectiveSort,
  linkTimeMissing,
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
import { useTheme } from './theme';

/** Above this many rows in the interval the filter runs in a deferred render. */
const SYNC_FILTER_ROWS = 20_000;

export function App() {
  const [state, dispatch] = useReducer(reducer, undefined, () => {
    const query = window.location.search;
    // a link says what to look at; the person's own column sets apply where it names none
    return initialPageState(viewStateFromQuery(query), loadPrefs(browserStore()));
  });
  const vs = state.view;
  useTheme(state.prefs.theme);
  useEffect(() => {
    savePrefs(browserStore(), state.prefs);
  }, [state.prefs]);
  const log = useLogSession((first) => {
    dispatch({ type: 'log-opened', first });
  }, vs.host);
  const { session, snap } = log;
  const host = session ? sessionHost(session) : (snap.info?.host ?? '');
  const openFiles = (files: readonly File[]) => {
    log.open(files.map((f) => ({ blob: f, name: f.name })));
  };
  const sampleLog = useSampleLog(
    (blob, name) => {
      log.open([{ blob, name }]);
    },
    (text) => {
      dispatch({ type: 'notice', text });
    },
  );
  const dragging = useFileDrop(openFiles);
  const details = useTaskDetails(session);
  const fileInput = useRef<HTMLInputElement>(null);
  const filterInput = useRef<HTMLInputElement>(null);

  const samples = snap.samples;
  const index = session?.index ?? null;
  const loading = snap.state === 'loading';

  // ---- the sample on screen
  const progress = useMemo(
    () =>
      index
        ? {
            samples,
            loading,
            indexOfTime: (t: number) => index.indexOfTime(t),
            nearestTime: (t: number) => index.nearestTime(t),
          }
        : null,
    // indexVersion: the index object grows in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [index, samples, loading, snap.indexVersion],
  );
  const sel = useMemo(
    () => (progress ? selectedSample({ sample: vs.sample, time: vs.time }, progress) : null),
    [progress, vs.sample, vs.time],
  );
  const timeMissing =
    progress !== null && linkTimeMissing({ sample: vs.sample, time: vs.time }, progress) ? vs.time : null;
  const shown = useSampleTable(session, sel);
  const logFields = useMemo(() => taskFieldSet(snap.info), [snap.info]);
  // totals over the range or per user / program / …, else the interval itself
  const totals = useTotalsView(session, snap, vs, sel, logFields);
  const table = totals.on ? totals.table : shown.table;
  const select = (i: number) => {
    if (samples > 0) dispatch({ type: 'sample-picked', sample: Math.max(0, Math.min(samples - 1, i)) });
  };

  // ---- columns and rows: those of the version of the file the sample on screen comes from
  const fileIndex = table ? table.data.file : sel !== null && index ? index.get('file', sel) : 0;
  const fileInfo = snap.files[fileIndex] ?? snap.info;
  const fields = useMemo(() => taskFieldSet(fileInfo), [fileInfo]);
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
      host,
      file: snap.fileNames[table.data.file] ?? snap.fileName,
      time: table.data.curtime,
      tz: vs.tz,
      view: totals.on ? `${vs.range ? 'range' : 'interval'}-per-${by}` : viewSpec.id,
    });
  };
  const pickGroup = (g: Grouping) => {
    const why = totals.unavailable[g];
    if (why) dispatch({ type: 'notice', text: why });
    else dispatch({ type: 'group-picked', group: g });
  };
  const flip = (toggle: 'threads' | 'exited' | 'activeOnly') => {
    dispatch({ type: 'toggle-flipped', toggle });
  };
  useAtopKeys({
    active: session !== null && sel !== null,
    unavailable: (b) => {
      dispatch({
        type: 'notice',
        text: `${b.keys.join(' / ')}: ${b.help} is not available yet.`,
      });
    },
    handlers: {
      close: () => {
        dispatch({ type: 'dialogs-closed' });
        details.close();
      },
      help: () => {
        dispatch({ type: 'help-shown', open: 'toggle' });
      },
      next: () => {
        if (sel !== null) select(sel + 1);
      },
      prev: () => {
        if (sel !== null) select(sel - 1);
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
      'match-next': () => {
        stepMatch(1);
      },
      'match-prev': () => {
        stepMatch(-1);
      },
      filter: () => {
        filterInput.current?.focus();
        filterInput.current?.select();
      },
      view: (b) => {
        const v = b.view;
        if (!v || !views.some((x) => x.id === v)) return false;
        dispatch({ type: 'view-picked', view: v, fields });
      },
      threads: () => {
        if (fields.has('gen.isproc')) flip('threads');
      },
      active: () => {
        flip('activeOnly');
      },
      exited: () => {
        flip('exited');
      },
      // atop's z pauses its live view: a log does not run on, so the key does nothing here
      pause: () => undefined,
      'group-user': () => {
        pickGroup('user');
      },
      'group-program': () => {
        pickGroup('program');
      },
      'group-container': () => {
        pickGroup('container');
      },
      'group-cgroup': () => {
        pickGroup('cgroup');
      },
    },
  });

  // ---- the URL and the title follow the view
  const several = log.hosts.length > 1;
  useUrlSync(
    session && index && sel !== null
      ? queryOfViewState({
          ...vs,
          sample: sel,
          time: index.get('curtime', sel),
          host: several ? host : vs.host,
        })
      : null,
  );
  useDocumentTitle(
    host && sel !== null && index
      ? `${host} ${fmtDateTime(index.get('curtime', sel), vs.tz)} · atopview`
      : 'atopview',
  );

  const openPicker = () => fileInput.current?.click();
  const detailsPid = details.details?.pid ?? null;
  const filtered = state.filter.clauses.length > 0;
  /** The process table of an interval or of totals: `key` changes when its rows are another set. */
  const processTable = (key: string, dim: boolean, emptyText: string) => (
    <ProcessTable
      columns={offered}
      visible={visible}
      bound={bound}
      rows={rows}
      sampleKey={key}
      sort={sort}
      onSort={(s) => {
        dispatch({ type: 'sort-picked', sort: s });
      }}
      activeIndex={activeIndex}
      onActivate={activate}
      onOpenDetails={openDetails}
      threadRow={threadRow}
      dim={dim}
      emptyText={emptyText}
    />
  );

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
        onFiles={openFiles}
        theme={state.prefs.theme}
        onTheme={(theme) => {
          dispatch({ type: 'theme-picked', theme });
        }}
        onReset={() => {
          dispatch({ type: 'view-reset' });
        }}
      >
        {session && (
          <>
            <TimeZoneSelect
              tz={vs.tz}
              onTz={(tz) => {
                dispatch({ type: 'tz-picked', tz });
              }}
            />
            <SaveParquet
              files={session.files}
              parts={(range) => saveParts(session.index, range)}
              host={snap.info?.host ?? ''}
              range={vs.range}
              tz={vs.tz}
            />
          </>
        )}
      </TopBar>

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
      {log.ws.state !== 'done' && (
        <LoadProgress ws={log.ws} snap={snap} onCancel={() => log.workspace?.cancel()} />
      )}
      {session && snap.crashed !== null && (
        <ReaderCrashed
          why={snap.crashed}
          samples={samples}
          onRetry={() => {
            if (log.workspace) log.open(log.workspace.files);
          }}
        />
      )}

      {!session && <Landing onPick={openPicker} onSample={sampleLog.open} sampleBusy={sampleLog.busy} />}

      {session && snap.fatal && samples === 0 && <FatalError error={snap.fatal} fileName={snap.fileName} />}

      {several && (
        <div className="hostbar">
          <HostSwitch
            hosts={log.hosts}
            host={host}
            onHost={(h) => {
              dispatch({
                type: 'host-picked',
                host: h,
                time: sel !== null && index ? index.get('curtime', sel) : null,
              });
            }}
          />
        </div>
      )}
      {timeMissing !== null && index && sel !== null && (
        <div className="banner note" role="status" data-testid="link-time-missing">
          No sample at {fmtDateTime(timeMissing, vs.tz)} (the time the link names) in{' '}
          {host ? `${host}'s` : 'these'} files: showing the nearest one,{' '}
          {fmtDateTime(index.get('curtime', sel), vs.tz)}.
        </div>
      )}
      {session && snap.info && index && (
        <>
          <LogHeader
            info={snap.info}
            files={snap.files}
            fileNames={snap.fileNames}
            duplicates={snap.duplicates}
            index={index}
            samples={samples}
            tz={vs.tz}
          />
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
              host={host}
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
                fileNames={snap.fileNames}
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
                processTable(
                  `totals-${by}`,
                  totals.state.stale,
                  filtered ? 'Nothing matches the filter in this range.' : 'Nothing ran in this range.',
                )
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
              processTable(
                String(shown.index ?? ''),
                shown.stale,
                filtered
                  ? 'No process matches the filter in this interval.'
                  : 'No processes in this interval.',
              )
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
