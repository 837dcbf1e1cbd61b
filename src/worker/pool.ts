// The pool that runs SummaryJobs for the reading worker. In the browser: dedicated workers
// (pool.worker.ts), as many as the machine has cores; in Node tests: the same Summarizer in
// process. Jobs go to the worker with the fewest in flight, and submit() waits while every
// worker has `depth` jobs queued, so a fast reader never piles up a big log's blobs in memory.
import type { FileHeader, SummaryJob, SummaryOutcome } from './protocol';
import { Summarizer } from './summarize';

export interface SummaryRunner {
  /** The jobs submitted after this are records of a file with this header. */
  init(header: FileHeader): Promise<void> | void;
  run(job: SummaryJob): Promise<SummaryOutcome>;
}

export interface SummaryPool {
  readonly size: number;
  init(header: FileHeader): Promise<void>;
  /** Resolves once the job is queued (it may have to wait for room); `done` gets the outcome. */
  submit(job: SummaryJob, done: (r: SummaryOutcome | Error, runner: number) => void): Promise<void>;
  /** Resolves when every submitted job has reported. */
  drain(): Promise<void>;
}

/**
 * Runs jobs in this thread (tests, and a fallback where workers cannot start). Jobs and
 * header changes run in the order they were asked for, as messages to a pool worker do.
 */
export function localRunner(): SummaryRunner {
  let s: Summarizer | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  // a macrotask per step, like a worker round trip: the reading loop is not starved
  const later = <T>(f: () => T): Promise<T> => {
    const p = queue.then(
      () =>
        new Promise<T>((resolve, reject) => {
          setTimeout(() => {
            try {
              resolve(f());
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          }, 0);
        }),
    );
    queue = p.catch(() => undefined);
    return p;
  };
  return {
    init(header) {
      return later(() => {
        if (s) s.setHeader(header);
        else s = new Summarizer(header);
      });
    },
    run(job) {
      return later(() => {
        if (!s) throw new Error('summarizer not initialised');
        return s.run(job);
      });
    },
  };
}

export class RunnerPool implements SummaryPool {
  private readonly inFlight: number[];
  private pending = 0;
  private readonly idle: (() => void)[] = [];
  private readonly room: (() => void)[] = [];

  constructor(
    private readonly runners: readonly SummaryRunner[],
    private readonly depth = 2,
  ) {
    this.inFlight = runners.map(() => 0);
  }

  get size(): number {
    return this.runners.length;
  }

  async init(header: FileHeader): Promise<void> {
    await Promise.all(this.runners.map((r) => Promise.resolve(r.init(header))));
  }

  async submit(job: SummaryJob, done: (r: SummaryOutcome | Error, runner: number) => void): Promise<void> {
    let w = this.pick();
    while (w < 0) {
      await new Promise<void>((r) => this.room.push(r));
      w = this.pick();
    }
    this.inFlight[w]!++;
    this.pending++;
    this.runners[w]!.run(job).then(
      (r) => {
        this.finish(w);
        done(r, w);
      },
      (e: unknown) => {
        this.finish(w);
        done(e instanceof Error ? e : new Error(String(e)), w);
      },
    );
  }

  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private pick(): number {
    let best = -1;
    for (let i = 0; i < this.inFlight.length; i++)
      if (this.inFlight[i]! < this.depth && (best < 0 || this.inFlight[i]! < this.inFlight[best]!)) best = i;
    return best;
  }

  private finish(w: number): void {
    this.inFlight[w]!--;
    this.pending--;
    this.room.shift()?.();
    if (this.pending === 0) for (const r of this.idle.splice(0)) r();
  }
}
