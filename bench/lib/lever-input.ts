// What the lever scripts (export-levers.ts, parquet-levers.ts) measure on: the first N samples
// of a log decoded into memory once, outside the figures, and the runs to take the median of.
//   [FILE] (default bench/out/day.raw)  --samples N  --runs N (default 3)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunksOf, readAllSamples, taskFields } from '../../src/format/index';

export async function leverInput(defaultSamples: number) {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const file =
    args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? join(import.meta.dirname, '../out/day.raw');
  const want = opt('--samples', defaultSamples);
  const runs = opt('--runs', 3);
  const bytes = readFileSync(file);
  // the whole log is not needed: cut after roughly `want` samples' worth of bytes (a day log)
  const cut = Math.min(bytes.length, Math.ceil((bytes.length / 1440) * (want + 2)));
  const log = await readAllSamples(chunksOf(bytes.subarray(0, cut), 1 << 20));
  const samples = log.samples.slice(0, want);
  const rows = samples.reduce((n, s) => n + s.tasks.count, 0);
  const fields = taskFields(log.log!.layout.tstat);
  return { runs, log, samples, rows, fields };
}
