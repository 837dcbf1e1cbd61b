// The page's state and how actions change it. ViewState is what the URL holds; next to it
// live what follows from its history rather than from itself (the last filter that parsed)
// and the dialogs, which a link does not open.
import { EMPTY_FILTER, type Filter } from '../../filter/clauses';
import { parseFilter } from '../../filter/parse';
import { VIEW_BY_ID, viewColumns } from '../table/views';
import type { Action } from './actions';
import { DEFAULT_PREFS, withColumns, type Preferences } from './prefs';
import { DEFAULT_VIEW_STATE, type ViewState } from './view-state';

export interface PageState {
  readonly view: ViewState;
  /** The last filter text that parsed: while the box holds a broken one, the table keeps this. */
  readonly filter: Filter;
  /** Why the box's text does not parse, or null. */
  readonly filterError: string | null;
  readonly helpOpen: boolean;
  readonly jumpOpen: boolean;
  readonly notice: string | null;
  /** Kept in localStorage (prefs.ts); the page stores them whenever they change. */
  readonly prefs: Preferences;
}

/**
 * The page as it opens: the link's view (`view`), with the person's own column set for that
 * view when the link names none (`prefs`).
 */
export function initialPageState(view: ViewState, prefs: Preferences = DEFAULT_PREFS): PageState {
  const parsed = parseFilter(view.filter);
  const columns = view.columns ?? prefs.columns[view.view] ?? null;
  const charts = view.charts ?? prefs.charts;
  return {
    prefs,
    view: columns === view.columns && charts === view.charts ? view : { ...view, columns, charts },
    filter: parsed.ok ? parsed.filter : EMPTY_FILTER,
    filterError: parsed.ok ? null : parsed.message,
    helpOpen: false,
    jumpOpen: false,
    notice: null,
  };
}

export function reducer(state: PageState, action: Action): PageState {
  const view = (patch: Partial<ViewState>): PageState => ({ ...state, view: { ...state.view, ...patch } });
  switch (action.type) {
    case 'log-opened': {
      const keep = action.first;
      return {
        ...state,
        view: {
          ...state.view,
          sample: keep ? state.view.sample : null,
          time: keep ? state.view.time : null,
          range: keep ? state.view.range : null,
          zoom: keep ? state.view.zoom : null,
          selection: null,
        },
        jumpOpen: false,
        notice: null,
      };
    }
    case 'sample-picked':
      return view({ sample: action.sample, time: null });
    case 'view-picked': {
      const spec = VIEW_BY_ID.get(action.view)!;
      const sort = state.view.sort;
      return view({
        view: action.view,
        // as in atop, a view's key shows processes again
        group: 'process',
        columns: state.prefs.columns[action.view] ?? null,
        // atop's own sort of the view, unless the current one is a column of it
        sort: viewColumns(spec, action.fields).includes(sort.column)
          ? sort
          : { column: spec.sort, desc: true },
      });
    }
    case 'filter-typed': {
      const parsed = parseFilter(action.text);
      return {
        ...state,
        view: { ...state.view, filter: action.text },
        filter: parsed.ok ? parsed.filter : state.filter,
        filterError: parsed.ok ? null : parsed.message,
      };
    }
    case 'sort-picked':
      return view({ sort: action.sort });
    case 'columns-picked':
      return {
        ...state,
        view: { ...state.view, columns: action.columns },
        prefs: withColumns(state.prefs, state.view.view, action.columns),
      };
    case 'toggles-set':
      return view({ toggles: action.toggles });
    case 'toggle-flipped': {
      const t = state.view.toggles;
      return view({ toggles: { ...t, [action.toggle]: !t[action.toggle] } });
    }
    case 'host-picked':
      return view({
        host: action.host,
        sample: null,
        time: action.time,
        selection: null,
        range: null,
        zoom: null,
      });
    case 'charts-picked':
      return {
        ...state,
        view: { ...state.view, charts: action.charts },
        prefs: { ...state.prefs, charts: action.charts },
      };
    case 'theme-picked':
      return { ...state, prefs: { ...state.prefs, theme: action.theme } };
    case 'view-reset': {
      const { host, sample, time } = state.view;
      return {
        ...initialPageState({ ...DEFAULT_VIEW_STATE, host, sample, time }, DEFAULT_PREFS),
        notice: null,
      };
    }
    case 'tz-picked':
      return view({ tz: action.tz });
    case 'range-picked':
      return view({ range: action.range });
    case 'zoom-set':
      return view({ zoom: action.zoom });
    case 'process-picked':
      return view({ selection: action.process });
    case 'group-picked':
      return view({ group: action.group === state.view.group ? 'process' : action.group });
    case 'help-shown':
      return { ...state, helpOpen: action.open === 'toggle' ? !state.helpOpen : action.open };
    case 'jump-shown':
      return { ...state, jumpOpen: action.open };
    case 'dialogs-closed':
      return { ...state, helpOpen: false, jumpOpen: false };
    case 'notice':
      return { ...state, notice: action.text };
  }
}
