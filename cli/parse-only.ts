// `parse-only FILE [--jobs N] [--json]`: inflates and decodes every sample and task of a
// log exactly as `export` does (decodeRecord: system blob, task columns with interned
// strings, cgroups), but writes no rows: prints what was read and how long it took. The
// benchmark times this against `atop -r FILE -P …`; it is also a quick integrity check.
//
// Records are independent, so with --jobs N > 1 (default: the number of cores) N worker
// threads each walk the file and decode every N-th record. --jobs 1 decodes in this thread.
// Also runnable on its own: `tsx cli/parse-only.ts FILE [--jobs N] [--json]`.
import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  BlobInflater,
  ColumnPool,
  StringTable,
  decodeSafely,
  readLog,
  readSamples,
  type DecodeContext,
  type FormatError,
} from '../src/format/index';
import { openFile, type FileSource } from './file-source';
import { problemLine } from './problem-line';
import { runWorker } from './threads';

export interface ParseOnlyResult {
  readonly samples: number;
  readonly rows: number;
  /** Distinct text values (names, command lines …) over the whole log, the empty one included. */
  readonly strings: number;
  readonly bytes: number;
  readonly ms: number;
  readonly jobs: number;
  /** Skipped samples and the reason the walk ended early, in file order. */
  readonly problems: FormatError[];
}

/** Single-threaded: the same pipeline as `export`. */
export async function parseOnly(src: FileSource): Promise<ParseOnlyResult> {
  const t0 = performance.now();
  let samples = 0;
  let rows = 0;
  let table: StringTable | null = null;
  let bytes = 0;
  const problems: FormatError[] = [];
  for await (const ev of readSamples(src.chunks, { totalSize: src.size, transient: true })) {
    if (ev.type === 'header') table = ev.strings;
    else if (ev.type === 'sample') {
      samples++;
      rows += ev.sample.tasks.count;
    } else if (ev.type === 'skipped') problems.push(ev.error);
    else {
      bytes = ev.bytes;
      if (ev.error) problems.push(ev.error);
    }
  }
  return {
    samples,
    rows,
    strings: new Set(table?.values ?? []).size,
    bytes,
    ms: performance.now() - t0,
    jobs: 1,
    problems,
  };
}

// ---- worker pool -------------------------------------------------------------------------

interface WorkerInit {
  readonly parseOnlyWorker: true;
  readonly file: string;
  /** This worker decodes the records whose index is `part` modulo `parts`. */
  readonly part: number;
  readonly parts: number;
}

interface WorkerResult {
  readonly samples: number;
  readonly rows: number;
  readonly skipped: FormatError[];
  readonly strings: string[];
  /** How the walk ended (the same in every worker). */
  readonly bytes: number;
  readonly error: FormatError | null;
}

/**
 * Records are independent and walking the record headers costs little next to inflating
 * and decoding, so every worker walks the whole file itself and decodes only its share:
 * nothing is copied between threads and this thread stays idle.
 */
export async function parseOnlyParallel(file: string, jobs: number): Promise<ParseOnlyResult> {
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: jobs }, (_, part) =>
      runWorker<WorkerResult>(import.meta.url, { parseOnlyWorker: true, file, part, parts: jobs }),
    ),
  );
  const strings = new Set<string>(['']);
  for (const r of results) for (const v of r.strings) strings.add(v);
  const skipped = results.flatMap((r) => r.skipped).sort((a, b) => (a.sample ?? 0) - (b.sample ?? 0));
  const { bytes, error } = results[0]!;
  return {
    samples: results.reduce((n, r) => n + r.samples, 0),
    rows: results.reduce((n, r) => n + r.rows, 0),
    strings: strings.size,
    bytes,
    ms: performance.now() - t0,
    jobs,
    problems: error ? [...skipped, error] : skipped,
  };
}

async function workerMain(init: WorkerInit): Promise<void> {
  const src = await openFile(init.file);
  let ctx: DecodeContext | null = null;
  let samples = 0;
  let rows = 0;
  const skipped: FormatError[] = [];
  let end: { bytes: number; error: FormatError | null } = { bytes: 0, error: null };
  for await (const ev of readLog(src.chunks, { totalSize: src.size })) {
    if (ev.type === 'header')
      ctx = {
        ...ev.log,
        inflater: new BlobInflater(),
        strings: new StringTable(),
        transient: new ColumnPool(),
      };
    else if (ev.type === 'record') {
      if (!ctx || ev.record.index % init.parts !== init.part) continue;
      const s = decodeSafely(ctx, ev.record);
      if (s.ok) {
        samples++;
        rows += s.value.tasks.count;
      } else skipped.push(s.error);
    } else end = { bytes: ev.bytes, error: ev.error };
  }
  const result: WorkerResult = {
    samples,
    rows,
    skipped,
    strings: ctx?.strings.values ?? [],
    ...end,
  };
  parentPort!.postMessage(result);
}

// ---- command -----------------------------------------------------------------------------

/** The `parse-only` command: exit status 0 for a clean log, 1 if samples were skipped or the walk ended early. */
export async function runParseOnly(file: string, rest: readonly string[]): Promise<number> {
  let json = false;
  let jobs = availableParallelism();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--jobs' && /^[1-9]\d*$/.test(rest[i + 1] ?? '')) jobs = Number(rest[++i]);
    else {
      process.stderr.write(`atopview: unknown or incomplete option ${a ?? ''} for parse-only\n`);
      return 2;
    }
  }
  const r = jobs > 1 ? await parseOnlyParallel(file, jobs) : await parseOnly(await openFile(file));
  const { problems, ...figures } = r;
  if (json) process.stdout.write(JSON.stringify({ ...figures, problems: problems.length }) + '\n');
  else
    process.stdout.write(
      `samples: ${r.samples}\nrows:    ${r.rows}\nstrings: ${r.strings}\nbytes:   ${r.bytes}\n` +
        `time:    ${(r.ms / 1000).toFixed(3)} s with ${r.jobs} thread${r.jobs > 1 ? 's' : ''}` +
        ` (${(r.rows / (r.ms / 1000) / 1e6).toFixed(2)} M rows/s)\n`,
    );
  for (const p of problems) process.stderr.write(problemLine(p) + '\n');
  return problems.length > 0 ? 1 : 0;
}

/** Run as `tsx cli/parse-only.ts` (not imported by main.ts, nor bundled into atopview.mjs). */
function invokedDirectly(): boolean {
  const main = process.argv[1];
  if (!main || !/parse-only\.[tj]s$/.test(import.meta.url)) return false;
  try {
    return realpathSync(main) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

function isWorkerInit(d: unknown): d is WorkerInit {
  return typeof d === 'object' && d !== null && (d as Partial<WorkerInit>).parseOnlyWorker === true;
}

if (!isMainThread && isWorkerInit(workerData)) {
  workerMain(workerData).catch((e: unknown) => {
    throw e;
  });
} else if (isMainThread && invokedDirectly()) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: parse-only FILE [--jobs N] [--json]\n');
    process.exitCode = 2;
  } else
    runParseOnly(file, rest).then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`atopview: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 2;
      },
    );
}
