// Our decode agrees with atop's own `-P ALL` output for every capture, field by field.
// Columns that atop computes or rounds are listed by the oracle parser as skipped and are
// printed once per version below, so what is not checked is visible.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare } from './oracle/compare';
import { parseParseable, plainFieldExpectations } from './oracle/parseable';
import { fixtureDirs, readFixture } from './helpers';
import { ORACLE_LABELS } from './oracle/labels';

describe('decode agrees with atop -P', () => {
  for (const f of fixtureDirs()) {
    it(`${f.name} (format ${f.version})`, async () => {
      const text = readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1');
      const lines = parseParseable(text, f.version);
      const { expectations } = plainFieldExpectations(lines, f.version, ORACLE_LABELS);
      const contents = await readFixture(join(f.dir, 'sample.raw'));
      expect(contents.error).toBeNull();
      const nSamples = new Set(lines.map((l) => l.sample)).size;
      expect(contents.samples).toHaveLength(nSamples);
      // every PR* line is one task entry, in file order
      for (let s = 0; s < nSamples; s++) {
        const prg = lines.filter((l) => l.sample === s && l.label === 'PRG').length;
        expect(contents.samples[s]!.tasks.count, `tasks in sample ${s}`).toBe(prg);
      }
      expect(expectations.length).toBeGreaterThan(500);
      const mismatches = compare(contents, expectations);
      const shown = mismatches
        .slice(0, 20)
        .map(
          (m) =>
            `${m.e.label} s${m.e.sample} l${m.e.line} col ${m.e.col} ${m.e.field}: atop ${m.e.expected} ours ${m.ours}`,
        );
      expect(shown).toEqual([]);
    });
  }
});
