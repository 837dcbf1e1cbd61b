// The view state in the URL query (the log itself cannot be: nothing leaves the tab), so a
// link sent along with the log opens the same view. Versioned like Firefox Profiler's URLs:
// a link of any earlier version is first brought up to the current one by a chain of
// upgraders, each turning version n - 1's query into version n's, and only then read; a
// link of a later version (a newer atopview) opens the defaults rather than being misread.
//
// Version 2, defaults left out so links stay short:
//   v=2                   the version
//   s=42  t=1795532151    sample number (1-based) and its curtime; the time wins where the log has it
//   range=FROM-TO         a span of samples, epoch seconds, both ends included
//   zoom=FROM-TO          the part of the log the time axis shows
//   q=TEXT                the filter box
//   sort=COLUMN.asc|desc  view=ID   cols=ID,ID,…
//   thr=1  exit=0  active=1   the row toggles
//   group=user|program|container|cgroup   sel=PID-BTIME   the selected process
//   tz=utc|local|ZONE     ZONE an IANA name (Europe/Berlin)
//   host=NAME             the host shown when several logs are open
//   charts=ID,ID          system charts in order (empty: none)
import { zoneName, type TimeZoneMode } from '../format';
import { COLUMN_BY_ID } from '../table/catalogue';
import type { ProcessKey } from '../table/selection';
import { VIEW_BY_ID, type ViewId } from '../table/views';
import { DEFAULT_VIEW_STATE, GROUPINGS, type Grouping, type TimeRange, type ViewState } from './view-state';

export const URL_VERSION = 2;

/** Query keys version 2 added: version 1 read none of them. */
const ADDED_IN_V2 = ['range', 'zoom', 'group', 'sel', 'host', 'charts'] as const;

/**
 * UPGRADERS[n] turns a query of version n - 1 into version n, in place. There is one for
 * every version after the first; a test holds real links of every earlier version to what
 * they open.
 */
export const UPGRADERS: Readonly<Record<number, (q: URLSearchParams) => void>> = {
  2: (q) => {
    // v1 knew tz=utc|local only and read anything else as utc; v2 reads a zone name there
    if (q.get('tz') !== 'local') q.delete('tz');
    // keys v2 gave a meaning had none in v1: a v1 link carrying them opened without them
    for (const k of ADDED_IN_V2) q.delete(k);
  },
};

const INT = /^\d{1,12}$/;
const MAX_FILTER = 2000;
const MAX_COLUMNS = 100;
const CHART_ID = /^[a-z0-9-]{1,32}$/;

function int(q: URLSearchParams, key: string): number | null {
  const v = q.get(key);
  return v !== null && INT.test(v) ? Number(v) : null;
}

function flag(q: URLSearchParams, key: string, dflt: boolean): boolean {
  const v = q.get(key);
  return v === '1' ? true : v === '0' ? false : dflt;
}

function range(v: string | null): TimeRange | null {
  const m = v === null ? null : /^(\d{1,12})-(\d{1,12})$/.exec(v);
  if (!m) return null;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return from <= to ? { from, to } : null;
}

/** Distinct ids of a comma list that pass `ok`, at most `max`. */
function idList(v: string, ok: (id: string) => boolean, max: number): string[] {
  return v
    .split(',')
    .filter((id, i, all) => ok(id) && all.indexOf(id) === i)
    .slice(0, max);
}

function timeZone(v: string | null): TimeZoneMode {
  if (v === null || v === 'utc') return 'utc';
  if (v === 'local') return 'local';
  const z = zoneName(v);
  return z === null || z === 'UTC' || z === 'Etc/UTC' ? 'utc' : z;
}

function selection(v: string | null): ProcessKey | null {
  const m = v === null ? null : /^(\d{1,10})-(\d{1,12})$/.exec(v);
  return m ? { pid: Number(m[1]), btime: Number(m[2]) } : null;
}

/** Reads a query of the current version; anything it does not know is left at its default. */
function read(q: URLSearchParams): ViewState {
  const d = DEFAULT_VIEW_STATE;
  const s = int(q, 's');
  const sortRaw = /^([a-z0-9]+)\.(asc|desc)$/.exec(q.get('sort') ?? '');
  const view = q.get('view') as ViewId | null;
  const cols = q.get('cols');
  const columns = cols ? idList(cols, (id) => COLUMN_BY_ID.has(id), MAX_COLUMNS) : [];
  const group = q.get('group') as Grouping | null;
  const host = q.get('host');
  const charts = q.get('charts');
  return {
    sample: s !== null && s >= 1 ? s - 1 : null,
    time: int(q, 't'),
    range: range(q.get('range')),
    zoom: range(q.get('zoom')),
    filter: (q.get('q') ?? '').slice(0, MAX_FILTER),
    sort:
      sortRaw && COLUMN_BY_ID.has(sortRaw[1]!)
        ? { column: sortRaw[1]!, desc: sortRaw[2] === 'desc' }
        : d.sort,
    view: view !== null && VIEW_BY_ID.has(view) ? view : d.view,
    columns: columns.length > 0 ? columns : null,
    toggles: {
      threads: flag(q, 'thr', d.toggles.threads),
      exited: flag(q, 'exit', d.toggles.exited),
      activeOnly: flag(q, 'active', d.toggles.activeOnly),
    },
    tz: timeZone(q.get('tz')),
    host: host !== null && host !== '' ? host.slice(0, 255) : null,
    group: group !== null && GROUPINGS.includes(group) ? group : d.group,
    selection: selection(q.get('sel')),
    charts: charts === null ? null : idList(charts, (id) => CHART_ID.test(id), 32),
  };
}

/** The view state a URL query (`location.search`) opens. */
export function viewStateFromQuery(search: string): ViewState {
  const q = new URLSearchParams(search);
  const v = q.get('v');
  const version = v !== null && /^\d{1,4}$/.test(v) ? Number(v) : 0;
  // no version: not a link of ours; a later one: written by a newer atopview
  if (version < 1 || version > URL_VERSION) return DEFAULT_VIEW_STATE;
  for (let next = version + 1; next <= URL_VERSION; next++) UPGRADERS[next]!(q);
  return read(q);
}

const span = (r: TimeRange) => `${r.from}-${r.to}`;

/** The query string (with leading "?") for a state. */
export function queryOfViewState(s: ViewState): string {
  const d = DEFAULT_VIEW_STATE;
  const q = new URLSearchParams();
  q.set('v', String(URL_VERSION));
  if (s.sample !== null) q.set('s', String(s.sample + 1));
  if (s.time !== null) q.set('t', String(s.time));
  if (s.range) q.set('range', span(s.range));
  if (s.zoom) q.set('zoom', span(s.zoom));
  if (s.filter !== '') q.set('q', s.filter);
  if (s.sort.column !== d.sort.column || s.sort.desc !== d.sort.desc)
    q.set('sort', `${s.sort.column}.${s.sort.desc ? 'desc' : 'asc'}`);
  if (s.view !== d.view) q.set('view', s.view);
  if (s.columns) q.set('cols', s.columns.join(','));
  if (s.toggles.threads !== d.toggles.threads) q.set('thr', s.toggles.threads ? '1' : '0');
  if (s.toggles.exited !== d.toggles.exited) q.set('exit', s.toggles.exited ? '1' : '0');
  if (s.toggles.activeOnly !== d.toggles.activeOnly) q.set('active', s.toggles.activeOnly ? '1' : '0');
  if (s.group !== d.group) q.set('group', s.group);
  if (s.selection) q.set('sel', `${s.selection.pid}-${s.selection.btime}`);
  if (s.tz !== d.tz) q.set('tz', s.tz);
  if (s.host !== null) q.set('host', s.host);
  if (s.charts) q.set('charts', s.charts.join(','));
  return `?${q.toString()}`;
}
