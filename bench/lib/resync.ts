// How fast the reader gets back on track after damage (src/format/recovery.ts): the real 2.13
// capture with 16 MiB of random bytes between its second and third record, read in 1 MiB
// chunks by readAllSamples in this process. The scan must stay linear in the bytes skipped
// (test/recovery.test.ts checks what it finds; this measures how long it takes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunksOf, readAllSamples, readLog } from '../../src/format/index';
import { FIXTURES, noise } from '../../test/helpers';
import { median } from './cli';

const FIXTURE = join(FIXTURES, 'atop', 'atop-2.13', 'sample.raw');
const GARBAGE = 16 << 20;

export interface ResyncFigure {
  /** Median wall time of readAllSamples over the damaged log. */
  readonly ms: number;
  readonly garbageBytes: number;
  readonly samples: number;
  readonly bytesSkipped: number;
}

export async function measureResync(runs: number): Promise<ResyncFigure> {
  const bytes = new Uint8Array(readFileSync(FIXTURE));
  const offsets: number[] = [];
  for await (const ev of readLog([bytes])) if (ev.type === 'record') offsets.push(ev.record.offset);
  const at = offsets[1]!;
  const log = new Uint8Array(bytes.length + GARBAGE);
  log.set(bytes.subarray(0, at));
  log.set(noise(GARBAGE, 11), at);
  log.set(bytes.subarray(at), at + GARBAGE);
  const times: number[] = [];
  let samples = 0;
  let bytesSkipped = 0;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const r = await readAllSamples(chunksOf(log, 1 << 20), { totalSize: log.length });
    times.push(performance.now() - t0);
    samples = r.samples.length;
    bytesSkipped = r.gaps.reduce((n, g) => n + g.bytesSkipped, 0);
  }
  return { ms: median(times), garbageBytes: GARBAGE, samples, bytesSkipped };
}
