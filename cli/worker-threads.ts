// Worker threads running a CLI module: the worker runs the same module that starts it (the
// bundle is one file, so the module knows its role from `workerData`), reports one message
// and ends.
import { Worker } from 'node:worker_threads';

/** A worker running the module at `moduleUrl`. Run from TypeScript sources (tsx), the worker
 * registers tsx's loader itself first: a worker thread does not inherit it (tsx issue #354). */
function startWorker(moduleUrl: string, workerData: unknown): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), { workerData });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** Starts a worker and resolves with the first message it posts. */
export function runWorker<T>(moduleUrl: string, workerData: unknown): Promise<T> {
  const w = startWorker(moduleUrl, workerData);
  return new Promise<T>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => {
      reject(new Error(`worker exited with ${code} before reporting`));
    });
  }).finally(() => void w.terminate());
}
