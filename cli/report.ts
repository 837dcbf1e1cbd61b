// `report FILE… [--from T] [--to T] [--by process|program|user|container|cgroup]
//  [--format csv|jsonl] [--top N] [--jobs N]`: range totals per group (the contract is in
// README "Command line"; the figures are src/analysis/totals.ts's). Several files: the page's
// merging rule (cli/timeline.ts), one table per host, each file's samples placed on its
// host's timeline and copies left out; `host` leads every row when there are several hosts.
//
// Speed: like parse-only, N threads each walk the whole file and decode every N-th record
// (only the task fields the totals read, no system blob): this thread and N - 1 worker
// threads, whose partial totals this thread then merges into its own. Logs under SMALL_LOG
// bytes are read in this thread alone: starting a worker costs more than it saves there.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  GROUP_BYS,
  TotalsAccumulator,
  runTotals,
  totalsCells,
  totalsKeys,
  totalsTextKeys,
  type GroupBy,
  type TimeRange,
  type TotalsCell,
  type TotalsFields,
  type TotalsPartial,
  type TotalsTable,
} from '../src/analysis/index';
import type { FormatError } from '../src/format/index';
import { openFile } from './file-source';
import { problemLine } from './problem-line';
import { namedProblem, planTimelines } from './timeline';
import { runWorker } from './threads';
import { csvCell } from './writers';

const SMALL_LOG = 4 << 20;

export type ReportFormat = 'jsonl' | 'csv';

export interface ReportOptions {
  readonly by: GroupBy;
  readonly range: TimeRange;
  readonly format: ReportFormat;
  readonly top: number;
  /** null: all cores, or one thread for a small log */
  readonly jobs: number | null;
}

/** A usage error: exit status 2 with this one line. */
class UsageError extends Error {}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * Epoch seconds ("1795532149", "1795532149.5") or ISO 8601 with a time zone
 * ("2026-11-24T03:00:00Z", "2026-11-24T04:00+01:00"); null if it is neither. A time without
 * zone is refused rather than read in this machine's zone: a log is read far from where
 * it was written.
 */
export function parseTime(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = ISO.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const sec = Number(m[6] ?? 0);
  const ms = Date.UTC(y!, mo! - 1, d, h, mi, sec);
  const t = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: a date or time out of range is no time
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo! - 1 || t.getUTCDate() !== d) return null;
  if (t.getUTCHours() !== h || t.getUTCMinutes() !== mi || t.getUTCSeconds() !== sec) return null;
  const offset = m[8]!.toUpperCase() === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (+m[10]! * 60 + +m[11]!) * 60;
  return ms / 1000 + Number(m[7] ?? 0) - offset;
}

export function parseReportArgs(rest: readonly string[]): ReportOptions {
  let by: GroupBy = 'process';
  let format: ReportFormat = 'jsonl';
  let from = -Infinity;
  let to = Infinity;
  let top = Infinity;
  let jobs: number | null = null;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const v = rest[i + 1];
    if (v === undefined) throw new UsageError(`option ${a} needs a value`);
    i++;
    if (a === '--by') {
      if (!(GROUP_BYS as readonly string[]).includes(v))
        throw new UsageError(`unknown --by ${v} (process, program, user, container or cgroup)`);
      by = v as GroupBy;
    } else if (a === '--format') {
      if (v !== 'jsonl' && v !== 'csv') throw new UsageError(`unknown --format ${v} (jsonl or csv)`);
      format = v;
    } else if (a === '--from' || a === '--to') {
      const t = parseTime(v);
      if (t === null)
        throw new UsageError(
          `cannot read ${a} ${v} as a time: give epoch seconds or ISO 8601 with a zone, e.g. 2026-11-24T03:00:00Z`,
        );
      if (a === '--from') from = t;
      else to = t;
    } else if (a === '--top' || a === '--jobs') {
      if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`${a} needs a whole number ≥ 1, not ${v}`);
      if (a === '--top') top = Number(v);
      else jobs = Number(v);
    } else throw new UsageError(`unknown option ${a} for report`);
  }
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return { by, range: { from, to }, format, top, jobs };
}

// ---- reading ------------------------------------------------------------------------------

interface WorkerInit {
  readonly reportWorker: true;
  readonly file: string;
  readonly by: GroupBy;
  readonly range: TimeRange;
  readonly part: number;
  readonly parts: number;
}

/** What one share of the records gives (structured-cloneable; the partial's arrays are transferred). */
interface ShareResult {
  readonly fields: TotalsFields | null;
  readonly partial: TotalsPartial | null;
  readonly unsupported: string | null;
  readonly skipped: FormatError[];
  readonly end: { readonly bytes: number; readonly error: FormatError | null };
  readonly first: number;
  readonly last: number;
  readonly opened: boolean;
}

async function readShare(
  init: Omit<WorkerInit, 'reportWorker'>,
): Promise<ShareResult & { acc: TotalsAccumulator | null }> {
  const src = await openFile(init.file);
  const r = await runTotals(src.chunks, { ...init, totalSize: src.size });
  return {
    fields: r.acc?.fields ?? null,
    partial: null,
    acc: r.acc,
    unsupported: r.unsupported,
    skipped: r.skipped,
    end: r.end,
    first: r.first,
    last: r.last,
    opened: r.log !== null,
  };
}

async function workerMain(init: WorkerInit): Promise<void> {
  const { acc, ...share } = await readShare(init);
  const partial = acc?.toPartial() ?? null;
  const result: ShareResult = { ...share, partial };
  const transfer = partial
    ? [
        ...Object.values(partial.procs),
        ...Object.values(partial.groups),
        partial.sums,
        partial.peaks,
        partial.memberGroup,
        partial.memberProc,
      ].map((a) => a.buffer as ArrayBuffer)
    : [];
  parentPort!.postMessage(result, transfer);
}

interface Totals {
  readonly table: TotalsTable | null;
  readonly unsupported: string | null;
  readonly opened: boolean;
  readonly first: number;
  readonly last: number;
  /** Skipped samples and the reason the walk ended early, in file order. */
  readonly problems: FormatError[];
}

export async function reportTotals(file: string, opts: ReportOptions): Promise<Totals> {
  const { size } = await stat(file);
  const jobs = opts.jobs ?? (size < SMALL_LOG ? 1 : availableParallelism());
  // this thread reads one share itself while the workers read the others
  const init = { file, by: opts.by, range: opts.range, parts: jobs };
  const [own, ...others] = await Promise.all([
    readShare({ ...init, part: 0 }),
    ...Array.from({ length: jobs - 1 }, (_, i) =>
      runWorker<ShareResult>(import.meta.url, {
        ...init,
        reportWorker: true,
        part: i + 1,
      } satisfies WorkerInit),
    ),
  ]);
  const acc = own.acc;
  for (const s of others) if (acc && s.partial) acc.merge(s.partial);
  const shares: ShareResult[] = [own, ...others];
  const { end, first, last, unsupported, opened } = shares[0]!;
  const skipped = shares.flatMap((s) => s.skipped).sort((a, b) => a.offset - b.offset);
  return {
    table: acc ? acc.finish(opts.top) : null,
    unsupported,
    opened,
    first,
    last,
    problems: end.error ? [...skipped, end.error] : skipped,
  };
}

/** One host's totals over several files (each read in this thread, its samples placed on the timeline). */
interface HostTotals extends Totals {
  readonly host: string;
}

/**
 * The totals of each host of several files. Files of one host but of atop formats whose
 * summed fields differ cannot be added up: `mixed` names them.
 */
export async function reportTotalsOfFiles(
  files: readonly string[],
  opts: ReportOptions,
): Promise<{ hosts: HostTotals[]; mixed: string | null; problems: FormatError[] }> {
  const plan = await planTimelines(files);
  const problems: FormatError[] = plan.files.flatMap((f) =>
    f.error ? [namedProblem(plan, f, f.error)] : [],
  );
  const hosts: HostTotals[] = [];
  for (const t of plan.timelines) {
    // record → place on the timeline, per file (-1: a copy of another file's sample)
    const places = new Map<number, Int32Array>();
    const size = new Map<number, number>();
    for (let p = 0; p < t.file.length; p++)
      size.set(t.file[p]!, Math.max(size.get(t.file[p]!) ?? 0, t.record[p]! + 1));
    for (const f of t.files) places.set(f, new Int32Array(size.get(f) ?? 0).fill(-1));
    for (let p = 0; p < t.file.length; p++) places.get(t.file[p]!)![t.record[p]!] = p;
    let acc: TotalsAccumulator | null = null;
    let unsupported: string | null = null;
    let first = NaN;
    let last = NaN;
    for (const f of t.files) {
      const file = plan.files[f]!;
      const at = places.get(f)!;
      const src = await openFile(file.path);
      const r = await runTotals(src.chunks, {
        by: opts.by,
        range: opts.range,
        totalSize: src.size,
        place: (i) => (i < at.length && at[i]! >= 0 ? at[i]! : null),
      });
      for (const e of r.skipped) problems.push(namedProblem(plan, file, e));
      if (r.end.error) problems.push(namedProblem(plan, file, r.end.error));
      unsupported ??= r.unsupported;
      if (!Number.isNaN(r.first)) first = Number.isNaN(first) ? r.first : Math.min(first, r.first);
      if (!Number.isNaN(r.last)) last = Number.isNaN(last) ? r.last : Math.max(last, r.last);
      if (!r.acc) continue;
      if (!acc) acc = r.acc;
      else {
        try {
          acc.merge(r.acc.toPartial());
        } catch {
          const versions = [...new Set(t.files.map((k) => plan.files[k]!.log?.header.version ?? '?'))];
          return {
            hosts,
            problems,
            mixed: `${t.host}'s files are of atop formats ${versions.join(', ')}, whose task figures differ: report each format's files apart`,
          };
        }
      }
    }
    hosts.push({
      host: t.host,
      table: acc ? acc.finish(opts.top) : null,
      unsupported,
      opened: true,
      first,
      last,
      problems: [],
    });
  }
  return { hosts, mixed: null, problems };
}

// ---- writing ------------------------------------------------------------------------------

function jsonValue(v: Exclude<TotalsCell, null>): string {
  return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
}

/** The table as jsonl (a key without value is left out) or csv (RFC 4180, with a header row). */
export function formatTotals(t: TotalsTable, format: ReportFormat): string {
  const keys = totalsKeys(t);
  let out = '';
  if (format === 'jsonl') {
    const prefixes = keys.map((k) => JSON.stringify(k) + ':');
    for (let r = 0; r < t.rows; r++) {
      const fields: string[] = [];
      totalsCells(t, r).forEach((v, i) => {
        if (v !== null) fields.push(prefixes[i]! + jsonValue(v));
      });
      out += '{' + fields.join(',') + '}\n';
    }
    return out;
  }
  const untrusted = totalsTextKeys(t);
  out = keys.map((k) => csvCell(k, false)).join(',') + '\r\n';
  for (let r = 0; r < t.rows; r++)
    out +=
      totalsCells(t, r)
        .map((v, i) => (v === null ? '' : csvCell(v, untrusted.has(keys[i]!))))
        .join(',') + '\r\n';
  return out;
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** Where the command writes (the process's streams, or a test's buffers). */
export interface ReportIO {
  out(s: string): void;
  err(s: string): void;
}

const PROCESS_IO: ReportIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** Every argument before the first option is a file. */
function splitFiles(file: string, rest: readonly string[]): { files: string[]; options: string[] } {
  const at = rest.findIndex((a) => a.startsWith('--'));
  return at < 0
    ? { files: [file, ...rest], options: [] }
    : { files: [file, ...rest.slice(0, at)], options: rest.slice(at) };
}

/** `report FILE FILE…`: one table per host (a `host` key first when there are several). */
async function runReportOfFiles(
  files: readonly string[],
  opts: ReportOptions,
  io: ReportIO,
): Promise<number> {
  const r = await reportTotalsOfFiles(files, opts);
  if (r.mixed !== null) {
    io.err(`atopview: ${r.mixed}\n`);
    return 2;
  }
  const several = r.hosts.length > 1;
  let header: string | null = null;
  for (const h of r.hosts) {
    if (h.unsupported !== null) {
      io.err(`atopview: cannot group ${h.host}'s logs by ${opts.by}: ${h.unsupported}\n`);
      return 2;
    }
    if (!h.table) continue;
    const text = formatTotals(h.table, opts.format);
    if (!several) {
      io.out(text);
      continue;
    }
    if (opts.format === 'jsonl') {
      const lead = `{"host":${JSON.stringify(h.host)},`;
      io.out(
        text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => (l === '{}' ? `{"host":${JSON.stringify(h.host)}}` : lead + l.slice(1)))
          .join('\n') + '\n',
      );
    } else {
      const [head, ...rows] = text.split('\r\n').filter((l) => l !== '');
      const hostHead = `host,${head!}`;
      if (header !== null && header !== hostHead) {
        io.err(
          `atopview: ${h.host}'s logs have other columns than the hosts before it: use --format jsonl\n`,
        );
        return 2;
      }
      if (header === null) io.out(hostHead + '\r\n');
      header = hostHead;
      const cell = csvCell(h.host, true);
      for (const row of rows) io.out(`${cell},${row}\r\n`);
    }
  }
  for (const p of r.problems) io.err(problemLine(p) + '\n');
  return r.problems.length > 0 ? 1 : 0;
}

/** The `report` command: 0, 1 when the log is damaged (rows of the good samples are written), 2 on a usage error. */
export async function runReport(
  file: string,
  args: readonly string[],
  io: ReportIO = PROCESS_IO,
): Promise<number> {
  const { files, options: rest } = splitFiles(file, args);
  let opts: ReportOptions;
  try {
    opts = parseReportArgs(rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`atopview: ${e.message}\n`);
    return 2;
  }
  if (files.length > 1) return runReportOfFiles(files, opts, io);
  const r = await reportTotals(file, opts);
  if (!r.opened) {
    for (const p of r.problems) io.err(problemLine(p) + '\n');
    return 1;
  }
  if (r.unsupported !== null) {
    io.err(`atopview: cannot group by ${opts.by}: ${r.unsupported}\n`);
    return 2;
  }
  const { from, to } = opts.range;
  const bounded = Number.isFinite(from) || Number.isFinite(to);
  if (bounded && !(to >= r.first && from <= r.last)) {
    const span = Number.isNaN(r.first) ? 'has no samples' : `runs from ${iso(r.first)} to ${iso(r.last)}`;
    io.err(
      `atopview: the range ${Number.isFinite(from) ? iso(from) : '…'} – ${Number.isFinite(to) ? iso(to) : '…'} is outside the log, which ${span}\n`,
    );
    return 2;
  }
  if (r.table) io.out(formatTotals(r.table, opts.format));
  for (const p of r.problems) io.err(problemLine(p) + '\n');
  return r.problems.length > 0 ? 1 : 0;
}

function isWorkerInit(d: unknown): d is WorkerInit {
  return typeof d === 'object' && d !== null && (d as Partial<WorkerInit>).reportWorker === true;
}

if (!isMainThread && isWorkerInit(workerData)) {
  workerMain(workerData).catch((e: unknown) => {
    throw e;
  });
}
