// What an export part makes of each sample, by the name that crosses to a worker thread.
import { taskFields } from '../../src/format/index';
import { ArrowBatcher } from '../../src/export/arrow';
import { TaskRowsBuilder } from '../../src/export/task-rows';
import { ByteSink } from '../text/bytes';
import { TaskTextEncoder, type TextFormat } from '../text/encode';
import type { ProducerFactory, SampleProducer } from './walk';

export type ProducerSpec =
  | { readonly kind: 'text'; readonly format: TextFormat }
  /**
   * A sample's task rows (src/export/task-rows.ts) as an Arrow IPC stream for the Parquet
   * writer; without the host column when the host is the partition.
   */
  | { readonly kind: 'task-ipc'; readonly withHost: boolean };

/** An Arrow IPC stream of one record batch of `rows` rows. */
export interface IpcBatch {
  readonly ipc: Uint8Array;
  readonly rows: number;
}

/** A sample's task rows as jsonl or csv bytes (no csv header: the writer adds it once). */
function textProducer(format: TextFormat): ProducerFactory<Uint8Array> {
  return (log, strings) => {
    const enc = new TaskTextEncoder(taskFields(log.layout.tstat), strings, format);
    const free: ArrayBuffer[] = [];
    const sink = new ByteSink(0);
    const p: SampleProducer<Uint8Array> = {
      sample(s) {
        sink.reset(free.pop() ?? new ArrayBuffer(4 << 20));
        enc.encodeSample(s, sink);
        return { payload: sink.view(), buffers: [sink.buf.buffer as ArrayBuffer] };
      },
      recycle(buffers) {
        free.push(...buffers);
      },
    };
    return p;
  };
}

function taskIpc(withHost: boolean): ProducerFactory<IpcBatch> {
  return (log, strings) => {
    const b = new TaskRowsBuilder(taskFields(log.layout.tstat), strings, log.header.nodename);
    const batcher = new ArrowBatcher(b.schema.slice(withHost ? 0 : 1));
    let buffer = new ArrayBuffer(0);
    return {
      sample(s) {
        const need = b.bytesFor(s.tasks.count);
        if (buffer.byteLength < need) buffer = new ArrayBuffer(Math.max(need, buffer.byteLength * 1.5));
        const g = b.build(s, buffer);
        const ipc = batcher.ipc(withHost ? g : { rows: g.rows, columns: g.columns.slice(1) });
        return { payload: { ipc, rows: g.rows }, buffers: [ipc.buffer as ArrayBuffer] };
      },
      recycle() {
        // the IPC streams are new memory each time (apache-arrow's writer allocates them)
      },
    };
  };
}

export function producerFactory(spec: ProducerSpec): ProducerFactory<unknown> {
  switch (spec.kind) {
    case 'text':
      return textProducer(spec.format);
    case 'task-ipc':
      return taskIpc(spec.withHost);
  }
}
