// StringTable (src/format/strings.ts): interning text members by their raw bytes gives one id
// per distinct string, exactly as decoding every string would.
import { describe, expect, it } from 'vitest';
import { StringTable } from '../src/format/index';

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
