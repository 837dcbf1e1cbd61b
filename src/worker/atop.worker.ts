// Worker entry: one LogEngine per worker (the UI starts a fresh worker for every file, so
// dropping a log frees all of its memory at once). Columns go back as transferables.
import { expose, transfer } from 'comlink';
import { buffersOf, LogEngine, type Yield } from './engine';
import type { AtopWorkerApi, LoadEvent, SampleResult } from './protocol';

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

const engine = new LogEngine({ yieldToLoop });
let prefetchTimer: ReturnType<typeof setTimeout> | null = null;

function transferSample(r: SampleResult): SampleResult {
  if (!r.ok) return r;
  return transfer(r, buffersOf([...Object.values(r.sample.num), ...Object.values(r.sample.text)]));
}

const api: AtopWorkerApi = {
  open(file, fileName, onEvent) {
    return engine.open(file, fileName, (e: LoadEvent) => {
      if (e.type === 'progress' && e.batch) onEvent(transfer(e, buffersOf(Object.values(e.batch.columns))));
      else onEvent(e);
    });
  },
  verify(onEvent) {
    return engine.verify(onEvent);
  },
  cancel() {
    engine.cancel();
  },
  getSample(index, fields) {
    const r = engine.getSample(index, fields);
    // stepping forward is the common move: have the next sample decoded by then
    if (prefetchTimer !== null) clearTimeout(prefetchTimer);
    prefetchTimer = setTimeout(() => {
      prefetchTimer = null;
      engine.prefetch(index + 1);
    }, 50);
    return Promise.resolve(transferSample(r));
  },
  getTask(index, row) {
    return Promise.resolve(engine.getTask(index, row));
  },
};

expose(api);
