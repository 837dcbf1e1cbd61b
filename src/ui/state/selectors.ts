// What the page shows, as pure functions of the view state and the log: the selected sample,
// the columns on offer and in view, the sort in force, the rows in order. Components get
// these as props and never work them out themselves.
import type { Filter } from '../../filter/clauses';
import type { LogInfo } from '../../worker/protocol';
import type { TimeZoneMode } from '../format';
import type { SessionSnapshot } from '../session';
import { COLUMN_BY_ID, COLUMNS } from '../table/catalogue';
import { columnAvailable, type BoundColumn, type ColumnSpec } from '../table/column';
import { selectRows, sortRows } from '../table/rows';
import type { FieldSet, SampleTable } from '../table/sample';
import { availableViews, VIEW_BY_ID, viewColumns, type ViewId, type ViewSpec } from '../table/views';
import { DEFAULT_SORT, type SortSpec, type Toggles, type ViewState } from './view-state';

/** Where the view state points in time. */
export type SampleCursor = Pick<ViewState, 'sample' | 'time'>;

/** What the selected sample depends on in the log being read. */
export interface LogProgress {
  readonly samples: number;
  /** Still reading: a sample number from a link may not be the one it meant yet. */
  readonly loading: boolean;
  /** The sample with exactly this curtime, or -1. */
  readonly indexOfTime: (epoch: number) => number;
  /** The sample closest in time, or -1 when there is none. */
  readonly nearestTime: (epoch: number) => number;
}

/**
 * The sample a link's time names once the log has it; once everything is read and it has
 * not, the sample nearest to that time (linkTimeMissing says so). A link without a time
 * names its sample number once there are that many samples.
 */
function linkedSample(at: SampleCursor, log: LogProgress): number | null {
  if (at.time !== null) {
    const i = log.indexOfTime(at.time);
    if (i >= 0) return i;
    if (!log.loading) {
      const near = log.nearestTime(at.time);
      if (near >= 0) return near;
    }
    return null;
  }
  if (at.sample !== null && at.sample < log.samples) return at.sample;
  return null;
}

/** The selected sample: the one picked or linked, else the first; null while there is none. */
export function selectedSample(at: SampleCursor, log: LogProgress): number | null {
  if (log.samples === 0) return null;
  return Math.min(log.samples - 1, linkedSample(at, log) ?? 0);
}

/** A link's time that the loaded files do not have (the nearest sample is shown instead). */
export function linkTimeMissing(at: SampleCursor, log: LogProgress): boolean {
  return at.time !== null && !log.loading && log.samples > 0 && log.indexOfTime(at.time) < 0;
}

/** The task fields the log's version has. */
export function taskFieldSet(info: LogInfo | null): FieldSet {
  return new Set([...(info?.taskFields.num ?? []), ...(info?.taskFields.text ?? [])]);
}

/** Columns the log's version can fill, in catalogue order (the chooser's list). */
export function offeredColumns(fields: FieldSet): ColumnSpec[] {
  return COLUMNS.filter((c) => columnAvailable(c, fields));
}

/** The views to offer, and the one in force (generic when the chosen one has nothing here). */
export function viewsFor(chosen: ViewId, fields: FieldSet): { views: ViewSpec[]; view: ViewSpec } {
  const views = availableViews(fields);
  const id: ViewId = views.some((v) => v.id === chosen) ? chosen : 'generic';
  return { views, view: VIEW_BY_ID.get(id)! };
}

/** Column ids shown, in order: the chosen ones this log has, else the view's. */
export function visibleColumns(
  chosen: readonly string[] | null,
  view: ViewSpec,
  offered: readonly ColumnSpec[],
  fields: FieldSet,
): string[] {
  const have = new Set(offered.map((c) => c.id));
  const ids = (chosen ?? viewColumns(view, fields)).filter((id) => have.has(id));
  return ids.length > 0 ? ids : viewColumns(view, fields);
}

/** The sort in force: the chosen one if its column is bound for this sample, else CPU% descending. */
export function effectiveSort(chosen: SortSpec, bound: ReadonlyMap<string, BoundColumn>): SortSpec {
  return COLUMN_BY_ID.has(chosen.column) && bound.has(chosen.column) ? chosen : DEFAULT_SORT;
}

/** Every offered column bound to one sample. */
export function bindColumns(
  table: SampleTable | null,
  offered: readonly ColumnSpec[],
  tz: TimeZoneMode,
): Map<string, BoundColumn> {
  const m = new Map<string, BoundColumn>();
  if (table) for (const c of offered) m.set(c.id, c.bind(table, { tz }));
  return m;
}

const NO_ROWS = new Int32Array(0);

/** The rows of the sample to show, in display order. */
export function rowsToShow(
  table: SampleTable | null,
  filter: Filter,
  toggles: Toggles,
  sort: SortSpec,
  bound: ReadonlyMap<string, BoundColumn>,
): Int32Array {
  if (!table) return NO_ROWS;
  const picked = selectRows(table, filter, toggles);
  const col = bound.get(sort.column);
  const spec = COLUMN_BY_ID.get(sort.column);
  if (!col || !spec) return picked;
  return sortRows(table, picked, col, spec.isText, sort.desc);
}

/** What is wrong with the log, as the page states it for tests and tools (data-log-error). */
export function logErrorCode(snap: SessionSnapshot): string | undefined {
  if (snap.crashed !== null) return 'reader-crashed';
  return snap.fatal?.code ?? snap.stopped?.code ?? snap.problems[0]?.error.code ?? undefined;
}
