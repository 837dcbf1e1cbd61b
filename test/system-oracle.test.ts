// Every column of every system line atop's own -P prints (CPU cpu CPL MEM SWP PAG PSI LVM
// MDD DSK NFM NFC NFS NET IFB NUM NUC LLC GPU, those the capture has) equals what we read
// through the compiled sstat plan, for every capture; and atop prints one per-entry line
// for each entry our count members (layouts/system-meta.ts) say is in use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entriesInUse, sstatView } from '../src/format/index';
import { parseParseable, groupFor } from './oracle/parseable';
import { SYSTEM_LABELS, systemChecks } from './oracle/system-columns';
import { LABEL_ARRAYS, latin1ToUtf8, planValues, readSystemLog, systemCaptures } from './system-helpers';

const tally = new Map<string, number>();

describe('system figures agree with atop -P, every column', () => {
  for (const f of systemCaptures()) {
    it(`${f.name} (format ${f.version})`, async () => {
      const lines = parseParseable(readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1'), f.version);
      const { log, plan, samples } = await readSystemLog(join(f.dir, 'sample.raw'));
      expect(samples.map((s) => s.index)).toEqual([...new Set(lines.map((l) => l.sample))]);
      const values = samples.map((s) => planValues(plan, s.sstat));
      const { checks, lineCounts } = systemChecks(lines, f.version, log.header, (s) => values[s]);
      const bad = checks
        .filter((c) => c.ours !== latin1ToUtf8(c.expected))
        .slice(0, 20)
        .map(
          (c) =>
            `${c.label} s${c.sample} l${c.line} col ${c.col} ${c.field}: atop ${c.expected} ours ${c.ours}`,
        );
      expect(bad).toEqual([]);
      for (const c of checks) tally.set(c.label, (tally.get(c.label) ?? 0) + 1);

      // one line per entry in use, for every label this version's -P prints
      const counted: string[] = [];
      for (const [label, [path, shape]] of Object.entries(LABEL_ARRAYS)) {
        const array = plan.array(path);
        if (!groupFor(label, f.version) || !array) continue;
        samples.forEach((s, k) => {
          const inUse = entriesInUse(array, sstatView(plan, s.sstat));
          expect(lineCounts.get(`${k}|${label}|${shape}`) ?? 0, `${label} lines in sample ${k}`).toBe(inUse);
        });
        counted.push(label);
      }
      expect(counted).toEqual(expect.arrayContaining(['cpu', 'DSK', 'NET']));
      expect(checks.length).toBeGreaterThan(200);
    });
  }
  afterAll(() => {
    const row = SYSTEM_LABELS.map((l) => `${l} ${tally.get(l) ?? 0}`).join(', ');
    console.log(`values compared per label: ${row}`);
  });
});
