// The task rows of a run of samples as one Arrow IPC stream (what the Parquet writer takes),
// built where the samples are decoded (a CLI worker thread, the page's export worker), so the
// writer's thread only encodes.
import { taskFields } from '../format/index';
import { ArrowBatcher } from './arrow';
import { TaskRowsBuilder } from './task-rows';
import type { ProducerFactory } from './walk';

/** An Arrow IPC stream of one record batch of `rows` rows. */
export interface IpcBatch {
  readonly ipc: Uint8Array;
  readonly rows: number;
}

/**
 * Samples per batch. Measured on the day log's task rows (bench/parquet-levers.ts): building
 * the IPC stream costs ~1.3–1.5 µs a row one sample at a time, ~0.9–1.1 at 8, ~0.7 at 16, ~0.5
 * at 64 (apache-arrow's cost per batch and per column dominates small batches). But the batch
 * is held several times over (the builder's columns, the IPC stream, its copy in wasm memory,
 * which never shrinks: 100 MB at 8, 140 at 16, 270 at 64 on the day log), and the export must
 * fit in 400 MB: 8 samples of ~2,000 tasks, ~9 MB of columns.
 */
export const TASK_RUN = 8;

/** The task rows of each run as an IPC stream; without the host column when the host is the partition. */
export function taskIpcProducer(withHost: boolean): ProducerFactory<IpcBatch> {
  return (log, strings) => {
    const b = new TaskRowsBuilder(
      taskFields(log.layout.tstat),
      strings,
      withHost ? log.header.nodename : null,
    );
    const batcher = new ArrowBatcher(b.schema);
    return {
      add(s) {
        b.add(s);
      },
      take() {
        const g = b.take();
        const ipc = batcher.ipc(g);
        return { payload: { ipc, rows: g.rows }, buffers: [ipc.buffer as ArrayBuffer] };
      },
      recycle() {
        // the IPC streams are new memory each time (apache-arrow's writer allocates them)
      },
    };
  };
}
