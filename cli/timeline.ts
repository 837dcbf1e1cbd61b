// Several logs on the command line: the same merging rule as the page (src/format/timeline/
// merge.ts) turns them into one stream in time order per host. Pass 1 walks each file's
// record headers (nothing inflated) for its host and sample times; pass 2 reads the files
// again with one reader per file, all open at once, and takes from each the sample the
// timeline names next (a file's samples come in file order within the timeline, so every
// reader only moves forward and memory stays one chunk per file).
import {
  mergeTimelines,
  readLog,
  type FormatError,
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
