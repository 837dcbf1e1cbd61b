// `export FILE… [--what tasks|system] [--format jsonl|csv|parquet] [--output PATH] [--jobs N]`.
// Several files are merged by host and time (cli/timeline.ts), whatever the format.
import { finished } from 'node:stream/promises';
import type { FormatError } from '../../src/format/index';
import { exportTasksOfFiles, openOutput } from '../export';
import { openFile } from '../file-source';
import { problemLine } from '../problem-line';
import { exportParquet } from '../parquet/export-parquet';
import { exportSystem, exportSystemOfFiles } from '../system-export';
import { planTimelines, type TimelinePlan } from '../timeline';
import { exportText } from '../text/export-text';
import { defaultJobs } from './pool';

export type ExportFormat = 'jsonl' | 'csv' | 'parquet';

export interface ExportArgs {
  readonly files: string[];
  /** Task rows (the default) or the system figures of every sample. */
  readonly what: 'tasks' | 'system';
  readonly format: ExportFormat;
  readonly output: string | null;
  readonly jobs: number;
}

/** The options, or a message saying what is wrong with them. */
export function parseExportArgs(args: readonly string[]): ExportArgs | string {
  const files: string[] = [];
  let what: 'tasks' | 'system' = 'tasks';
  let format: ExportFormat = 'jsonl';
  let output: string | null = null;
  let jobs = defaultJobs();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    if (!a.startsWith('--') || a === '-') {
      files.push(a);
      continue;
    }
    if (a === '--format' && (v === 'jsonl' || v === 'csv' || v === 'parquet')) format = v;
    else if (a === '--output' && v !== undefined) output = v;
    else if (a === '--what' && (v === 'tasks' || v === 'system')) what = v;
    else if (a === '--jobs' && /^[1-9]\d*$/.test(v ?? '')) jobs = Number(v);
    else return `unknown or incomplete option ${a}`;
    i++;
  }
  if (files.length === 0) return 'no FILE to export';
  if (format === 'parquet' && (output === null || output === '-'))
    return '--format parquet needs --output PATH';
  if (what === 'system' && format === 'parquet') return '--what system does not write parquet yet';
  return { files, what, format, output, jobs };
}

function report(problems: readonly FormatError[]): number {
  for (const p of problems) process.stderr.write(problemLine(p) + '\n');
  return problems.length > 0 ? 1 : 0;
}

/** Samples in more than one file are exported once: say so (a note, not a problem). */
function noteCopies(plan: TimelinePlan): void {
  const copies = plan.timelines.reduce((n, t) => n + t.duplicates, 0);
  if (copies > 0)
    process.stderr.write(
      `atopview: note: ${copies} sample${copies === 1 ? ' is' : 's are'} in more than one file: each is exported once.\n`,
    );
}

export async function runExport(a: ExportArgs): Promise<number> {
  // several files: the page's merging rule (src/format/timeline/merge.ts), one stream in time
  // order per host; the `report` command takes the same plan (cli/timeline.ts) once it lands
  const plan = a.files.length > 1 ? await planTimelines(a.files) : null;
  if (plan) noteCopies(plan);
  if (a.format === 'parquet') return report((await exportParquet(a.files, a.output!, a.jobs, plan)).problems);
  const out = await openOutput(a.output);
  const result = plan
    ? a.what === 'system'
      ? await exportSystemOfFiles(plan, a.format, out)
      : await exportTasksOfFiles(plan, a.format, out)
    : a.what === 'system'
      ? await exportSystem(await openFile(a.files[0]!), a.format, out)
      : await exportText(a.files[0]!, a.format, out, a.jobs);
  if (out !== process.stdout) {
    out.end();
    await finished(out);
  }
  return report(result.problems);
}
