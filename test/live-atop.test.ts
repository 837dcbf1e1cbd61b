// Records a fresh log with this machine's own atop and checks our decode against that atop's
// -P output, so every machine that runs the tests checks the project on its own atop.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixture } from './helpers';
import { compare } from './oracle/compare';
import { parseParseable, plainFieldExpectations } from './oracle/parseable';
import { ORACLE_LABELS } from './oracle/labels';

const hasAtop = spawnSync('atop', ['-V']).status === 0;
// On CI atop is installed by .ci/run: a missing atop there is a failure, not a skip.
const run = hasAtop || process.env.CI ? describe : describe.skip;
const dir = mkdtempSync(join(tmpdir(), 'atopview-live-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

run("this machine's atop", () => {
  it('writes a log that we decode exactly as it reads it back', async () => {
    const raw = join(dir, 'live.raw');
    execFileSync('atop', ['-w', raw, '1', '3'], { timeout: 30_000, stdio: 'ignore' });
    const text = execFileSync('atop', ['-r', raw, '-P', 'ALL'], {
      env: { ...process.env, TZ: 'UTC' },
      encoding: 'latin1',
      maxBuffer: 1 << 28,
    });
    const contents = await readFixture(raw);
    expect(contents.error).toBeNull();
    expect(contents.samples).toHaveLength(3);
    const version = contents.log!.header.version;
    const lines = parseParseable(text, version);
    const { expectations } = plainFieldExpectations(lines, version, ORACLE_LABELS);
    expect(expectations.length).toBeGreaterThan(1000);
    for (let s = 0; s < 3; s++)
      expect(contents.samples[s]!.tasks.count).toBe(
        lines.filter((l) => l.sample === s && l.label === 'PRG').length,
      );
    const mismatches = compare(contents, expectations).map(
      (m) => `${m.e.label} s${m.e.sample} l${m.e.line} ${m.e.field}: atop ${m.e.expected} ours ${m.ours}`,
    );
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
