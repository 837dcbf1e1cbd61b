// `npx tsx bench/engines.ts [FILE] [--runs N]`: inflate engines on every blob of a log.
import { join } from 'node:path';
import { measureEngines } from './lib/engines';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const file =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ??
  join(import.meta.dirname, 'out', 'day.raw');
for (const f of await measureEngines(file, runs))
  process.stdout.write(
    `${f.engine.padEnd(42)} system ${f.system.toFixed(3)}  tasks ${f.tasks.toFixed(3)}  total ${f.total.toFixed(3)} ms/sample  ${f.identical ? 'identical' : 'DIFFERS'}\n`,
  );
