// atopview CLI: the same parsing core as the browser app, for headless use.
//   info FILE
//   export FILE… [--what tasks|system] [--format jsonl|csv|parquet] [--output PATH] [--jobs N]
//   parse-only FILE [--jobs N] [--json]
//   report FILE… [--from T] [--to T] [--by process|program|user|container|cgroup] [--format csv|jsonl] [--top N]
// `npm run build:cli` bundles it into dist-cli/atopview.mjs for plain `node` (no tsx start-up).
import { isMainThread } from 'node:worker_threads';
import { parseExportArgs, runExport } from './export/command';
import { openFile } from './file-source';
import { formatInfo, logInfo } from './info';
import { runParseOnly } from './parse-only';
import { problemLine } from './problem-line';
import { runReport } from './report';

const USAGE = `usage:
  atopview info FILE
  atopview export FILE [--what tasks|system] [--format jsonl|csv] [--output PATH] [--jobs N]
  atopview export FILE… --format parquet --output FILE.parquet|DIR [--jobs N]
  atopview parse-only FILE [--jobs N] [--json]
  atopview report FILE… [--from T] [--to T] [--by process|program|user|container|cgroup]
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
  if (cmd === 'export') {
    const args = parseExportArgs([file, ...rest]);
    if (typeof args === 'string') {
      process.stderr.write(`atopview: ${args}\n${USAGE}`);
      return 2;
    }
    return runExport(args);
  }
  if (rest.length > 0) {
    process.stderr.write(`atopview: unknown option ${rest[0]!}\n${USAGE}`);
    return 2;
  }
  const src = await openFile(file);
  const info = await logInfo(src);
  process.stdout.write(formatInfo(info, file));
  for (const p of info.problems) process.stderr.write(problemLine(p) + '\n');
  return info.problems.length > 0 ? 1 : 0;
}

// `atopview export … | head` closes the pipe early: that is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

// parse-only's, export's and report's worker threads run this same module (the bundle is one file):
// each does only its own part (see threads.ts)
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
