// One host's logs on the UI thread: owns the worker (a fresh one per host, so closing the
// logs frees everything), the growing sample index of the host's timeline (its files merged
// by the worker, see format/timeline/merge.ts), the string table and a small cache of decoded
// samples. React reads it through subscribe/getSnapshot (useSyncExternalStore). Several hosts
// are several sessions, read one after another (workspace.ts).
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { FormatError } from '../format/errors';
import { SystemSeries } from '../format/system-series';
import {
  INDEX_FIELDS,
  SAMPLE_MISSING,
  type AtopWorkerApi,
  type IndexBatch,
  type IndexField,
  type FileOutcome,
  type IndexColumns,
  type LoadEvent,
  type LogFile,
  type LogInfo,
  type LogProblem,
  type OpenResult,
  type SampleResult,
  type FileProbe,
  type FilterClause,
  type SearchResult,
  type StringsDelta,
  type SystemResult,
  type TaskResult,
  type CgroupAnswer,
  type LifelineAnswer,
  type SampleSpan,
  type TotalsAnswer,
  type TotalsQuery,
} from '../worker/protocol';
import { GrowableColumns } from '../lib/growable';
import { LruCache } from '../lib/lru';
import type { SampleTable } from './table/sample';
import { WANTED_FIELDS } from './table/wanted';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface SessionSnapshot {
  readonly state: LoadState;
  /** The first file's name (the one whose header the page shows), or "N files". */
  readonly fileName: string;
  /** The first file's header that could be read. */
  readonly info: LogInfo | null;
  /** Every file's header, by file index (null until read, or if it cannot be). */
  readonly files: readonly (LogInfo | null)[];
  readonly fileNames: readonly string[];
  /** Samples dropped because another file of the host already had them. */
  readonly duplicates: number;
  /** How reading each file ended (known once it is read). */
  readonly outcomes: readonly FileOutcome[] | null;
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Samples indexed so far. */
  readonly samples: number;
  /** Bumped whenever the index changes (new samples, a sample found missing). */
  readonly indexVersion: number;
  readonly problems: readonly LogProblem[];
  /** Why reading stopped early (damage, cancel), null if it read to the end. */
  readonly stopped: FormatError | null;
  /** The log ends inside a record atop may still be writing (stopped is then a note). */
  readonly incompleteTail: boolean;
  /** The file could not be read at all. */
  readonly fatal: FormatError | null;
  readonly cancelled: boolean;
  readonly loadMs: number | null;
  /** Samples whose blobs the pool checked while the log opened (known once it is read). */
  readonly checked: number | null;
  /** The worker died (uncaught error, failed to start, killed): what the browser said. */
  readonly crashed: string | null;
}

/** The per-sample index, growing as the worker reads. */
export class SampleIndex {
  private cols = new GrowableColumns<IndexField>(INDEX_FIELDS);
  get length(): number {
    return this.cols.length;
  }
  add(b: IndexBatch): void {
    this.cols.put(b.from, b.columns);
  }
  /** The whole index anew (the worker put interleaving files in time order). */
  replace(columns: IndexColumns): void {
    this.cols = new GrowableColumns<IndexField>(INDEX_FIELDS);
    this.cols.put(0, columns);
  }
  get(f: IndexField, i: number): number {
    return i >= 0 ? this.cols.get(i, f) : 0;
  }
  column(f: IndexField): Float64Array {
    return this.cols.column(f);
  }
  missing(i: number): boolean {
    return this.get('status', i) === SAMPLE_MISSING;
  }
  markMissing(i: number): void {
    if (i >= 0 && i < this.length) this.cols.set(i, 'status', SAMPLE_MISSING);
  }
  /** First sample whose end time is at or after `epoch`, else the last one. */
  findTime(epoch: number): number {
    const c = this.cols.column('curtime');
    let lo = 0;
    let hi = this.length;
    // curtime grows through a log; a binary search is right for all but odd logs, so check
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! < epoch) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, this.length - 1);
  }
  /** The sample whose time is closest to `epoch` (the earlier one on a tie), or -1 if none. */
  nearestTime(epoch: number): number {
    if (this.length === 0) return -1;
    const i = this.findTime(epoch);
    const c = this.cols.column('curtime');
    return i > 0 && epoch - c[i - 1]! <= Math.abs(c[i]! - epoch) ? i - 1 : i;
  }
  /** Exact curtime match, or -1. */
  indexOfTime(epoch: number): number {
    const c = this.cols.column('curtime');
    for (let i = 0; i < this.length; i++) if (c[i] === epoch) return i;
    return -1;
  }
}

export const IDLE_SNAPSHOT: SessionSnapshot = {
  state: 'idle',
  fileName: '',
  info: null,
  files: [],
  fileNames: [],
  duplicates: 0,
  outcomes: null,
  bytesRead: 0,
  totalBytes: 0,
  samples: 0,
  indexVersion: 0,
  problems: [],
  stopped: null,
  incompleteTail: false,
  fatal: null,
  cancelled: false,
  loadMs: null,
  checked: null,
  crashed: null,
};

/**
 * A worker and the first failure it reported. A worker that fails while it waits as the
 * spare (its script throws at top level, cannot load) must not take a file down silently.
 */
interface WorkerSlot {
  readonly worker: Worker;
  failure: string | null;
  /**
   * The one comlink proxy of the worker, made once: comlink releases a proxy it finds
   * garbage (a FinalizationRegistry), and a release makes the worker stop listening to
   * every proxy, so the probe's and the session's calls go through this same one.
   */
  api: Remote<AtopWorkerApi> | null;
}

/** What the browser said about a dead worker (a failed script load is a plain Event). */
function workerFailure(e: Event): string {
  if (e instanceof ErrorEvent && e.message) return e.message;
  if (e.type === 'messageerror') return 'a message from it could not be read';
  return 'its script could not be started';
}

/** A worker started ahead of time, so opening a file does not wait for its start-up. */
let spare: WorkerSlot | null = null;

function startWorker(): WorkerSlot {
  const worker = new Worker(new URL('../worker/atop.worker.ts', import.meta.url), {
    type: 'module',
    name: 'atop-reader',
  });
  const slot: WorkerSlot = { worker, failure: null, api: null };
  worker.addEventListener('error', (e) => {
    slot.failure ??= workerFailure(e);
  });
  return slot;
}

/** Starts a worker for the next file (call when the page is idle). */
export function prewarmWorker(): void {
  spare ??= startWorker();
}

function takeWorker(): WorkerSlot {
  const w = spare ?? startWorker();
  spare = null;
  return w;
}

/** Rejection of calls to a worker that died: the call will never be answered. */
class WorkerDied extends Error {}

export type SampleLoad = { ok: true; table: SampleTable } | { ok: false; error: FormatError };

function apiOf(slot: WorkerSlot): Remote<AtopWorkerApi> {
  return (slot.api ??= wrap<AtopWorkerApi>(slot.worker));
}

/** A worker for a session, taken from the spare (or started) now, so a probe can use it first. */
export function reserveWorker(): WorkerSlot {
  return takeWorker();
}

export type { WorkerSlot };

/** What a file is (format/timeline/probe.ts), asked of a worker before sessions are made. */
export function probeFiles(slot: WorkerSlot, files: readonly Blob[]): Promise<FileProbe[]> {
  // a worker that dies never answers: reject then, so the caller can go on (and the session
  // given this slot reports the failure) instead of waiting forever
  const died = new Promise<never>((_, reject) => {
    const fail = (e: Event) => {
      reject(new WorkerDied(slot.failure ?? workerFailure(e)));
    };
    if (slot.failure !== null) reject(new WorkerDied(slot.failure));
    slot.worker.addEventListener('error', fail, { once: true });
    slot.worker.addEventListener('messageerror', fail, { once: true });
  });
  return Promise.race([apiOf(slot).probe(files), died]);
}

export class LogSession {
  readonly index = new SampleIndex();
  /** atop's system figures of every sample read so far (the charts, events and export). */
  readonly series = new SystemSeries();
  /** Names of the processes that exited badly, by sample (see SUMMARY_FIELDS failedExits). */
  readonly failedExits = new Map<number, readonly string[]>();
  readonly strings: string[] = [''];
  private snap: SessionSnapshot = IDLE_SNAPSHOT;
  private readonly listeners = new Set<() => void>();
  /** Taken when the session starts (a host waiting its turn holds no worker). */
  private worker: Worker | null = null;
  private api!: Remote<AtopWorkerApi>;
  private slot: WorkerSlot | null;
  /** The last few samples shown (stepping back and forth needs no worker round trip). */
  private readonly cache = new LruCache<number, SampleTable>(3);
  private disposed = false;
  private started = performance.now();
  /** Rejects when the worker dies; every call races it, or it would wait forever. */
  private readonly death: Promise<never>;
  private die: (why: string) => void = () => undefined;

  private running = false;

  /**
   * The files of one host, in rank order (format/timeline/merge.ts rankFiles). Reading
   * starts with start(); `slot` is a worker already taken (the one that probed the files).
   */
  constructor(
    readonly files: readonly LogFile[],
    readonly host: string | null,
    slot: WorkerSlot | null = null,
  ) {
    this.slot = slot;
    const fileName = files.length === 1 ? files[0]!.name : `${files.length} files`;
    const totalBytes = files.reduce((n, f) => n + f.blob.size, 0);
    this.snap = {
      ...IDLE_SNAPSHOT,
      state: 'loading',
      fileName,
      totalBytes,
      fileNames: files.map((f) => f.name),
      files: files.map(() => null),
    };
    this.death = new Promise<never>((_, reject) => {
      this.die = (why) => {
        reject(new WorkerDied(why));
      };
    });
    this.death.catch(() => undefined); // observed through the calls racing it
  }

  /** Takes the worker (the one given, else the spare or a new one) and watches it. */
  private attach(): void {
    const w = this.slot ?? takeWorker();
    this.slot = null;
    this.worker = w.worker;
    this.api = apiOf(w);
    if (w.failure !== null) {
      this.crash(w.failure);
      return;
    }
    // after an uncaught error the worker's state is unknown: treat it as dead
    const onFailure = (e: Event) => {
      this.crash(workerFailure(e));
    };
    w.worker.addEventListener('error', onFailure);
    w.worker.addEventListener('messageerror', onFailure);
  }

  /** Reads the files; resolves when reading has ended (however it ended). */
  start(): Promise<void> {
    if (this.running || this.disposed) return Promise.resolve();
    this.running = true;
    this.started = performance.now();
    this.attach();
    if (this.snap.crashed !== null) return Promise.resolve();
    return this.run();
  }

  /** The worker is gone: say so; what the UI thread holds (header, index, cached samples) stays. */
  private crash(why: string): void {
    if (this.snap.crashed !== null || this.disposed) return;
    this.worker?.terminate();
    this.die(why);
    this.update({ state: 'error', crashed: why });
  }

  /** A worker call that fails, instead of hanging, when the worker dies. */
  private call<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.death]);
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): SessionSnapshot => this.snap;

  private update(p: Partial<SessionSnapshot>): void {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    for (const l of this.listeners) l();
  }

  private onEvent(e: LoadEvent): void {
    if (e.type === 'header') {
      const files = this.snap.files.map((f, i) => (i === e.file ? e.info : f));
      this.update({ info: this.snap.info ?? e.info, files });
      return;
    }
    if (e.type === 'reorder') {
      // files that interleave in time (two atop's writing at once): every sample in time order
      this.index.replace(e.columns);
      this.series.permute(e.positions);
      const at = (i: number | null) => (i === null || i < 0 ? i : (e.positions[i] ?? i));
      const exits = [...this.failedExits];
      this.failedExits.clear();
      for (const [sample, names] of exits) this.failedExits.set(at(sample) ?? sample, names);
      this.update({
        samples: this.index.length,
        indexVersion: this.snap.indexVersion + 1,
        problems: this.snap.problems.map((p) => ({ ...p, sample: at(p.sample), gapAfter: at(p.gapAfter) })),
      });
      return;
    }
    if (e.batch) this.index.add(e.batch);
    for (const b of e.series) this.series.merge(b);
    for (const x of e.failedExits) this.failedExits.set(x.sample, x.names);
    const problems = e.problems.length > 0 ? [...this.snap.problems, ...e.problems] : this.snap.problems;
    for (const p of e.problems) if (p.sample !== null) this.index.markMissing(p.sample);
    this.update({
      bytesRead: e.bytesRead,
      totalBytes: e.totalBytes,
      samples: this.index.length,
      duplicates: e.duplicates,
      indexVersion: this.snap.indexVersion + 1,
      problems,
    });
  }

  private async run(): Promise<void> {
    try {
      const r = await this.call<OpenResult>(
        this.api.open(
          this.files,
          proxy((e: LoadEvent) => {
            this.onEvent(e);
          }),
        ),
      );
      const loadMs = performance.now() - this.started;
      if (r.ok) {
        this.update({
          state: 'ready',
          bytesRead: r.bytesRead,
          stopped: r.stopped,
          incompleteTail: r.incompleteTail,
          cancelled: r.stopped?.code === 'cancelled',
          checked: r.checked,
          duplicates: r.duplicates,
          outcomes: r.files,
          loadMs,
        });
      } else
        this.update({
          state: this.index.length > 0 ? 'ready' : 'error',
          fatal: r.error,
          bytesRead: r.bytesRead,
          loadMs,
        });
    } catch (e) {
      if (e instanceof WorkerDied) return; // crash() has said so
      this.update({
        state: this.index.length > 0 ? 'ready' : 'error',
        fatal: { code: 'read-failed', offset: 0, sample: null, message: `The reader failed: ${String(e)}` },
      });
    }
  }

  cancel(): void {
    if (this.snap.crashed !== null) return;
    if (!this.running) {
      // never started: nothing was read
      const stopped = {
        code: 'cancelled' as const,
        offset: 0,
        sample: null,
        message: "Reading was cancelled before this host's files.",
      };
      this.update({ state: 'error', cancelled: true, stopped, fatal: stopped });
      return;
    }
    void this.api.cancel();
  }

  private applyStrings(d: StringsDelta): void {
    for (let k = 0; k < d.values.length; k++) this.strings[d.from + k] = d.values[k]!;
  }

  /** Decoded sample i (from the small cache or the worker). */
  async sample(i: number): Promise<SampleLoad> {
    const hit = this.cache.get(i);
    if (hit) return { ok: true, table: hit };
    let r: SampleResult;
    if (!this.worker)
      return { ok: false, error: { code: 'read-failed', offset: 0, sample: i, message: 'Not read yet.' } };
    try {
      r = await this.call<SampleResult>(this.api.getSample(i, WANTED_FIELDS));
    } catch (e) {
      const message =
        e instanceof WorkerDied
          ? `The reader stopped working (${e.message}), so this sample cannot be decoded.`
          : `The reader failed: ${String(e)}`;
      return { ok: false, error: { code: 'read-failed', offset: 0, sample: i, message } };
    }
    if (!r.ok) {
      if (!this.index.missing(i)) {
        this.index.markMissing(i);
        this.update({
          indexVersion: this.snap.indexVersion + 1,
          problems: [
            ...this.snap.problems,
            { error: r.error, sample: i, file: this.index.get('file', i), gapAfter: null, gapBytes: 0 },
          ],
        });
      }
      return r;
    }
    this.applyStrings(r.sample.strings);
    const table: SampleTable = {
      data: r.sample,
      strings: this.strings,
      hertz: this.snap.files[r.sample.file]?.hertz ?? this.snap.info?.hertz ?? 100,
      derived: new Map(),
    };
    this.cache.set(i, table);
    return { ok: true, table };
  }

  /** Rows matching the clauses in every sample of the log (see worker/search-index.ts). */
  async search(clauses: readonly FilterClause[]): Promise<SearchResult> {
    if (!this.worker) return { ok: false, message: 'This host has not been read yet.' };
    try {
      return await this.call<SearchResult>(this.api.search(clauses));
    } catch (e) {
      return { ok: false, message: `The search failed: ${String(e)}` };
    }
  }

  /** atop's system figures of sample i (the System panel). */
  async system(i: number): Promise<SystemResult> {
    try {
      return await this.call<SystemResult>(this.api.getSystem(i));
    } catch (e) {
      return { ok: false, error: { code: 'read-failed', offset: 0, sample: i, message: String(e) } };
    }
  }

  /** Totals per process or group over a span (worker/totals-query.ts). */
  async totals(q: TotalsQuery, onProgress: (done: number) => void): Promise<TotalsAnswer> {
    try {
      return await this.call<TotalsAnswer>(this.api.totals(q, proxy(onProgress)));
    } catch (e) {
      return { ok: false, message: `The totals failed: ${String(e)}`, cancelled: false };
    }
  }

  cancelTotals(id: number): void {
    if (this.snap.crashed === null) void this.api.cancelTotals(id);
  }

  async lifeline(pid: number, btime: number): Promise<LifelineAnswer> {
    try {
      return await this.call<LifelineAnswer>(this.api.lifeline(pid, btime));
    } catch (e) {
      return { ok: false, message: `The lifeline failed: ${String(e)}` };
    }
  }

  async cgroups(span: SampleSpan): Promise<CgroupAnswer> {
    try {
      return await this.call<CgroupAnswer>(this.api.cgroups(span));
    } catch (e) {
      return { ok: false, message: `The cgroups failed: ${String(e)}` };
    }
  }

  async task(i: number, row: number): Promise<TaskResult> {
    if (!this.worker)
      return { ok: false, error: { code: 'read-failed', offset: 0, sample: i, message: 'Not read yet.' } };
    try {
      return await this.call<TaskResult>(this.api.getTask(i, row));
    } catch (e) {
      return { ok: false, error: { code: 'read-failed', offset: 0, sample: i, message: String(e) } };
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.worker) {
      this.api[releaseProxy]();
      this.worker.terminate();
    }
    this.slot?.worker.terminate();
    this.cache.clear();
  }
}
