// The worker's state for one log: the index pass over the file (record walk, system summary
// per sample) and on-demand decoding of the sample the UI shows. No comlink and no DOM here,
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
  type IndexField,
  type FailedExits,
  type LoadEvent,
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
import { answerLifeline, answerTotals, type QueryContext, type WalkControl } from './totals-query';
import { SearchIndex } from './search-index';
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
 * Builds one SummaryJob out of consecutive records. The blob buffer is transferred to the
 * pool worker and comes back with its outcome (`spent`), so a log's whole stream of blobs
 * goes through the same few buffers instead of leaving one garbage buffer per job in each
 * isolate (garbage ArrayBuffers wait for a GC that a worker with a tiny heap rarely runs).
 */
class JobBuilder {
  from = -1;
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

  /** Adds a record with its blobs (recordBlobs of its header). */
  add(r: RawRecord, blobs: readonly BlobSpec[]): void {
    if (this.count === 0) this.from = r.index;
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

export class LogEngine {
  private ctx: DecodeContext | null = null;
  private info: LogInfo | null = null;
  private store: RecordStore = new MemoryRecordStore();
  /** Per-sample index, sample i at row i. */
  private readonly index = new GrowableColumns<IndexField>(INDEX_FIELDS, 256);
  private readonly signal = { aborted: false };
  /** Decoded samples, by their task rows (opts.cacheRows). */
  private readonly cache: LruCache<number, Sample>;
  private stringsSent = 0;
  private readonly search_ = new SearchIndex();
  /** Every process row, as the pool packs them (process-store.ts); null until the header. */
  private procs_: ProcessStore | null = null;
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

  async open(file: Blob, fileName: string, onEvent: (e: LoadEvent) => void): Promise<OpenResult> {
    const progress = { bytes: 0 };
    const total = file.size;
    const problems: LogProblem[] = [];
    const series = new SeriesStream();
    const failedExits: FailedExits[] = [];
    /** Samples [dirty, length) changed since the last progress event. */
    let dirty = 0;
    let lastEmit = -Infinity;
    let sliceStart = this.opts.now();
    const emit = (force: boolean) => {
      const now = this.opts.now();
      if (!force && now - lastEmit < this.opts.progressMs) return;
      lastEmit = now;
      const n = this.index.length;
      const batch = n > dirty ? { from: dirty, count: n - dirty, columns: this.index.slice(dirty, n) } : null;
      dirty = n;
      onEvent({
        type: 'progress',
        bytesRead: progress.bytes,
        totalBytes: total,
        samples: n,
        batch,
        problems: problems.splice(0),
        series: series.take(),
        failedExits: failedExits.splice(0),
      });
    };
    const noteGap = (gap: GapLike | undefined) => {
      if (gap)
        problems.push({
          error: gap.error,
          sample: null,
          gapAfter: gap.afterSample ?? -1,
          gapBytes: gap.bytesSkipped,
        });
    };
    const job = new JobBuilder(this.opts.jobBytes);
    const onSummary = (r: SummaryOutcome | Error, runner: number, span: { from: number; count: number }) => {
      if (r instanceof Error) {
        for (let i = span.from; i < span.from + span.count; i++) {
          this.index.set(i, 'status', SAMPLE_MISSING);
          problems.push({
            sample: i,
            gapAfter: null,
            gapBytes: 0,
            error: unexpected(r, this.store.offset(i) ?? 0, i, `Sample ${i + 1} could not be summarised`),
          });
        }
      } else {
        this.applySummary(r);
        series.add(r.series);
        failedExits.push(...r.failedExits);
        if (r.spent) job.recycle(r.spent);
        problems.push(...r.problems);
        this.search_.add(runner, r.from, r.search);
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
      const span = { from: j.from, count: j.count };
      await this.pool.submit(j, (r, runner) => {
        onSummary(r, runner, span);
      });
    };
    const finish = async () => {
      await flush();
      await this.pool.drain();
    };
    try {
      const slices = new FileSlices(file, this.opts.chunkBytes, progress, this.opts.releaseSlice);
      /** Record offsets are the file's (not gzip): slices behind the last record can go. */
      let plain = false;
      let log: OpenedLog | null = null;
      for await (const ev of readLog(slices.chunks(), {
        totalSize: total,
        signal: this.signal,
      })) {
        if (ev.type === 'header') {
          this.ctx = { ...ev.log, inflater: new BlobInflater(), strings: new StringTable() };
          this.info = logInfo(ev.log, fileName, total);
          this.store = ev.log.gzip ? new MemoryRecordStore() : new FileRecordStore(file, ev.log);
          plain = !ev.log.gzip;
          log = ev.log;
          this.procs_ = new ProcessStore(ev.log.layout, this.sampleInfo());
          job.fields = jobMetaFields(systemFigures(ev.log.layout, ev.log.header).recordFields);
          onEvent({ type: 'header', info: this.info });
          await this.pool.init(ev.log.header);
        } else if (ev.type === 'record') {
          noteGap((ev as { gapBefore?: GapLike }).gapBefore);
          const r = ev.record;
          this.indexRecord(r);
          const { header, layout } = log!;
          const blobs = recordBlobs(r.rec, header, layout);
          job.add(r, blobs);
          // its blobs are copied: the reader only looks ahead of this record from now on
          if (plain)
            slices.releaseBefore(blobs.reduce((end, b) => end + b.complen, r.offset + header.rawreclen));
          // the first sample alone, so its summary is on the timeline at once
          if (r.index === 0 || job.count >= this.opts.jobRecords || job.used >= this.opts.jobBytes)
            await flush();
          emit(r.index === 0);
          if (this.opts.now() - sliceStart > 30) {
            await this.opts.yieldToLoop();
            sliceStart = this.opts.now();
          }
        } else {
          const end = ev as typeof ev & { gap?: GapLike; incompleteLastRecord?: boolean };
          if (end.gap && end.gap.error !== end.error) noteGap(end.gap);
          await finish();
          emit(true);
          if (!this.ctx)
            return {
              ok: false,
              error: ev.error ?? failure('read-failed', 'No header.'),
              bytesRead: progress.bytes,
            };
          return {
            ok: true,
            samples: this.index.length,
            checked: this.summarized,
            bytesRead: progress.bytes,
            stopped: ev.error,
            incompleteTail: end.incompleteLastRecord === true,
          };
        }
      }
      await finish();
      emit(true);
      return {
        ok: false,
        error: failure('read-failed', 'The reader stopped without an end event.'),
        bytesRead: progress.bytes,
      };
    } catch (e) {
      const error = unexpected(e, progress.bytes, this.index.length, 'Reading the file failed');
      await finish().catch(() => undefined);
      emit(true);
      if (!this.ctx) return { ok: false, error, bytesRead: progress.bytes };
      return {
        ok: true,
        samples: this.index.length,
        checked: this.summarized,
        bytesRead: progress.bytes,
        stopped: error,
        incompleteTail: false,
      };
    }
  }

  /** The sample index as the process store reads it. */
  private sampleInfo() {
    const ix = this.index;
    return {
      curtime: (i: number) => ix.get(i, 'curtime'),
      flags: (i: number) => ix.get(i, 'flags'),
      percputot: (i: number) => ix.get(i, 'percputot'),
      nrcpu: (i: number) => ix.get(i, 'nrcpu'),
    };
  }

  /** Every process row of the samples summarised so far (null before the header). */
  get processStore(): ProcessStore | null {
    return this.procs_;
  }

  /** The running totals query: a newer one, or cancelTotals, stops it. */
  private totalsRunning = -1;

  private queryContext(): QueryContext | null {
    if (!this.procs_ || !this.ctx) return null;
    return {
      store: this.procs_,
      layout: this.ctx.layout,
      hertz: this.ctx.header.hertz,
      index: { length: this.index.length, get: (i, f) => this.index.get(i, f) },
      covered: this.summarized,
    };
  }

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
    return answerCgroups(
      {
        ctx: this.ctx,
        index: { length: this.index.length, get: (i, f) => this.index.get(i, f) },
        sampleCgroups: async (i) => {
          const d = await this.decode(i);
          return d.ok ? { ok: true, value: d.sample.cgroups } : d;
        },
        record: (i) => this.store.get(i),
      },
      span,
      this.control(() => false),
    );
  }

  /** Keeps the record and the index entries its header gives; the pool computes the rest. */
  private indexRecord(r: RawRecord): void {
    const i = r.index;
    this.store.push(r);
    this.index.set(i, 'curtime', r.rec.curtime);
    this.index.set(i, 'interval', r.rec.interval);
    this.index.set(i, 'flags', r.rec.flags);
    this.index.set(i, 'ndeviat', r.rec.ndeviat);
    this.index.set(i, 'offset', r.offset);
  }

  private applySummary(r: SummaryOutcome): void {
    const stride = SUMMARY_FIELDS.length;
    for (let k = 0; k < r.count; k++)
      for (let f = 0; f < stride; f++)
        this.index.set(r.from + k, SUMMARY_FIELDS[f]!, r.values[k * stride + f]!);
  }

  private async decode(i: number): Promise<{ ok: true; sample: Sample } | { ok: false; error: FormatError }> {
    const hit = this.cache.get(i);
    if (hit) return { ok: true, sample: hit };
    const ctx = this.ctx;
    let r: RawRecord | undefined;
    try {
      r = await this.store.get(i);
    } catch (e) {
      return {
        ok: false,
        error: unexpected(e, this.store.offset(i) ?? 0, i, `Sample ${i + 1} could not be read`),
      };
    }
    if (!ctx || !r)
      return { ok: false, error: failure('read-failed', `Sample ${i + 1} does not exist.`, 0, i) };
    if (this.index.get(i, 'status') === SAMPLE_MISSING)
      return { ok: false, error: corruptSample(r.offset, i) };
    // decoded meanwhile by a call that was waiting for the same read
    const again = this.cache.get(i);
    if (again) return { ok: true, sample: again };
    let res;
    try {
      res = decodeRecord(ctx, r);
    } catch (e) {
      res = { ok: false as const, error: unexpected(e, r.offset, i, `Sample ${i + 1} could not be decoded`) };
    }
    if (!res.ok) {
      this.index.set(i, 'status', SAMPLE_MISSING);
      return { ok: false, error: res.error };
    }
    const s = res.value;
    this.cache.set(i, s);
    return { ok: true, sample: s };
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
    const table = this.ctx!.strings.values;
    const from = this.stringsSent;
    this.stringsSent = table.length;
    const sample: SampleData = {
      index: i,
      curtime: d.sample.rec.curtime,
      interval: d.sample.rec.interval,
      flags: d.sample.rec.flags,
      count: t.count,
      nrcpu: this.index.get(i, 'nrcpu'),
      percputot: this.index.get(i, 'percputot'),
      memTotal: this.index.get(i, 'memTotal'),
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
    const { layout, header } = this.ctx!;
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
    const values = this.ctx!.strings.values;
    const fields: TaskField[] = [];
    for (const f of taskFields(this.ctx!.layout.tstat)) {
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

  /** Whole-log search over the columns the pool built (see search-index.ts). */
  search(clauses: readonly FilterClause[]): SearchResult {
    return this.search_.search(clauses, this.index.length, this.opts.now);
  }

  /** Decodes a sample ahead of need (stepping with t), if nothing else is cached for it. */
  async prefetch(i: number): Promise<void> {
    if (i < 0 || i >= this.index.length || this.cache.has(i)) return;
    if (this.index.get(i, 'status') !== SAMPLE_OK) return;
    await this.decode(i);
  }
}
