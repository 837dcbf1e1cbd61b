// Several logs on the command line: the same merging rule as the page (src/format/timeline/
// merge.ts) turns them into one stream in time order per host. Pass 1 walks each file's
// record headers (nothing inflated) for its host and sample times; pass 2 reads the files
// again with one reader per file, all open at once, and takes from each the sample the
// timeline names next (a file's samples come in file order within the timeline, so every
// reader only moves forward and memory stays one chunk per file).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import {
  endErrorIsGap,
  mergeTimelines,
  readLog,
  type FormatError,
  type Gap,
  type MergedTimeline,
  type OpenedLog,
} from '../src/format/index';
import { openFile } from './file-source';

export interface InputFile {
  readonly path: string;
  /** What the exports call it: the path as given on the command line. */
  readonly name: string;
  readonly log: OpenedLog | null;
  /** Why it could not be read at all (null: it could). */
  readonly error: FormatError | null;
}

export interface TimelinePlan {
  readonly files: readonly InputFile[];
  /** One per host, hosts by their earliest sample. */
  readonly timelines: readonly MergedTimeline[];
}

/** Pass 1: the hosts and their timelines. */
export async function planTimelines(paths: readonly string[]): Promise<TimelinePlan> {
  const files: InputFile[] = [];
  const stamps = [];
  for (const path of paths) {
    const src = await openFile(path);
    let log: OpenedLog | null = null;
    let error: FormatError | null = null;
    const curtimes: number[] = [];
    const flags: number[] = [];
    const intervals: number[] = [];
    for await (const ev of readLog(src.chunks, { totalSize: src.size })) {
      if (ev.type === 'header') log = ev.log;
      else if (ev.type === 'record') {
        curtimes.push(ev.record.rec.curtime);
        flags.push(ev.record.rec.flags);
        intervals.push(ev.record.rec.interval);
      } else if (!log) error = ev.error;
    }
    files.push({ path, name: path, log, error });
    stamps.push({ host: log?.header.nodename ?? '', curtimes, flags, intervals });
  }
  // a file that is no atop log has no samples: it is in no timeline, its error is reported
  const timelines = mergeTimelines(stamps)
    .map((t) => ({ ...t, files: t.files.filter((f) => files[f]!.log !== null) }))
    .filter((t) => t.files.length > 0);
  return { files, timelines };
}

/** A sample event of a per-file reader: its record index, or null for any other event. */
export type RecordOf<E> = (e: E) => number | null;

/** What pass 2 hands out: the event of the sample at `position` of the timeline, from `file`. */
export interface Placed<E> {
  readonly position: number;
  readonly file: number;
  readonly event: E;
}

/**
 * Pass 2 over one host's timeline: `open(file)` starts a reader of that file (readSamples,
 * readSystemSamples …); every event that is not a sample (header, skipped, end) goes to
 * `other` as it passes, samples the timeline dropped (copies) are passed over, and the
 * timeline's samples come out in its order. A sample the reader could not decode (it sent
 * a 'skipped' event instead) is left out, as in a single-file export.
 */
export async function* inTimelineOrder<E>(
  t: MergedTimeline,
  open: (file: number) => AsyncGenerator<E>,
  recordOf: RecordOf<E>,
  other: (file: number, e: E) => void,
): AsyncGenerator<Placed<E>> {
  const readers = new Map<number, { it: AsyncGenerator<E>; ahead: E | null; done: boolean }>();
  /** The next sample event of `file` (kept as `ahead` until taken). */
  const peek = async (file: number): Promise<E | null> => {
    let r = readers.get(file);
    if (!r) readers.set(file, (r = { it: open(file), ahead: null, done: false }));
    while (r.ahead === null && !r.done) {
      const n = await r.it.next();
      if (n.done) r.done = true;
      else if (recordOf(n.value) === null) other(file, n.value);
      else r.ahead = n.value;
    }
    return r.ahead;
  };
  try {
    for (let p = 0; p < t.file.length; p++) {
      const file = t.file[p]!;
      const want = t.record[p]!;
      for (let e = await peek(file); e !== null; e = await peek(file)) {
        const rec = recordOf(e)!;
        if (rec > want) break; // record `want` was not decoded: reported by its reader
        readers.get(file)!.ahead = null;
        if (rec === want) {
          yield { position: p, file, event: e };
          break;
        }
      }
    }
    // what follows the last sample of each file (its end, problems after it)
    for (const f of t.files) while ((await peek(f)) !== null) readers.get(f)!.ahead = null;
  } finally {
    for (const r of readers.values()) await r.it.return(undefined);
  }
}

/**
 * The keys several files add in front of every exported row: `host` when there are several
 * hosts, `file` (the file's name) when there are several files.
 */
export function sourceKeys(plan: TimelinePlan): ('host' | 'file')[] {
  const keys: ('host' | 'file')[] = [];
  if (plan.timelines.length > 1) keys.push('host');
  if (plan.files.length > 1) keys.push('file');
  return keys;
}

/** The values of sourceKeys for a sample of `file` in timeline `t`. */
export function sourceCells(
  keys: readonly ('host' | 'file')[],
  t: MergedTimeline,
  file: InputFile,
): string[] {
  return keys.map((k) => (k === 'host' ? t.host : file.name));
}

/**
 * csv of files of several versions: one header with every key any of them has (in order of
 * first appearance), each file's cells put under its own keys, empty where it has none.
 */
export class UnionColumns {
  readonly keys: string[] = [];
  private readonly at = new Map<string, number>();

  add(keys: readonly string[]): number[] {
    return keys.map((k) => {
      let i = this.at.get(k);
      if (i === undefined) {
        i = this.keys.length;
        this.keys.push(k);
        this.at.set(k, i);
      }
      return i;
    });
  }
}

/** A problem of one of several files says which. */
export function namedProblem(plan: TimelinePlan, file: InputFile, e: FormatError): FormatError {
  return plan.files.length > 1 ? { ...e, message: `${file.name}: ${e.message}` } : e;
}

/** Events every per-file reader sends besides its samples (readSamples, readSystemSamples). */
type ReaderEvent =
  | { readonly type: 'skipped'; readonly error: FormatError }
  | { readonly type: 'end'; readonly error: FormatError | null; readonly gap?: Gap }
  | { readonly type: string };

const FLUSH_AT = 1 << 16;

/**
 * What every export of several files shares: the source keys in front of each row, one csv
 * header over every version's columns, the problems of every file named by file, and the
 * buffered output with backpressure. The exports only say how a sample becomes text.
 */
export class TimelineExport {
  readonly keys: ('host' | 'file')[];
  readonly problems: FormatError[];
  private readonly union = new UnionColumns();
  private readonly textKeys: Set<string>;
  private readonly at = new Map<number, number[]>();
  private buf = '';

  constructor(
    readonly plan: TimelinePlan,
    private readonly out: Writable,
  ) {
    this.keys = sourceKeys(plan);
    this.union.add(this.keys);
    this.textKeys = new Set(this.keys);
    this.problems = plan.files.flatMap((f) => (f.error ? [namedProblem(plan, f, f.error)] : []));
  }

  /** A file's own keys (each file, before rows are written); `text`: those holding its text. */
  columns(file: number, keys: readonly string[], text: Iterable<string>): void {
    this.at.set(file, this.union.add(keys));
    for (const k of text) this.textKeys.add(k);
  }

  /** The csv header over every file's columns, and which of them hold text from the machine. */
  csvHeader(): { keys: readonly string[]; textKeys: ReadonlySet<string> } {
    return { keys: this.union.keys, textKeys: this.textKeys };
  }

  /** A csv row of `file`: the source cells, then its own cells each under its column. */
  csvRow<C>(file: number, source: readonly C[], cells: readonly C[], empty: C): C[] {
    const at = this.at.get(file)!;
    const line = new Array<C>(this.union.keys.length).fill(empty);
    source.forEach((c, k) => (line[k] = c));
    cells.forEach((c, k) => (line[at[k]!] = c));
    return line;
  }

  async write(text: string): Promise<void> {
    this.buf += text;
    if (this.buf.length > FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const more = this.out.write(this.buf);
    this.buf = '';
    if (!more) await once(this.out, 'drain');
  }

  /**
   * Every timeline's samples in order (inTimelineOrder), with the source cells of their row;
   * headers go to `onHeader`, skipped records and early ends to the problems (an end that
   * only repeats a gap already reported is not reported again).
   */
  async *samples<E extends ReaderEvent>(
    open: (path: string) => AsyncGenerator<E>,
    recordOf: RecordOf<E>,
    onHeader: (file: number, e: E) => void,
  ): AsyncGenerator<Placed<E> & { readonly source: string[] }> {
    const plan = this.plan;
    for (const t of plan.timelines) {
      const reported = new Map<number, FormatError[]>();
      const other = (f: number, ev: E) => {
        const mine = reported.get(f) ?? [];
        reported.set(f, mine);
        if (ev.type === 'header') onHeader(f, ev);
        else if (ev.type === 'skipped' && 'error' in ev) {
          mine.push(ev.error);
          this.problems.push(namedProblem(plan, plan.files[f]!, ev.error));
        } else if (ev.type === 'end' && 'error' in ev && ev.error) {
          const end = ev as { error: FormatError; gap?: Gap };
          const repeat = mine.includes(end.error) || (endErrorIsGap(end) && mine.includes(end.gap!.error));
          if (!repeat) this.problems.push(namedProblem(plan, plan.files[f]!, end.error));
        }
      };
      for await (const placed of inTimelineOrder(t, (f) => open(plan.files[f]!.path), recordOf, other))
        yield { ...placed, source: sourceCells(this.keys, t, plan.files[placed.file]!) };
    }
  }
}
