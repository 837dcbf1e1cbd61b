// One share of an export: walk the whole log (record headers cost little next to inflating
// and decoding), decode the records of this part, and turn them into payloads (encoded text,
// or Arrow batches of task rows). Records go to parts in runs of `run` consecutive records
// (run k to part k % parts), and each run becomes one payload: a Parquet batch of many
// samples costs far less per row to build and to encode than one per sample. Runs in a Node
// worker thread, in the CLI's main thread (one part), or in the page's export worker. No DOM,
// no Node APIs. Whoever reassembles the parts puts payloads and problems back in file order by
// record index (see `order` below).
import {
  BlobInflater,
  ColumnPool,
  StringTable,
  decodeSafely,
  endErrorIsGap,
  readLog,
  type ChunkSource,
  type DecodeContext,
  type FileHeader,
  type FormatError,
  type OpenedLog,
  type Sample,
} from '../format/index';

/** A log as a stream of chunks (a Node file stream, a browser File's slices). */
export interface LogSource {
  readonly chunks: ChunkSource;
  /** Bytes of the source (for messages about lengths), if known. */
  readonly size: number;
  /**
   * Told that no byte before file offset `offset` will be read again (a plain log's records
   * are in file order), so a source that reads into buffers of its own may reuse them.
   */
  readonly consumed?: (offset: number) => void;
}

/**
 * Turns decoded samples into what crosses to the writer; built once the header is known.
 * `add` takes each decoded sample of a run, `take` ends the run. The payload's memory
 * (`buffers`) moves to the writer; buffers it may reuse come back through `recycle` once
 * written out, so a steady export allocates nothing per run.
 */
export interface SampleProducer<P> {
  add(s: Sample): void;
  /** The run's payload (null if no sample was added). */
  take(): { readonly payload: P; readonly buffers: ArrayBuffer[] } | null;
  recycle(buffers: readonly ArrayBuffer[]): void;
}

export type ProducerFactory<P> = (log: OpenedLog, strings: StringTable) => SampleProducer<P>;

export type PartMessage<P> =
  | { readonly t: 'header'; readonly header: FileHeader }
  /**
   * A run of records [index, index + span) of this part: the payload of its `samples`
   * decoded samples (null: none decoded). Its undecodable records come as problems.
   */
  | {
      readonly t: 'run';
      readonly index: number;
      readonly span: number;
      readonly samples: number;
      readonly payload: P | null;
      readonly buffers: ArrayBuffer[];
    }
  /** Bytes skipped, a record that could not be decoded, or what ended the walk, with its place in file order (see `order`). */
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

/** Which records to export: [from, to) by index and, if given, `curtime` within [fromTime, toTime]. */
export interface RecordRange {
  readonly from: number;
  readonly to: number;
  /** Epoch seconds, both ends included (the page's selected range). */
  readonly time?: { readonly from: number; readonly to: number };
}

export const ALL_RECORDS: RecordRange = { from: 0, to: Infinity };

/** The part that decodes record `i`. */
export const partOf = (i: number, parts: number, run: number): number => Math.floor(i / run) % parts;

export interface WalkOptions {
  readonly part: number;
  readonly parts: number;
  /** Consecutive records per run (one payload each). */
  readonly run: number;
  readonly range: RecordRange;
  /** Stops the walk (the page's Cancel); what was emitted stays valid. */
  readonly signal?: { readonly aborted: boolean };
}

/**
 * Walks `src` and emits this part's messages in file order; `emit` may wait (backpressure).
 * Only the records in `range` are decoded. Gaps and the end of the walk are the same in every
 * part: part 0 reports them.
 */
export async function walkPart<P>(
  src: LogSource,
  o: WalkOptions,
  factory: ProducerFactory<P>,
  emit: (m: PartMessage<P>) => unknown,
): Promise<void> {
  let ctx: DecodeContext | null = null;
  let producer: SampleProducer<P> | null = null;
  /** Offsets are the file's (not a gzip log's inflated stream). */
  let plain = false;
  /** The run being gathered: its first record in range, records and samples so far. */
  let run: { start: number; index: number; span: number; samples: number } | null = null;
  const flush = async () => {
    if (!run) return;
    const r = run;
    run = null;
    const out = r.samples > 0 ? producer!.take() : null;
    await emit({
      t: 'run',
      index: r.index,
      span: r.span,
      samples: r.samples,
      payload: out?.payload ?? null,
      buffers: out?.buffers ?? [],
    });
  };
  const { part, parts, range } = o;
  const time = range.time;
  for await (const ev of readLog(src.chunks, { totalSize: src.size, signal: o.signal })) {
    if (ev.type === 'header') {
      const strings = new StringTable();
      ctx = { ...ev.log, inflater: new BlobInflater(), strings, transient: new ColumnPool() };
      producer = factory(ev.log, strings);
      plain = !ev.log.gzip;
      await emit({ t: 'header', header: ev.log.header });
    } else if (ev.type === 'record') {
      const i = ev.record.index;
      // the records before this one are done with (this one is decoded below, before the next read)
      if (plain) src.consumed?.(ev.record.offset);
      if (ev.gapBefore && part === 0)
        await emit({ t: 'problem', order: order.gapBefore(i), error: ev.gapBefore.error });
      if (partOf(i, parts, o.run) !== part || i < range.from || i >= range.to) continue;
      const start = i - (i % o.run);
      if (run && run.start !== start) await flush();
      run ??= { start, index: i, span: 0, samples: 0 };
      run.span = i - run.index + 1;
      const t = ev.record.rec.curtime;
      if (!time || (t >= time.from && t <= time.to)) {
        const s = decodeSafely(ctx!, ev.record);
        if (s.ok) {
          producer!.add(s.value);
          run.samples++;
        } else await emit({ t: 'problem', order: order.record(i), error: s.error });
      }
      if (i === start + o.run - 1) await flush();
    } else {
      await flush();
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
