// Records straddle chunk boundaries: any cut of the byte stream must decode identically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAllSamples } from '../src/format/index';
import { FIXTURES, fixtureDirs, rng, samplesDifference } from './helpers';

async function* randomCuts(u8: Uint8Array, seed: number, max: number): AsyncGenerator<Uint8Array> {
  const r = rng(seed);
  let at = 0;
  while (at < u8.length) {
    const n = Math.max(0, Math.floor(r() * max)); // zero-length chunks happen too
    yield u8.slice(at, Math.min(u8.length, at + n));
    at += n;
  }
}

describe('chunked reading', () => {
  for (const f of fixtureDirs()) {
    it(`${f.name}: random cut points give the same samples as one chunk`, async () => {
      const u8 = readFileSync(join(f.dir, 'sample.raw'));
      const whole = await readAllSamples([u8]);
      expect(whole.error).toBeNull();
      for (const [seed, max] of [
        [1, 7],
        [2, 97],
        [3, 1500],
      ] as const) {
        const cut = await readAllSamples(randomCuts(u8, seed, max), { totalSize: u8.length });
        expect(cut.error).toBeNull();
        expect(samplesDifference(cut, whole), `seed ${seed}`).toBeNull();
      }
    });
  }

  it('gunzips transparently, whatever the cuts', async () => {
    const raw = readFileSync(join(FIXTURES, 'atop/atop-2.13/sample.raw'));
    const gz = gzipSync(raw);
    const plain = await readAllSamples([raw]);
    const viaGzip = await readAllSamples(randomCuts(gz, 9, 300), { totalSize: gz.length });
    expect(viaGzip.log?.gzip).toBe(true);
    expect(samplesDifference(viaGzip, plain)).toBeNull();
  });

  it('reports a truncated gzip file with the samples before the cut', async () => {
    const raw = readFileSync(join(FIXTURES, 'atop/atop-2.13/sample.raw'));
    const gz = gzipSync(raw);
    const cut = await readAllSamples(randomCuts(gz.subarray(0, Math.floor(gz.length * 0.7)), 4, 500));
    expect(cut.samples.length).toBeGreaterThan(0);
    expect(cut.samples.length).toBeLessThan(5);
    expect(cut.error).not.toBeNull();
  });
});
