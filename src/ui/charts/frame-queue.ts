// Chart work in animation frames: while a log is still being read, each chart's update
// (shaping its data, uPlot drawing it) waits for a frame with room, a few per frame, so no
// frame is blocked for long; once the log is read they all run in the next frame.
type Task = () => void;

const queue = new Map<object, Task>();
let pending = false;
let budgetMs = Infinity;

function run(): void {
  pending = false;
  const start = performance.now();
  for (const [key, task] of queue) {
    queue.delete(key);
    task();
    if (performance.now() - start > budgetMs) break;
  }
  if (queue.size > 0) schedule();
}

function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(run);
}

/**
 * Runs `task` in a coming frame, in place of any task queued under the same key. `frameMs`:
 * how long one frame may spend on queued tasks (Infinity: all of them).
 */
export function inFrame(key: object, task: Task, frameMs: number): void {
  budgetMs = frameMs;
  queue.set(key, task);
  schedule();
}

export function cancelFrame(key: object): void {
  queue.delete(key);
}
