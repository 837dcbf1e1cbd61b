// The worker's state for one log: the index pass over the file (record walk, system summary
// per sample) and on-demand decoding of the sample the UI shows. No comlink and no DOM here,
// so it runs under Node in tests; atop.worker.ts wires it to comlink.
//
// Scaling notes: records live in a RecordStore (compressed blobs in memory today; a store that
// keeps only file offsets and re-reads slices can replace it for multi-GB logs), decoding
// goes through one function per sample (a worker pool can take it over), and the index pass
// inflates only the system blob into one reused buffer.
import {
  BlobInflater,
  decodeRecord,
  fieldsOf,
  perCpuTicks,
  readLog,
  StringTable,
  SystemStat,
  systemSummary,
  type DecodeContext,
  type FileHeader,
  type FormatError,
  type NumericColumn,
  type OpenedLog,
  type RawRecord,
  type Sample,
} from '../format/index';
import {
  INDEX_FIELDS,
  READ_CHUNK_BYTES,
  SAMPLE_MISSING,
  SAMPLE_OK,
  type IndexBatch,
  type IndexField,
  type LoadEvent,
  type LogInfo,
  type LogProblem,
  type OpenResult,
  type SampleData,
  type SampleResult,
  type TaskField,
  type TaskResult,
} from './protocol';

/** Where raw records are kept between the index pass and decoding. */
export interface RecordStore {
  readonly size: number;
  push(r: RawRecord): void;
  get(index: number): RawRecord | undefined;
}

export class MemoryRecordStore implements RecordStore {
  private readonly records: RawRecord[] = [];
  get size(): number {
    return this.records.length;
  }
  push(r: RawRecord): void {
    this.records[r.index] = r;
  }
  get(index: number): RawRecord | undefined {
    return this.records[index];
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
}

/** A gap in the record chain as the reader reports it (reader.ts, when it resyncs). */
interface GapLike {
  readonly error: FormatError;
  readonly afterSample: number | null;
  readonly bytesSkipped: number;
}

/** A File in slices: never one whole-file ArrayBuffer. */
export async function* blobChunks(
  blob: Blob,
  chunkBytes: number,
  progress: { bytes: number },
): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < blob.size; at += chunkBytes) {
    const end = Math.min(blob.size, at + chunkBytes);
    const buf = await blob.slice(at, end).arrayBuffer();
    progress.bytes = end;
    yield new Uint8Array(buf);
  }
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

class GrowingColumns {
  private cols: Record<IndexField, Float64Array>;
  length = 0;
  constructor() {
    this.cols = Object.fromEntries(INDEX_FIELDS.map((f) => [f, new Float64Array(256)])) as Record<
      IndexField,
      Float64Array
    >;
  }
  set(i: number, f: IndexField, v: number): void {
    let c = this.cols[f];
    if (i >= c.length) {
      for (const k of INDEX_FIELDS) {
        const grown = new Float64Array(Math.max(i + 1, this.cols[k].length * 2));
        grown.set(this.cols[k]);
        this.cols[k] = grown;
      }
      c = this.cols[f];
    }
    c[i] = v;
    if (i >= this.length) this.length = i + 1;
  }
  get(i: number, f: IndexField): number {
    return this.cols[f][i] ?? 0;
  }
  /** Copies of samples [from, to) (the caller transfers them). */
  slice(from: number, to: number): IndexBatch {
    const columns = Object.fromEntries(INDEX_FIELDS.map((f) => [f, this.cols[f].slice(from, to)])) as Record<
      IndexField,
      Float64Array
    >;
    return { from, count: to - from, columns };
  }
}

export function logInfo(log: OpenedLog, fileName: string, fileSize: number): LogInfo {
  const h: FileHeader = log.header;
  const num: string[] = [];
  const text: string[] = [];
  for (const f of fieldsOf(log.layout.tstat)) (f.kind === 'text' ? text : num).push(f.path);
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

/** Buffers of the typed arrays in a value, for comlink.transfer. */
export function buffersOf(arrays: Iterable<ArrayBufferView>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  return [...out];
}

export class LogEngine {
  private ctx: DecodeContext | null = null;
  private info: LogInfo | null = null;
  private readonly store: RecordStore = new MemoryRecordStore();
  private readonly index = new GrowingColumns();
  private readonly signal = { aborted: false };
  /** Decoded samples, most recently used last. */
  private readonly cache = new Map<number, Sample>();
  private cachedRows = 0;
  private stringsSent = 0;
  private sysScratch: Uint8Array | null = null;
  private readonly opts: Required<EngineOptions>;

  constructor(opts: EngineOptions = {}) {
    this.opts = {
      chunkBytes: opts.chunkBytes ?? READ_CHUNK_BYTES,
      yieldToLoop: opts.yieldToLoop ?? timeoutYield,
      progressMs: opts.progressMs ?? 100,
      cacheRows: opts.cacheRows ?? 400_000,
      now: opts.now ?? (() => performance.now()),
    };
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
    let sent = 0;
    let lastEmit = -Infinity;
    let sliceStart = this.opts.now();
    const emit = (force: boolean) => {
      const now = this.opts.now();
      if (!force && now - lastEmit < this.opts.progressMs) return;
      lastEmit = now;
      const n = this.index.length;
      const batch = n > sent ? this.index.slice(sent, n) : null;
      sent = n;
      onEvent({
        type: 'progress',
        bytesRead: progress.bytes,
        totalBytes: total,
        samples: n,
        batch,
        problems: problems.splice(0),
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
    try {
      for await (const ev of readLog(blobChunks(file, this.opts.chunkBytes, progress), {
        totalSize: total,
        signal: this.signal,
      })) {
        if (ev.type === 'header') {
          this.ctx = { ...ev.log, inflater: new BlobInflater(), strings: new StringTable() };
          this.info = logInfo(ev.log, fileName, total);
          onEvent({ type: 'header', info: this.info });
        } else if (ev.type === 'record') {
          noteGap((ev as { gapBefore?: GapLike }).gapBefore);
          const problem = this.indexRecord(ev.record);
          if (problem) problems.push(problem);
          emit(ev.record.index === 0);
          if (this.opts.now() - sliceStart > 30) {
            await this.opts.yieldToLoop();
            sliceStart = this.opts.now();
          }
        } else {
          const end = ev as typeof ev & { gap?: GapLike; incompleteLastRecord?: boolean };
          if (end.gap && end.gap.error !== end.error) noteGap(end.gap);
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
            bytesRead: progress.bytes,
            stopped: ev.error,
            incompleteTail: end.incompleteLastRecord === true,
          };
        }
      }
      emit(true);
      return {
        ok: false,
        error: failure('read-failed', 'The reader stopped without an end event.'),
        bytesRead: progress.bytes,
      };
    } catch (e) {
      const error = unexpected(e, progress.bytes, this.index.length, 'Reading the file failed');
      emit(true);
      if (!this.ctx) return { ok: false, error, bytesRead: progress.bytes };
      return {
        ok: true,
        samples: this.index.length,
        bytesRead: progress.bytes,
        stopped: error,
        incompleteTail: false,
      };
    }
  }

  /** Keeps the record and computes its index entry; a corrupt system blob marks it missing. */
  private indexRecord(r: RawRecord): LogProblem | null {
    const ctx = this.ctx!;
    const i = r.index;
    this.store.push(r);
    const set = (f: IndexField, v: number) => {
      this.index.set(i, f, v);
    };
    set('curtime', r.rec.curtime);
    set('interval', r.rec.interval);
    set('flags', r.rec.flags);
    set('ndeviat', r.rec.ndeviat);
    set('offset', r.offset);
    this.sysScratch ??= new Uint8Array(ctx.header.sstatlen);
    const out = ctx.inflater.inflateInto(r.sblob, this.sysScratch);
    if (!out.ok) {
      set('status', SAMPLE_MISSING);
      return {
        sample: i,
        gapAfter: null,
        gapBytes: 0,
        error: failure(
          'corrupt-blob',
          `Sample ${i + 1} (record at offset ${r.offset}) is corrupt: its system blob ${out.reason}.`,
          r.offset,
          i,
        ),
      };
    }
    try {
      const sys = new SystemStat(ctx.layout.sstat, this.sysScratch);
      const s = systemSummary(sys, ctx.header);
      set('status', SAMPLE_OK);
      set('nrcpu', s.nrcpu);
      set('percputot', perCpuTicks(sys));
      set('cpuSys', s.cpuSys);
      set('cpuUser', s.cpuUser);
      set('cpuIrq', s.cpuIrq);
      set('cpuIdle', s.cpuIdle);
      set('cpuWait', s.cpuWait);
      set('cpuSteal', s.cpuSteal);
      set('load1', s.load1);
      set('memTotal', s.memTotal);
      set('memUsed', s.memUsed);
      set('memFree', s.memFree);
      set('memCache', s.memCache);
      set('memBuffers', s.memBuffers);
      set('memSlab', s.memSlab);
      set('swapTotal', s.swapTotal);
      set('swapFree', s.swapFree);
      set('diskRead', s.diskRead);
      set('diskWrite', s.diskWrite);
      set('diskBusy', s.diskBusy);
      set('netRecv', s.netRecv);
      set('netSend', s.netSend);
      return null;
    } catch (e) {
      set('status', SAMPLE_MISSING);
      return {
        sample: i,
        gapAfter: null,
        gapBytes: 0,
        error: unexpected(e, r.offset, i, `Sample ${i + 1} has an unreadable system blob`),
      };
    }
  }

  private decode(i: number): { ok: true; sample: Sample } | { ok: false; error: FormatError } {
    const hit = this.cache.get(i);
    if (hit) {
      this.cache.delete(i);
      this.cache.set(i, hit);
      return { ok: true, sample: hit };
    }
    const ctx = this.ctx;
    const r = this.store.get(i);
    if (!ctx || !r)
      return { ok: false, error: failure('read-failed', `Sample ${i + 1} does not exist.`, 0, i) };
    if (this.index.get(i, 'status') === SAMPLE_MISSING)
      return {
        ok: false,
        error: failure(
          'corrupt-blob',
          `Sample ${i + 1} (record at offset ${r.offset}) is corrupt.`,
          r.offset,
          i,
        ),
      };
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
    this.cachedRows += s.tasks.count;
    for (const [k, v] of this.cache) {
      if (this.cachedRows <= this.opts.cacheRows || this.cache.size <= 1) break;
      this.cache.delete(k);
      this.cachedRows -= v.tasks.count;
    }
    return { ok: true, sample: s };
  }

  /** The sample's requested columns as fresh copies the caller may transfer. */
  getSample(i: number, fields: readonly string[]): SampleResult {
    const d = this.decode(i);
    if (!d.ok) return d;
    const t = d.sample.tasks;
    const num: Record<string, NumericColumn> = {};
    const text: Record<string, Int32Array> = {};
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

  getTask(i: number, row: number): TaskResult {
    const d = this.decode(i);
    if (!d.ok) return d;
    const t = d.sample.tasks;
    if (!(row >= 0 && row < t.count))
      return { ok: false, error: failure('read-failed', `Sample ${i + 1} has no row ${row}.`, 0, i) };
    const values = this.ctx!.strings.values;
    const fields: TaskField[] = [];
    for (const f of fieldsOf(this.ctx!.layout.tstat)) {
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

  /**
   * After the index pass: inflates every task (and cgroup) blob once, without decoding, so
   * damage the system blob did not show is reported up front. Yields between samples so
   * getSample requests are served first. Returns the number of samples checked.
   */
  async verify(onEvent: (e: LoadEvent) => void): Promise<number> {
    const ctx = this.ctx;
    if (!ctx) return 0;
    const inflater = new BlobInflater();
    let scratch = new Uint8Array(0);
    const problems: LogProblem[] = [];
    let sliceStart = this.opts.now();
    let lastEmit = sliceStart;
    let i = 0;
    const n = this.index.length;
    for (; i < n && !this.signal.aborted; i++) {
      const r = this.store.get(i);
      if (!r || this.index.get(i, 'status') !== SAMPLE_OK || this.cache.has(i)) continue;
      const need = r.rec.ndeviat * ctx.header.tstatlen;
      if (scratch.length < need) scratch = new Uint8Array(Math.max(need, scratch.length * 2));
      let why: string | null = null;
      const t = inflater.inflateInto(r.pblob, scratch.subarray(0, need));
      if (!t.ok) why = `its task blob ${t.reason}`;
      else if (ctx.layout.cstat && r.cblob && r.iblob) {
        const c = inflater.inflate(r.cblob, r.rec.coriglen);
        const p = c.ok ? inflater.inflate(r.iblob, r.rec.ncgpids * 4) : c;
        if (!c.ok) why = `its cgroup blob ${c.reason}`;
        else if (!p.ok) why = `its cgroup pid list ${p.reason}`;
      }
      if (why !== null) {
        this.index.set(i, 'status', SAMPLE_MISSING);
        problems.push({
          sample: i,
          gapAfter: null,
          gapBytes: 0,
          error: failure(
            'corrupt-blob',
            `Sample ${i + 1} (record at offset ${r.offset}) is corrupt: ${why}.`,
            r.offset,
            i,
          ),
        });
      }
      const now = this.opts.now();
      if (now - sliceStart > 20) {
        if (problems.length > 0 && now - lastEmit > this.opts.progressMs) {
          lastEmit = now;
          onEvent({ type: 'verify', checked: i + 1, samples: n, problems: problems.splice(0) });
        }
        await this.opts.yieldToLoop();
        sliceStart = this.opts.now();
      }
    }
    onEvent({ type: 'verify', checked: i, samples: n, problems: problems.splice(0), done: true });
    return i;
  }

  /** Decodes a sample ahead of need (stepping with t), if nothing else is cached for it. */
  prefetch(i: number): void {
    if (i < 0 || i >= this.index.length || this.cache.has(i)) return;
    if (this.index.get(i, 'status') !== SAMPLE_OK) return;
    this.decode(i);
  }
}
