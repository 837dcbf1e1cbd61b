// Several files against one file of the same total size, in the browser (bench/browser.ts's
// figures: first row, every sample indexed, whole-log regex, renderer memory): a synthetic
// 2.13 log (e2e/synth.ts) opened whole, then cut into `--parts` files (each with the file
// header, consecutive samples) opened together as one host's timeline, in shuffled order.
//   npx tsx bench/multi-file.ts [--samples N] [--tasks N] [--parts N] [--runs N]
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordSpans } from '../e2e/craft';
import { synthLog } from '../e2e/synth';
import { measureBrowser } from './browser';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const samples = arg('samples', 1440);
const tasks = arg('tasks', 600);
const parts = arg('parts', 3);
const runs = arg('runs', 1);

const whole = synthLog(samples, tasks);
const u8 = readFileSync(whole.path);
const spans = recordSpans(u8);
const dir = join(tmpdir(), 'atopview-bench-multi');
mkdirSync(dir, { recursive: true });
const pieces: string[] = [];
for (let k = 0; k < parts; k++) {
  const from = Math.floor((k * spans.length) / parts);
  const to = Math.floor(((k + 1) * spans.length) / parts);
  const path = join(dir, `part-${k + 1}-of-${parts}.raw`);
  writeFileSync(
    path,
    Buffer.concat([u8.subarray(0, 480), u8.subarray(spans[from]!.offset, spans[to - 1]!.end)]),
  );
  pieces.push(path);
}
// the order a file manager might hand them over in
const shuffled = [...pieces].reverse();
const rows = samples * tasks;
const r = await measureBrowser(
  [
    { file: whole.path, rows },
    { file: shuffled, rows },
  ],
  '^synthetic',
  undefined,
  runs,
);
if (r.skipped) {
  console.log(`skipped: ${r.skipped}`);
  process.exit(1);
}
const mb = (n: number | null) => (n === null ? '–' : `${n.toFixed(0)} MB`);
const ms = (n: number | null) => (n === null ? '–' : `${n.toFixed(0)} ms`);
console.log(
  `${r.chromium}; ${samples} samples × ${tasks} tasks = ${rows} rows, ${(statSync(whole.path).size / 1e6).toFixed(1)} MB`,
);
console.log(
  '| opened | first row | all indexed | name:/regex/ all rows | renderer RSS growth | JS heap (page) |',
);
console.log('|---|---|---|---|---|---|');
r.figures.forEach((f, i) => {
  const growth =
    f.peakRendererRssMB !== null && f.baselineRendererRssMB !== null
      ? f.peakRendererRssMB - f.baselineRendererRssMB
      : null;
  console.log(
    `| ${i === 0 ? 'one file' : `${parts} files`} | ${ms(f.firstRowMs)} | ${ms(f.readyMs)} | ${ms(f.filterAllMs)} | ${mb(growth)} | ${mb(f.jsHeapUsedMB)} |`,
  );
  if (f.notes.length > 0) console.log(`  notes: ${f.notes.join('; ')}`);
});
