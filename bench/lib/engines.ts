// Inflate engines compared on the blobs of a log, in this process: node:zlib (native, the
// ceiling), the pako package, atopview's vendored fast-copy pako (BlobInflater's default) and
// fflate if it can be imported (`fflate` installed, or ATOPVIEW_BENCH_FFLATE=path/to/fflate's
// esm/index.mjs). Every engine's output is compared with node:zlib's, blob by blob.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import {
  BlobInflater,
  chunksOf,
  readLog,
  recordBlobs,
  type OpenedLog,
  type RawRecord,
} from '../../src/format/index';

type Kind = 'system' | 'tasks';

interface Blob {
  readonly kind: Kind;
  readonly input: Uint8Array;
  readonly size: number;
}

type InflateFn = (input: Uint8Array, out: Uint8Array) => void;

interface EngineUnderTest {
  readonly name: string;
  /** Builds a fresh inflate function (its own state and, if it wants, reused buffers). */
  make(): InflateFn;
}

type Fflate = { unzlibSync(data: Uint8Array, opts?: { out?: Uint8Array }): Uint8Array };

async function loadFflate(): Promise<Fflate | null> {
  const candidates = [process.env.ATOPVIEW_BENCH_FFLATE, 'fflate'].filter((c): c is string => !!c);
  for (const c of candidates) {
    try {
      return (await import(c.startsWith('/') ? pathToFileURL(c).href : c)) as Fflate;
    } catch {
      // not available
    }
  }
  return null;
}

export async function engines(): Promise<EngineUnderTest[]> {
  const list: EngineUnderTest[] = [
    {
      name: 'node:zlib inflateSync (native; allocates its output)',
      make: () => (input, out) => {
        const r = inflateSync(input, { info: false, maxOutputLength: out.length });
        out.set(r);
      },
    },
    {
      name: 'pako 3 (BlobInflater "pako")',
      make: () => {
        const b = new BlobInflater('pako');
        return (input, out) => {
          const r = b.inflateInto(input, out);
          if (!r.ok) throw new Error(r.reason);
        };
      },
    },
    {
      name: 'fast-copy pako (BlobInflater default)',
      make: () => {
        const b = new BlobInflater();
        return (input, out) => {
          const r = b.inflateInto(input, out);
          if (!r.ok) throw new Error(r.reason);
        };
      },
    },
  ];
  const ff = await loadFflate();
  if (ff)
    list.push({
      name: 'fflate unzlibSync (no Adler-32 check)',
      make: () => (input, out) => {
        ff.unzlibSync(input, { out });
      },
    });
  return list;
}

export async function collectBlobs(
  path: string,
  maxSamples = Infinity,
): Promise<{ blobs: Blob[]; samples: number }> {
  const u8 = readFileSync(path);
  const blobs: Blob[] = [];
  let log: OpenedLog | null = null;
  let samples = 0;
  for await (const ev of readLog(chunksOf(u8, 1 << 22), { totalSize: u8.length })) {
    if (ev.type === 'header') log = ev.log;
    else if (ev.type === 'record') {
      if (samples >= maxSamples) break;
      const r: RawRecord = ev.record;
      const [system, tasks] = recordBlobs(r.rec, log!.header, log!.layout);
      blobs.push({ kind: 'system', input: r.sblob, size: system.origlen });
      blobs.push({ kind: 'tasks', input: r.pblob, size: tasks.origlen });
      samples++;
    }
  }
  return { blobs, samples };
}

export interface EngineFigure {
  readonly engine: string;
  /** ms per sample, median of the runs, per blob kind and in all */
  readonly system: number;
  readonly tasks: number;
  readonly total: number;
  readonly identical: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Inflates every blob with each engine (`runs` times, median), into reused buffers. */
export async function measureEngines(path: string, runs = 3, maxSamples = Infinity): Promise<EngineFigure[]> {
  const { blobs, samples } = await collectBlobs(path, maxSamples);
  const out: EngineFigure[] = [];
  for (const e of await engines()) {
    const f = e.make();
    const bufs = new Map<number, Uint8Array>();
    const bufFor = (n: number) => {
      let b = bufs.get(n);
      if (!b) bufs.set(n, (b = new Uint8Array(n)));
      return b;
    };
    let identical = true;
    // same bytes as native zlib, blob by blob (references are not kept: a day is 4 GB)
    for (const b of blobs) {
      const o = bufFor(b.size);
      o.fill(0xa5);
      f(b.input, o);
      if (!Buffer.from(o.buffer, o.byteOffset, o.length).equals(inflateSync(b.input))) identical = false;
    }
    const per: Record<Kind, number[]> = { system: [], tasks: [] };
    for (let run = 0; run < runs; run++) {
      const t: Record<Kind, number> = { system: 0, tasks: 0 };
      for (const b of blobs) {
        const o = bufFor(b.size);
        const t0 = performance.now();
        f(b.input, o);
        t[b.kind] += performance.now() - t0;
      }
      per.system.push(t.system / samples);
      per.tasks.push(t.tasks / samples);
    }
    const system = median(per.system);
    const tasks = median(per.tasks);
    out.push({ engine: e.name, system, tasks, total: system + tasks, identical });
  }
  return out;
}
