// Worker entry: one LogEngine per worker, one host's files (the UI starts a fresh worker for
// every host it opens, so dropping the logs frees all of their memory at once), and its pool of summary workers, one per
// core, started with this worker so they are warm when a file comes. Columns go back as
// transferables.
import { expose, transfer, wrap } from 'comlink';
import { buffersOf } from './buffers';
import { LogEngine, probeFiles, type Yield } from './engine';
import { localRunner, RunnerPool, type SummaryRunner } from './pool';
import { seriesArrays } from './series-stream';
import type { AtopWorkerApi, LoadEvent, SampleResult, SearchResult, SummaryWorkerApi } from './protocol';

/** A macrotask without setTimeout's 4 ms clamp: lets cancel/getSample messages in. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => {
  waiting.shift()?.();
};
const yieldToLoop: Yield = () =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

function poolRunners(): SummaryRunner[] {
  const n = Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1));
  if (typeof Worker === 'undefined') return [localRunner()];
  const out: SummaryRunner[] = [];
  for (let k = 0; k < n; k++) {
    const w = new Worker(new URL('./pool.worker.ts', import.meta.url), {
      type: 'module',
      name: `atop-pool-${k + 1}`,
    });
    const api = wrap<SummaryWorkerApi>(w);
    out.push({
      init: (header) => api.init(header),
      run: (job) => api.run(transfer(job, buffersOf([job.meta, job.blobs]))),
    });
  }
  return out;
}

const engine = new LogEngine({ yieldToLoop, pool: new RunnerPool(poolRunners()), firstHoldMs: 250 });
let prefetchTimer: ReturnType<typeof setTimeout> | null = null;

function transferSample(r: SampleResult): SampleResult {
  if (!r.ok) return r;
  return transfer(r, buffersOf([...Object.values(r.sample.num), ...Object.values(r.sample.text)]));
}

function transferSearch(r: SearchResult): SearchResult {
  return r.ok ? transfer(r, [r.perSample.buffer]) : r;
}

const api: AtopWorkerApi = {
  open(files, onEvent) {
    return engine.openFiles(files, (e: LoadEvent) => {
      if (e.type === 'progress')
        onEvent(
          transfer(
            e,
            buffersOf([...(e.batch ? Object.values(e.batch.columns) : []), ...seriesArrays(e.series)]),
          ),
        );
      else if (e.type === 'reorder')
        onEvent(transfer(e, buffersOf([...Object.values(e.columns), e.positions])));
      else onEvent(e);
    });
  },
  probe(files) {
    return probeFiles(files);
  },
  cancel() {
    engine.cancel();
  },
  async getSample(index, fields) {
    const r = await engine.getSample(index, fields);
    // stepping forward is the common move: have the next sample decoded by then
    if (prefetchTimer !== null) clearTimeout(prefetchTimer);
    prefetchTimer = setTimeout(() => {
      prefetchTimer = null;
      void engine.prefetch(index + 1);
    }, 50);
    return transferSample(r);
  },
  getSystem(index) {
    return engine.getSystem(index);
  },
  getTask(index, row) {
    return engine.getTask(index, row);
  },
  search(clauses) {
    return Promise.resolve(transferSearch(engine.search(clauses)));
  },
  async totals(q, onProgress) {
    const r = await engine.totals(q, onProgress);
    if (!r.ok) return r;
    const t = r.table;
    return transfer(
      r,
      buffersOf([...Object.values(t.num), ...Object.values(t.text), t.samples, t.first, t.last, t.procs]),
    );
  },
  cancelTotals(id) {
    engine.cancelTotals(id);
  },
  lifeline(pid, btime) {
    const r = engine.lifeline(pid, btime);
    if (!r.ok) return Promise.resolve(r);
    return Promise.resolve(
      transfer(r, buffersOf(r.history.flatMap((h) => Object.values(h.points) as ArrayBufferView[]))),
    );
  },
  cgroups(span) {
    return engine.cgroups(span);
  },
};

expose(api);
