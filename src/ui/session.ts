// One opened log on the UI thread: owns the worker (a fresh one per file, so closing a log
// frees everything), the growing sample index, the log's string table and a small cache of
// decoded samples. React reads it through subscribe/getSnapshot (useSyncExternalStore).
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { FormatError } from '../format/errors';
import { SystemSeries } from '../format/system-series';
import {
  INDEX_FIELDS,
  SAMPLE_MISSING,
  type AtopWorkerApi,
  type IndexBatch,
  type IndexField,
  type LoadEvent,
  type LogInfo,
  type LogProblem,
  type OpenResult,
  type SampleResult,
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
  readonly fileName: string;
  readonly info: LogInfo | null;
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
  private readonly cols = new GrowableColumns<IndexField>(INDEX_FIELDS);
  get length(): number {
    return this.cols.length;
  }
  add(b: IndexBatch): void {
    this.cols.put(b.from, b.columns);
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
  const slot: WorkerSlot = { worker, failure: null };
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

export class LogSession {
  readonly index = new SampleIndex();
  /** atop's system figures of every sample read so far (the charts, events and export). */
  readonly series = new SystemSeries();
  /** Names of the processes that exited badly, by sample (see SUMMARY_FIELDS failedExits). */
  readonly failedExits = new Map<number, readonly string[]>();
  readonly strings: string[] = [''];
  private snap: SessionSnapshot = IDLE_SNAPSHOT;
  private readonly listeners = new Set<() => void>();
  private readonly worker: Worker;
  private readonly api: Remote<AtopWorkerApi>;
  /** The last few samples shown (stepping back and forth needs no worker round trip). */
  private readonly cache = new LruCache<number, SampleTable>(3);
  private disposed = false;
  private readonly started = performance.now();
  /** Rejects when the worker dies; every call races it, or it would wait forever. */
  private readonly death: Promise<never>;
  private die: (why: string) => void = () => undefined;

  constructor(
    readonly file: Blob,
    readonly fileName: string,
  ) {
    const slot = takeWorker();
    this.worker = slot.worker;
    this.api = wrap<AtopWorkerApi>(this.worker);
    this.snap = { ...IDLE_SNAPSHOT, state: 'loading', fileName, totalBytes: file.size };
    this.death = new Promise<never>((_, reject) => {
      this.die = (why) => {
        reject(new WorkerDied(why));
      };
    });
    this.death.catch(() => undefined); // observed through the calls racing it
    if (slot.failure !== null) this.crash(slot.failure);
    else {
      // after an uncaught error the worker's state is unknown: treat it as dead
      const onFailure = (e: Event) => {
        this.crash(workerFailure(e));
      };
      this.worker.addEventListener('error', onFailure);
      this.worker.addEventListener('messageerror', onFailure);
      void this.run(fileName);
    }
  }

  /** The worker is gone: say so; what the UI thread holds (header, index, cached samples) stays. */
  private crash(why: string): void {
    if (this.snap.crashed !== null || this.disposed) return;
    this.worker.terminate();
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
      this.update({ info: e.info });
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
      indexVersion: this.snap.indexVersion + 1,
      problems,
    });
  }

  private async run(fileName: string): Promise<void> {
    try {
      const r = await this.call<OpenResult>(
        this.api.open(
          this.file,
          fileName,
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
    if (this.snap.crashed === null) void this.api.cancel();
  }

  private applyStrings(d: StringsDelta): void {
    for (let k = 0; k < d.values.length; k++) this.strings[d.from + k] = d.values[k]!;
  }

  /** Decoded sample i (from the small cache or the worker). */
  async sample(i: number): Promise<SampleLoad> {
    const hit = this.cache.get(i);
    if (hit) return { ok: true, table: hit };
    let r: SampleResult;
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
          problems: [...this.snap.problems, { error: r.error, sample: i, gapAfter: null, gapBytes: 0 }],
        });
      }
      return r;
    }
    this.applyStrings(r.sample.strings);
    const table: SampleTable = {
      data: r.sample,
      strings: this.strings,
      hertz: this.snap.info?.hertz ?? 100,
      derived: new Map(),
    };
    this.cache.set(i, table);
    return { ok: true, table };
  }

  /** Rows matching the clauses in every sample of the log (see worker/search-index.ts). */
  async search(clauses: readonly FilterClause[]): Promise<SearchResult> {
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
    try {
      return await this.call<TaskResult>(this.api.getTask(i, row));
    } catch (e) {
      return { ok: false, error: { code: 'read-failed', offset: 0, sample: i, message: String(e) } };
    }
  }

  dispose(): void {
    this.disposed = true;
    this.api[releaseProxy]();
    this.worker.terminate();
    this.cache.clear();
  }
}
