// `npx tsx bench/workload.ts [--no-big]`: builds (or finds cached) the benchmark's logs.
import { ensureWorkload } from './lib/workload';

const w = await ensureWorkload(undefined, !process.argv.includes('--no-big'));
for (const f of [w.recorded, w.day, w.big])
  if (f) process.stdout.write(`${f.path}: ${f.samples} samples, ${(f.bytes / 1e6).toFixed(1)} MB\n`);
