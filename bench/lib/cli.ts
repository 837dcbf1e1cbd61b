// CLI figures: wall time and peak RSS of `atop -r FILE -P PRG,PRC,PRM,PRD,PRN > /dev/null`
// and of atopview's parse-only mode on the same file, measured in the same run (interleaved,
// median of `runs`), via /usr/bin/time.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OUT } from './workload';
import { run } from './procs';

export interface Timed {
  readonly ms: number;
  readonly rssKB: number;
  /** CPU time of the process (user + system, all threads): the machine is shared, wall time counts others' work. */
  readonly cpuMs: number;
  readonly stdout: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** The CLI as shipped to headless users: one bundled file run by plain node (`npm run build:cli`). */
const BUNDLE = join(ROOT, 'dist-cli', 'atopview.mjs');

/** Builds dist-cli/atopview.mjs from the current sources. */
export async function buildCli(): Promise<void> {
  const r = await run('npm', ['run', '--silent', 'build:cli'], { stdout: 'ignore', timeoutMs: 120_000 });
  if (r.code !== 0)
    throw new Error(`npm run build:cli: exit ${r.code ?? r.signal}\n${r.stderr.slice(0, 2000)}`);
}

async function timed(
  cmd: string,
  args: readonly string[],
  capture: boolean,
  timeoutMs: number,
): Promise<Timed> {
  const stats = join(OUT, `time.${process.pid}.txt`);
  rmSync(stats, { force: true });
  const r = await run('/usr/bin/time', ['-o', stats, '-f', '%e %M %U %S', cmd, ...args], {
    stdout: capture ? 'capture' : 'ignore',
    timeoutMs,
  });
  if (r.code !== 0)
    throw new Error(`${cmd} ${args.join(' ')}: exit ${r.code ?? r.signal}\n${r.stderr.slice(0, 2000)}`);
  const [, rss, user, sys] = existsSync(stats)
    ? readFileSync(stats, 'utf8').trim().split('\n').at(-1)!.split(' ')
    : [];
  // wall time from our own clock (includes process start, like /usr/bin/time's)
  return {
    ms: r.ms,
    rssKB: Number(rss ?? NaN),
    cpuMs: (Number(user ?? NaN) + Number(sys ?? NaN)) * 1000,
    stdout: r.stdout,
  };
}

export const ATOP_LABELS = 'PRG,PRC,PRM,PRD,PRN';

export function atopParse(file: string, timeoutMs = 60 * 60_000): Promise<Timed> {
  return timed('atop', ['-r', file, '-P', ATOP_LABELS], false, timeoutMs);
}

export interface ParseOnlyFigures extends Timed {
  readonly samples: number;
  readonly rows: number;
  readonly inProcessMs: number;
}

/**
 * `node dist-cli/atopview.mjs parse-only FILE --jobs N --json` (call buildCli() first); from
 * another checkout `root` (a baseline) `tsx cli/parse-only.ts FILE` without --jobs when `jobs`
 * is null (older versions lack both).
 */
export async function atopviewParse(
  file: string,
  jobs: number | null,
  timeoutMs = 60 * 60_000,
  root = ROOT,
): Promise<ParseOnlyFigures> {
  const jobArgs = jobs === null ? [] : ['--jobs', String(jobs)];
  const t =
    root === ROOT
      ? await timed('node', [BUNDLE, 'parse-only', file, ...jobArgs, '--json'], true, timeoutMs)
      : await timed(TSX, [join(root, 'cli', 'parse-only.ts'), file, ...jobArgs, '--json'], true, timeoutMs);
  const j = JSON.parse(t.stdout.trim().split('\n').at(-1)!) as {
    samples: number;
    rows: number;
    ms: number;
    problems: number;
  };
  if (j.problems !== 0) throw new Error(`parse-only reported ${j.problems} problems on ${file}`);
  return { ...t, samples: j.samples, rows: j.rows, inProcessMs: j.ms };
}

/** What `atopviewExport` runs: task rows as jsonl / csv (to /dev/null) or Parquet, or the system tables as Parquet. */
export type ExportKind = 'jsonl' | 'csv' | 'parquet' | 'system-parquet';

/**
 * `node dist-cli/atopview.mjs export FILE --format F` (call buildCli() first): jsonl and csv to
 * /dev/null, Parquet to `out` (the bytes of every file written are returned in `bytes`; the
 * system tables go next to `out`).
 */
export async function atopviewExport(
  file: string,
  kind: ExportKind,
  out: string,
  timeoutMs = 60 * 60_000,
): Promise<Timed & { bytes: number | null }> {
  const parquet = kind === 'parquet' || kind === 'system-parquet';
  const args = [BUNDLE, 'export', file, '--format', parquet ? 'parquet' : kind];
  if (kind === 'system-parquet') args.push('--what', 'system');
  const written = () =>
    readdirSync(dirname(out))
      .filter((f) => f === basename(out) || f.startsWith(basename(out).replace(/\.parquet$/, '.system_')))
      .map((f) => join(dirname(out), f));
  if (parquet) {
    for (const f of written()) rmSync(f, { force: true });
    args.push('--output', out);
  }
  const t = await timed('node', args, false, timeoutMs);
  return { ...t, bytes: parquet ? written().reduce((n, f) => n + statSync(f).size, 0) : null };
}

/**
 * `node dist-cli/atopview.mjs report FILE > /dev/null` (call buildCli() first): range totals
 * per process over the whole log, on all cores (the command's default) or `--jobs N`.
 */
export function atopviewReport(
  file: string,
  jobs: number | null = null,
  timeoutMs = 60 * 60_000,
): Promise<Timed> {
  const jobArgs = jobs === null ? [] : ['--jobs', String(jobs)];
  return timed('node', [BUNDLE, 'report', file, ...jobArgs], false, timeoutMs);
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
