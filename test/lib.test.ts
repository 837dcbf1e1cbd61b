// The shared helpers of src/lib: growable typed columns (the sample index in the worker and
// on the UI thread, a summary job's blobs and ids) and the LRU cache of decoded samples.
import { describe, expect, it } from 'vitest';
import { Growable, GrowableColumns } from '../src/lib/growable';
import { LruCache } from '../src/lib/lru';

describe('Growable', () => {
  it('keeps every value through growth, zeros in between, and reads 0 outside', () => {
    const g = new Growable((n) => new Int32Array(n), 2);
    for (let i = 0; i < 1000; i += 3) g.set(i, i + 1);
    expect(g.length).toBe(1000); // the last value set is at 999
    expect(g.capacity).toBeGreaterThanOrEqual(1000);
    for (let i = 0; i < 1000; i++) expect(g.get(i)).toBe(i % 3 === 0 ? i + 1 : 0);
    expect(g.get(-1)).toBe(0);
    expect(g.get(1000)).toBe(0);
  });

  it('appends, writes at an offset, and continues in a recycled buffer without its old bytes', () => {
    const g = new Growable((n) => new Uint8Array(n), 4);
    g.put([1, 2, 3]);
    g.put([4, 5, 6, 7, 8]);
    g.put([9], 1);
    expect([...g.view()]).toEqual([1, 9, 3, 4, 5, 6, 7, 8]);
    const old = g.view();
    g.reset(new Uint8Array(16).fill(0xee));
    expect(g.length).toBe(0);
    g.set(2, 7);
    expect([...g.view()]).toEqual([0, 0, 7]);
    expect([...old]).toEqual([1, 9, 3, 4, 5, 6, 7, 8]);
  });
});

describe('GrowableColumns', () => {
  it('grows all columns together; batches may overwrite rows already there', () => {
    const c = new GrowableColumns(['a', 'b'] as const, 1);
    c.set(4, 'a', 5);
    expect(c.length).toBe(5);
    expect([...c.column('b')]).toEqual([0, 0, 0, 0, 0]);
    c.put(3, { a: [30, 40, 50], b: [3, 4, 5] });
    expect(c.length).toBe(6);
    expect([...c.column('a')]).toEqual([0, 0, 0, 30, 40, 50]);
    expect(c.get(5, 'b')).toBe(5);
    expect(c.get(6, 'b')).toBe(0);
    const s = c.slice(2, 5);
    expect([...s.a]).toEqual([0, 30, 40]);
    c.set(3, 'a', -1);
    expect(s.a[1]).toBe(30);
  });
});

describe('LruCache', () => {
  it('drops the least recently used entries beyond the weight, keeping the newest', () => {
    const c = new LruCache<number, { rows: number }>(10, (v) => v.rows);
    c.set(1, { rows: 4 });
    c.set(2, { rows: 4 });
    expect(c.get(1)?.rows).toBe(4); // 1 is now the most recent
    c.set(3, { rows: 4 }); // 12 > 10: 2 goes
    expect([c.has(1), c.has(2), c.has(3)]).toEqual([true, false, true]);
    c.set(4, { rows: 50 }); // heavier than the limit alone: only it stays
    expect([c.has(1), c.has(3), c.has(4), c.size]).toEqual([false, false, true, 1]);
    c.set(4, { rows: 1 }); // replacing counts the new weight only
    c.set(5, { rows: 9 });
    expect([c.has(4), c.has(5)]).toEqual([true, true]);
    c.delete(4);
    c.set(6, { rows: 1 });
    expect([c.has(5), c.has(6)]).toEqual([true, true]);
  });

  it('counts entries by default; has() does not count as a use', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.has('a')).toBe(true);
    c.set('c', 3);
    expect([c.has('a'), c.has('b'), c.has('c')]).toEqual([false, true, true]);
    c.clear();
    expect(c.size).toBe(0);
  });
});
