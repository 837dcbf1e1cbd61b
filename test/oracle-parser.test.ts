// The oracle parser must split atop's -P output exactly as atop printed it, for every capture.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Expectation,
  groupFor,
  guessVersions,
  parseParseable,
  plainFieldExpectations,
  shapeFor,
  tokenize,
} from './oracle/parseable';
import { ORACLE_LABELS } from './oracle/labels';

const LABELS = ORACLE_LABELS;

interface Meta {
  format_version: string;
  records?: { ndeviat?: number; nlist?: number }[]; // 1.26 names it nlist
}

const fixtures = join(import.meta.dirname, 'fixtures');
const dirsUnder = (rel: string) =>
  readdirSync(join(fixtures, rel))
    .map((d) => join(fixtures, rel, d))
    .filter((d) => existsSync(join(d, 'sample.parseable.txt')));
const captures = [...dirsUnder('atop'), ...dirsUnder('external/atoparser')].map((d) => [
  relative(fixtures, d),
  d,
]);

describe('tokenize', () => {
  const shape = shapeFor(groupFor('PRG', '2.13')!, undefined)!;
  const head = 'PRG vm 1 2026/11/24 14:55:49 2 7';
  const tail = '1 0 1 0 0 0 0 0 0 0 0 y 0 0 - N (/a (b) c) 0 0';

  it('keeps ") " inside a name and a cmdline', () => {
    const cols = tokenize(`${head} (a) S 1) S 0 0 7 1 0 5 (x (y) S 0 0 7 1 0 5 (z) w) ${tail}`, shape)!;
    expect(cols.slice(7, 9)).toEqual(['a) S 1', 'S']);
    expect(cols[15]).toBe('x (y) S 0 0 7 1 0 5 (z) w');
    expect(cols[32]).toBe('/a (b) c');
    expect(cols).toHaveLength(shape.length);
  });

  it('rejects a line that no split fits', () => {
    expect(tokenize(`${head} (a) S 0 0 7 1 0 5 (b) 1 0`, shape)).toBeNull();
  });
});

describe.each(captures)('%s', (_name, dir) => {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const version = meta.format_version;
  const text = readFileSync(join(dir, 'sample.parseable.txt'), 'latin1');
  const lines = parseParseable(text, version);
  const prg = lines.filter((l) => l.label === 'PRG');

  it('finds the same split without being told the version', () => {
    expect(guessVersions(text)).toContain(version);
    expect(parseParseable(text)).toEqual(lines);
  });

  it('gives every line exactly the columns of its map', () => {
    const misfits = lines.filter((l) => {
      const shape = shapeFor(groupFor(l.label, version)!, l.cols[6])!;
      const variadic = typeof shape[shape.length - 1]!.col === 'string';
      return !(variadic || l.cols.length === shape.length) || !(l.epoch > 1e9) || !(l.interval > 0);
    });
    expect(misfits.map((l) => l.raw)).toEqual([]);
  });

  it('counts one sample per record, each ended by SEP', () => {
    const seps = text.split('\n').filter((l) => l === 'SEP').length;
    expect(new Set(lines.map((l) => l.sample)).size).toBe(seps);
    expect(seps).toBe(meta.records?.length ?? 5);
  });

  it('prints one PRG line per task of sample 0', () => {
    const n = prg.filter((l) => l.sample === 0).length;
    const r = meta.records?.[0];
    expect(n).toBe(r ? (r.ndeviat ?? r.nlist) : n);
    expect(n).toBeGreaterThan(0);
  });

  it('keeps text columns whole', () => {
    const odd = prg.filter((l) => !/^\d+$/.test(l.cols[6]!) || l.cols[8]!.length !== 1);
    expect(odd.map((l) => l.raw)).toEqual([]);
    if (!meta.records) return; // the 15-char names and the long cmdline are our own workload
    for (const name of ['fixture_name_15', 'Isolated Web Co'])
      expect(prg.filter((l) => l.cols[7] === name).length, name).toBeGreaterThan(0);
    const long = prg.filter((l) => l.cols[15]!.endsWith('\u00e2\u0082'));
    expect(long.length).toBeGreaterThan(0);
    for (const l of long) {
      expect(l.cols[15]).toContain(' ');
      for (const c of l.cols.slice(16, 27)) expect(c).toMatch(/^-?\d+$/);
    }
  });

  it('yields expectations for every requested label it prints', () => {
    const { expectations, skipped } = plainFieldExpectations(lines, version, LABELS);
    for (const label of LABELS.filter((x) => lines.some((l) => l.label === x)))
      expect(expectations.filter((e) => e.label === label).length, label).toBeGreaterThan(0);
    expect(expectations.filter((e) => !/^(tstat|sstat|cstat)\./.test(e.field))).toEqual([]);
    expect(skipped.find((s) => s.label === 'CPL' && s.col === 8)?.reason).toBe('rounded (%.2f)');
    expect(skipped.filter((s) => s.col <= 6).length).toBeGreaterThan(0);
    const keys = skipped.map((s) => `${s.label}|${s.col}|${s.field}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('numbers per-entry lines by their array index', () => {
    const { expectations } = plainFieldExpectations(lines, version, ['cpu', 'NET', 'PRG']);
    const want = (e: Expectation) =>
      e.label === 'cpu' ? e.line : e.label === 'NET' && e.field.includes('[i]') ? e.line - 1 : null;
    expect(expectations.filter((e) => e.entry !== want(e))).toEqual([]);
  });
});
