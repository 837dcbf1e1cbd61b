// decodeTasks (src/format/tasks.ts): the fast path (typed-array reads in cache-sized blocks on
// an aligned blob) gives the columns of the plain one (DataView reads of the same blob at an
// odd offset), and 64-bit values are exact. Speed is measured by `npm run bench`.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BlobInflater,
  StringTable,
  chunksOf,
  decodeTasks,
  layoutForVersion,
  readLog,
  taskFields,
  recordBlobs,
  type OpenedLog,
} from '../src/format/index';
import { fixtureDirs, tasksDifference } from './helpers';

describe('decodeTasks', () => {
  it('gives the same columns from an aligned blob and from one at an odd offset', async () => {
    let compared = 0;
    for (const d of fixtureDirs()) {
      const u8 = readFileSync(join(d.dir, 'sample.raw'));
      let log: OpenedLog | null = null;
      const inflater = new BlobInflater();
      for await (const ev of readLog(chunksOf(u8), { totalSize: u8.length })) {
        if (ev.type === 'header') log = ev.log;
        if (ev.type !== 'record' || !log) continue;
        const { tstat } = log.layout;
        const count = ev.record.rec.ndeviat;
        const [, tasks] = recordBlobs(ev.record.rec, log.header, log.layout);
        const r = inflater.inflate(ev.record.pblob, tasks.origlen);
        if (!r.ok) continue;
        // the real blob, aligned, and a copy one byte into its buffer (DataView path)
        const odd = new Uint8Array(r.data.length + 1).subarray(1);
        odd.set(r.data);
        const ta = new StringTable();
        const tb = new StringTable();
        const a = decodeTasks(tstat, r.data, count, ta);
        const b = decodeTasks(tstat, odd, count, tb);
        // a column for every member of the struct
        expect(Object.keys(a.num).length + Object.keys(a.text).length).toBe(taskFields(tstat).length);
        expect(
          tasksDifference(a, ta.values, b, tb.values),
          `${d.name} sample ${ev.record.index + 1}`,
        ).toBeNull();
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('reads 64-bit values exactly and notes the ones a double cannot hold', () => {
    const layout = layoutForVersion('2.8')!;
    const f = taskFields(layout.tstat).find((x) => x.scalar === 'int64')!;
    const size = layout.tstat.size;
    const u8 = new Uint8Array(size * 4);
    const v = new DataView(u8.buffer);
    v.setBigInt64(f.offset, 123456789012345n, true);
    v.setBigInt64(size + f.offset, -987654321098n, true);
    v.setBigInt64(2 * size + f.offset, 2n ** 62n + 7n, true);
    v.setBigInt64(3 * size + f.offset, -(2n ** 60n) - 3n, true);
    for (const buf of [
      u8,
      (() => {
        const o = new Uint8Array(u8.length + 3).subarray(3);
        o.set(u8);
        return o;
      })(),
    ]) {
      const t = decodeTasks(layout.tstat, buf, 4, new StringTable());
      const col = t.num[f.path]!;
      expect(col[0]).toBe(123456789012345);
      expect(col[1]).toBe(-987654321098);
      expect(t.wide[f.path]?.get(2)).toBe(2n ** 62n + 7n);
      expect(t.wide[f.path]?.get(3)).toBe(-(2n ** 60n) - 3n);
      expect(t.wide[f.path]?.has(0)).toBe(false);
    }
  });
});
