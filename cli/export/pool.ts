// Runs an export's parts (walk.ts) on worker threads, or in this thread for one part, and
// hands the samples to a consumer in file order, as a single pass would: text export and
// Parquet both read a log this way. Each worker may run at most WINDOW samples ahead of what
// the consumer has taken, so memory stays bounded whatever the output's speed; the payload's
// buffers go back to the worker that made them once the consumer is done with them.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import type { FileHeader, FormatError } from '../../src/format/index';
import { openFile } from '../file-source';
import { startWorker } from '../threads';
import { producerFactory, type ProducerSpec } from './producers';
import {
  ALL_RECORDS,
  walkPart,
  type PartMessage,
  type ProducerFactory,
  type RecordRange,
  type SampleProducer,
} from './walk';

/** Samples a worker may have produced that the consumer has not taken yet. */
const WINDOW = 4;

export interface SampleConsumer<P> {
  /** The log's header, before any sample (called once, from the first part to report it). */
  header(h: FileHeader): void | Promise<void>;
  /** Every decoded sample in file order; its payload's memory may be reused once this settles. */
  sample(index: number, payload: P): void | Promise<void>;
}

export interface WalkResult {
  readonly header: FileHeader | null;
  readonly samples: number;
  readonly records: number;
  readonly bytes: number;
  /** Skipped records, bytes skipped to resync and what ended the walk, in file order. */
  readonly problems: FormatError[];
}

interface PartInit {
  readonly exportPart: true;
  readonly file: string;
  readonly part: number;
  readonly parts: number;
  readonly spec: ProducerSpec;
  readonly range: RecordRange;
}

export const defaultJobs = (): number => availableParallelism();

/** Reassembles the parts' messages in file order; `release` gives a part its buffers back. */
class Reorder<P> {
  private readonly slots = new Map<number, { payload: P; buffers: ArrayBuffer[] } | null>();
  private next: number;
  private records: number | null = null;
  private ended = 0;
  private header: FileHeader | null = null;
  private samples = 0;
  private bytes = 0;
  private readonly problems: { order: number; error: FormatError }[] = [];

  constructor(
    private readonly parts: number,
    private readonly consumer: SampleConsumer<P>,
    private readonly release: (part: number, buffers: ArrayBuffer[]) => void,
    private readonly range: RecordRange,
  ) {
    this.next = range.from;
  }

  get done(): boolean {
    return this.ended === this.parts;
  }

  async take(m: PartMessage<P>): Promise<void> {
    switch (m.t) {
      case 'header':
        if (this.header === null) {
          this.header = m.header;
          await this.consumer.header(m.header);
        }
        return;
      case 'sample':
        this.slots.set(m.index, { payload: m.payload, buffers: m.buffers });
        break;
      case 'skipped':
        this.slots.set(m.index, null);
        this.problems.push({ order: 2 * m.index + 1, error: m.error });
        break;
      case 'problem':
        this.problems.push({ order: m.order, error: m.error });
        return;
      case 'end':
        this.ended++;
        this.records = m.records;
        this.bytes = m.bytes;
        break;
    }
    for (let s = this.slots.get(this.next); s !== undefined; s = this.slots.get(this.next)) {
      this.slots.delete(this.next);
      if (s !== null) {
        await this.consumer.sample(this.next, s.payload);
        this.samples++;
        this.release(this.next % this.parts, s.buffers);
      } else this.release(this.next % this.parts, []);
      this.next++;
    }
    if (this.done && this.next < Math.min(this.records ?? 0, this.range.to))
      throw new Error(`export: ${this.records} records walked but only ${this.next} reassembled`);
  }

  result(): WalkResult {
    return {
      header: this.header,
      samples: this.samples,
      records: this.records ?? 0,
      bytes: this.bytes,
      problems: this.problems.sort((a, b) => a.order - b.order).map((p) => p.error),
    };
  }
}

/** Walks `file` with `jobs` parts and feeds `consumer` every sample (in `range`) in file order. */
export async function walkInOrder<P>(
  file: string,
  jobs: number,
  spec: ProducerSpec,
  consumer: SampleConsumer<P>,
  range: RecordRange = ALL_RECORDS,
): Promise<WalkResult> {
  if (jobs <= 1) {
    let producer: SampleProducer<P> | null = null;
    const reorder = new Reorder<P>(
      1,
      consumer,
      (_, buffers) => {
        producer?.recycle(buffers);
      },
      range,
    );
    const factory = producerFactory(spec) as ProducerFactory<P>;
    await walkPart<P>(
      await openFile(file),
      0,
      1,
      range,
      (log, strings) => (producer = factory(log, strings)),
      (m) => reorder.take(m),
    );
    return reorder.result();
  }
  const workers: Worker[] = [];
  const reorder = new Reorder<P>(
    jobs,
    consumer,
    (part, buffers) => {
      workers[part]!.postMessage(buffers, buffers);
    },
    range,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      // messages of all parts, taken one at a time (the consumer may be slow)
      let queue = Promise.resolve();
      for (let part = 0; part < jobs; part++) {
        const init: PartInit = { exportPart: true, file, part, parts: jobs, spec, range };
        const w = startWorker(import.meta.url, init);
        workers.push(w);
        w.on('message', (m: PartMessage<P>) => {
          queue = queue
            .then(() => reorder.take(m))
            .then(() => {
              if (reorder.done) resolve();
            }, reject);
        });
        w.once('error', reject);
        w.once('exit', (code) => {
          if (!reorder.done) reject(new Error(`export worker ${part} exited with ${code} before the end`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return reorder.result();
}

// ---- worker side ---------------------------------------------------------------------------

async function partMain(init: PartInit): Promise<void> {
  const port = parentPort!;
  let producer: SampleProducer<unknown> | null = null;
  let ahead = 0;
  let wake: (() => void) | null = null;
  port.on('message', (buffers: ArrayBuffer[]) => {
    ahead--;
    producer?.recycle(buffers);
    wake?.();
    wake = null;
  });
  const factory = producerFactory(init.spec);
  await walkPart(
    await openFile(init.file),
    init.part,
    init.parts,
    init.range,
    (log, strings) => (producer = factory(log, strings)),
    async (m) => {
      port.postMessage(m, m.t === 'sample' ? m.buffers : []);
      if (m.t !== 'sample' && m.t !== 'skipped') return;
      ahead++;
      while (ahead >= WINDOW) await new Promise<void>((r) => (wake = r));
    },
  );
}

function isPartInit(d: unknown): d is PartInit {
  return typeof d === 'object' && d !== null && (d as Partial<PartInit>).exportPart === true;
}

if (!isMainThread && isPartInit(workerData))
  partMain(workerData).catch((e: unknown) => {
    throw e;
  });
