// The one contract between the UI thread and the parsing worker (comlink). Everything that
// crosses is structured-cloneable: plain objects, typed arrays (transferred, never copied
// twice) and FormatError values. Failures are tagged results, never thrown: comlink loses
// Error subclasses and pako throws plain strings.
import type { FilterClause } from '../filter/clauses';
import type { FormatError } from '../format/errors';
import type { FileHeader } from '../format/header';
import type { RecordLengths } from '../format/record';
import type { SeriesBatch } from '../format/system-series';
import type { SystemSnapshot } from '../format/system-figures';
import type { ByTaskField, NumericColumn, TaskFieldPath } from '../format/tasks';
import type { ProcessColumns } from '../analysis/processes';
import type { GroupBy } from '../analysis/fields';
import type { Incarnation, ProgramRun } from '../analysis/lifeline';
import type { CgroupRangeTable, CgroupTree } from '../analysis/cgroup-tree';

export type { CgroupRangeTable, CgroupTree, GroupBy, Incarnation, ProgramRun };

export type {
  FileHeader,
  FilterClause,
  FormatError,
  NumericColumn,
  SeriesBatch,
  SystemSnapshot,
  TaskFieldPath,
};

/** Bumped whenever a message shape changes. */
export const PROTOCOL_VERSION = 6;

/** File reads are this big (the worker never holds the whole file in one buffer). */
export const READ_CHUNK_BYTES = 2 * 1024 * 1024;

/** What the file header says, plus the file itself. */
export interface LogInfo {
  readonly fileName: string;
  /** Bytes of the file as given (compressed size for gzip). */
  readonly fileSize: number;
  readonly gzip: boolean;
  /** Format version ("2.13", "1.26"). */
  readonly version: string;
  readonly aversion: number;
  readonly host: string;
  readonly sysname: string;
  readonly release: string;
  readonly kernelVersion: string;
  readonly machine: string;
  readonly domainname: string;
  readonly hertz: number;
  readonly pagesize: number;
  readonly pidwidth: number;
  readonly supportflags: number;
  /** Keys of TaskColumns.num / .text for this version: what columns can offer. */
  readonly taskFields: { readonly num: readonly TaskFieldPath[]; readonly text: readonly TaskFieldPath[] };
}

/**
 * The index fields the record header gives (the reading worker fills them), and where the
 * sample comes from: `file` (index into the host's files, in the order given to open),
 * `record` (its index within that file; `offset` is the record's byte offset there) and
 * `marks` (format/timeline/merge.ts MARK_* bits: file start, restart, gap).
 */
const HEADER_FIELDS = [
  'curtime',
  'interval',
  'flags',
  'ndeviat',
  'offset',
  'file',
  'record',
  'marks',
] as const;

/**
 * The index fields a pool worker computes per sample; the system figures themselves travel
 * as series (SeriesBatch), these are what the worker's own decoding and the header need.
 */
export const SUMMARY_FIELDS = [
  /** SAMPLE_OK or SAMPLE_MISSING */
  'status',
  'nrcpu',
  /** Ticks of one CPU in the interval: denominator of every task CPU% of the sample */
  'percputot',
  /** Physical memory in bytes (the header's Memory, task MEM%) */
  'memTotal',
  /** Processes that exited in the interval with a non-zero exit code or by a signal */
  'failedExits',
] as const;

/** Per-sample figures of the index pass: one Float64Array per field, sample i at [i]. */
export const INDEX_FIELDS = [...HEADER_FIELDS, ...SUMMARY_FIELDS] as const;
export type IndexField = (typeof INDEX_FIELDS)[number];

/** Record flag: the first sample after atop started, with totals since boot (record.ts RRBOOT). */
export const RRBOOT = 0x1;

export const SAMPLE_OK = 0;
/** The record is in the log but cannot be shown (corrupt blob). */
export const SAMPLE_MISSING = 1;

export type IndexColumns = { readonly [K in IndexField]: Float64Array };

export interface IndexBatch {
  /** Index of the first sample in this batch. */
  readonly from: number;
  readonly count: number;
  readonly columns: IndexColumns;
}

/** Something wrong with one part of the log that did not stop the reading. */
export interface LogProblem {
  readonly error: FormatError;
  /** The file it is in (index into the files given to open). */
  readonly file: number;
  /** The sample it makes unviewable, if any. */
  readonly sample: number | null;
  /** Bytes skipped between two samples (lost sync): the gap follows this sample (-1: before the first). */
  readonly gapAfter: number | null;
  /** How many bytes that gap skipped (0 when the problem is not a gap). */
  readonly gapBytes: number;
}

export type LoadEvent =
  /** File `file` (index into the files given to open) has this header. */
  | { readonly type: 'header'; readonly file: number; readonly info: LogInfo }
  | {
      readonly type: 'progress';
      /** Bytes of all files read so far. */
      readonly bytesRead: number;
      readonly totalBytes: number;
      /** Samples found so far (all of them, viewable or not). */
      readonly samples: number;
      /** Samples dropped so far because another file already had them (same curtime). */
      readonly duplicates: number;
      readonly batch: IndexBatch | null;
      readonly problems: readonly LogProblem[];
      /** System figures of samples summarised since the last event, contiguous runs (transferred). */
      readonly series: readonly SeriesBatch[];
      /** Names of the failed exits of samples summarised since the last event. */
      readonly failedExits: readonly FailedExits[];
    }
  /**
   * Files that interleave in time (rare: two atop's writing at once): once all are read, the
   * samples are put in time order. `columns` is the whole index in the new order, and
   * `positions[i]` the new place of what was sample i (sample numbers in problems included).
   */
  | {
      readonly type: 'reorder';
      readonly columns: IndexColumns;
      readonly positions: Int32Array<ArrayBuffer>;
    };

/** A file to read: the File (or any Blob) and the name to show. */
export interface LogFile {
  readonly blob: Blob;
  readonly name: string;
}

/** How reading one file of a timeline ended. */
export interface FileOutcome {
  readonly name: string;
  /** Its header could be read (false: `stopped` says why). */
  readonly opened: boolean;
  /** Samples of this file kept, and dropped as copies of another file's. */
  readonly samples: number;
  readonly duplicates: number;
  /** Why reading this file stopped before its end, or null. */
  readonly stopped: FormatError | null;
  readonly incompleteTail: boolean;
}

/** What a file is before it is read (format/timeline/probe.ts), for grouping by host. */
export type FileProbe =
  | {
      readonly ok: true;
      readonly host: string;
      readonly version: string;
      readonly gzip: boolean;
      /** curtime of its first sample, null if that cannot be read. */
      readonly first: number | null;
    }
  | { readonly ok: false; readonly error: FormatError };

/** Processes of one sample that exited with a non-zero code or a signal (state E, gen.excode ≠ 0). */
export interface FailedExits {
  readonly sample: number;
  /** How many (SUMMARY_FIELDS failedExits). */
  readonly count: number;
  /** Names of the first few (FAILED_EXIT_NAMES), in task order. */
  readonly names: readonly string[];
}

/** Names of failed exits kept per sample. */
export const FAILED_EXIT_NAMES = 4;

export type OpenResult =
  | {
      readonly ok: true;
      readonly samples: number;
      /** Samples whose blobs the pool inflated and checked (all of them unless reading stopped early). */
      readonly checked: number;
      readonly bytesRead: number;
      /** Why reading stopped before the end of the log (damage, cancel), or null. */
      readonly stopped: FormatError | null;
      /** The log simply ends inside a record atop may still be writing: `stopped` is a note. */
      readonly incompleteTail: boolean;
      /** Samples dropped because another file already had them. */
      readonly duplicates: number;
      /** Per file, in the order given. */
      readonly files: readonly FileOutcome[];
    }
  /** Not a log that can be read at all (bad magic, empty, unsupported version …). */
  | { readonly ok: false; readonly error: FormatError; readonly bytesRead: number };

/** New entries of the log's string table: values[k] has id from + k. */
export interface StringsDelta {
  readonly from: number;
  readonly values: readonly string[];
}

export interface SampleData {
  readonly index: number;
  /** The file it comes from (index into the files given to open). */
  readonly file: number;
  readonly curtime: number;
  readonly interval: number;
  readonly flags: number;
  /** Tasks (rows) in the sample. */
  readonly count: number;
  readonly nrcpu: number;
  readonly percputot: number;
  /** Physical memory in bytes (for MEM%). */
  readonly memTotal: number;
  /** Requested TaskColumns.num columns (only those the version has). */
  readonly num: ByTaskField<NumericColumn>;
  /** Requested TaskColumns.text columns: ids into the log's string table. */
  readonly text: ByTaskField<Int32Array>;
  /** String-table entries the UI thread has not been sent yet. Apply even if the sample is stale. */
  readonly strings: StringsDelta;
}

export type SampleResult =
  { readonly ok: true; readonly sample: SampleData } | { readonly ok: false; readonly error: FormatError };

/** Every field of one task, for the details panel. */
export interface TaskField {
  readonly path: string;
  readonly value: number | string;
  /** Exact decimal text of a 64-bit value a double cannot hold. */
  readonly exact?: string;
}

export type TaskResult =
  | { readonly ok: true; readonly fields: readonly TaskField[] }
  | { readonly ok: false; readonly error: FormatError };

/**
 * The index pass's second half, run by a pool of workers: one job is a run of consecutive
 * records whose blobs the reading worker copied into one transferred buffer. Per record the
 * job carries its offset and the record header's lengths, from which both sides take the
 * blobs' order and sizes (recordBlobs in format/record.ts).
 */
export const JOB_META_FIELDS = [
  'offset',
  'scomplen',
  'pcomplen',
  'ndeviat',
  'ccomplen',
  'coriglen',
  'ncgpids',
  'icomplen',
] as const satisfies readonly ('offset' | keyof RecordLengths)[];

/**
 * A job's numbers per record: JOB_META_FIELDS, then the record header members the system
 * figures read (SystemFigures.recordFields: the interval and atop's PRC counts, by this
 * version's own names). Both sides derive it from the log's header.
 */
export function jobMetaFields(recordFields: readonly string[]): readonly string[] {
  return [
    ...JOB_META_FIELDS,
    ...recordFields.filter((f) => !(JOB_META_FIELDS as readonly string[]).includes(f)),
  ];
}

export interface SummaryJob {
  /** Sample index (slot) of the first record; a job's records are consecutive slots of one file. */
  readonly from: number;
  /** The file they are in. */
  readonly file: number;
  readonly count: number;
  /** jobMetaFields(…).length numbers per record, in that order. */
  readonly meta: Float64Array<ArrayBuffer>;
  /** Every record's blobs back to back, in recordBlobs order. */
  readonly blobs: Uint8Array<ArrayBuffer>;
}

/** New entries of a pool worker's identity table (identities.ts), id from + k at [k] (typed arrays: they cross as transferables). */
export interface IdentityColumns {
  readonly from: number;
  readonly name: Int32Array<ArrayBuffer>;
  readonly cmd: Int32Array<ArrayBuffer>;
  readonly pid: Int32Array<ArrayBuffer>;
  readonly tgid: Int32Array<ArrayBuffer>;
  /** State letter as a char code. */
  readonly state: Uint8Array<ArrayBuffer>;
  readonly ruid: Int32Array<ArrayBuffer>;
  readonly euid: Int32Array<ArrayBuffer>;
  readonly ppid: Int32Array<ArrayBuffer>;
}

/**
 * The whole-log search's view of a job's samples (identities.ts, search-index.ts): each row is
 * an identity (name, cmd, pid, tgid, state, ruid, euid, ppid) interned in the pool worker's own table, and each
 * sample the sorted list of its rows' identities, stored as the difference to the sample
 * before it in the job (the first one to an empty sample; a damaged sample is empty). Text
 * ids are the pool worker's too: `strings` and `identities` list the entries of its tables
 * the reading worker has not seen yet.
 */
export interface SearchColumns {
  /** Rows of each sample of the job. */
  readonly rows: Int32Array<ArrayBuffer>;
  /** Identities each sample adds / removes relative to the one before it. */
  readonly plus: Int32Array<ArrayBuffer>;
  readonly minus: Int32Array<ArrayBuffer>;
  /** Per sample: the identity ids it adds, then those it removes. */
  readonly ids: Int32Array<ArrayBuffer>;
  readonly identities: IdentityColumns;
  readonly strings: StringsDelta;
}

/** A value kept exactly beside the change log (|v| > 2^52; the log holds 0 there). */
export interface WideCell {
  readonly entry: number;
  readonly k: number;
  readonly field: number;
  readonly value: bigint;
}

/** One job's process rows (transferable typed arrays; text ids are the pool worker's). */
/**
 * One job's process rows for the reading worker's process store: how they are packed is
 * process-chunk.ts's business, the store (process-store.ts) reads them.
 */
export interface ProcessChunk {
  /** Sample index of each of the job's samples that has rows here (k → sample). */
  readonly samples: Int32Array<ArrayBuffer>;
  /** Process rows in all. */
  readonly rows: number;
  /**
   * Per process (entry): identity, exit and labels over the job's rows, as a registry's
   * columns (processes.ts); firstCur/lastCur are 0 (the reading worker has the times) and
   * FRESH means the first row is live and new, whatever kind of sample it is in.
   */
  readonly procs: ProcessColumns;
  /** The change logs, entry after entry. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** entries × keys: each key's value at the entry's first row. */
  readonly keyBase: Float64Array<ArrayBuffer>;
  /** Rows where a key changes from the row before: entry, k, key index, new value. */
  readonly changeEntry: Int32Array<ArrayBuffer>;
  readonly changeK: Int32Array<ArrayBuffer>;
  readonly changeKey: Uint8Array<ArrayBuffer>;
  readonly changeValue: Float64Array<ArrayBuffer>;
  readonly wide: readonly WideCell[];
}

export interface SummaryOutcome {
  readonly from: number;
  readonly count: number;
  /** SUMMARY_FIELDS.length numbers per sample. */
  readonly values: Float64Array<ArrayBuffer>;
  readonly problems: readonly LogProblem[];
  /** The system figures of the job's samples (a damaged sample's are NaN). */
  readonly series: SeriesBatch;
  /** Samples of the job with failed exits. */
  readonly failedExits: readonly FailedExits[];
  readonly search: SearchColumns;
  /** The job's process rows (process-chunk.ts). */
  readonly processes: ProcessChunk;
  /** The job's blob buffer, handed back for the next job (absent if it could not be). */
  readonly spent?: Uint8Array<ArrayBuffer>;
}

/** A pool worker's API (comlink). */
export interface SummaryWorkerApi {
  init(header: FileHeader): void;
  run(job: SummaryJob): SummaryOutcome;
}

export type SystemResult =
  | {
      readonly ok: true;
      readonly index: number;
      /** atop's system figures of the sample (system-figures.ts), by key and per device. */
      readonly snapshot: SystemSnapshot;
    }
  | { readonly ok: false; readonly error: FormatError };

export type SearchResult =
  | {
      readonly ok: true;
      /** Matching rows per sample (sample i at [i]). */
      readonly perSample: Uint32Array<ArrayBuffer>;
      readonly rows: number;
      readonly samples: number;
      /** Samples the search index covers (all of them once the index pass is done). */
      readonly covered: number;
      readonly ms: number;
    }
  | { readonly ok: false; readonly message: string };

/**
 * Which samples a totals query counts: a span of time (from ≤ curtime ≤ to, epoch seconds;
 * since-boot samples left out, as the report does), or one sample, counted even when it is
 * a since-boot one (atop's u / p / j of that interval).
 */
export type SampleSpan = { readonly from: number; readonly to: number } | { readonly sample: number };

export interface TotalsQuery {
  /** Names the query for cancelTotals. */
  readonly id: number;
  readonly by: GroupBy;
  readonly span: SampleSpan;
}

/**
 * Range totals as a table the page's columns read: per row (a process or a group) the
 * task fields by path — sums of the counters (cpu.utime, dsk.rsz …), peaks of mem.rmem and
 * mem.vmem, the group key, and for a process its pid, start time, name, command line, last
 * parent and users, and gen.state 'E' with gen.excode when it exited in the span — plus what
 * only totals have. Text columns are ids into `strings`.
 */
export interface TotalsTableData {
  readonly by: GroupBy;
  readonly rows: number;
  readonly num: ByTaskField<Float64Array<ArrayBuffer>>;
  readonly text: ByTaskField<Int32Array<ArrayBuffer>>;
  readonly strings: readonly string[];
  /** Samples in which the row has a task, and the curtime of the first and last of them. */
  readonly samples: Int32Array<ArrayBuffer>;
  readonly first: Float64Array<ArrayBuffer>;
  readonly last: Float64Array<ArrayBuffer>;
  /** Distinct processes (pid + start time) of the row. */
  readonly procs: Int32Array<ArrayBuffer>;
  /** Sums a double cannot hold (beyond 2^53), exactly, as decimal text. */
  readonly exact: readonly { readonly path: string; readonly row: number; readonly value: string }[];
}

export type TotalsAnswer =
  | {
      readonly ok: true;
      readonly table: TotalsTableData;
      /** Samples counted; since-boot samples in the span left out; damaged ones in it. */
      readonly counted: number;
      readonly boot: number;
      readonly damaged: number;
      /** curtime of the first and last sample counted (NaN when none). */
      readonly from: number;
      readonly to: number;
      /** Σ of the counted samples' intervals and CPU ticks of one CPU; most CPUs; most memory (bytes). */
      readonly interval: number;
      readonly percputot: number;
      readonly nrcpu: number;
      readonly memTotal: number;
      /** Samples the log's index pass had summarised when the query ran. */
      readonly covered: number;
      /** Files of another format (other task figures) are left out. */
      readonly partial: boolean;
      readonly ms: number;
    }
  | { readonly ok: false; readonly message: string; readonly cancelled: boolean };

/** A process's lifeline and what shared its pid or name. */
export type LifelineAnswer =
  | {
      readonly ok: true;
      /** Every process that had the pid, in order of start (points: one per sample with a row). */
      readonly history: readonly Incarnation[];
      /** Which of them is the process asked for (-1: none has that start time). */
      readonly selected: number;
      /** Every process with the selected one's name (a restart loop at a glance). */
      readonly runs: readonly ProgramRun[];
      readonly name: string;
      readonly ms: number;
    }
  | { readonly ok: false; readonly message: string };

/** The cgroup v2 tree (2.11+) of one sample, or its totals over a span. */
export type CgroupAnswer =
  | { readonly ok: true; readonly kind: 'sample'; readonly sample: number; readonly tree: CgroupTree }
  | {
      readonly ok: true;
      readonly kind: 'span';
      readonly table: CgroupRangeTable;
      /** Per row of the table, the pids seen in it over the span. */
      readonly pids: readonly Int32Array<ArrayBuffer>[];
      /** Samples counted, and the Σ of their intervals (seconds). */
      readonly counted: number;
      readonly interval: number;
    }
  | { readonly ok: false; readonly message: string };

/** The worker's API as exposed by comlink. */
export interface AtopWorkerApi {
  /**
   * Reads the logs of one host, one after another in the order given (rankFiles order, see
   * format/timeline/merge.ts), as one timeline: header, then one index entry per sample
   * (system summary computed, task blobs kept compressed); samples another file already had
   * are dropped. Events arrive through `onEvent` (pass it comlink.proxy()'d) while
   * the promise is pending; samples can be requested as soon as they appear.
   */
  open(files: readonly LogFile[], onEvent: (e: LoadEvent) => void): Promise<OpenResult>;
  /** Headers and first sample times of files, so the UI can group them by host and rank them. */
  probe(files: readonly Blob[]): Promise<FileProbe[]>;
  /** Stops reading; samples read so far stay viewable. */
  cancel(): void;
  /** Decodes (or takes from cache) sample `index` and sends the requested columns. */
  getSample(index: number, fields: readonly TaskFieldPath[]): Promise<SampleResult>;
  /** atop's system figures of one sample (the System panel). */
  getSystem(index: number): Promise<SystemResult>;
  /** All fields of one row of a sample. */
  getTask(index: number, row: number): Promise<TaskResult>;
  /** Rows matching every clause, per sample, across the whole log (what is indexed so far). */
  search(clauses: readonly FilterClause[]): Promise<SearchResult>;
  /**
   * Totals per process or group over a span of samples (what the log has indexed so far);
   * `onProgress` (comlink.proxy()'d) hears the share done. A newer query or cancelTotals
   * stops it (answer: cancelled).
   */
  totals(q: TotalsQuery, onProgress?: (done: number) => void): Promise<TotalsAnswer>;
  cancelTotals(id: number): void;
  /** Every process that had `pid`, over the whole log, and the runs of the name of (pid, btime). */
  lifeline(pid: number, btime: number): Promise<LifelineAnswer>;
  /** The cgroup tree of a sample or its totals over a span (2.11+ logs). */
  cgroups(span: SampleSpan): Promise<CgroupAnswer>;
}

// ---- saving as Parquet (export.worker.ts, a worker of its own per save)

/** One file of the log being saved (a host's files, in order). */
export interface ExportFile {
  readonly name: string;
  readonly blob: Blob;
}

/**
 * Records `from` to `to` (excluded) of `files[file]`: the host's timeline as runs of one file
 * (format/timeline/merge.ts: samples another file had too are in no part). Files that do not
 * interleave give one part each.
 */
export interface SavePart {
  readonly file: number;
  readonly from: number;
  readonly to: number;
}

export interface ParquetSaveRequest {
  readonly files: readonly ExportFile[];
  /** What of the files to write, in timeline order (the whole log, or the samples of a range). */
  readonly parts: readonly SavePart[];
  /**
   * The file the person picked (File System Access API): the worker streams into it. Null:
   * the worker returns the file as a Blob for a download.
   */
  readonly target: FileSystemFileHandle | null;
}

export interface ParquetSaveProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Task rows written so far. */
  readonly rows: number;
}

export type ParquetSaveOutcome =
  | {
      readonly ok: true;
      readonly rows: number;
      readonly samples: number;
      /** Bytes of the Parquet file. */
      readonly bytes: number;
      /** Damaged records and gaps (their good samples are in the file), per file. */
      readonly problems: readonly { readonly file: string; readonly error: FormatError }[];
      /** The file, when no target was given. */
      readonly blob: Blob | null;
    }
  /** Nothing was saved (a picked file is left as it was). */
  | { readonly ok: false; readonly cancelled: boolean; readonly message: string };

/** The export worker's API (comlink). */
export interface ExportWorkerApi {
  save(req: ParquetSaveRequest, onProgress: (p: ParquetSaveProgress) => void): Promise<ParquetSaveOutcome>;
  cancel(): void;
}
