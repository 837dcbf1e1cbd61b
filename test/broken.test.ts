// The damaged files of fixtures/broken behave as their expected.json says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readFixture, samplesDifference } from './helpers';

interface Expected {
  complete_samples: number;
  damage_offset: number | null;
  size: number;
}
const dir = join(FIXTURES, 'broken');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;

describe('damaged logs', () => {
  it('has all seven cases', () => {
    expect(Object.keys(expected)).toHaveLength(7);
  });

  for (const [file, exp] of Object.entries(expected)) {
    it(`${file}: keeps the complete samples and says where it stopped`, async () => {
      const r = await readFixture(join(dir, file), 1000);
      const good = await readFixture(join(FIXTURES, 'atop/atop-2.8/sample.raw'));
      if (file === 'corrupt-zlib-in-record.raw') {
        // lengths are intact: sample 3 is reported and skipped, 4 and 5 still come
        expect(r.samples.map((s) => s.index)).toEqual([0, 1, 3, 4]);
        expect(r.skipped).toHaveLength(1);
        expect(r.skipped[0]).toMatchObject({ code: 'corrupt-blob', offset: exp.damage_offset, sample: 2 });
        expect(r.skipped[0]!.message).toContain('9646');
        expect(r.error).toBeNull();
      } else if (exp.damage_offset === null) {
        expect(r.error).toBeNull();
        expect(r.log?.gzip).toBe(true);
        expect(r.samples).toHaveLength(exp.complete_samples);
      } else {
        expect(r.samples).toHaveLength(exp.complete_samples);
        expect(r.error).not.toBeNull();
        expect(r.error!.offset).toBe(exp.damage_offset);
        expect(r.error!.message).toMatch(String(exp.damage_offset === 0 ? '' : exp.damage_offset));
      }
      // every sample we return is exactly the undamaged file's
      expect(
        samplesDifference(
          r,
          good,
          r.samples.map((s) => s.index),
        ),
      ).toBeNull();
    });
  }

  it('names the code of each failure', async () => {
    const code = async (f: string) => (await readFixture(join(dir, f))).error?.code;
    expect(await code('empty.raw')).toBe('empty-file');
    expect(await code('bad-magic.raw')).toBe('not-atop');
    expect(await code('truncated-in-file-header.raw')).toBe('truncated-file-header');
    expect((await readFixture(join(dir, 'truncated-in-file-header.raw'))).error!.message).toContain('0x8208');
    expect(await code('truncated-in-record-header.raw')).toBe('truncated-record-header');
    expect(await code('truncated-in-record-data.raw')).toBe('truncated-record-data');
  });
});
