// The view a person would share: which moment, which processes, shown how. It lives in the
// URL (url.ts), changes only through the reducer (reducer.ts), and everything the page
// shows of a log follows from it and the log (selectors.ts). Fields the page does not use
// yet (host, group) are here so links that carry them keep them.
import type { TimeZoneMode } from '../format';
import type { ProcessKey } from '../table/selection';
import type { ViewId } from '../table/views';

/** A span of time, epoch seconds, both ends included. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** How rows are accumulated: per process, or as atop's keys u (user), p (program), j (container), G (cgroup). */
export const GROUPINGS = ['process', 'user', 'program', 'container', 'cgroup'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface SortSpec {
  readonly column: string;
  readonly desc: boolean;
}

export interface Toggles {
  /** Show thread entries (gen.isproc = 0). */
  readonly threads: boolean;
  /** Show processes that exited in the interval (state E). */
  readonly exited: boolean;
  /** Show only tasks that did something in the interval. */
  readonly activeOnly: boolean;
}

export interface ViewState {
  /** 0-based sample index: the selected sample when `time` is null or not in the log. */
  readonly sample: number | null;
  /**
   * curtime of the sample a link names: preferred over `sample` while the log has a sample
   * at that time. Null once the person picks a sample themselves (picking is by position:
   * a log may repeat a time).
   */
  readonly time: number | null;
  /** A span of samples to look at together, or null for none. */
  readonly range: TimeRange | null;
  /** The part of the log the time axis shows, or null for all of it. */
  readonly zoom: TimeRange | null;
  /** The filter box's text (filter/parse.ts). */
  readonly filter: string;
  readonly sort: SortSpec;
  readonly view: ViewId;
  /** Column ids in order, or null for the view's own columns. */
  readonly columns: readonly string[] | null;
  readonly toggles: Toggles;
  readonly tz: TimeZoneMode;
  /** The host whose log is shown, when several are open; null for the only one. */
  readonly host: string | null;
  readonly group: Grouping;
  /** The selected process. */
  readonly selection: ProcessKey | null;
  /** System chart ids in order, or null for the default set. */
  readonly charts: readonly string[] | null;
}

export const DEFAULT_TOGGLES: Toggles = { threads: false, exited: true, activeOnly: false };

export const DEFAULT_SORT: SortSpec = { column: 'cpu', desc: true };

export const DEFAULT_VIEW_STATE: ViewState = {
  sample: null,
  time: null,
  range: null,
  zoom: null,
  filter: '',
  sort: DEFAULT_SORT,
  view: 'generic',
  columns: null,
  toggles: DEFAULT_TOGGLES,
  tz: 'utc',
  host: null,
  group: 'process',
  selection: null,
  charts: null,
};
