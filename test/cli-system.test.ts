// The system export contract (`export FILE --what system`): compared with atop -P column
// by column for every capture, its shape (keys, array lengths = count members) for every
// version, csv = the scalar members of jsonl, integers exact beyond 2^53 and -1 kept, and
// the task export unchanged by the new option.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chunksOf, readLog, readSystemSeries, type SstatPlan } from '../src/format/index';
import { withSystem } from './craft-log';
import { openFile } from '../cli/file-source';
import { exportSystem } from '../cli/system-export';
import { parseParseable } from './oracle/parseable';
import { systemChecks, type SampleValues, type Value } from './oracle/system-columns';
import { latin1ToUtf8, readSystemLog, systemCaptures } from './system-helpers';
import { FIXTURES, fixtureDirs } from './helpers';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function cli(...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'cli/main.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function exportText(file: string, format: 'jsonl' | 'csv'): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const r = await exportSystem(await openFile(file), format, out);
  expect(r.problems).toEqual([]);
  return Buffer.concat(parts).toString('utf8');
}

type Obj = Record<string, unknown>;

/** JSON.parse that keeps integers beyond 2^53 exact (as bigint). */
function parseLine(line: string): Obj {
  const marked = line.replace(/([:[,])(-?\d{16,})(?=[,}\]])/g, '$1"@@big:$2"');
  return JSON.parse(marked, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith('@@big:') ? BigInt(v.slice(6)) : v,
  ) as Obj;
}

/** The export's values by sstat path, as the oracle comparison wants them. */
function exportValues(plan: SstatPlan, o: Obj): SampleValues {
  const typed = (scalar: string | null, v: unknown): Value | undefined => {
    if (v === undefined || v === null) return undefined;
    if (scalar === 'char') return (v as string).length ? (v as string).charCodeAt(0) : 0;
    if (scalar === 'float32') return Math.fround(v as number);
    return v as Value;
  };
  return {
    get(path) {
      const m = /^(.+)\[(\d+)\]\.(.+)$/.exec(path);
      if (!m) {
        const slot = plan.leaf(path);
        return slot && typed(slot.kind === 'scalar' ? slot.scalar : null, o[path]);
      }
      const slot = plan.array(m[1]!)?.field(m[3]!);
      const entry = (o[m[1]!] as Obj[] | undefined)?.[Number(m[2])];
      return slot && entry && typed(slot.kind === 'scalar' ? slot.scalar : null, entry[m[3]!]);
    },
  };
}

describe('cli export --what system', () => {
  for (const f of systemCaptures()) {
    it(`${f.name}: every column of atop's system lines, and the contract's shape`, async () => {
      const file = join(f.dir, 'sample.raw');
      const { log, plan, samples } = await readSystemLog(file);
      const lines = (await exportText(file, 'jsonl')).trimEnd().split('\n');
      expect(lines).toHaveLength(samples.length);
      const objs = lines.map(parseLine);

      const keys = [
        'sample',
        'curtime',
        'interval',
        ...plan.items.map((i) => (i.kind === 'leaf' ? i.leaf : i.array).path),
      ];
      objs.forEach((o, k) => {
        expect(Object.keys(o)).toEqual(keys);
        expect([o.sample, o.curtime, o.interval]).toEqual([
          k,
          samples[k]!.rec.curtime,
          samples[k]!.rec.interval,
        ]);
        for (const a of plan.arrays) {
          const entries = o[a.path] as Obj[];
          expect(entries.length, `${a.path} entries in use`).toBe(Number(o[a.count.path]));
          for (const e of entries) expect(Object.keys(e)).toEqual(a.fields.map((x) => x.path));
        }
        expect(keys.some((key) => key.includes('future'))).toBe(false);
      });

      const oracle = parseParseable(readFileSync(join(f.dir, 'sample.parseable.txt'), 'latin1'), f.version);
      const { checks } = systemChecks(oracle, f.version, log.header, (s) => exportValues(plan, objs[s]!));
      const bad = checks
        .filter((c) => c.ours !== latin1ToUtf8(c.expected))
        .slice(0, 10)
        .map((c) => `${c.label} s${c.sample} col ${c.col} ${c.field}: atop ${c.expected} export ${c.ours}`);
      expect(bad).toEqual([]);
      expect(checks.length).toBeGreaterThan(200);

      // csv: the same scalar members, same values, one row per sample
      const rows = (await exportText(file, 'csv')).split('\r\n').filter((r) => r !== '');
      const header = rows[0]!.split(',');
      expect(header).toEqual(['sample', 'curtime', 'interval', ...plan.leaves.map((l) => l.path)]);
      expect(rows).toHaveLength(samples.length + 1);
      rows.slice(1).forEach((row, k) => {
        const cells = row.split(',');
        const want = header.map((h) => {
          const v = objs[k]![h];
          return typeof v === 'string' ? v : String(v);
        });
        expect(cells).toEqual(want);
      });
    });
  }

  for (const f of fixtureDirs().filter((d) => ['atop-1.26', 'atop-2.8', 'atop-2.13'].includes(d.name)))
    it(`${f.name}: the command line writes system jsonl and csv, tasks stay the default`, () => {
      const file = join(f.dir, 'sample.raw');
      const j = cli('export', file, '--what', 'system');
      expect(j.code).toBe(0);
      const first = parseLine(j.out.split('\n')[0]!);
      expect(first.sample).toBe(0);
      expect(typeof first['cpu.lavg1']).toBe('number');
      const c = cli('export', file, '--what', 'system', '--format', 'csv');
      expect(c.code).toBe(0);
      expect(c.out.split('\r\n')[0]).toMatch(/^sample,curtime,interval,cpu\.nrcpu,/);
      expect(cli('export', file).out).toBe(cli('export', file, '--what', 'tasks').out);
    });

  it('a damaged system blob: that sample is left out and reported, the others exported; gzip is read', async () => {
    const src = join(fixtureDirs().find((d) => d.name === 'atop-2.8')!.dir, 'sample.raw');
    const u8 = Buffer.from(readFileSync(src));
    let at = 0;
    for await (const ev of readLog(chunksOf(u8)))
      if (ev.type === 'record' && ev.record.index === 2) at = ev.record.offset;
    // invert 16 bytes inside record 2's system blob (after the 96-byte header and zlib header)
    for (let i = at + 96 + 40; i < at + 96 + 56; i++) u8[i] = u8[i]! ^ 0xff;
    const file = join(mkdtempSync(join(tmpdir(), 'atopview-sys-')), 'bad.raw');
    writeFileSync(file, u8);
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (b: Buffer) => parts.push(b));
    const r = await exportSystem(await openFile(file), 'jsonl', out);
    expect(r.problems.map((p) => [p.code, p.offset, p.sample])).toEqual([['corrupt-blob', at, 2]]);
    expect(r.problems[0]!.message).toMatch(/system blob/);
    const samples = Buffer.concat(parts)
      .toString()
      .trimEnd()
      .split('\n')
      .map((l) => parseLine(l).sample);
    expect(samples).toEqual([0, 1, 3, 4]);
    const series = (await readSystemSeries(chunksOf(u8))).series!;
    expect(series.length).toBe(5);
    expect(Number.isNaN(series.column('cpu.sys')![2])).toBe(true);
    expect(series.column('cpu.sys')![3]).toBeGreaterThan(0);

    const c = cli('export', file, '--what', 'system');
    expect(c.code).toBe(1);
    expect(c.err).toContain(`corrupt-blob at byte offset ${at}, sample 3 (index 2)`);
    const gz = cli('export', join(FIXTURES, 'broken/sample.raw.gz'), '--what', 'system');
    expect(gz.code).toBe(0);
    expect(gz.out).toBe(cli('export', src, '--what', 'system').out);
  });

  it('refuses an unknown --what', () => {
    expect(cli('export', 'x', '--what', 'everything').code).toBe(2);
  });

  it('integers beyond 2^53 are exact, -1 stays -1, floats are the float32 value', async () => {
    // a 2.13 log with cpu.csw of sample 1 set to 2^60 + 3 and dsk.dsk[0].nread to -1
    const src = join(fixtureDirs().find((d) => d.name === 'atop-2.13')!.dir, 'sample.raw');
    const crafted = await withSystem(readFileSync(src), 1, (dv, plan) => {
      dv.setBigInt64(plan.leaf('cpu.csw')!.offset, 2n ** 60n + 3n, true);
      const dsk = plan.array('dsk.dsk')!;
      dv.setBigInt64(dsk.offset + dsk.field('nread')!.offset, -1n, true);
    });
    const file = join(mkdtempSync(join(tmpdir(), 'atopview-sys-')), 'big.raw');
    writeFileSync(file, crafted);
    const r = cli('export', file, '--what', 'system');
    expect(r.err).toBe('');
    const line = r.out.split('\n')[1]!;
    expect(line).toContain('"cpu.csw":1152921504606846979,');
    expect(parseLine(line)['cpu.csw']).toBe(2n ** 60n + 3n);
    expect((parseLine(line)['dsk.dsk'] as Obj[])[0]!.nread).toBe(-1);
    expect(line).toContain('"cpu.lavg1":0.56,'); // the float32 0.56 as atop prints it
    const csv = cli('export', file, '--what', 'system', '--format', 'csv').out.split('\r\n');
    const col = csv[0]!.split(',').indexOf('cpu.csw');
    expect(csv[2]!.split(',')[col]).toBe('1152921504606846979');
  });
});
