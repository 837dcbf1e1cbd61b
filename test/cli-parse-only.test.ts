// `parse-only`, the mode the benchmark times against atop: single-threaded and with a worker
// pool it reads what readAllSamples reads (samples, task rows, distinct strings) and reports
// damage the same way, with the exit status the CLI contract gives.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureDirs, readFixture } from './helpers';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface Summary {
  samples: number;
  rows: number;
  strings: number;
  jobs: number;
  problems: number;
}

function parseOnly(file: string, jobs: number): { code: number | null; summary: Summary; err: string } {
  const r = spawnSync(TSX, [join(ROOT, 'cli/parse-only.ts'), file, '--jobs', String(jobs), '--json'], {
    encoding: 'utf8',
  });
  return { code: r.status, summary: JSON.parse(r.stdout.trim() || '{}') as Summary, err: r.stderr };
}

describe('parse-only', () => {
  const files = [
    ...fixtureDirs()
      .filter((d) => ['atop-2.8', 'atop-2.13', 'atop-1.26', 'external/2.11.1'].includes(d.name))
      .map((d) => join(d.dir, 'sample.raw')),
    join(FIXTURES, 'broken/sample.raw.gz'),
  ];

  for (const file of files)
    it(`counts what readAllSamples reads, on 1 and 2 threads: ${file.slice(FIXTURES.length + 1)}`, async () => {
      const ref = await readFixture(file);
      const rows = ref.samples.reduce((n, s) => n + s.tasks.count, 0);
      const strings = new Set(ref.strings.values).size;
      for (const jobs of [1, 2]) {
        const r = parseOnly(file, jobs);
        expect(r.code, r.err).toBe(0);
        expect(r.summary).toMatchObject({ samples: ref.samples.length, rows, strings, jobs, problems: 0 });
      }
    });

  it('reports a corrupt sample and a truncated end, with exit status 1, on 1 and 2 threads', () => {
    for (const [name, samples] of [
      ['corrupt-zlib-in-record.raw', 4],
      ['truncated-in-record-data.raw', 3],
    ] as const)
      for (const jobs of [1, 2]) {
        const r = parseOnly(join(FIXTURES, 'broken', name), jobs);
        expect(r.code, `${name} jobs ${jobs}`).toBe(1);
        expect(r.summary.samples, `${name} jobs ${jobs}`).toBe(samples);
        expect(r.summary.problems).toBeGreaterThan(0);
        expect(r.err).toMatch(/atopview: [a-z-]+ at byte offset \d+/);
      }
  });

  it('refuses unknown options', () => {
    const r = spawnSync(
      TSX,
      [join(ROOT, 'cli/parse-only.ts'), join(FIXTURES, 'broken/empty.raw'), '--bogus'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
  });

  it('the bundled CLI (npm run build:cli) runs parse-only on worker threads and the other commands once', () => {
    const out = mkdtempSync(join(tmpdir(), 'atopview-cli-'));
    const bundle = join(out, 'atopview.mjs');
    const build = spawnSync(
      join(ROOT, 'node_modules/.bin/esbuild'),
      [join(ROOT, 'cli/main.ts'), '--bundle', '--platform=node', '--format=esm', `--outfile=${bundle}`],
      { encoding: 'utf8' },
    );
    expect(build.status, build.stderr).toBe(0);
    const file = join(FIXTURES, 'atop/atop-2.13/sample.raw');
    const p = spawnSync('node', [bundle, 'parse-only', file, '--jobs', '2', '--json'], { encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    const tsx = parseOnly(file, 1).summary;
    expect(JSON.parse(p.stdout) as Summary).toMatchObject({
      ...tsx,
      jobs: 2,
      ms: expect.any(Number) as number,
    });
    const e = spawnSync('node', [bundle, 'export', file], { encoding: 'utf8' });
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout.trim().split('\n')).toHaveLength(tsx.rows);
  });
});
