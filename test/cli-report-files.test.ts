// `report FILE FILE…` (cli/report.ts reportTotalsOfFiles): the page's merging rule over the
// range totals. A copy of a file adds nothing; two days of one host add up (each program's
// CPU ticks and samples are the sums of each day's own report); two hosts are two tables, every
// row led by its host.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../cli/report';
import { FIXTURES } from './helpers';

const vm = (v: string) => join(FIXTURES, 'atop', `atop-${v}`, 'sample.raw');
const doom = (v: string) => join(FIXTURES, 'external', 'atoparser', v, 'sample.raw');

async function report(files: string[], ...options: string[]) {
  let out = '';
  let err = '';
  const code = await runReport(files[0]!, [...files.slice(1), ...options], {
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return {
    code,
    err,
    rows: out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const byName = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [r['gen.name'] as string, r]));

describe('report of several files', () => {
  it('a copy of a file adds nothing', async () => {
    const one = await report([vm('2.13')], '--by', 'program');
    const two = await report([vm('2.13'), vm('2.13')], '--by', 'program');
    expect(two.code).toBe(0);
    expect(two.rows).toEqual(one.rows);
  });

  it('two logs of one host add up, program by program', async () => {
    const a = byName((await report([vm('2.13')], '--by', 'program')).rows);
    const b = byName((await report([vm('2.12')], '--by', 'program')).rows);
    const both = await report([vm('2.12'), vm('2.13')], '--by', 'program');
    expect(both.code).toBe(0);
    const m = byName(both.rows);
    expect(new Set(m.keys())).toEqual(new Set([...a.keys(), ...b.keys()]));
    for (const [name, r] of m) {
      const sum = (k: string) => Number(a.get(name)?.[k] ?? 0) + Number(b.get(name)?.[k] ?? 0);
      expect(r['cpu.utime'], name).toBe(sum('cpu.utime'));
      expect(r['samples'], name).toBe(sum('samples'));
    }
  });

  it('two hosts are two tables, every row led by its host', async () => {
    const vmRows = (await report([vm('2.13')], '--by', 'program')).rows;
    const doomRows = (await report([doom('2.10')], '--by', 'program')).rows;
    const both = await report([vm('2.13'), doom('2.10')], '--by', 'program');
    expect(both.code).toBe(0);
    expect(both.rows).toEqual([
      ...doomRows.map((r) => ({ host: 'fires-of-mount-doom1', ...r })),
      ...vmRows.map((r) => ({ host: 'vm', ...r })),
    ]);
  });
});
