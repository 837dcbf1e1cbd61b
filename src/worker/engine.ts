// The worker's state for one host's logs: the index pass over its files (record walk, system
// summary per sample, the files merged into one timeline by format/timeline/merge.ts) and
// on-demand decoding of the sample the UI shows. No comlink and no DOM here,
// so it runs under Node in tests; atop.worker.ts wires it to comlink.
//
// Scaling: this worker only walks the record chain (headers, lengths, resync) and copies
// each run of records' blobs into one buffer for a pool of workers (pool.ts, summarize.ts)
// that inflate and summarise them in parallel, check the task blobs and build the whole-log
// search columns (search-index.ts). Records are kept as file offsets and read again when a
// sample is shown (a gzip log, whose offsets are not the file's, keeps its blobs instead).
import {
  BlobInflater,
  corruptSample,
  probeLog,
  TimelineMerger,
  decodeRecord,
  readLog,
  recordBlobs,
  recordBodyLength,
  sliceBlobs,
  StringTable,
  systemFigures,
  systemSnapshot,
  taskFields,
  type DecodeContext,
  type BlobSpec,
  type FileHeader,
  type FormatError,
  type NumericColumn,
  type OpenedLog,
  type RawRecord,
  type RecordLengths,
  type Sample,
  type TaskFieldPath,
} from '../format/index';
import { Growable, GrowableColumns } from '../lib/growable';
import { LruCache } from '../lib/lru';
import { buffersOf } from './buffers';
import { FileSlices, type ReleaseBuffer } from './chunks';
import { localRunner, RunnerPool, type SummaryPool } from './pool';
import {
  INDEX_FIELDS,
  JOB_META_FIELDS,
  jobMetaFields,
  READ_CHUNK_BYTES,
  SUMMARY_FIELDS,
  SAMPLE_MISSING,
  SAMPLE_OK,
  type FileProbe,
  type IndexField,
  type FailedExits,
  type LoadEvent,
  type LogFile,
  type LogInfo,
  type LogProblem,
  type OpenResult,
  type SampleData,
  type SampleResult,
  type FilterClause,
  type SearchResult,
  type CgroupAnswer,
  type LifelineAnswer,
  type SampleSpan,
  type TotalsAnswer,
  type TotalsQuery,
  type SummaryJob,
  type SummaryOutcome,
  type SystemResult,
  type TaskField,
  type TaskResult,
} from './protocol';
import { answerCgroups } from './cgroup-query';
import { ProcessStore } from './process-store';
import { storeLayout } from './process-chunk';
import { SearchIndex } from './search-index';
import { answerLifeline, answerTotals, type QueryContext, type WalkControl } from './totals-query';
import { SeriesStream } from './series-stream';

export { buffersOf };

/** Where raw records are kept between the index pass and decoding. */
export interface RecordStore {
  push(r: RawRecord): void;
  offset(index: number): number | undefined;
  get(index: number): Promise<RawRecord | undefined>;
}

/** Keeps every record's blobs (a gzip log: its offsets are not the file's). */
export class MemoryRecordStore implements RecordStore {
  private readonly records: RawRecord[] = [];
  push(r: RawRecord): void {
    // the reader's blobs are views into its read chunks: copies pin only their own bytes
    const copy = (b: Uint8Array | null) => (b ? b.slice() : null);
    this.records[r.index] = {
      ...r,
      sblob: r.sblob.slice(),
      pblob: r.pblob.slice(),
      cblob: copy(r.cblob),
      iblob: copy(r.iblob),
    };
  }
  offset(index: number): number | undefined {
    return this.records[index]?.offset;
  }
  get(index: number): Promise<RawRecord | undefined> {
    return Promise.resolve(this.records[index]);
  }
}

/** Keeps only each record's header and offset; a sample's blobs are read again from the file. */
export class FileRecordStore implements RecordStore {
  private readonly heads: { offset: number; rec: RawRecord['rec'] }[] = [];
  constructor(
    private readonly file: Blob,
    private readonly log: Pick<OpenedLog, 'header' | 'layout'>,
  ) {}
  push(r: RawRecord): void {
    this.heads[r.index] = { offset: r.offset, rec: r.rec };
  }
  offset(index: number): number | undefined {
    return this.heads[index]?.offset;
  }
  async get(index: number): Promise<RawRecord | undefined> {
    const h = this.heads[index];
    if (!h) return undefined;
    const { rec, offset } = h;
    const { header, layout } = this.log;
    const start = offset + header.rawreclen;
    const body = recordBodyLength(rec, header, layout);
    const u8 = new Uint8Array(await this.file.slice(start, start + body).arrayBuffer());
    return { index, offset, rec, ...sliceBlobs(u8, recordBlobs(rec, header, layout)) };
  }
}

/** Lets queued messages (cancel, getSample) run during a long synchronous stretch. */
export type Yield = () => Promise<void>;

export const timeoutYield: Yield = () => new Promise((r) => setTimeout(r, 0));

export interface EngineOptions {
  readonly chunkBytes?: number;
  readonly yieldToLoop?: Yield;
  /** Progress events at most this often (the first sample is always reported at once). */
  readonly progressMs?: number;
  /** Decoded samples kept, by total task rows. */
  readonly cacheRows?: number;
  readonly now?: () => number;
  /** Runs the summary jobs (default: in this thread). */
  readonly pool?: SummaryPool;
  /** A job is sent once it holds this many records or bytes of blobs. */
  readonly jobRecords?: number;
  readonly jobBytes?: number;
  /**
   * After the first sample, the pool waits until it has been handed out (at most this long):
   * on few cores the first interval on screen would otherwise share them with the pool.
   */
  readonly firstHoldMs?: number;
  /**
   * Called with each file slice the reader is done with, before it is reused (or detached);
   * null keeps every slice until the GC frees it (chunks.ts).
   */
  readonly releaseSlice?: ReleaseBuffer | null;
}

/** A gap in the record chain as the reader reports it (reader.ts, when it resyncs). */
interface GapLike {
  readonly error: FormatError;
  readonly afterSample: number | null;
  readonly bytesSkipped: number;
}

function failure(
  code: FormatError['code'],
  message: string,
  offset = 0,
  sample: number | null = null,
): FormatError {
  return { code, message, offset, sample };
}

function unexpected(e: unknown, offset: number, sample: number | null, what: string): FormatError {
  // pako and friends may throw strings; never let anything escape as an exception
  const text = e instanceof Error ? e.message : String(e);
  return failure('read-failed', `${what}: ${text}`, offset, sample);
}

export function logInfo(log: OpenedLog, fileName: string, fileSize: number): LogInfo {
  const h: FileHeader = log.header;
  const num: TaskFieldPath[] = [];
  const text: TaskFieldPath[] = [];
  for (const f of taskFields(log.layout.tstat)) (f.kind === 'text' ? text : num).push(f.path);
  return {
    fileName,
    fileSize,
    gzip: log.gzip,
    version: h.version,
    aversion: h.aversion,
    host: h.nodename,
    sysname: h.sysname,
    release: h.release,
    kernelVersion: h.kernelVersion,
    machine: h.machine,
    domainname: h.domainname,
    hertz: h.hertz,
    pagesize: h.pagesize,
    pidwidth: h.pidwidth,
    supportflags: h.supportflags,
    taskFields: { num, text },
  };
}

/**
 * Builds one SummaryJob out of consecutive records of one file. The blob buffer is
 * transferred to the pool worker and comes back with its outcome (`spent`), so a log's whole
 * stream of blobs goes through the same few buffers instead of leaving one garbage buffer per
 * job in each isolate (garbage ArrayBuffers wait for a GC that a worker with a tiny heap
 * rarely runs).
 */
class JobBuilder {
  from = -1;
  file = -1;
  count = 0;
  private readonly meta = new Growable((n) => new Float64Array(n), 64 * 16);
  /** The numbers per record (jobMetaFields of the log, set once its header is read). */
  fields: readonly string[] = JOB_META_FIELDS;
  private readonly bytes: Growable<Uint8Array<ArrayBuffer>>;
  private readonly free: Uint8Array<ArrayBuffer>[] = [];

  constructor(private readonly capacity: number) {
    this.bytes = new Growable((n) => new Uint8Array(n), capacity);
  }

  /** Bytes of blobs in the job so far. */
  get used(): number {
    return this.bytes.length;
  }

  /** Takes back a buffer a job was sent in. */
  recycle(b: Uint8Array<ArrayBuffer>): void {
    if (b.buffer.byteLength >= this.capacity && this.free.length < 8)
      this.free.push(new Uint8Array(b.buffer));
  }

  /** Adds record `r` of `file`, kept as sample `slot`, with its blobs (recordBlobs of its header). */
  add(slot: number, file: number, r: RawRecord, blobs: readonly BlobSpec[]): void {
    if (this.count === 0) {
      this.from = slot;
      this.file = file;
    }
    for (const b of blobs) this.bytes.put(r[b.kind]!);
    const lengths = JOB_META_FIELDS.length;
    this.meta.put(
      this.fields.map((f, j) =>
        f === 'offset' ? r.offset : j < lengths ? r.rec[f as keyof RecordLengths] : (r.rec.fields[f] ?? 0),
      ),
    );
    this.count++;
  }

  /** The job (its buffers are the caller's to transfer) and a fresh builder state. */
  take(): SummaryJob {
    const job: SummaryJob = {
      from: this.from,
      file: this.file,
      count: this.count,
      meta: this.meta.view().slice(),
      blobs: this.bytes.view(),
    };
    this.bytes.reset(this.free.pop() ?? new Uint8Array(this.capacity));
    this.meta.reset();
    this.count = 0;
    return job;
  }
}

/** One file of the timeline: its own header, layout and records (versions may differ). */
interface OpenFile {
  readonly name: string;
  readonly size: number;
  info: LogInfo | null;
  ctx: DecodeContext | null;
  store: RecordStore;
  samples: number;
  duplicates: number;
  stopped: FormatError | null;
  incompleteTail: boolean;
}

/** How the walk over one file ended. */
interface FileEnd {
  readonly stopped: FormatError | null;
  readonly incompleteTail: boolean;
}

/**
 * One host's timeline over one or more files. Samples are numbered in the order they are kept
 * (slots): the files are read one after another in rank order (format/timeline/merge.ts), so
 * slots are time order and the first file's first sample is on screen while the rest is read.
 * Only files that interleave in time need a final reordering (`order`, position → slot).
 */
export class LogEngine {
  private readonly files: OpenFile[] = [];
  /** One string table and inflater for all files: the UI keeps one table per host. */
  private readonly strings = new StringTable();
  private readonly inflater = new BlobInflater();
  /** Per-sample index, slot i at row i. */
  private readonly index = new GrowableColumns<IndexField>(INDEX_FIELDS, 256);
  private merger = new TimelineMerger();
  /** Position → slot once files interleaved (null: the identity). */
  private order: Int32Array | null = null;
  private readonly signal = { aborted: false };
  /** Decoded samples by slot, by their task rows (opts.cacheRows). */
  private readonly cache: LruCache<number, Sample>;
  private stringsSent = 0;
  private readonly search_ = new SearchIndex();
  /**
   * Every process row, as the pool packs them (process-store.ts): made at the first file's
   * header; files of a format whose task figures differ are left out of it (`procsFiles`).
   */
  private procs_: ProcessStore | null = null;
  /** Per file: its rows are in the process store. */
  private readonly procsFiles: boolean[] = [];
  private readonly pool: SummaryPool;
  /** Samples the pool has reported on. */
  private summarized = 0;
  /** Resolved when the first sample has been handed out (or asked for and failed). */
  private firstServed!: () => void;
  private readonly firstShown = new Promise<void>((r) => (this.firstServed = r));
  private readonly opts: Required<Omit<EngineOptions, 'pool'>>;

  constructor(opts: EngineOptions = {}) {
    this.opts = {
      chunkBytes: opts.chunkBytes ?? READ_CHUNK_BYTES,
      yieldToLoop: opts.yieldToLoop ?? timeoutYield,
      progressMs: opts.progressMs ?? 100,
      cacheRows: opts.cacheRows ?? 20_000,
      now: opts.now ?? (() => performance.now()),
      jobRecords: opts.jobRecords ?? 16,
      jobBytes: opts.jobBytes ?? 1 << 20,
      firstHoldMs: opts.firstHoldMs ?? 0,
      releaseSlice: opts.releaseSlice === undefined ? () => undefined : opts.releaseSlice,
    };
    this.pool = opts.pool ?? new RunnerPool([localRunner()]);
    this.cache = new LruCache<number, Sample>(this.opts.cacheRows, (s) => s.tasks.count);
  }

  cancel(): void {
    this.signal.aborted = true;
  }

  get samples(): number {
    return this.index.length;
  }

  /** One file (the single-file case of openFiles). */
  open(file: Blob, fileName: string, onEvent: (e: LoadEvent) => void): Promise<OpenResult> {
    return this.openFiles([{ blob: file, name: fileName }], onEvent);
  }

  /** Reads the files of one host, one after another in the order given (their rank order). */
  async openFiles(files: readonly LogFile[], onEvent: (e: LoadEvent) => void): Promise<OpenResult> {
    const total = files.reduce((n, f) => n + f.blob.size, 0);
    /** Bytes of the files done, and of the one being read. */
    let doneBytes = 0;
    const progress = { bytes: 0 };
    const bytesRead = () => doneBytes + progress.bytes;
    const problems: LogProblem[] = [];
    const series = new SeriesStream();
    const failedExits: FailedExits[] = [];
    /** Samples [dirty, length) changed since the last progress event. */
    let dirty = 0;
    let lastEmit = -Infinity;
    const emit = (force: boolean) => {
      const now = this.opts.now();
      if (!force && now - lastEmit < this.opts.progressMs) return;
      lastEmit = now;
      const n = this.index.length;
      const batch = n > dirty ? { from: dirty, count: n - dirty, columns: this.index.slice(dirty, n) } : null;
      dirty = n;
      onEvent({
        type: 'progress',
        bytesRead: bytesRead(),
        totalBytes: total,
        samples: n,
        duplicates: this.merger.duplicates,
        batch,
        problems: problems.splice(0),
        series: series.take(),
        failedExits: failedExits.splice(0),
      });
    };
    const several = files.length > 1;
    /** Messages name the file when there are several. */
    const inFile = (f: number, e: FormatError): FormatError =>
      several ? { ...e, message: `${this.files[f]!.name}: ${e.message}` } : e;
    const job = new JobBuilder(this.opts.jobBytes);
    const onSummary = (
      r: SummaryOutcome | Error,
      runner: number,
      span: { from: number; count: number; file: number },
    ) => {
      if (r instanceof Error) {
        for (let i = span.from; i < span.from + span.count; i++) {
          this.index.set(i, 'status', SAMPLE_MISSING);
          problems.push({
            sample: i,
            file: span.file,
            gapAfter: null,
            gapBytes: 0,
            error: inFile(
              span.file,
              unexpected(r, this.index.get(i, 'offset'), i, `Sample ${i + 1} could not be summarised`),
            ),
          });
        }
      } else {
        this.applySummary(r);
        series.add(r.series);
        failedExits.push(...r.failedExits);
        if (r.spent) job.recycle(r.spent);
        for (const p of r.problems) problems.push({ ...p, error: inFile(p.file, p.error) });
        this.search_.add(runner, r.from, r.search);
        if (this.procsFiles[span.file])
          this.procs_?.add(r.processes, this.search_.stringMap(runner), this.search_.strings);
      }
      this.summarized += span.count;
      dirty = Math.min(dirty, span.from);
      emit(false);
    };
    let held = false;
    const flush = async () => {
      if (job.count === 0) return;
      if (!held && job.from > 0) {
        held = true;
        if (this.opts.firstHoldMs > 0)
          await Promise.race([this.firstShown, new Promise((r) => setTimeout(r, this.opts.firstHoldMs))]);
      }
      const j = job.take();
      const span = { from: j.from, count: j.count, file: j.file };
      await this.pool.submit(j, (r, runner) => {
        onSummary(r, runner, span);
      });
    };
    const ctx = { emit, flush, job, problems, progress, inFile };
    for (let f = 0; f < files.length; f++) {
      const { blob, name } = files[f]!;
      this.files.push({
        name,
        size: blob.size,
        info: null,
        ctx: null,
        store: new MemoryRecordStore(),
        samples: 0,
        duplicates: 0,
        stopped: null,
        incompleteTail: false,
      });
      const file = this.files[f]!;
      if (this.signal.aborted) {
        file.stopped = cancelled(0, null);
        continue;
      }
      progress.bytes = 0;
      this.merger.beginFile(f);
      let end: FileEnd;
      try {
        end = await this.readFile(f, blob, onEvent, ctx);
      } catch (e) {
        end = {
          stopped: unexpected(e, progress.bytes, this.index.length, 'Reading the file failed'),
          incompleteTail: false,
        };
      }
      await flush().catch(() => undefined);
      file.stopped = end.stopped;
      file.incompleteTail = end.incompleteTail;
      if (!file.ctx && end.stopped && end.stopped.code !== 'cancelled' && several)
        problems.push({ error: inFile(f, end.stopped), file: f, sample: null, gapAfter: null, gapBytes: 0 });
      doneBytes += blob.size;
      progress.bytes = 0;
      emit(true);
    }
    await this.pool.drain();
    emit(true);
    if (!this.merger.inOrder) this.reorder(onEvent);
    const opened = this.files.filter((f) => f.ctx !== null);
    if (opened.length === 0) {
      const first = this.files.find((f) => f.stopped)?.stopped;
      return { ok: false, error: first ?? failure('read-failed', 'No header.'), bytesRead: bytesRead() };
    }
    // the first file that stopped early says why (cancel: the one it stopped in)
    const stoppedAt = this.files.findIndex((f) => f.ctx !== null && f.stopped !== null);
    const stopped = stoppedAt >= 0 ? inFile(stoppedAt, this.files[stoppedAt]!.stopped!) : null;
    return {
      ok: true,
      samples: this.index.length,
      checked: this.summarized,
      bytesRead: bytesRead(),
      stopped,
      incompleteTail: stoppedAt >= 0 && this.files[stoppedAt]!.incompleteTail,
      duplicates: this.merger.duplicates,
      files: this.files.map((f) => ({
        name: f.name,
        opened: f.ctx !== null,
        samples: f.samples,
        duplicates: f.duplicates,
        stopped: f.stopped,
        incompleteTail: f.incompleteTail,
      })),
    };
  }

  /** The record walk over file `f`: each sample placed on the timeline, its blobs to the pool. */
  private async readFile(
    f: number,
    blob: Blob,
    onEvent: (e: LoadEvent) => void,
    c: {
      emit: (force: boolean) => void;
      flush: () => Promise<void>;
      job: JobBuilder;
      problems: LogProblem[];
      progress: { bytes: number };
      inFile: (f: number, e: FormatError) => FormatError;
    },
  ): Promise<FileEnd> {
    const file = this.files[f]!;
    const noteGap = (gap: GapLike | undefined) => {
      if (gap)
        c.problems.push({
          error: c.inFile(f, gap.error),
          file: f,
          sample: null,
          // the gap follows the sample kept last (-1: before the first of the timeline)
          gapAfter: this.index.length - 1,
          gapBytes: gap.bytesSkipped,
        });
    };
    let sliceStart = this.opts.now();
    const slices = new FileSlices(blob, this.opts.chunkBytes, c.progress, this.opts.releaseSlice);
    /** Record offsets are the file's (not gzip): slices behind the last record can go. */
    let plain = false;
    let log: OpenedLog | null = null;
    for await (const ev of readLog(slices.chunks(), { totalSize: blob.size, signal: this.signal })) {
      if (ev.type === 'header') {
        file.ctx = { ...ev.log, inflater: this.inflater, strings: this.strings };
        file.info = logInfo(ev.log, file.name, blob.size);
        file.store = ev.log.gzip ? new MemoryRecordStore() : new FileRecordStore(blob, ev.log);
        plain = !ev.log.gzip;
        log = ev.log;
        c.job.fields = jobMetaFields(systemFigures(ev.log.layout, ev.log.header).recordFields);
        this.procs_ ??= new ProcessStore(ev.log.layout, this.sampleInfo());
        this.procsFiles[f] = sameFigures(this.procs_.layout.fields, storeLayout(ev.log.layout).fields);
        onEvent({ type: 'header', file: f, info: file.info });
        // the first file waits for the pool; a later file's header is queued behind the jobs of
        // the files before it (each pool worker takes messages in order), so the reader goes on
        // instead of waiting for the pool to drain at every file boundary
        const init = this.pool.init(ev.log.header);
        if (f === 0) await init;
        else init.catch((e: unknown) => c.problems.push(poolFailure(f, e)));
      } else if (ev.type === 'record') {
        noteGap((ev as { gapBefore?: GapLike }).gapBefore);
        const r = ev.record;
        const { header, layout } = log!;
        const blobs = recordBlobs(r.rec, header, layout);
        const placed = this.merger.add(r.index, r.rec);
        if (placed.kept) {
          file.samples++;
          this.indexRecord(placed.slot, f, placed.marks, r);
          c.job.add(placed.slot, f, r, blobs);
        } else file.duplicates++;
        // its blobs are copied: the reader only looks ahead of this record from now on
        if (plain)
          slices.releaseBefore(blobs.reduce((end, b) => end + b.complen, r.offset + header.rawreclen));
        if (placed.kept) {
          // the first sample alone, so its summary is on the timeline at once
          if (placed.slot === 0 || c.job.count >= this.opts.jobRecords || c.job.used >= this.opts.jobBytes)
            await c.flush();
          c.emit(placed.slot === 0);
        }
        if (this.opts.now() - sliceStart > 30) {
          await this.opts.yieldToLoop();
          sliceStart = this.opts.now();
        }
      } else {
        const end = ev as typeof ev & { gap?: GapLike; incompleteLastRecord?: boolean };
        if (end.gap && end.gap.error !== end.error) noteGap(end.gap);
        if (!file.ctx)
          return { stopped: ev.error ?? failure('read-failed', 'No header.'), incompleteTail: false };
        return { stopped: ev.error, incompleteTail: end.incompleteLastRecord === true };
      }
    }
    return {
      stopped: failure('read-failed', 'The reader stopped without an end event.'),
      incompleteTail: false,
    };
  }

  /** Files interleaved in time: put the samples in time order (rule 4 of merge.ts) and say so. */
  private reorder(onEvent: (e: LoadEvent) => void): void {
    const t = this.merger.finish();
    const n = t.slot.length;
    const positions = new Int32Array(n);
    for (let p = 0; p < n; p++) positions[t.slot[p]!] = p;
    for (let p = 0; p < n; p++) this.index.set(t.slot[p]!, 'marks', t.marks[p]!);
    this.order = t.slot;
    const columns = {} as Record<IndexField, Float64Array>;
    for (const field of INDEX_FIELDS) {
      const col = new Float64Array(n);
      for (let p = 0; p < n; p++) col[p] = this.index.get(t.slot[p]!, field);
      columns[field] = col;
    }
    onEvent({ type: 'reorder', columns, positions });
  }

  /** The sample index (slots) as the process store reads it. */
  private sampleInfo() {
    const ix = this.index;
    return {
      curtime: (i: number) => ix.get(i, 'curtime'),
      flags: (i: number) => ix.get(i, 'flags'),
      percputot: (i: number) => ix.get(i, 'percputot'),
      nrcpu: (i: number) => ix.get(i, 'nrcpu'),
    };
  }

  /** Every process row of the samples summarised so far (null before the first header). */
  get processStore(): ProcessStore | null {
    return this.procs_;
  }

  /** The running totals query: a newer one, or cancelTotals, stops it. */
  private totalsRunning = -1;

  private queryContext(): QueryContext | null {
    const first = this.files.find((f) => f.ctx !== null)?.ctx;
    if (!this.procs_ || !first) return null;
    return {
      store: this.procs_,
      layout: first.layout,
      hertz: first.header.hertz,
      index: { length: this.index.length, get: (i, f) => this.index.get(i, f) },
      covered: this.summarized,
      slotOf: (pos) => this.slotOf(pos),
      positionOf: (slot) => this.positionOf(slot),
      partial: this.procsFiles.some((x) => !x),
    };
  }

  /** The timeline position of slot `slot` (the inverse of slotOf). */
  private positionOf(slot: number): number {
    if (!this.order) return slot;
    this.positions ??= (() => {
      const p = new Int32Array(this.order.length);
      this.order.forEach((s, pos) => (p[s] = pos));
      return p;
    })();
    return this.positions[slot] ?? -1;
  }

  private positions: Int32Array | null = null;

  private control(stopped: () => boolean, progress?: (done: number) => void): WalkControl {
    return { sliceMs: 30, now: this.opts.now, pause: this.opts.yieldToLoop, stopped, progress };
  }

  /** Range totals per process or group (totals-query.ts). */
  async totals(q: TotalsQuery, onProgress?: (done: number) => void): Promise<TotalsAnswer> {
    const ctx = this.queryContext();
    if (!ctx) return { ok: false, message: 'No log is open.', cancelled: false };
    this.totalsRunning = q.id;
    return answerTotals(
      ctx,
      q,
      this.control(() => this.totalsRunning !== q.id, onProgress),
    );
  }

  cancelTotals(id: number): void {
    if (this.totalsRunning === id) this.totalsRunning = -1;
  }

  lifeline(pid: number, btime: number): LifelineAnswer {
    const ctx = this.queryContext();
    if (!ctx) return { ok: false, message: 'No log is open.' };
    return answerLifeline(ctx, pid, btime, this.opts.now);
  }

  /** A sample's cgroup tree, or cgroup totals over a span (2.11+). */
  cgroups(span: SampleSpan): Promise<CgroupAnswer> {
    const file = (slot: number) => this.files[this.index.get(slot, 'file')];
    return answerCgroups(
      {
        ctx: this.files.find((f) => f.ctx !== null)?.ctx ?? null,
        index: { length: this.index.length, get: (i, f) => this.index.get(i, f) },
        sampleCgroups: async (pos) => {
          const d = await this.decode(pos);
          return d.ok ? { ok: true, value: d.sample.cgroups } : d;
        },
        record: (slot) => file(slot)?.store.get(this.index.get(slot, 'record')) ?? Promise.resolve(undefined),
        ctxOf: (slot) => file(slot)?.ctx ?? null,
      },
      span,
      this.control(() => false),
    );
  }

  /** The slot of the sample at timeline position `pos`. */
  private slotOf(pos: number): number {
    return this.order ? (this.order[pos] ?? -1) : pos;
  }

  /** Keeps the record and the index entries its header gives; the pool computes the rest. */
  private indexRecord(slot: number, file: number, marks: number, r: RawRecord): void {
    this.files[file]!.store.push(r);
    this.index.set(slot, 'curtime', r.rec.curtime);
    this.index.set(slot, 'interval', r.rec.interval);
    this.index.set(slot, 'flags', r.rec.flags);
    this.index.set(slot, 'ndeviat', r.rec.ndeviat);
    this.index.set(slot, 'offset', r.offset);
    this.index.set(slot, 'file', file);
    this.index.set(slot, 'record', r.index);
    this.index.set(slot, 'marks', marks);
  }

  private applySummary(r: SummaryOutcome): void {
    const stride = SUMMARY_FIELDS.length;
    for (let k = 0; k < r.count; k++)
      for (let f = 0; f < stride; f++)
        this.index.set(r.from + k, SUMMARY_FIELDS[f]!, r.values[k * stride + f]!);
  }

  /** The file a slot's record is in. */
  private fileOf(slot: number): OpenFile | undefined {
    return slot >= 0 && slot < this.index.length ? this.files[this.index.get(slot, 'file')] : undefined;
  }

  private async decode(
    pos: number,
  ): Promise<{ ok: true; sample: Sample; file: OpenFile } | { ok: false; error: FormatError }> {
    const slot = this.slotOf(pos);
    const file = this.fileOf(slot);
    const ctx = file?.ctx;
    if (!file || !ctx)
      return { ok: false, error: failure('read-failed', `Sample ${pos + 1} does not exist.`, 0, pos) };
    const hit = this.cache.get(slot);
    if (hit) return { ok: true, sample: hit, file };
    const record = this.index.get(slot, 'record');
    const named = (e: FormatError): FormatError =>
      this.files.length > 1
        ? { ...e, sample: pos, message: `${file.name}: ${e.message}` }
        : { ...e, sample: pos };
    let r: RawRecord | undefined;
    try {
      r = await file.store.get(record);
    } catch (e) {
      return {
        ok: false,
        error: named(
          unexpected(e, file.store.offset(record) ?? 0, pos, `Sample ${pos + 1} could not be read`),
        ),
      };
    }
    if (!r) return { ok: false, error: failure('read-failed', `Sample ${pos + 1} does not exist.`, 0, pos) };
    if (this.index.get(slot, 'status') === SAMPLE_MISSING)
      return { ok: false, error: named(corruptSample(r.offset, pos)) };
    // decoded meanwhile by a call that was waiting for the same read
    const again = this.cache.get(slot);
    if (again) return { ok: true, sample: again, file };
    let res;
    try {
      res = decodeRecord(ctx, r);
    } catch (e) {
      res = {
        ok: false as const,
        error: unexpected(e, r.offset, pos, `Sample ${pos + 1} could not be decoded`),
      };
    }
    if (!res.ok) {
      this.index.set(slot, 'status', SAMPLE_MISSING);
      return { ok: false, error: named(res.error) };
    }
    const s = res.value;
    this.cache.set(slot, s);
    return { ok: true, sample: s, file };
  }

  /** The sample's requested columns as fresh copies the caller may transfer. */
  async getSample(i: number, fields: readonly TaskFieldPath[]): Promise<SampleResult> {
    const d = await this.decode(i);
    this.firstServed();
    if (!d.ok) return d;
    const t = d.sample.tasks;
    const num: { [K in TaskFieldPath]?: NumericColumn } = {};
    const text: { [K in TaskFieldPath]?: Int32Array } = {};
    for (const f of fields) {
      const n = t.num[f];
      if (n) num[f] = n.slice();
      const s = t.text[f];
      if (s) text[f] = s.slice();
    }
    const table = this.strings.values;
    const from = this.stringsSent;
    this.stringsSent = table.length;
    const slot = this.slotOf(i);
    const sample: SampleData = {
      index: i,
      file: this.index.get(slot, 'file'),
      curtime: d.sample.rec.curtime,
      interval: d.sample.rec.interval,
      flags: d.sample.rec.flags,
      count: t.count,
      nrcpu: this.index.get(slot, 'nrcpu'),
      percputot: this.index.get(slot, 'percputot'),
      memTotal: this.index.get(slot, 'memTotal'),
      num,
      text,
      strings: { from, values: table.slice(from) },
    };
    return { ok: true, sample };
  }

  /** atop's system figures of sample i, from its decoded struct sstat. */
  async getSystem(i: number): Promise<SystemResult> {
    const d = await this.decode(i);
    if (!d.ok) return d;
    // the figures of the version of the file the sample comes from
    const { layout, header } = d.file.ctx!;
    try {
      const snapshot = systemSnapshot(
        systemFigures(layout, header),
        d.sample.system.bytes,
        d.sample.rec.fields,
      );
      return { ok: true, index: i, snapshot };
    } catch (e) {
      return { ok: false, error: unexpected(e, d.sample.offset, i, `Sample ${i + 1}'s system figures`) };
    }
  }

  async getTask(i: number, row: number): Promise<TaskResult> {
    const d = await this.decode(i);
    if (!d.ok) return d;
    const t = d.sample.tasks;
    if (!(row >= 0 && row < t.count))
      return { ok: false, error: failure('read-failed', `Sample ${i + 1} has no row ${row}.`, 0, i) };
    const values = this.strings.values;
    const fields: TaskField[] = [];
    for (const f of taskFields(d.file.ctx!.layout.tstat)) {
      if (f.kind === 'text') {
        const id = t.text[f.path]?.[row] ?? 0;
        fields.push({ path: f.path, value: values[id] ?? '' });
      } else {
        const v = t.num[f.path]?.[row] ?? 0;
        const wide = t.wide[f.path]?.get(row);
        fields.push(
          wide === undefined
            ? { path: f.path, value: v }
            : { path: f.path, value: v, exact: wide.toString() },
        );
      }
    }
    return { ok: true, fields };
  }

  /** Whole-log search over the columns the pool built (see search-index.ts), by position. */
  search(clauses: readonly FilterClause[]): SearchResult {
    const r = this.search_.search(clauses, this.index.length, this.opts.now);
    const order = this.order;
    if (!r.ok || !order) return r;
    const perSample = new Uint32Array(r.perSample.length);
    for (let p = 0; p < order.length; p++) perSample[p] = r.perSample[order[p]!]!;
    return { ...r, perSample };
  }

  /** Decodes a sample ahead of need (stepping with t), if nothing else is cached for it. */
  async prefetch(i: number): Promise<void> {
    const slot = this.slotOf(i);
    if (slot < 0 || slot >= this.index.length || this.cache.has(slot)) return;
    if (this.index.get(slot, 'status') !== SAMPLE_OK) return;
    await this.decode(i);
  }
}

/** The pool could not take a file's header: its samples are reported by the jobs that fail. */
function poolFailure(file: number, e: unknown): LogProblem {
  return {
    file,
    sample: null,
    gapAfter: null,
    gapBytes: 0,
    error: unexpected(e, 0, null, 'The summary pool failed'),
  };
}

function cancelled(offset: number, sample: number | null): FormatError {
  return { code: 'cancelled', offset, sample, message: `Reading was cancelled at offset ${offset}.` };
}

/** Headers and first sample times of files (format/timeline/probe.ts), for grouping by host. */
export async function probeFiles(files: readonly Blob[]): Promise<FileProbe[]> {
  return Promise.all(
    files.map(async (blob): Promise<FileProbe> => {
      const p = await probeLog(blobChunks(blob));
      return p.ok
        ? { ok: true, host: p.header.nodename, version: p.header.version, gzip: p.gzip, first: p.first }
        : { ok: false, error: p.error };
    }),
  );
}

/** A Blob as 64 KiB slices, read only as far as the consumer pulls. */
async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const STEP = 1 << 16;
  for (let at = 0; at < blob.size; at += STEP)
    yield new Uint8Array(await blob.slice(at, Math.min(blob.size, at + STEP)).arrayBuffer());
}

/** Whether two files' change logs carry the same figures (the store holds one format's). */
function sameFigures(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
