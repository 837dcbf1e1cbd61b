// The one contract between the UI thread and the parsing worker (comlink). Everything that
// crosses is structured-cloneable: plain objects, typed arrays (transferred, never copied
// twice) and FormatError values. Failures are tagged results, never thrown: comlink loses
// Error subclasses and pako throws plain strings.
import type { FormatError } from '../format/errors';
import type { NumericColumn } from '../format/tasks';

export type { FormatError, NumericColumn };

/** Bumped whenever a message shape changes. */
export const PROTOCOL_VERSION = 1;

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
  readonly taskFields: { readonly num: readonly string[]; readonly text: readonly string[] };
}

/** Per-sample figures of the index pass: one Float64Array per field, sample i at [i]. */
export const INDEX_FIELDS = [
  'curtime',
  'interval',
  'flags',
  'ndeviat',
  'offset',
  /** SAMPLE_OK or SAMPLE_MISSING */
  'status',
  'nrcpu',
  /** perCpuTicks: denominator of every CPU% of the sample */
  'percputot',
  'cpuSys',
  'cpuUser',
  'cpuIrq',
  'cpuIdle',
  'cpuWait',
  'cpuSteal',
  'load1',
  'memTotal',
  'memUsed',
  'memFree',
  'memCache',
  'memBuffers',
  'memSlab',
  'swapTotal',
  'swapFree',
  'diskRead',
  'diskWrite',
  'diskBusy',
  'netRecv',
  'netSend',
] as const;
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
  /** The sample it makes unviewable, if any. */
  readonly sample: number | null;
  /** Bytes skipped between two samples (lost sync): the gap follows this sample (-1: before the first). */
  readonly gapAfter: number | null;
  /** How many bytes that gap skipped (0 when the problem is not a gap). */
  readonly gapBytes: number;
}

export type LoadEvent =
  | { readonly type: 'header'; readonly info: LogInfo }
  | {
      readonly type: 'progress';
      /** Bytes of the file read so far. */
      readonly bytesRead: number;
      readonly totalBytes: number;
      /** Samples found so far (all of them, viewable or not). */
      readonly samples: number;
      readonly batch: IndexBatch | null;
      readonly problems: readonly LogProblem[];
    }
  /** Background check of the task blobs after the index pass (samples found damaged). */
  | {
      readonly type: 'verify';
      readonly checked: number;
      readonly samples: number;
      readonly problems: readonly LogProblem[];
      readonly done?: boolean;
    };

export type OpenResult =
  | {
      readonly ok: true;
      readonly samples: number;
      readonly bytesRead: number;
      /** Why reading stopped before the end of the log (damage, cancel), or null. */
      readonly stopped: FormatError | null;
      /** The log simply ends inside a record atop may still be writing: `stopped` is a note. */
      readonly incompleteTail: boolean;
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
  readonly num: Readonly<Record<string, NumericColumn>>;
  /** Requested TaskColumns.text columns: ids into the log's string table. */
  readonly text: Readonly<Record<string, Int32Array>>;
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

/** The worker's API as exposed by comlink. */
export interface AtopWorkerApi {
  /**
   * Reads the log: header, then one index entry per sample (system summary computed, task
   * blobs kept compressed). Events arrive through `onEvent` (pass it comlink.proxy()'d) while
   * the promise is pending; samples can be requested as soon as they appear.
   */
  open(file: Blob, fileName: string, onEvent: (e: LoadEvent) => void): Promise<OpenResult>;
  /**
   * Inflates every task blob once (no decoding) to find damage the index pass cannot see;
   * events of type 'verify' report it. Call after open() has resolved.
   */
  verify(onEvent: (e: LoadEvent) => void): Promise<number>;
  /** Stops reading (or verifying); samples read so far stay viewable. */
  cancel(): void;
  /** Decodes (or takes from cache) sample `index` and sends the requested columns. */
  getSample(index: number, fields: readonly string[]): Promise<SampleResult>;
  /** All fields of one row of a sample. */
  getTask(index: number, row: number): Promise<TaskResult>;
}
