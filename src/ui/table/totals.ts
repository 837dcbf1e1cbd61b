// Totals over a span of samples (the worker's range totals, or one interval grouped like
// atop's u / p / j) as a table the process columns read: the same catalogue, sort, filter
// and CSV export as an interval, over different numbers. A row's counters are its sums
// over the span, RSIZE and VSIZE its peaks, CPU% its CPU time over all the span's CPU time
// (of one CPU, as atop's), and the totals add columns of their own: samples present,
// first and last seen, and for groups the number of processes.
import type { GroupBy, SampleData, TotalsAnswer } from '../../worker/protocol';
import type { TimeZoneMode } from '../format';
import { fmtDateTime } from '../format';
// the counters a totals row sums (with the version's net counters) and the gauges it peaks:
// the report's, one list
import { PEAKED, SUMMED } from '../../analysis/fields';
import { column, type ColumnSpec } from './column';
import type { FieldSet, SampleTable, TotalsColumns } from './sample';
import { viewColumns, type ViewSpec } from './views';

/** What a process row has besides its figures. */
const PROCESS_FIELDS = [
  'gen.pid',
  'gen.btime',
  'gen.name',
  'gen.cmdline',
  'gen.state',
  'gen.excode',
  'gen.ppid',
  'gen.ruid',
  'gen.euid',
];

/** The task field a grouping keys on in a log with these fields (container: 2.10+ utsname). */
export function groupField(by: GroupBy, logFields: FieldSet): string | null {
  switch (by) {
    case 'process':
      return null;
    case 'user':
      return 'gen.ruid';
    case 'program':
      return 'gen.name';
    case 'container':
      return logFields.has('gen.utsname') ? 'gen.utsname' : 'gen.container';
    case 'cgroup':
      return 'gen.cgpath';
  }
}

/** The task fields a totals table of `by` has, for a log with `logFields` (what the worker fills). */
export function totalsFieldSet(by: GroupBy, logFields: FieldSet): FieldSet {
  const net = [...logFields].filter((p) => p.startsWith('net.') && !/avail|future/.test(p));
  const key = groupField(by, logFields);
  const own = by === 'process' ? PROCESS_FIELDS : key ? [key] : [];
  return new Set([...own, ...SUMMED, ...net, ...PEAKED].filter((p) => logFields.has(p)));
}

/** The column showing a grouping's key. */
export function groupKeyColumn(by: GroupBy, logFields: FieldSet): string {
  switch (by) {
    case 'process':
      return 'pid';
    case 'user':
      return 'ruid';
    case 'program':
      return 'name';
    case 'container':
      return logFields.has('gen.utsname') ? 'utsname' : 'container';
    case 'cgroup':
      return 'cgpath';
  }
}

/** A column of what only totals have. */
function totalsColumn(
  id: string,
  header: string,
  title: string,
  width: number,
  value: (t: SampleTable, r: number, tz: TimeZoneMode) => { key: number; text: string },
): ColumnSpec {
  return column({ id, header, title, group: 'misc', align: 'right', width, needs: [] }, (t, _read, fx) => ({
    key: (r) => value(t, r, fx.tz).key,
    text: (r) => value(t, r, fx.tz).text,
  }));
}

/** Whether all of a table's times are on one date (of the zone), worked out once per table and zone. */
const oneDate = new WeakMap<TotalsColumns, Map<TimeZoneMode, boolean>>();

function onOneDate(x: TotalsColumns, tz: TimeZoneMode): boolean {
  let byZone = oneDate.get(x);
  if (!byZone) oneDate.set(x, (byZone = new Map<TimeZoneMode, boolean>()));
  let one = byZone.get(tz);
  if (one === undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x.first) if (v < lo) lo = v;
    for (const v of x.last) if (v > hi) hi = v;
    const day = (e: number) => fmtDateTime(e, tz).slice(0, 10);
    byZone.set(tz, (one = !Number.isFinite(lo) || day(lo) === day(hi)));
  }
  return one;
}

/** A time of the table: the clock alone when all of the table's times are on one date. */
function timeOf(t: SampleTable, v: number, tz: TimeZoneMode): string {
  if (!Number.isFinite(v)) return '';
  const s = fmtDateTime(v, tz);
  return t.totals && onOneDate(t.totals, tz) ? s.slice(11) : s;
}

export const TOTALS_COLUMNS: readonly ColumnSpec[] = [
  totalsColumn(
    'procs',
    'PROCS',
    'Processes (pid + start time) of the group that had a row in the range',
    56,
    (t, r) => {
      const v = t.totals?.procs[r] ?? 0;
      return { key: v, text: String(v) };
    },
  ),
  totalsColumn(
    'samples',
    'SAMPLES',
    'Samples of the range in which the process (a group: any of its processes) has a row',
    70,
    (t, r) => {
      const v = t.totals?.samples[r] ?? 0;
      return { key: v, text: String(v) };
    },
  ),
  totalsColumn('first', 'FIRST', 'Time of the first sample of the range with a row of it', 88, (t, r, tz) => {
    const v = t.totals?.first[r] ?? NaN;
    return { key: v, text: timeOf(t, v, tz) };
  }),
  totalsColumn('last', 'LAST', 'Time of the last sample of the range with a row of it', 88, (t, r, tz) => {
    const v = t.totals?.last[r] ?? NaN;
    return { key: v, text: timeOf(t, v, tz) };
  }),
];

const TOTALS_BY_ID = new Map(TOTALS_COLUMNS.map((c) => [c.id, c]));

/** Catalogue columns whose fields a totals table has but which say nothing over a span. */
const NOT_OVER_A_SPAN = new Set(['new']);

/** The catalogue's columns a totals table fills, then those of the totals themselves. */
export function totalsColumns(catalogue: readonly ColumnSpec[], by: GroupBy, fields: FieldSet): ColumnSpec[] {
  const own = TOTALS_COLUMNS.filter((c) => c.id !== 'procs' || by !== 'process');
  const filled = catalogue.filter(
    (c) => !NOT_OVER_A_SPAN.has(c.id) && c.needs.length > 0 && c.needs.every((n) => needMet(n, fields)),
  );
  return [...filled, ...own];
}

function needMet(n: string | readonly string[], fields: FieldSet): boolean {
  return typeof n === 'string' ? fields.has(n) : n.some((f) => fields.has(f));
}

/** Identity columns a group's row has no value for. */
const PER_PROCESS = new Set([
  'pid',
  'tgid',
  'ppid',
  'name',
  'state',
  'exc',
  'cmdline',
  'ruid',
  'euid',
  'begin',
]);

/**
 * Columns shown for totals: the chosen ones the table has, else the view's (its disk view
 * with the request counts too), then samples, first and last; a group's row starts with
 * its key and its number of processes and leaves out what belongs to one process.
 */
export function totalsVisibleColumns(
  chosen: readonly string[] | null,
  view: ViewSpec,
  offered: readonly ColumnSpec[],
  by: GroupBy,
  logFields: FieldSet,
): string[] {
  const have = new Set(offered.map((c) => c.id));
  if (chosen) {
    const ids = chosen.filter((id) => have.has(id));
    if (ids.length > 0) return ids;
  }
  let base = viewColumns(view, logFields).filter((id) => have.has(id));
  if (view.id === 'disk') base = [...base.slice(0, 2), 'rdreq', 'wrreq', ...base.slice(2)];
  const extra = ['samples', 'first', 'last'];
  if (by === 'process') {
    const tail = base.includes('cmdline') ? ['cmdline'] : [];
    return [...base.filter((id) => id !== 'cmdline'), ...extra, ...tail].filter((id) => have.has(id));
  }
  const key = groupKeyColumn(by, logFields);
  return [key, 'procs', ...base.filter((id) => !PER_PROCESS.has(id) && id !== key), ...extra].filter(
    (id) => have.has(id) || TOTALS_BY_ID.has(id),
  );
}

/** The worker's totals answer as a table the columns bind to. */
export function totalsSampleTable(a: Extract<TotalsAnswer, { ok: true }>, hertz: number): SampleTable {
  const t = a.table;
  const data: SampleData = {
    index: -1,
    // totals span the host's files; their columns are the first file's format's
    file: 0,
    curtime: a.to,
    interval: a.interval,
    flags: 0,
    count: t.rows,
    nrcpu: a.nrcpu,
    percputot: a.percputot,
    memTotal: a.memTotal,
    num: t.num,
    text: t.text,
    strings: { from: 0, values: [] },
  };
  return {
    data,
    strings: t.strings,
    hertz,
    derived: new Map(),
    totals: { by: t.by, samples: t.samples, first: t.first, last: t.last, procs: t.procs },
  };
}

/** A log version as [major, minor] ("1.26" → [1, 26]). */
function versionOf(v: string): [number, number] {
  const [a, b] = v.split('.').map(Number);
  return [a ?? 0, b ?? 0];
}

/** Groupings a log of this version cannot have, and why. */
export function unavailableGroupings(version: string): Partial<Record<GroupBy, string>> {
  const [major, minor] = versionOf(version);
  const out: Partial<Record<GroupBy, string>> = {};
  if (major < 2 || minor < 3) out.container = `atop ${version} logs record no container (from 2.3 on)`;
  if (major < 2 || minor < 8) out.cgroup = `atop ${version} logs record no cgroup (from 2.8 on)`;
  return out;
}

/** Whether the log keeps cgroups as a tree of their own (2.11+: atop's G and -P CGR). */
export function hasCgroupTree(version: string): boolean {
  const [major, minor] = versionOf(version);
  return major > 2 || (major === 2 && minor >= 11);
}

/**
 * The filter that keeps the processes of a group's row: its user (user:N), its program
 * (name:/^…$/); null where the filter language has no such clause (container, cgroup).
 */
export function groupFilter(t: SampleTable, row: number, by: GroupBy): string | null {
  if (by === 'user') {
    const uid = t.data.num['gen.ruid']?.[row];
    return uid === undefined ? null : `user:${uid}`;
  }
  if (by === 'program') {
    const name = t.strings[t.data.text['gen.name']?.[row] ?? 0] ?? '';
    // regex-escaped, and no "/" that would end the regex
    return `name:/^${name.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}$/`;
  }
  return null;
}
