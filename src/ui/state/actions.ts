// Everything that changes the page's state, as data: the reducer (reducer.ts) is the one
// place that says what each does.
import type { TimeZoneMode } from '../format';
import type { ProcessKey } from '../table/selection';
import type { FieldSet } from '../table/sample';
import type { ViewId } from '../table/views';
import type { Theme } from './prefs';
import type { Grouping, SortSpec, TimeRange, Toggles } from './view-state';

export type Action =
  /** A log was opened; a link's sample is about the first log opened only. */
  | { readonly type: 'log-opened'; readonly first: boolean }
  /** The person picked a sample (t, T, the timeline, a match…). */
  | { readonly type: 'sample-picked'; readonly sample: number }
  /** Switch to one of atop's views; `fields` are the log's, for the view's columns. */
  | { readonly type: 'view-picked'; readonly view: ViewId; readonly fields: FieldSet }
  | { readonly type: 'filter-typed'; readonly text: string }
  | { readonly type: 'sort-picked'; readonly sort: SortSpec }
  /** Columns in order, or null for the view's own. */
  | { readonly type: 'columns-picked'; readonly columns: readonly string[] | null }
  | { readonly type: 'toggles-set'; readonly toggles: Toggles }
  /** One row toggle flipped (atop's y, a, X / E). */
  | { readonly type: 'toggle-flipped'; readonly toggle: keyof Toggles }
  /** Another host's timeline, at the moment shown now (or its first sample). */
  | { readonly type: 'host-picked'; readonly host: string; readonly time: number | null }
  /** System charts in order, or null for the default set (kept as a preference too). */
  | { readonly type: 'charts-picked'; readonly charts: readonly string[] | null }
  | { readonly type: 'theme-picked'; readonly theme: Theme }
  /** "Reset view": the default view of the same host and moment, and the default preferences. */
  | { readonly type: 'view-reset' }
  | { readonly type: 'tz-picked'; readonly tz: TimeZoneMode }
  /** A span of samples picked on the charts (epoch seconds of its first and last sample), or none. */
  | { readonly type: 'range-picked'; readonly range: TimeRange | null }
  /** The part of the log the charts show, or all of it. */
  | { readonly type: 'zoom-set'; readonly zoom: TimeRange | null }
  | { readonly type: 'process-picked'; readonly process: ProcessKey | null }
  /** Rows per process, or accumulated as atop's u / p / j / G; the one shown again goes back to processes. */
  | { readonly type: 'group-picked'; readonly group: Grouping }
  | { readonly type: 'help-shown'; readonly open: boolean | 'toggle' }
  | { readonly type: 'jump-shown'; readonly open: boolean }
  /** Esc: every dialog closes. */
  | { readonly type: 'dialogs-closed' }
  /** A message about the page itself (a sample log that would not load), or null. */
  | { readonly type: 'notice'; readonly text: string | null };
