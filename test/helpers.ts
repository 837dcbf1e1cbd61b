// Shared by the tests: fixture discovery (one folder per capture) and reading logs.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chunksOf, readAllSamples, type LogContents } from '../src/format/index';
import { Rng } from './fuzz/mutate';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface FixtureDir {
  /** e.g. "atop-2.8" or "external/2.7.1" */
  readonly name: string;
  readonly dir: string;
  /** format version, e.g. "2.8" */
  readonly version: string;
}

export function fixtureDirs(): FixtureDir[] {
  const own = readdirSync(join(FIXTURES, 'atop'))
    .filter((d) => d.startsWith('atop-'))
    .map((d) => ({ name: d, dir: join(FIXTURES, 'atop', d), version: d.slice('atop-'.length) }));
  const extRoot = join(FIXTURES, 'external/atoparser');
  const ext = readdirSync(extRoot)
    .filter((d) => existsSync(join(extRoot, d, 'sample.raw')))
    .map((d) => {
      const meta = JSON.parse(readFileSync(join(extRoot, d, 'meta.json'), 'utf8')) as {
        format_version: string;
      };
      return { name: `external/${d}`, dir: join(extRoot, d), version: meta.format_version };
    });
  return [...own, ...ext];
}

export async function readFixture(path: string, chunk = 4096): Promise<LogContents> {
  const u8 = readFileSync(path);
  return readAllSamples(chunksOf(u8, chunk), { totalSize: u8.length });
}

/** A deterministic PRNG in [0, 1) (the fuzz harness's mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}
