// Several logs of one machine as one timeline. atop writes a file a day (older ones gzipped by
// logrotate), starts a new one when it restarts, and people copy logs around, so a folder of
// logs holds days in any order, restarts mid-day and the same samples twice. The rule, the
// one place it is written down (the worker and the CLI both use it):
//
//   1. Files are grouped by host (the header's nodename); hosts are never mixed. Hosts come
//      in the order of their earliest sample.
//   2. A host's files are ranked by the curtime of their first sample (a file without one
//      last), ties by the order they were given in.
//   3. Files are taken in rank order, each sample in file order. A sample whose curtime
//      equals that of a sample already kept from ANOTHER file is the same sample copied
//      (overlapping or duplicated files): it is dropped and counted. Samples of one file
//      that share a curtime are kept (the reader already drops records repeated byte for
//      byte; anything else is the log's own business).
//   4. The kept samples are ordered by (curtime, file rank, record): when files do not
//      interleave, which is the normal case, this is simply the files one after another.
//   5. Each sample of the result is marked: the first sample of a file (FILE_START), a sample
//      atop wrote right after it started, whose counters run since boot (RESTART, the
//      record's RRBOOT flag), and a sample whose interval does not reach back to the sample
//      before it (GAP: atop was not running, or damaged bytes were skipped).
//
// TimelineMerger applies rules 3–5 to a stream of samples fed in rank order (the worker reads
// files that way and places each sample as it reads it); mergeTimelines applies all of it to
// complete lists (the CLI, tests).
import { RRBOOT } from '../record';

/** The sample is the first of its file in the timeline. */
export const MARK_FILE_START = 1;
/** atop had just started: the sample's counters run since boot. */
export const MARK_RESTART = 2;
/** Time is missing between the sample before and this one's interval. */
export const MARK_GAP = 4;

/**
 * Seconds of slack before a missing stretch counts as a gap: atop's interval is the whole
 * seconds between two samples, so consecutive samples meet exactly; one second of rounding
 * is allowed.
 */
export const GAP_SLACK_SECONDS = 1;

/** One sample as the rule sees it. */
export interface SampleStamp {
  readonly curtime: number;
  readonly flags: number;
  /** Seconds the sample covers, ending at curtime. */
  readonly interval: number;
}

/** The marks of sample `cur` (of file `file`) when `prev` (of file `prevFile`) comes before it. */
export function sampleMarks(
  prev: SampleStamp | null,
  prevFile: number,
  cur: SampleStamp,
  file: number,
): number {
  let m = 0;
  if (prev === null || prevFile !== file) m |= MARK_FILE_START;
  if ((cur.flags & RRBOOT) !== 0) m |= MARK_RESTART;
  else if (prev !== null && cur.interval > 0 && cur.curtime - cur.interval > prev.curtime + GAP_SLACK_SECONDS)
    m |= MARK_GAP;
  return m;
}

/** What a file offers for ranking: its host and the curtime of its first sample. */
export interface FileStart {
  readonly host: string;
  /** null: no sample could be read. */
  readonly first: number | null;
}

export interface HostFiles {
  readonly host: string;
  /** Indexes into the files given, in rank order (rule 2). */
  readonly files: readonly number[];
}

/** Rules 1 and 2: the hosts and each host's files in the order they are read. */
export function rankFiles(files: readonly FileStart[]): HostFiles[] {
  const byHost = new Map<string, number[]>();
  files.forEach((f, i) => {
    const list = byHost.get(f.host);
    if (list) list.push(i);
    else byHost.set(f.host, [i]);
  });
  const first = (i: number) => files[i]!.first ?? Infinity;
  const hosts = [...byHost].map(([host, list]) => ({
    host,
    files: list.sort((a, b) => first(a) - first(b) || a - b),
  }));
  return hosts.sort((a, b) => first(a.files[0]!) - first(b.files[0]!) || a.files[0]! - b.files[0]!);
}

/** Where a sample went. */
export type Placement =
  /** Kept: its slot is its number in the order samples were kept. */
  | { readonly kept: true; readonly slot: number; readonly marks: number }
  /** The same curtime was already kept from another file: `of` is that sample's slot. */
  | { readonly kept: false; readonly of: number };

/** A host's timeline: kept samples in time order. */
export interface MergedTimeline {
  readonly host: string;
  /** The host's files in rank order (indexes as given). */
  readonly files: readonly number[];
  /** Per position: the file, its record index within the file, the slot (order kept). */
  readonly file: Int32Array;
  readonly record: Int32Array;
  readonly slot: Int32Array;
  readonly curtime: Float64Array;
  /** MARK_* bits per position. */
  readonly marks: Uint8Array;
  /** Samples dropped as copies, in all, and per file (same order as `files`). */
  readonly duplicates: number;
  readonly duplicatesPerFile: readonly number[];
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number, make: (n: number) => T): T {
  if (n <= a.length) return a;
  const b = make(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Rules 3–5 over samples fed file by file in rank order. Positions equal slots as long as
 * no file reaches back before the samples already kept (`inOrder`); finish() gives the final
 * order either way.
 */
export class TimelineMerger {
  private n = 0;
  private fileOf = new Int32Array(64);
  private recordOf = new Int32Array(64);
  private times = new Float64Array(64);
  private flagsOf = new Int32Array(64);
  private intervals = new Float64Array(64);
  /** curtime → file of the first sample kept with it. */
  private readonly seen = new Map<number, number>();
  /** curtime → slot of that sample. */
  private readonly slotAt = new Map<number, number>();
  private readonly files: number[] = [];
  private readonly dups: number[] = [];
  private file = -1;
  private lastTime = -Infinity;
  private ordered = true;

  constructor(readonly host = '') {}

  /** Samples kept so far. */
  get kept(): number {
    return this.n;
  }

  get duplicates(): number {
    return this.dups.reduce((a, b) => a + b, 0);
  }

  /** Every sample kept so far came after the one kept before it (positions are slots). */
  get inOrder(): boolean {
    return this.ordered;
  }

  /** The files fed so far, in the order fed. */
  get fileOrder(): readonly number[] {
    return this.files;
  }

  /** The file the samples that follow belong to (call in rank order). */
  beginFile(file: number): void {
    this.file = file;
    this.files.push(file);
    this.dups.push(0);
  }

  /** Places sample `record` of the current file. */
  add(record: number, s: SampleStamp): Placement {
    const owner = this.seen.get(s.curtime);
    if (owner !== undefined && owner !== this.file) {
      this.dups[this.dups.length - 1]!++;
      return { kept: false, of: this.slotAt.get(s.curtime)! };
    }
    if (owner === undefined) {
      this.seen.set(s.curtime, this.file);
      this.slotAt.set(s.curtime, this.n);
    }
    const slot = this.n++;
    this.fileOf = grow(this.fileOf, this.n, (k) => new Int32Array(k));
    this.recordOf = grow(this.recordOf, this.n, (k) => new Int32Array(k));
    this.times = grow(this.times, this.n, (k) => new Float64Array(k));
    this.flagsOf = grow(this.flagsOf, this.n, (k) => new Int32Array(k));
    this.intervals = grow(this.intervals, this.n, (k) => new Float64Array(k));
    this.fileOf[slot] = this.file;
    this.recordOf[slot] = record;
    this.times[slot] = s.curtime;
    this.flagsOf[slot] = s.flags;
    this.intervals[slot] = s.interval;
    if (s.curtime < this.lastTime) this.ordered = false;
    this.lastTime = Math.max(this.lastTime, s.curtime);
    const prev = slot > 0 ? this.stamp(slot - 1) : null;
    return {
      kept: true,
      slot,
      marks: sampleMarks(prev, slot > 0 ? this.fileOf[slot - 1]! : -1, s, this.file),
    };
  }

  private stamp(slot: number): SampleStamp {
    return { curtime: this.times[slot]!, flags: this.flagsOf[slot]!, interval: this.intervals[slot]! };
  }

  /** Rule 4 and 5 over everything kept. */
  finish(): MergedTimeline {
    const n = this.n;
    const rank = new Map(this.files.map((f, i) => [f, i]));
    const slot = new Int32Array(n);
    for (let i = 0; i < n; i++) slot[i] = i;
    if (!this.ordered) {
      // slots are already in (file rank, record) order: a stable sort by curtime is rule 4
      const sorted = Array.from(slot).sort(
        (a, b) =>
          this.times[a]! - this.times[b]! || rank.get(this.fileOf[a]!)! - rank.get(this.fileOf[b]!)! || a - b,
      );
      slot.set(sorted);
    }
    const file = new Int32Array(n);
    const record = new Int32Array(n);
    const curtime = new Float64Array(n);
    const marks = new Uint8Array(n);
    for (let p = 0; p < n; p++) {
      const s = slot[p]!;
      file[p] = this.fileOf[s]!;
      record[p] = this.recordOf[s]!;
      curtime[p] = this.times[s]!;
      const prev = p > 0 ? slot[p - 1]! : -1;
      marks[p] = sampleMarks(
        prev >= 0 ? this.stamp(prev) : null,
        prev >= 0 ? this.fileOf[prev]! : -1,
        this.stamp(s),
        file[p]!,
      );
    }
    return {
      host: this.host,
      files: [...this.files],
      file,
      record,
      slot,
      curtime,
      marks,
      duplicates: this.duplicates,
      duplicatesPerFile: [...this.dups],
    };
  }
}

/** One file's samples for mergeTimelines. */
export interface TimelineFile {
  readonly host: string;
  /** Per record, in file order. */
  readonly curtimes: ArrayLike<number>;
  readonly flags?: ArrayLike<number>;
  readonly intervals?: ArrayLike<number>;
}

/** The whole rule over complete files: one timeline per host, hosts by their earliest sample. */
export function mergeTimelines(files: readonly TimelineFile[]): MergedTimeline[] {
  const ranked = rankFiles(
    files.map((f) => ({ host: f.host, first: f.curtimes.length > 0 ? f.curtimes[0]! : null })),
  );
  return ranked.map(({ host, files: order }) => {
    const m = new TimelineMerger(host);
    for (const i of order) {
      const f = files[i]!;
      m.beginFile(i);
      for (let r = 0; r < f.curtimes.length; r++) {
        const curtime = f.curtimes[r]!;
        m.add(r, {
          curtime,
          flags: f.flags?.[r] ?? 0,
          interval: f.intervals?.[r] ?? 0,
        });
      }
    }
    return m.finish();
  });
}
