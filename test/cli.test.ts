// The CLI over the same core: info, and the export contract (jsonl and csv).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf, layoutForVersion } from '../src/format/index';
import { FIXTURES, fixtureDirs } from './helpers';
import { parseParseable, plainFieldExpectations } from './oracle/parseable';
import { ORACLE_LABELS } from './oracle/labels';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function cli(...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'cli/main.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** RFC 4180 reader, for checking what the writer produced. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('cli info', () => {
  it('describes the 2.13 fixture', () => {
    const r = cli('info', join(FIXTURES, 'atop/atop-2.13/sample.raw'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/host:\s+vm/);
    expect(r.out).toMatch(/atop format: 2\.13 \(aversion 0x820d\)/);
    expect(r.out).toMatch(/hertz:\s+100/);
    expect(r.out).toMatch(/pagesize:\s+4096/);
    expect(r.out).toMatch(/samples:\s+5/);
    expect(r.out).toContain('2026-11-24T14:55:49Z');
    expect(r.out).toContain('[15 97 104 96 93]');
  });
});

describe('cli export', () => {
  for (const f of fixtureDirs().filter((d) =>
    ['atop-1.26', 'atop-2.1', 'atop-2.8', 'atop-2.13'].includes(d.name),
  )) {
    it(`${f.name}: jsonl has one object per task per sample with every tstat member, csv the same cells`, () => {
      const meta = JSON.parse(readFileSync(join(f.dir, 'meta.json'), 'utf8')) as {
        records: { ndeviat?: number; nlist?: number; curtime: number }[];
      };
      const file = join(f.dir, 'sample.raw');
      const j = cli('export', file);
      expect(j.code).toBe(0);
      const lines = j.out.trimEnd().split('\n');
      const total = meta.records.reduce((a, r) => a + (r.ndeviat ?? r.nlist ?? 0), 0);
      expect(lines).toHaveLength(total);
      const objs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const fields = fieldsOf(layoutForVersion(f.version)!.tstat).map((m) => m.path);
      expect(Object.keys(objs[0]!)).toEqual(['sample', 'curtime', 'interval', ...fields]);
      expect(objs[0]!.sample).toBe(0);
      expect(objs[0]!.curtime).toBe(meta.records[0]!.curtime);
      expect(objs.at(-1)!.sample).toBe(meta.records.length - 1);
      for (const o of objs) {
        expect(typeof o['gen.pid']).toBe('number');
        expect(o['gen.state']).toMatch(/^[A-Z]$/);
        if ('gen.isproc' in o) expect(typeof o['gen.isproc']).toBe('boolean');
      }
      // the long command line of the capture is cut inside a UTF-8 character: U+FFFD ends it
      expect(objs.some((o) => String(o['gen.cmdline']).endsWith('\uFFFD'))).toBe(true);

      // every plain per-task column of atop's own -P output is in the export, unchanged
      const oracle = parseParseable(readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1'), f.version);
      const { expectations } = plainFieldExpectations(
        oracle,
        f.version,
        ORACLE_LABELS.filter((l) => l.startsWith('PR')),
      );
      const firstRow: number[] = [];
      objs.forEach((o, i) => (firstRow[o.sample as number] ??= i));
      const utf8 = new TextDecoder();
      let checked = 0;
      for (const e of expectations) {
        const i = firstRow[e.sample]! + e.line;
        const key = e.field.slice('tstat.'.length);
        const v = objs[i]![key];
        const want = e.printf.includes('s') ? utf8.decode(Buffer.from(e.expected, 'latin1')) : e.expected;
        if (/^-?\d{16,}$/.test(want)) expect(lines[i]).toContain(`"${key}":${want}`);
        else if (typeof v === 'boolean') expect(v ? 'y' : 'n').toBe(want);
        else if (e.printf.includes('x')) expect(((v as number) >>> 0).toString(16)).toBe(want);
        else expect(String(v), `${e.label} ${key} sample ${e.sample} line ${e.line}`).toBe(want);
        checked++;
      }
      expect(checked).toBeGreaterThan(1000);

      const c = cli('export', file, '--format', 'csv');
      expect(c.code).toBe(0);
      const rows = parseCsv(c.out);
      expect(rows[0]).toEqual(['sample', 'curtime', 'interval', ...fields]);
      expect(rows).toHaveLength(total + 1);
      for (let i = 0; i < objs.length; i++) {
        const keys = Object.keys(objs[i]!);
        rows[i + 1]!.forEach((cell, k) => {
          const v = objs[i]![keys[k]!];
          const s = String(v);
          if (/^-?\d{16,}$/.test(cell)) expect(lines[i]).toContain(`"${keys[k]}":${cell}`);
          else expect(cell === s || cell === "'" + s, `${keys[k]} of row ${i}`).toBe(true);
        });
      }
    });
  }

  it('on a damaged file prints the good samples then fails naming offset and sample', () => {
    const r = cli('export', join(FIXTURES, 'broken/truncated-in-record-data.raw'));
    expect(r.code).toBe(1);
    const samples = new Set(
      r.out
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { sample: number }).sample),
    );
    expect([...samples]).toEqual([0, 1, 2]);
    const errLines = r.err.trimEnd().split('\n');
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toContain('byte offset 15304');
    expect(errLines[0]).toContain('sample 4');
  });

  it('reports bytes skipped to get back in sync, and keeps the samples on both sides', () => {
    const raw = readFileSync(join(FIXTURES, 'atop/atop-2.8/sample.raw'));
    // 3000 bytes of junk between record 2 (ends at 9646) and record 3
    const junk = Buffer.alloc(3000, 0x5a);
    const damaged = Buffer.concat([raw.subarray(0, 9646), junk, raw.subarray(9646)]);
    const path = join(ROOT, 'node_modules/.cache-cli-test-gap.raw');
    writeFileSync(path, damaged);
    const info = cli('info', path);
    expect(info.code).toBe(1);
    expect(info.out).toMatch(/samples:\s+5/);
    expect(info.err).toContain('resync at byte offset 9646');
    const r = cli('export', path);
    expect(r.code).toBe(1);
    const samples = new Set(
      r.out
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { sample: number }).sample),
    );
    expect([...samples]).toEqual([0, 1, 2, 3, 4]);
    expect(r.err).toContain('3000');
  });

  it('writes to --output', () => {
    const out = join(ROOT, 'node_modules/.cache-cli-test.jsonl');
    const r = cli('export', join(FIXTURES, 'atop/atop-2.8/sample.raw'), '--output', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(15 + 97 + 104 + 96 + 96);
  });
});
