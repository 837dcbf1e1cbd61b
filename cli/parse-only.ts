// `parse-only FILE [--jobs N] [--json]`: inflates and decodes every sample and task of a
// log exactly as `export` does (decodeRecord: system blob, task columns with interned
// strings, cgroups), but writes no rows: prints what was read and how long it took. The
// benchmark times this against `atop -r FILE -P …`; it is also a quick integrity check.
//
// Records are independent, so with --jobs N > 1 (default: the number of cores) this thread
// only walks the record headers and hands the records' compressed blobs (transferred, not
// copied) to N worker threads that decode them. --jobs 1 decodes in this thread.
// Also runnable on its own: `tsx cli/parse-only.ts FILE [--jobs N] [--json]`.
import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  BlobInflater,
  StringTable,
  decodeRecord,
  readLog,
  readSamples,
  type DecodeContext,
  type FormatError,
  type RawRecord,
} from '../src/format/index';
import { openFile, type FileSource } from './file-source';

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
  for await (const ev of readSamples(src.chunks, { totalSize: src.size })) {
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
}

type ToWorker = { readonly records: RawRecord[] } | { readonly finish: true };

type FromWorker =
  | { readonly done: number; readonly rows: number; readonly skipped: FormatError[] }
  | { readonly strings: string[] };

/** Records in flight per worker before the reader waits. */
const IN_FLIGHT = 48;
const BATCH = 8;

/** A record with copies of its blobs, ready to transfer: the reader keeps its own buffers
 * (copying ~30 KB a record costs far less than decoding it). */
function transferable(r: RawRecord): { record: RawRecord; transfer: ArrayBuffer[] } {
  const copy = <T extends Uint8Array<ArrayBuffer> | null>(b: T): T => (b ? b.slice() : b) as T;
  const record = {
    ...r,
    sblob: copy(r.sblob),
    pblob: copy(r.pblob),
    cblob: copy(r.cblob),
    iblob: copy(r.iblob),
  };
  const transfer = [record.sblob, record.pblob, record.cblob, record.iblob]
    .filter((b) => b !== null)
    .map((b) => b.buffer);
  return { record, transfer };
}

/** A worker running this module. Run from TypeScript sources (tsx), the worker registers
 * tsx's loader itself first: a worker thread does not inherit it (tsx issue #354). */
function startWorker(init: WorkerInit): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: init });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(self)}); })`;
  return new Worker(boot, { eval: true, workerData: init });
}

export async function parseOnlyParallel(file: string, jobs: number): Promise<ParseOnlyResult> {
  const t0 = performance.now();
  const src = await openFile(file);
  const workers = Array.from({ length: jobs }, () => startWorker({ parseOnlyWorker: true, file }));
  const inFlight = new Array<number>(jobs).fill(0);
  let samples = 0;
  let rows = 0;
  const skipped: FormatError[] = [];
  const strings = new Set<string>(['']);
  // set from worker callbacks: the reader loop below waits on `wake` and checks `failure`
  const sync: { wake: (() => void) | null; failure: Error | null } = { wake: null, failure: null };
  const check = () => {
    if (sync.failure) throw sync.failure;
  };
  const finished: Promise<void>[] = workers.map(
    (w, i) =>
      new Promise<void>((resolve, reject) => {
        w.on('message', (m: FromWorker) => {
          if ('strings' in m) {
            for (const s of m.strings) strings.add(s);
            resolve();
            return;
          }
          inFlight[i]! -= m.done;
          samples += m.done - m.skipped.length;
          rows += m.rows;
          skipped.push(...m.skipped);
          sync.wake?.();
        });
        w.on('error', (e) => {
          sync.failure = e;
          sync.wake?.();
          reject(e);
        });
        w.on('exit', (code) => {
          if (code !== 0) reject(new Error(`parse-only worker exited with ${code}`));
        });
      }),
  );
  for (const p of finished) void p.catch(() => undefined);
  const pending: { record: RawRecord; transfer: ArrayBuffer[] }[][] = workers.map(() => []);
  const flush = (i: number) => {
    const batch = pending[i]!;
    if (batch.length === 0) return;
    workers[i]!.postMessage(
      { records: batch.map((b) => b.record) } satisfies ToWorker,
      batch.flatMap((b) => b.transfer),
    );
    pending[i] = [];
  };
  let bytes = 0;
  const problems: FormatError[] = [];
  try {
    for await (const ev of readLog(src.chunks, { totalSize: src.size })) {
      check();
      if (ev.type === 'record') {
        // the least busy worker; wait while all are full
        let i = inFlight.indexOf(Math.min(...inFlight));
        while (inFlight[i]! >= IN_FLIGHT) {
          for (let j = 0; j < jobs; j++) flush(j);
          await new Promise<void>((r) => {
            sync.wake = r;
          });
          sync.wake = null;
          check();
          i = inFlight.indexOf(Math.min(...inFlight));
        }
        inFlight[i]!++;
        pending[i]!.push(transferable(ev.record));
        if (pending[i]!.length >= BATCH) flush(i);
      } else if (ev.type === 'end') {
        bytes = ev.bytes;
        if (ev.error) problems.push(ev.error);
      }
    }
    workers.forEach((w, i) => {
      flush(i);
      w.postMessage({ finish: true } satisfies ToWorker);
    });
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  skipped.sort((a, b) => (a.sample ?? 0) - (b.sample ?? 0));
  return {
    samples,
    rows,
    strings: strings.size,
    bytes,
    ms: performance.now() - t0,
    jobs,
    problems: [...skipped, ...problems],
  };
}

async function workerMain(init: WorkerInit): Promise<void> {
  const port = parentPort!;
  // the header (and with it the layout) comes from the file itself
  const src = await openFile(init.file);
  let ctx: DecodeContext | null = null;
  for await (const ev of readLog(src.chunks, { totalSize: src.size })) {
    if (ev.type === 'header') ctx = { ...ev.log, inflater: new BlobInflater(), strings: new StringTable() };
    break;
  }
  if (!ctx) throw new Error('parse-only worker: no file header');
  const c = ctx;
  port.on('message', (m: ToWorker) => {
    if ('finish' in m) {
      port.postMessage({ strings: c.strings.values } satisfies FromWorker);
      return;
    }
    let rows = 0;
    const skipped: FormatError[] = [];
    for (const r of m.records) {
      const s = decodeRecord(c, r);
      if (s.ok) rows += s.value.tasks.count;
      else skipped.push(s.error);
    }
    port.postMessage({ done: m.records.length, rows, skipped } satisfies FromWorker);
  });
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
  for (const p of problems) {
    const where =
      `byte offset ${p.offset}` + (p.sample === null ? '' : `, sample ${p.sample + 1} (index ${p.sample})`);
    process.stderr.write(`atopview: ${p.code} at ${where}: ${p.message}\n`);
  }
  return problems.length > 0 ? 1 : 0;
}

function invokedDirectly(): boolean {
  const main = process.argv[1];
  if (!main) return false;
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
