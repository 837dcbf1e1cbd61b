// One share of an export: walk the whole log (record headers cost little next to inflating
// and decoding), decode every `parts`-th record starting at `part`, and turn each sample into
// a payload (encoded text, or columns for a Parquet row group). Runs in a worker thread, or in
// the main thread when there is one part. Whoever reassembles the parts puts payloads and
// problems back in file order by record index (see `order` below).
import {
  BlobInflater,
  ColumnPool,
  StringTable,
  decodeSafely,
  endErrorIsGap,
  readLog,
  type DecodeContext,
  type FileHeader,
  type FormatError,
  type OpenedLog,
  type Sample,
} from '../../src/format/index';
import type { FileSource } from '../file-source';

/**
 * Turns decoded samples into what crosses to the writer; built once the header is known. The
 * payload's memory (`buffers`) moves to the writer and comes back through `recycle` once it
 * has been written out, so a steady export allocates nothing per sample.
 */
export interface SampleProducer<P> {
  sample(s: Sample): { readonly payload: P; readonly buffers: ArrayBuffer[] };
  recycle(buffers: readonly ArrayBuffer[]): void;
}

export type ProducerFactory<P> = (log: OpenedLog, strings: StringTable) => SampleProducer<P>;

export type PartMessage<P> =
  | { readonly t: 'header'; readonly header: FileHeader }
  | { readonly t: 'sample'; readonly index: number; readonly payload: P; readonly buffers: ArrayBuffer[] }
  /** A record of this part that could not be decoded: takes its sample's place. */
  | { readonly t: 'skipped'; readonly index: number; readonly error: FormatError }
  /** Bytes skipped, or what ended the walk, with its place in file order (see `order`). */
  | { readonly t: 'problem'; readonly order: number; readonly error: FormatError }
  | { readonly t: 'end'; readonly records: number; readonly bytes: number };

/**
 * Sort key of a problem in file order, as readSamples reports them: the bytes skipped before
 * record i, then record i itself if it could not be decoded; what ended the walk last.
 */
export const order = {
  gapBefore: (record: number) => 2 * record,
  record: (record: number) => 2 * record + 1,
  end: (records: number, k: number) => 2 * records + k,
};

/** Records [from, to) of a log, by index. */
export interface RecordRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_RECORDS: RecordRange = { from: 0, to: Infinity };

/**
 * Walks `src` and emits this part's messages in file order; `emit` may wait (backpressure).
 * Only the records in `range` are decoded. Gaps and the end of the walk are the same in every
 * part: part 0 reports them.
 */
export async function walkPart<P>(
  src: FileSource,
  part: number,
  parts: number,
  range: RecordRange,
  factory: ProducerFactory<P>,
  emit: (m: PartMessage<P>) => unknown,
): Promise<void> {
  let ctx: DecodeContext | null = null;
  let producer: SampleProducer<P> | null = null;
  for await (const ev of readLog(src.chunks, { totalSize: src.size })) {
    if (ev.type === 'header') {
      const strings = new StringTable();
      ctx = { ...ev.log, inflater: new BlobInflater(), strings, transient: new ColumnPool() };
      producer = factory(ev.log, strings);
      await emit({ t: 'header', header: ev.log.header });
    } else if (ev.type === 'record') {
      const i = ev.record.index;
      if (ev.gapBefore && part === 0)
        await emit({ t: 'problem', order: order.gapBefore(i), error: ev.gapBefore.error });
      if (i % parts !== part || i < range.from || i >= range.to) continue;
      const s = decodeSafely(ctx!, ev.record);
      if (s.ok) {
        const { payload, buffers } = producer!.sample(s.value);
        await emit({ t: 'sample', index: i, payload, buffers });
      } else await emit({ t: 'skipped', index: i, error: s.error });
    } else {
      if (part === 0) {
        let k = 0;
        if (ev.gap && !endErrorIsGap(ev))
          await emit({ t: 'problem', order: order.end(ev.records, k++), error: ev.gap.error });
        if (ev.error) await emit({ t: 'problem', order: order.end(ev.records, k), error: ev.error });
      }
      await emit({ t: 'end', records: ev.records, bytes: ev.bytes });
    }
  }
}
