// atopview CLI: the same parsing core as the browser app, for headless use.
//   info FILE
//   export FILE [--format jsonl|csv] [--output PATH]
//   parse-only FILE [--jobs N] [--json]
//   report FILE [--from T] [--to T] [--by process|program|user|container|cgroup] [--format csv|jsonl] [--top N]
// `npm run build:cli` bundles it into dist-cli/atopview.mjs for plain `node` (no tsx start-up).
import { finished } from 'node:stream/promises';
import { isMainThread } from 'node:worker_threads';
import { exportTasks, openOutput, type ExportFormat } from './export';
import { openFile } from './file-source';
import { formatInfo, logInfo } from './info';
import { runParseOnly } from './parse-only';
import { problemLine } from './problems';
import { runReport } from './report';

const USAGE = `usage:
  atopview info FILE
  atopview export FILE [--format jsonl|csv] [--output PATH]
  atopview parse-only FILE [--jobs N] [--json]
  atopview report FILE [--from T] [--to T] [--by process|program|user|container|cgroup]
                       [--format csv|jsonl] [--top N] [--jobs N]
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, file, ...rest] = argv;
  if (cmd === 'parse-only' && file) return runParseOnly(file, rest);
  if (cmd === 'report' && file) return runReport(file, rest);
  if (!cmd || !file || (cmd !== 'info' && cmd !== 'export')) {
    process.stderr.write(USAGE);
    return 2;
  }
  let format: ExportFormat = 'jsonl';
  let output: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const v = rest[i + 1];
    if (a === '--format' && (v === 'jsonl' || v === 'csv')) format = v;
    else if (a === '--output' && v !== undefined) output = v;
    else {
      process.stderr.write(`atopview: unknown or incomplete option ${a ?? ''}\n${USAGE}`);
      return 2;
    }
    i++;
  }
  const src = await openFile(file);
  if (cmd === 'info') {
    const info = await logInfo(src);
    process.stdout.write(formatInfo(info, file));
    for (const p of info.problems) process.stderr.write(problemLine(p) + '\n');
    return info.problems.length > 0 ? 1 : 0;
  }
  const out = await openOutput(output);
  const result = await exportTasks(src, format, out);
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
