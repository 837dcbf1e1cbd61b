// `npm run bench [-- options]`: atopview against atop on logs recorded by this machine's atop.
//   --runs N      CLI runs per figure, median (default 3)
//   --quick       day log only: no 1 GiB log (neither CLI nor browser), 1 run
//   --no-browser  CLI figures only
//   --no-big-cli  the 1 GiB log in the browser only (its atop run takes minutes)
//   --browser-only  browser figures only (day and big log; --quick: day only), with atop's
//                 times taken from the last run's results.json (said so in the table)
//   --browser-runs N  browser runs per log, median of each figure (default 1; 3 without --quick)
//   --export      also time `atopview export FILE --format jsonl|csv > /dev/null`,
//                 `--format parquet --output out/day.parquet` and `--what system --format
//                 parquet` on the day log, each run next to its atop run (wall and CPU time,
//                 RSS, file size), and the Parquet export of the 1 GiB log (its memory bound)
//   --baseline DIR  also time DIR/cli/parse-only.ts (another checkout, e.g. an older commit
//                 with this parse-only.ts copied in) on the day log, in the same runs
// Workload: bench/out/ (built once and cached; see lib/workload.ts). Every figure is printed
// with its ratio to atop's time on the same file, measured in the same run, and written to
// bench/out/results.json and bench/out/results.md (the table README's performance section quotes).
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureBrowser, type BrowserRun, type ScrollTarget } from './browser';
import { synthLog } from '../e2e/synth';
import { isolatesLine } from './lib/isolates';
import {
  atopParse,
  atopviewExport,
  atopviewParse,
  atopviewReport,
  buildCli,
  median,
  type ExportKind,
  type Timed,
} from './lib/cli';
import { measureEngines, type EngineFigure } from './lib/engines';
import { measureEnginesInChromium } from './lib/engines-browser';
import { measureResync } from './lib/resync';
import { OUT, ensureWorkload, type ScaledFile } from './lib/workload';

const args = new Set(process.argv.slice(2));
const argValue = (name: string): string | undefined => {
  const a = process.argv.slice(2);
  const i = a.indexOf(name);
  return i >= 0 ? a[i + 1] : undefined;
};
const quick = args.has('--quick');
const baseline = argValue('--baseline');
const runs = Number(argValue('--runs') ?? (quick ? 1 : 3));
const browserRuns = Number(argValue('--browser-runs') ?? (quick ? 1 : 3));
const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

interface Row {
  readonly file: string;
  readonly figure: string;
  readonly value: string;
  /** ms, compared with atop's ms on the same file */
  readonly ms: number | null;
  readonly atopMs: number | null;
  readonly target: string;
}

const rows: Row[] = [];
const fmtMs = (ms: number) =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
const ratio = (r: Row) => (r.ms !== null && r.atopMs ? `${(r.ms / r.atopMs).toFixed(3)}x` : '');

function add(
  file: string,
  figure: string,
  ms: number | null,
  atopMs: number | null,
  target: string,
  value?: string,
): void {
  rows.push({ file, figure, value: value ?? (ms === null ? 'n/a' : fmtMs(ms)), ms, atopMs, target });
}

async function cliFigures(
  f: ScaledFile,
  label: string,
  n: number,
  withExport: boolean | null,
): Promise<number> {
  const atop: Timed[] = [];
  const par: Awaited<ReturnType<typeof atopviewParse>>[] = [];
  const one: Awaited<ReturnType<typeof atopviewParse>>[] = [];
  const base: Awaited<ReturnType<typeof atopviewParse>>[] = [];
  const report: Timed[] = [];
  const jobs = cpus().length;
  for (let i = 0; i < n; i++) {
    say(`${label}: run ${i + 1}/${n}: atop -r -P …`);
    atop.push(await atopParse(f.path));
    say(`${label}: run ${i + 1}/${n}: atopview parse-only --jobs ${jobs}`);
    par.push(await atopviewParse(f.path, jobs));
    if (jobs > 1) {
      say(`${label}: run ${i + 1}/${n}: atopview parse-only --jobs 1`);
      one.push(await atopviewParse(f.path, 1));
    }
    say(`${label}: run ${i + 1}/${n}: atopview report`);
    report.push(await atopviewReport(f.path));
    if (baseline && withExport !== null) {
      say(`${label}: run ${i + 1}/${n}: baseline ${baseline}`);
      base.push(await atopviewParse(f.path, null, undefined, baseline));
    }
  }
  const atopMs = median(atop.map((t) => t.ms));
  const rows0 = par[0]!.rows;
  add(
    label,
    `atop -r FILE -P PRG,PRC,PRM,PRD,PRN > /dev/null`,
    atopMs,
    atopMs,
    'reference',
    `${fmtMs(atopMs)} (CPU ${fmtMs(median(atop.map((t) => t.cpuMs)))}), ${(median(atop.map((t) => t.rssKB)) / 1024).toFixed(0)} MB RSS`,
  );
  const pm = median(par.map((t) => t.ms));
  add(
    label,
    `CLI parse-only (node dist-cli/atopview.mjs), ${jobs} threads, process start to exit`,
    pm,
    atopMs,
    '<= 0.15x',
    `${fmtMs(pm)} (CPU ${fmtMs(median(par.map((t) => t.cpuMs)))}), ${(median(par.map((t) => t.rssKB)) / 1024).toFixed(0)} MB RSS`,
  );
  if (one.length > 0) {
    const om = median(one.map((t) => t.ms));
    add(
      label,
      'CLI parse-only (node dist-cli/atopview.mjs), 1 thread, process start to exit',
      om,
      atopMs,
      '',
      `${fmtMs(om)}, ${(median(one.map((t) => t.rssKB)) / 1024).toFixed(0)} MB RSS`,
    );
  }
  const rm = median(report.map((t) => t.ms));
  add(
    label,
    `CLI report FILE (totals per process over the whole log, jsonl > /dev/null), ${jobs} threads`,
    rm,
    atopMs,
    '<= 0.15x',
    `${fmtMs(rm)}, ${(median(report.map((t) => t.rssKB)) / 1024).toFixed(0)} MB RSS`,
  );
  if (base.length > 0) {
    const bm = median(base.map((t) => t.ms));
    add(
      label,
      `baseline parse-only, 1 thread (${baseline ?? ''})`,
      bm,
      atopMs,
      '',
      `${fmtMs(bm)}, ${(median(base.map((t) => t.rssKB)) / 1024).toFixed(0)} MB RSS`,
    );
  }
  add(
    label,
    `samples / task rows parsed`,
    null,
    null,
    '',
    `${par[0]!.samples} / ${rows0.toLocaleString('en')}`,
  );
  if (withExport === true) {
    // each export right after an atop run of its own: the machine is shared, ratios are taken
    // in the same stretch of time
    const kinds = ['jsonl', 'csv', 'parquet', 'system-parquet'] as const;
    const runs = Object.fromEntries(kinds.map((k) => [k, [] as ExportRun[]]));
    for (let i = 0; i < n; i++)
      for (const kind of kinds) {
        say(`${label}: run ${i + 1}/${n}: atop, then atopview export (${kind})`);
        const a = await atopParse(f.path);
        const e = await atopviewExport(f.path, kind, join(OUT, 'day.parquet'));
        runs[kind]!.push({ ...e, atop: a.ms });
      }
    for (const kind of kinds) exportRow(label, f, kind, runs[kind]!);
  }
  return atopMs;
}

interface ExportRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssKB: number;
  readonly bytes: number | null;
  /** atop's time in the run just before. */
  readonly atop: number;
}

const EXPORT_FIGURES: Record<ExportKind, [figure: string, target: string]> = {
  jsonl: ['CLI export --format jsonl > /dev/null', '<= 0.5x (goal 0.2x)'],
  csv: ['CLI export --format csv > /dev/null', '<= 0.5x (goal 0.2x)'],
  parquet: ['CLI export --format parquet --output FILE', '<= 0.15x, file <= raw log, <= 400 MB RSS'],
  'system-parquet': ['CLI export --what system --format parquet --output FILE (all tables)', ''],
};

/** One export figure: medians of the runs, ratio to the atop run before each, CPU time, RSS, size. */
function exportRow(label: string, f: ScaledFile, kind: ExportKind, rs: readonly ExportRun[]): void {
  const [figure, target] = EXPORT_FIGURES[kind];
  const ms = median(rs.map((r) => r.ms));
  const size = rs[0]!.bytes;
  add(
    label,
    `${figure} (${cpus().length} threads), ratio to the atop run before each`,
    ms,
    median(rs.map((r) => r.atop)),
    target,
    `${fmtMs(ms)} (CPU ${fmtMs(median(rs.map((r) => r.cpuMs)))}), ` +
      `${(median(rs.map((r) => r.rssKB)) / 1024).toFixed(0)} MB RSS` +
      (size === null
        ? ''
        : `, ${(size / 1e6).toFixed(1)} MB of Parquet (raw log ${(f.bytes / 1e6).toFixed(1)} MB)`),
  );
}

function engineRows(label: string, figs: readonly EngineFigure[]): void {
  for (const e of figs)
    add(
      label,
      `inflate, ${e.engine}`,
      null,
      null,
      '',
      `${e.total.toFixed(2)} ms/sample (system ${e.system.toFixed(2)}, tasks ${e.tasks.toFixed(2)})${e.identical ? '' : ' OUTPUT DIFFERS'}`,
    );
}

function browserRows(label: string, b: BrowserRun, index: number, atopMs: number | null): void {
  if (b.skipped) {
    add(label, 'browser', null, null, '', `skipped: ${b.skipped}`);
    return;
  }
  const f = b.figures[index];
  if (!f) return;
  add(label, 'browser: drop -> first interval on screen', f.firstRowMs, atopMs, '<= 300 ms');
  add(label, 'browser: drop -> all samples indexed (data-load-state=ready)', f.readyMs, atopMs, '<= 0.3x');
  add(label, 'browser: filter name:/regex/ across all rows', f.filterAllMs, atopMs, '<= 300 ms');
  if (f.filterAllText)
    add(label, 'browser: whole-log filter, as the page shows it', null, null, '', f.filterAllText);
  add(label, 'browser: filter within one interval', f.filterIntervalMs, atopMs, '<= 16 ms');
  add(label, 'browser: sort within one interval', f.sortIntervalMs, atopMs, '<= 16 ms');
  add(label, 'browser: system charts redrawn over the whole log', f.chartsMs, null, '<= 50 ms');
  add(label, 'browser: crosshair move over the charts', f.hoverMs, null, '<= 8 ms');
  add(
    label,
    'browser: range totals over every sample, to the painted table',
    f.rangeTotalsMs,
    atopMs,
    label.startsWith('day') ? '<= 1 s' : '<= 15 s',
  );
  add(label, 'browser: lifeline of a process, to the painted charts', f.lifelineMs, null, '<= 300 ms');
  add(label, 'browser: longest main-thread task while reading', f.longestTaskMs, null, '');
  add(
    label,
    'browser: system series held by the page',
    null,
    null,
    '< 40 MB',
    f.seriesMB === null ? 'n/a' : `${f.seriesMB.toFixed(1)} MB`,
  );
  const growth =
    f.peakRendererRssMB !== null && f.baselineRendererRssMB !== null
      ? f.peakRendererRssMB - f.baselineRendererRssMB
      : null;
  const perRow = (mb: number) => ((mb * 2 ** 20) / f.rows).toFixed(0);
  add(
    label,
    'browser: peak RSS of the page renderer (page + workers)',
    null,
    null,
    '<= 160 MB (60 B/row)',
    f.peakRendererRssMB === null
      ? 'n/a'
      : `${f.peakRendererRssMB.toFixed(0)} MB = ${perRow(f.peakRendererRssMB)} B/row; ` +
          `growth over the idle page ${growth?.toFixed(0) ?? '?'} MB = ${growth === null ? '?' : perRow(growth)} B/row; ` +
          `page JS heap ${f.jsHeapUsedMB?.toFixed(0) ?? '?'} MB`,
  );
  if (f.isolates.length > 0)
    add(
      label,
      'browser: peak memory per isolate (V8 heap committed + ArrayBuffers)',
      null,
      null,
      '',
      isolatesLine(f.isolates),
    );
  if (f.isolatesLive)
    add(
      label,
      'browser: live per isolate at the end, after a full GC in each (MB)',
      null,
      null,
      '',
      f.isolatesLive,
    );
  if (f.allocators)
    add(
      label,
      'browser: renderer allocators, growth over the idle page (memory-infra, MB; end size)',
      null,
      null,
      '',
      f.allocators,
    );
  add(label, 'browser: tab', null, null, 'alive', f.crashed ? 'CRASHED' : `alive, load state ${f.loadState}`);
  for (const n of f.notes) add(label, 'browser: note', null, null, '', n);
}

/** One interval of 100,000 processes (the e2e scale test's log), for the scroll figure. */
function scrollTarget(): ScrollTarget {
  const log = synthLog(2, 100_000);
  return { file: log.path, tasks: log.tasks };
}

function scrollRows(b: BrowserRun): void {
  const s = b.scroll;
  if (b.skipped || !s) return;
  const label = `scroll (${s.tasks.toLocaleString('en')} processes in one interval, e2e/synth.ts)`;
  add(
    label,
    'browser: scroll the process table top to bottom, frame time median',
    s.medianFrameMs,
    null,
    '<= 16 ms',
  );
  add(
    label,
    'browser: scroll the process table top to bottom, frame time p95',
    s.p95FrameMs,
    null,
    '<= 16 ms',
    s.p95FrameMs === null
      ? 'n/a'
      : `${fmtMs(s.p95FrameMs)} (max ${s.maxFrameMs === null ? '?' : fmtMs(s.maxFrameMs)})`,
  );
  for (const n of s.notes) add(label, 'browser: note', null, null, '', n);
}

function machine(): string {
  const c = cpus();
  let model = c[0]?.model ?? 'unknown CPU';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // keep os.cpus()'s
  }
  return `${model}, ${c.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

function table(): string {
  const head = ['log', 'figure', 'value', 'ratio to atop', 'target'];
  const body = rows.map((r) => [r.file, r.figure, r.value, ratio(r), r.target]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join(
    '\n',
  );
}

/** atop's time and the day log's rows from the last full run, for --browser-only. */
function previousAtop(label: string): { ms: number | null; rows: number | null } {
  try {
    const prev = JSON.parse(readFileSync(join(OUT, 'results.json'), 'utf8')) as { rows: Row[] };
    const atop = prev.rows.find((r) => r.file === label && r.figure.startsWith('atop -r'));
    const rows = prev.rows
      .find((r) => r.file === label && r.figure.startsWith('samples'))
      ?.value.split(' / ')[1]
      ?.replaceAll(',', '');
    return { ms: atop?.ms ?? null, rows: rows ? Number(rows) : null };
  } catch {
    return { ms: null, rows: null };
  }
}

async function browserOnly(): Promise<void> {
  const w = await ensureWorkload(undefined, !quick);
  const dayLabel = `day (${w.day.samples} samples, ${(w.day.bytes / 1e6).toFixed(1)} MB)`;
  const bigLabel = w.big ? `big (${w.big.samples} samples, ${(w.big.bytes / 1e9).toFixed(2)} GB)` : '';
  const day = previousAtop(dayLabel);
  const big = previousAtop(bigLabel);
  if (day.ms !== null)
    add(
      dayLabel,
      'atop -r FILE -P PRG,PRC,PRM,PRD,PRN > /dev/null (from the last full run)',
      day.ms,
      day.ms,
      'reference',
    );
  const dayRows = day.rows ?? 0;
  const targets = [{ file: w.day.path, rows: dayRows }];
  if (w.big) targets.push({ file: w.big.path, rows: Math.round((dayRows / w.day.samples) * w.big.samples) });
  const browser = await measureBrowser(targets, undefined, undefined, browserRuns, scrollTarget());
  browserRows(dayLabel, browser, 0, day.ms);
  if (w.big) browserRows(bigLabel, browser, 1, big.ms);
  scrollRows(browser);
  const out =
    `atopview benchmark (browser only), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n` +
    `machine: ${machine()}\n${browser.chromium}\n\n${table()}\n`;
  process.stdout.write('\n' + out);
  writeFileSync(join(OUT, 'results-browser.md'), out);
  writeFileSync(join(OUT, 'results-browser.json'), JSON.stringify({ rows, browser }, null, 2));
  say(`written ${join(OUT, 'results-browser.md')} (results.md keeps the last full run)`);
}

async function main(): Promise<void> {
  if (args.has('--browser-only')) return browserOnly();
  const withBig = !quick;
  const w = await ensureWorkload(undefined, withBig);
  say('building the CLI bundle (dist-cli/atopview.mjs)');
  await buildCli();
  const atopVersion = w.recorded.atop;
  const dayLabel = `day (${w.day.samples} samples, ${(w.day.bytes / 1e6).toFixed(1)} MB)`;
  const dayAtop = await cliFigures(w.day, dayLabel, runs, args.has('--export'));
  say('inflate engines on the day log');
  engineRows(dayLabel, await measureEngines(w.day.path, Math.max(1, Math.min(runs, 3))));
  say('resync over 16 MiB of garbage');
  const rs = await measureResync(Math.max(1, Math.min(runs, 3)));
  add(
    'resync (test/fixtures 2.13 + 16 MiB of random bytes)',
    'core: read the damaged log, skipping the garbage to the next record (readAllSamples)',
    rs.ms,
    null,
    '',
    `${fmtMs(rs.ms)} = ${((rs.garbageBytes / 2 ** 20 / rs.ms) * 1000).toFixed(0)} MiB/s of garbage; ` +
      `${rs.samples} samples, ${rs.bytesSkipped.toLocaleString('en')} bytes skipped`,
  );
  if (!args.has('--no-browser')) {
    say('inflate engines in a Chromium worker (first 240 samples of the day log)');
    const b = await measureEnginesInChromium(w.day.path, 3, 240);
    if (typeof b === 'string') add(dayLabel, 'inflate in Chromium', null, null, '', `skipped: ${b}`);
    else
      for (const e of b)
        add(
          dayLabel,
          `inflate in a Chromium worker, ${e.engine}`,
          null,
          null,
          '',
          `${(e.system + e.tasks).toFixed(2)} ms/sample (system ${e.system.toFixed(2)}, tasks ${e.tasks.toFixed(2)})${e.ok ? '' : ' FAILED'}`,
        );
  }
  let bigAtop: number | null = null;
  const bigLabel = w.big ? `big (${w.big.samples} samples, ${(w.big.bytes / 1e9).toFixed(2)} GB)` : '';
  if (w.big && !args.has('--no-big-cli')) {
    bigAtop = await cliFigures(w.big, bigLabel, 1, null);
    if (args.has('--export')) {
      // the memory bound: the 1 GB log's Parquet export in at most 400 MB
      say(`${bigLabel}: atopview export --format parquet`);
      const e = await atopviewExport(w.big.path, 'parquet', join(OUT, 'big.parquet'));
      exportRow(bigLabel, w.big, 'parquet', [{ ...e, atop: bigAtop }]);
    }
  }
  let browser: BrowserRun | null = null;
  if (!args.has('--no-browser')) {
    say('browser: build, serve, measure');
    const dayRows = rows
      .find((r) => r.file === dayLabel && r.figure.startsWith('samples'))
      ?.value.split(' / ')[1]
      ?.replaceAll(',', '');
    const targets = [{ file: w.day.path, rows: Number(dayRows ?? 0) }];
    if (w.big)
      targets.push({
        file: w.big.path,
        rows: Math.round((Number(dayRows ?? 0) / w.day.samples) * w.big.samples),
      });
    browser = await measureBrowser(targets, undefined, undefined, browserRuns, scrollTarget());
    browserRows(dayLabel, browser, 0, dayAtop);
    if (w.big) browserRows(bigLabel, browser, 1, bigAtop);
    scrollRows(browser);
  }
  const header =
    `atopview benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n` +
    `machine: ${machine()}\n` +
    `atop ${atopVersion} (the peer, same files, same run)` +
    (browser?.chromium ? `; ${browser.chromium}` : '') +
    `\nworkload: atop -w of ${w.recorded.samples} samples, ${(w.recorded.bytes / 1e6).toFixed(1)} MB, scaled by repeating records (bench/lib/workload.ts)\n`;
  const out = `${header}\n${table()}\n`;
  process.stdout.write('\n' + out);
  writeFileSync(join(OUT, 'results.md'), out);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ header, rows, browser }, null, 2));
  say(`written ${join(OUT, 'results.md')} and results.json`);
}

await main();
