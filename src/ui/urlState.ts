// What a person would share about their view lives in the URL query (the log itself cannot:
// nothing leaves the tab). Versioned: `?v=1&…`; a URL of another version is ignored rather
// than misread. Defaults are left out so links stay short.
import { COLUMN_BY_ID, VIEW_BY_ID, type ViewId } from './columns';
import type { TimeZoneMode } from './format';
import { DEFAULT_TOGGLES, type SortSpec, type Toggles } from './rows';

export const URL_STATE_VERSION = 1;

export interface ViewState {
  /** 0-based sample index. */
  readonly sample: number | null;
  /** curtime of the selected sample: preferred over `sample` when the log has it. */
  readonly time: number | null;
  readonly filter: string;
  readonly sort: SortSpec;
  readonly view: ViewId;
  /** Column ids in order, or null for the view's own columns. */
  readonly columns: readonly string[] | null;
  readonly toggles: Toggles;
  readonly tz: TimeZoneMode;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  sample: null,
  time: null,
  filter: '',
  sort: { column: 'cpu', desc: true },
  view: 'generic',
  columns: null,
  toggles: DEFAULT_TOGGLES,
  tz: 'utc',
};

const bool = (v: string | null, dflt: boolean): boolean => (v === '1' ? true : v === '0' ? false : dflt);

export function parseViewState(search: string): ViewState {
  const p = new URLSearchParams(search);
  if (p.get('v') !== String(URL_STATE_VERSION)) return DEFAULT_VIEW_STATE;
  const d = DEFAULT_VIEW_STATE;
  const int = (k: string): number | null => {
    const v = p.get(k);
    return v !== null && /^\d{1,12}$/.test(v) ? Number(v) : null;
  };
  const s = int('s');
  const view = p.get('view');
  const sortRaw = p.get('sort');
  let sort = d.sort;
  if (sortRaw) {
    const m = /^([a-z0-9]+)\.(asc|desc)$/.exec(sortRaw);
    if (m && COLUMN_BY_ID.has(m[1]!)) sort = { column: m[1]!, desc: m[2] === 'desc' };
  }
  const colsRaw = p.get('cols');
  const columns = colsRaw
    ? colsRaw
        .split(',')
        .filter((c, i, all) => COLUMN_BY_ID.has(c) && all.indexOf(c) === i)
        .slice(0, 100)
    : null;
  const tz = p.get('tz');
  return {
    sample: s !== null && s >= 1 ? s - 1 : null,
    time: int('t'),
    filter: (p.get('q') ?? '').slice(0, 2000),
    sort,
    view: view !== null && VIEW_BY_ID.has(view as ViewId) ? (view as ViewId) : d.view,
    columns: columns && columns.length > 0 ? columns : null,
    toggles: {
      threads: bool(p.get('thr'), d.toggles.threads),
      exited: bool(p.get('exit'), d.toggles.exited),
      activeOnly: bool(p.get('active'), d.toggles.activeOnly),
    },
    tz: tz === 'local' ? 'local' : 'utc',
  };
}

/** The query string (with leading "?") for a state. */
export function serializeViewState(s: ViewState): string {
  const d = DEFAULT_VIEW_STATE;
  const p = new URLSearchParams();
  p.set('v', String(URL_STATE_VERSION));
  if (s.sample !== null) p.set('s', String(s.sample + 1));
  if (s.time !== null) p.set('t', String(s.time));
  if (s.filter !== '') p.set('q', s.filter);
  if (s.sort.column !== d.sort.column || s.sort.desc !== d.sort.desc)
    p.set('sort', `${s.sort.column}.${s.sort.desc ? 'desc' : 'asc'}`);
  if (s.view !== d.view) p.set('view', s.view);
  if (s.columns) p.set('cols', s.columns.join(','));
  if (s.toggles.threads !== d.toggles.threads) p.set('thr', s.toggles.threads ? '1' : '0');
  if (s.toggles.exited !== d.toggles.exited) p.set('exit', s.toggles.exited ? '1' : '0');
  if (s.toggles.activeOnly !== d.toggles.activeOnly) p.set('active', s.toggles.activeOnly ? '1' : '0');
  if (s.tz !== d.tz) p.set('tz', s.tz);
  return `?${p.toString()}`;
}
