// decodeRecord (src/format/decode.ts) with a transient context: the task columns and the
// system blob live in memory reused by the next record, and every sample, while it is the
// current one, holds exactly what a normal decode gives.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunksOf, readSamples, type StringTable } from '../src/format/index';
import { fixtureDirs, readFixture, sampleDifference } from './helpers';

describe('transient decoding (reused system and column memory)', () => {
  for (const d of fixtureDirs())
    it(`${d.name}: gives every sample the values of a normal decode, while it is the current one`, async () => {
      const file = join(d.dir, 'sample.raw');
      const ref = await readFixture(file);
      const u8 = readFileSync(file);
      let i = 0;
      let strings: StringTable | null = null;
      for await (const ev of readSamples(chunksOf(u8, 4096), { totalSize: u8.length, transient: true })) {
        if (ev.type === 'header') strings = ev.strings;
        if (ev.type !== 'sample') continue;
        const want = ref.samples[i++]!;
        // ids come from each read's own string table: the comparison maps them to strings
        expect(
          sampleDifference(ev.sample, strings!.values, want, ref.strings.values),
          `sample ${i}`,
        ).toBeNull();
      }
      expect(i).toBe(ref.samples.length);
    });
});
