// The page's Parquet export: a worker of its own for each save (started on demand, ended
// after: the wasm writer's memory goes with it). It reads the same File(s) the page opened,
// in slices into reused buffers, and runs the writer the CLI runs (src/export/save-tasks.ts),
// streaming into the file the person picked or into a Blob returned for a download.
// parquet-wasm's .wasm is an asset of this build, fetched from the page's own origin.
import { expose } from 'comlink';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { initParquetWasm } from '../export/parquet';
import { saveTaskParquet, type SaveProgress } from '../export/save-tasks';
import type { ByteSink } from '../export/table';
import { ALL_RECORDS, type LogSource } from '../export/walk';
import { FileSlices } from './chunks';
import {
  READ_CHUNK_BYTES,
  type ExportFile,
  type ExportWorkerApi,
  type ParquetSaveOutcome,
  type ParquetSaveProgress,
} from './protocol';

const signal = { aborted: false };

async function loadWasm(): Promise<void> {
  const r = await fetch(wasmUrl);
  if (!r.ok) throw new Error(`the Parquet writer could not be loaded (HTTP ${r.status})`);
  initParquetWasm(await WebAssembly.compile(await r.arrayBuffer()));
}

/** A File read in slices into buffers reused once the records in them are done with (chunks.ts). */
function source(f: ExportFile): LogSource {
  const slices = new FileSlices(f.blob, READ_CHUNK_BYTES, { bytes: 0 }, () => undefined);
  return {
    chunks: slices.chunks(),
    size: f.blob.size,
    consumed: (o) => {
      slices.releaseBefore(o);
    },
  };
}

interface Sink extends ByteSink {
  readonly bytes: number;
  /** The file is complete: the picked file takes its content, or the Blob. */
  close(): Promise<Blob | null>;
  abort(): Promise<void>;
}

/** Into a picked file: Chromium writes to a temporary file and puts it in place on close. */
async function fileSink(handle: FileSystemFileHandle): Promise<Sink> {
  const w = await handle.createWritable();
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    async write(b) {
      bytes += b.length;
      await w.write(b as Uint8Array<ArrayBuffer>);
    },
    async close() {
      await w.close();
      return null;
    },
    abort: () => w.abort(),
  };
}

/** Into memory, as Blob parts of a few MB (the browser may keep large Blobs on disk). */
function blobSink(): Sink {
  const parts: Blob[] = [];
  let buf = new Uint8Array(4 << 20);
  let used = 0;
  let bytes = 0;
  const spill = () => {
    if (used > 0) parts.push(new Blob([buf.slice(0, used)]));
    used = 0;
  };
  return {
    get bytes() {
      return bytes;
    },
    write(b) {
      bytes += b.length;
      if (used + b.length > buf.length) spill();
      if (b.length > buf.length) parts.push(new Blob([b.slice()]));
      else {
        buf.set(b, used);
        used += b.length;
      }
    },
    close() {
      spill();
      buf = new Uint8Array(0);
      return Promise.resolve(new Blob(parts, { type: 'application/vnd.apache.parquet' }));
    },
    abort() {
      parts.length = 0;
      return Promise.resolve();
    },
  };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const api: ExportWorkerApi = {
  async save(req, onProgress): Promise<ParquetSaveOutcome> {
    let sink: Sink | null = null;
    try {
      await loadWasm();
      sink = req.target ? await fileSink(req.target) : blobSink();
      let last = 0;
      const progress = (p: SaveProgress) => {
        const now = performance.now();
        if (now - last < 100) return;
        last = now;
        onProgress(p satisfies ParquetSaveProgress);
      };
      const r = await saveTaskParquet(
        req.parts.map((part) => {
          const f = req.files[part.file]!;
          return { name: f.name, source: source(f), records: { from: part.from, to: part.to } };
        }),
        sink,
        {
          range: ALL_RECORDS,
          signal,
          onProgress: progress,
        },
      );
      if (r.cancelled) {
        await sink.abort();
        return { ok: false, cancelled: true, message: 'Saving was cancelled.' };
      }
      const blob = await sink.close();
      return { ok: true, rows: r.rows, samples: r.samples, bytes: sink.bytes, problems: r.problems, blob };
    } catch (e) {
      await sink?.abort().catch(() => undefined);
      return { ok: false, cancelled: false, message: message(e) };
    }
  },
  cancel() {
    signal.aborted = true;
  },
};

expose(api);
