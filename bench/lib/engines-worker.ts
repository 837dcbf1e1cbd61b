// Runs in a Chromium dedicated worker (bundled by lib/engines-browser.ts): inflates every blob
// it is sent with each engine into reused buffers and reports ms per sample per blob kind.
import { BlobInflater, type InflateEngine } from '../../src/format/inflate';

interface Job {
  readonly blobs: { readonly kind: 'system' | 'tasks'; readonly input: Uint8Array; readonly size: number }[];
  readonly samples: number;
  readonly runs: number;
}

type Fflate = { unzlibSync(data: Uint8Array, opts?: { out?: Uint8Array }): Uint8Array };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Job>) => void) | null;
  postMessage(m: unknown): void;
  fflate?: Fflate;
};

scope.onmessage = (e) => {
  const { blobs, samples, runs } = e.data;
  const engines: [string, (input: Uint8Array, out: Uint8Array) => boolean][] = (
    ['pako', 'fast'] as InflateEngine[]
  ).map((name) => {
    const b = new BlobInflater(name);
    return [
      name === 'fast' ? 'fast-copy pako (BlobInflater default)' : 'pako 3 (BlobInflater "pako")',
      (i, o) => b.inflateInto(i, o).ok,
    ];
  });
  const ff = scope.fflate;
  if (ff)
    engines.push([
      'fflate unzlibSync (no Adler-32 check)',
      (i, o) => {
        ff.unzlibSync(i, { out: o });
        return true;
      },
    ]);
  const bufs = new Map<number, Uint8Array>();
  const out = (n: number) => {
    let b = bufs.get(n);
    if (!b) bufs.set(n, (b = new Uint8Array(n)));
    return b;
  };
  const results = engines.map(([name, f]) => {
    let ok = true;
    for (const b of blobs) ok &&= f(b.input, out(b.size));
    const per = { system: [] as number[], tasks: [] as number[] };
    for (let r = 0; r < runs; r++) {
      const t = { system: 0, tasks: 0 };
      for (const b of blobs) {
        const o = out(b.size);
        const t0 = performance.now();
        f(b.input, o);
        t[b.kind] += performance.now() - t0;
      }
      per.system.push(t.system / samples);
      per.tasks.push(t.tasks / samples);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return { engine: name, system: med(per.system), tasks: med(per.tasks), ok };
  });
  scope.postMessage(results);
};
