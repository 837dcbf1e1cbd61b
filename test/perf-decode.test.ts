// The fast paths of the task decode keep the results of the plain ones: interning by raw
// bytes (StringTable), cache-blocked typed-array reads (decodeTasks on an aligned blob) against
// DataView reads (the same blob at an odd offset). Speed itself is measured by `npm run bench`,
// not asserted here.
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
  readSamples,
  taskFieldEntries,
  taskFields,
  type StructType,
} from '../src/format/index';
import { fixtureDirs, readFixture } from './helpers';

const enc = new TextEncoder();

function field(text: string | Uint8Array, size: number, at = 0, total = size + at + 8): Uint8Array {
  const u8 = new Uint8Array(total);
  u8.set(typeof text === 'string' ? enc.encode(text) : text, at);
  return u8;
}

describe('StringTable', () => {
  it('gives one id per distinct byte string, 0 for the empty one', () => {
    const t = new StringTable();
    const a = t.intern(field('nginx', 16), 0, 16);
    const b = t.intern(field('nginx', 16, 5), 5, 16);
    const c = t.intern(field('nginx2', 16), 0, 16);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(t.values[a]).toBe('nginx');
    expect(t.values[c]).toBe('nginx2');
    expect(t.intern(new Uint8Array(16), 0, 16)).toBe(0);
    expect(t.values[0]).toBe('');
  });

  it('stops at the first NUL, or at the end of the field without one', () => {
    const t = new StringTable();
    const u8 = field('abcdefgh', 16);
    u8[3] = 0;
    expect(t.values[t.intern(u8, 0, 16)]).toBe('abc');
    // no NUL within the field: all of its bytes, not one more
    const full = field('0123456789ABCDEFGHIJ', 16);
    expect(t.values[t.intern(full, 0, 16)]).toBe('0123456789ABCDEF');
    expect(t.values[t.intern(full, 0, 7)]).toBe('0123456');
    // every length 1..40 at every alignment, including fields that end the buffer
    for (let len = 1; len <= 40; len++)
      for (let at = 0; at < 4; at++) {
        const s = 'x'.repeat(len - 1) + String.fromCharCode(65 + (len % 26));
        const buf = new Uint8Array(at + len);
        buf.set(enc.encode(s), at);
        const id = t.intern(buf, at, len);
        expect(t.values[id]).toBe(s);
        expect(t.intern(field(s, len + 3, at), at, len + 3)).toBe(id);
      }
  });

  it('tells apart strings that differ in one byte anywhere, or only in length', () => {
    const t = new StringTable();
    const base = 'the quick brown fox jumps over the lazy dog';
    const ids = new Set<number>();
    ids.add(t.intern(field(base, 64), 0, 64));
    for (let i = 0; i < base.length; i++) {
      const u8 = field(base, 64);
      u8[i] = u8[i]! ^ 0x20 || 1;
      ids.add(t.intern(u8, 0, 64));
    }
    for (let n = 1; n < base.length; n++) ids.add(t.intern(field(base.slice(0, n), 64), 0, 64));
    expect(ids.size).toBe(base.length * 2);
    expect(new Set(t.values).size).toBe(t.values.length);
  });

  it('keeps its own copy of the bytes (does not pin or follow the blob)', () => {
    const t = new StringTable();
    const u8 = field('postgres', 16);
    const id = t.intern(u8, 0, 16);
    u8.set(enc.encode('redis-se'), 0);
    expect(t.intern(u8, 0, 16)).not.toBe(id);
    expect(t.intern(field('postgres', 16), 0, 16)).toBe(id);
    expect(t.values[id]).toBe('postgres');
  });

  it('decodes UTF-8 once, and keeps byte strings apart that decode alike', () => {
    const t = new StringTable();
    const bad1 = t.intern(field(new Uint8Array([0x61, 0xff]), 8), 0, 8);
    const bad2 = t.intern(field(new Uint8Array([0x61, 0xfe]), 8), 0, 8);
    expect(bad1).not.toBe(bad2);
    expect(t.values[bad1]).toBe('a\ufffd');
    expect(t.values[t.intern(field('zürich', 16), 0, 16)]).toBe('zürich');
  });

  it('grows: 50,000 distinct strings keep their ids', () => {
    const t = new StringTable();
    const ids: number[] = [];
    for (let i = 0; i < 50_000; i++) ids.push(t.intern(field(`/usr/bin/worker --id=${i}`, 64), 0, 64));
    for (let i = 0; i < 50_000; i += 997)
      expect(t.intern(field(`/usr/bin/worker --id=${i}`, 64), 0, 64)).toBe(ids[i]);
    expect(t.values.length).toBe(50_001);
  });
});

describe('decodeTasks', () => {
  it('gives the same columns from an aligned blob and from one at an odd offset', async () => {
    let compared = 0;
    for (const d of fixtureDirs()) {
      const u8 = readFileSync(join(d.dir, 'sample.raw'));
      let tstat: StructType | null = null;
      let tstatlen = 0;
      const inflater = new BlobInflater();
      for await (const ev of readLog(chunksOf(u8), { totalSize: u8.length })) {
        if (ev.type === 'header')
          ({
            layout: { tstat },
            header: { tstatlen },
          } = ev.log);
        if (ev.type !== 'record' || !tstat) continue;
        const count = ev.record.rec.ndeviat;
        const r = inflater.inflate(ev.record.pblob, count * tstatlen);
        if (!r.ok) continue;
        // the real blob, aligned, and a copy one byte into its buffer (DataView path)
        const odd = new Uint8Array(r.data.length + 1).subarray(1);
        odd.set(r.data);
        const ta = new StringTable();
        const tb = new StringTable();
        const a = decodeTasks(tstat, r.data, count, ta);
        const b = decodeTasks(tstat, odd, count, tb);
        for (const f of taskFields(tstat)) {
          if (f.kind === 'text') {
            const va = Array.from(a.text[f.path]!, (id) => ta.values[id]);
            const vb = Array.from(b.text[f.path]!, (id) => tb.values[id]);
            expect(va, f.path).toEqual(vb);
          } else expect(Array.from(a.num[f.path]!), f.path).toEqual(Array.from(b.num[f.path]!));
        }
        expect(a.wide).toEqual(b.wide);
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

describe('transient decoding (reused system and column memory)', () => {
  it('gives every sample the values of a normal decode, while it is the current one', async () => {
    for (const d of fixtureDirs()) {
      const file = join(d.dir, 'sample.raw');
      const ref = await readFixture(file);
      const u8 = readFileSync(file);
      let i = 0;
      let strings: StringTable | null = null;
      for await (const ev of readSamples(chunksOf(u8, 4096), { totalSize: u8.length, transient: true })) {
        if (ev.type === 'header') strings = ev.strings;
        if (ev.type !== 'sample') continue;
        const want = ref.samples[i++]!;
        const got = ev.sample;
        expect(got.tasks.count, d.name).toBe(want.tasks.count);
        for (const [path, col] of taskFieldEntries(want.tasks.num))
          expect(Array.from(got.tasks.num[path]!), `${d.name} sample ${i} ${path}`).toEqual(Array.from(col));
        // ids come from each read's own string table: compare the strings
        for (const [path, col] of taskFieldEntries(want.tasks.text))
          expect(
            Array.from(got.tasks.text[path]!, (id) => strings!.values[id]),
            `${d.name} sample ${i} ${path}`,
          ).toEqual(Array.from(col, (id) => ref.strings.values[id]));
        expect(Array.from(got.system.bytes), `${d.name} sample ${i} system`).toEqual(
          Array.from(want.system.bytes),
        );
      }
      expect(i, d.name).toBe(ref.samples.length);
    }
  });
});
