// Worker threads that run a module of this CLI (parse-only, export, report): the bundle (dist-cli/atopview.mjs) is one
// file, so a worker runs the bundle itself and each module picks its own work by the tag in
// workerData; from TypeScript sources (tsx), the worker registers tsx's loader first: a worker
// thread does not inherit it (tsx issue #354).
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startWorker(moduleUrl: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), { workerData, resourceLimits });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

/** Starts a worker and resolves with the first message it posts (it then ends). */
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
