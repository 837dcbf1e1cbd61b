// atopview CLI: the same parsing core as the browser app, for headless use.
//   info FILE
//   export FILE… [--what tasks|system] [--format jsonl|csv] [--output PATH]
//   parse-only FILE [--jobs N] [--json]
// `npm run build:cli` bundles it into dist-cli/atopview.mjs for plain `node` (no tsx start-up).
import { finished } from 'node:stream/promises';
import { isMainThread } from 'node:worker_threads';
import type { FormatError } from '../src/format/index';
import { exportTasks, exportTasksOfFiles, openOutput, type ExportFormat } from './export';
import { openFile } from './file-source';
import { exportSystem, exportSystemOfFiles } from './system-export';
import { planTimelines } from './timeline';
import { formatInfo, logInfo } from './info';
import { runParseOnly } from './parse-only';

const USAGE = `usage:
  atopview info FILE
  atopview export FILE [FILE…] [--what tasks|system] [--format jsonl|csv] [--output PATH]
    several files: one stream in time order per host (copies of a sample once),
    rows keyed also by host (several hosts) and file (several files)
  atopview parse-only FILE [--jobs N] [--json]
`;

function problemLine(e: FormatError): string {
  const where =
    `byte offset ${e.offset}` + (e.sample === null ? '' : `, sample ${e.sample + 1} (index ${e.sample})`);
  return `atopview: ${e.code} at ${where}: ${e.message}`;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, file, ...more] = argv;
  if (cmd === 'parse-only' && file) return runParseOnly(file, more);
  // every argument before the first option is a file (export takes several)
  const firstOption = more.findIndex((a) => a.startsWith('--'));
  const files = [file ?? '', ...(firstOption < 0 ? more : more.slice(0, firstOption))];
  const rest = firstOption < 0 ? [] : more.slice(firstOption);
  if (cmd === 'info' && files.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!cmd || !file || (cmd !== 'info' && cmd !== 'export')) {
    process.stderr.write(USAGE);
    return 2;
  }
  let format: ExportFormat = 'jsonl';
  let output: string | null = null;
  let what: 'tasks' | 'system' = 'tasks';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const v = rest[i + 1];
    if (a === '--format' && (v === 'jsonl' || v === 'csv')) format = v;
    else if (a === '--output' && v !== undefined) output = v;
    else if (a === '--what' && (v === 'tasks' || v === 'system')) what = v;
    else {
      process.stderr.write(`atopview: unknown or incomplete option ${a ?? ''}\n${USAGE}`);
      return 2;
    }
    i++;
  }
  if (cmd === 'info') {
    const info = await logInfo(await openFile(file));
    process.stdout.write(formatInfo(info, file));
    for (const p of info.problems) process.stderr.write(problemLine(p) + '\n');
    return info.problems.length > 0 ? 1 : 0;
  }
  const out = await openOutput(output);
  let result;
  if (files.length > 1) {
    // the page's merging rule (src/format/timeline/merge.ts); `report` takes the same plan
    // (inTimelineOrder in cli/timeline.ts) once it lands
    const plan = await planTimelines(files);
    const copies = plan.timelines.reduce((n, t) => n + t.duplicates, 0);
    if (copies > 0)
      process.stderr.write(
        `atopview: note: ${copies} sample${copies === 1 ? ' is' : 's are'} in more than one file: each is exported once.\n`,
      );
    result =
      what === 'system'
        ? await exportSystemOfFiles(plan, format, out)
        : await exportTasksOfFiles(plan, format, out);
  } else {
    const src = await openFile(file);
    result = what === 'system' ? await exportSystem(src, format, out) : await exportTasks(src, format, out);
  }
  if (out !== process.stdout) {
    out.end();
    await finished(out);
  }
  for (const p of result.problems) process.stderr.write(problemLine(p) + '\n');
  return result.problems.length > 0 ? 1 : 0;
}

// `atopview export … | head` closes the pipe early: that is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

// parse-only's worker threads run this same module (the bundle is one file): they only decode
if (isMainThread)
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`atopview: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
