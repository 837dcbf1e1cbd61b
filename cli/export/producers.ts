// What an export part makes of each sample, by the name that crosses to a worker thread.
import { fieldsOf } from '../../src/format/index';
import type { RowGroup } from '../../src/export/table';
import { TaskRowsBuilder } from '../../src/export/task-rows';
import { ByteSink } from '../text/bytes';
import { TaskTextEncoder, type TextFormat } from '../text/encode';
import type { ProducerFactory, SampleProducer } from './walk';

export type ProducerSpec =
  | { readonly kind: 'text'; readonly format: TextFormat }
  /** A sample's task rows as a one-sample row group (src/export/task-rows.ts). */
  | { readonly kind: 'task-rows' };

/** A sample's task rows as jsonl or csv bytes (no csv header: the writer adds it once). */
function textProducer(format: TextFormat): ProducerFactory<Uint8Array> {
  return (log, strings) => {
    const enc = new TaskTextEncoder(fieldsOf(log.layout.tstat), strings, format);
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

const taskRows: ProducerFactory<RowGroup> = (log, strings) => {
  const b = new TaskRowsBuilder(fieldsOf(log.layout.tstat), strings, log.header.nodename);
  const free: ArrayBuffer[] = [];
  return {
    sample(s) {
      const need = b.bytesFor(s.tasks.count);
      let buffer = free.pop();
      if (!buffer || buffer.byteLength < need) buffer = new ArrayBuffer(Math.max(need, 1 << 20));
      return { payload: b.build(s, buffer), buffers: [buffer] };
    },
    recycle(buffers) {
      free.push(...buffers);
    },
  };
};

export function producerFactory(spec: ProducerSpec): ProducerFactory<unknown> {
  switch (spec.kind) {
    case 'text':
      return textProducer(spec.format);
    case 'task-rows':
      return taskRows;
  }
}
