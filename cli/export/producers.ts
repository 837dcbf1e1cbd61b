// What an export part makes of each run of samples, by the name that crosses to a worker thread.
import { taskFields } from '../../src/format/index';
import { TASK_RUN, taskIpcProducer } from '../../src/export/task-batches';
import type { ProducerFactory, SampleProducer } from '../../src/export/walk';
import { ByteSink } from '../text/bytes';
import { TaskTextEncoder, type TextFormat } from '../text/encode';

export type ProducerSpec =
  | { readonly kind: 'text'; readonly format: TextFormat }
  /**
   * The task rows of a run of samples (src/export/task-batches.ts) as an Arrow IPC stream for
   * the Parquet writer; without the host column when the host is the partition.
   */
  | { readonly kind: 'task-ipc'; readonly withHost: boolean };

export interface RunShape {
  /** Worker threads that decode, given `jobs` (0: all in this thread). */
  readonly workers: (jobs: number) => number;
  /** Consecutive records per run (one payload each). */
  readonly run: number;
  /** Runs a worker may have made that the consumer has not taken yet. */
  readonly window: number;
  /** Whether the payload's buffers go back to the worker for reuse. */
  readonly recycles: boolean;
}

export function runShape(spec: ProducerSpec): RunShape {
  return spec.kind === 'text'
    ? // writing bytes out costs this thread little: every job decodes
      { workers: (jobs) => (jobs > 1 ? jobs : 0), run: 1, window: 4, recycles: true }
    : // this thread encodes Parquet, a job's worth of work (README "Parquet"): one worker
      // fewer, which also spares the memory of one
      {
        workers: (jobs) => (jobs > 1 ? jobs - 1 : 0),
        run: TASK_RUN,
        window: 1,
        recycles: false,
      };
}

/** A sample's task rows as jsonl or csv bytes (no csv header: the writer adds it once). */
function textProducer(format: TextFormat): ProducerFactory<Uint8Array> {
  return (log, strings) => {
    const enc = new TaskTextEncoder(taskFields(log.layout.tstat), strings, format);
    const free: ArrayBuffer[] = [];
    const sink = new ByteSink(0);
    let open = false;
    const p: SampleProducer<Uint8Array> = {
      add(s) {
        if (!open) sink.reset(free.pop() ?? new ArrayBuffer(4 << 20));
        open = true;
        enc.encodeSample(s, sink);
      },
      take() {
        if (!open) return null;
        open = false;
        return { payload: sink.view(), buffers: [sink.buf.buffer as ArrayBuffer] };
      },
      recycle(buffers) {
        free.push(...buffers);
      },
    };
    return p;
  };
}

export function producerFactory(spec: ProducerSpec): ProducerFactory<unknown> {
  switch (spec.kind) {
    case 'text':
      return textProducer(spec.format);
    case 'task-ipc':
      return taskIpcProducer(spec.withHost);
  }
}
