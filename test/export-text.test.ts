// The text export's byte encoder on worker threads (cli/text/) against the reference writers
// (cli/export.ts + writers.ts, one string per cell): the same bytes, on every capture, damaged
// logs, and a log edited to hold the values that are easy to get wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportTasks } from '../cli/export';
import { openFile } from '../cli/file-source';
import { exportText } from '../cli/text/export-text';
import type { TextFormat } from '../cli/text/encode';
import { withTasks } from './craft-log';
import { FIXTURES, fixtureDirs } from './helpers';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function memory(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

async function both(file: string, format: TextFormat) {
  const ref = memory();
  const r = await exportTasks(await openFile(file), format, ref.out);
  const fast = memory();
  const f = await exportText(file, format, fast.out, 1);
  return { ref: ref.bytes(), fast: fast.bytes(), refProblems: r.problems, fastProblems: f.problems };
}

const broken = readdirSync(join(FIXTURES, 'broken'))
  .filter((n) => n.endsWith('.raw') || n.endsWith('.gz'))
  .map((n) => ({ name: `broken/${n}`, file: join(FIXTURES, 'broken', n) }));
const captures = [
  ...fixtureDirs().map((d) => ({ name: d.name, file: join(d.dir, 'sample.raw') })),
  ...broken,
];

describe('text export: byte encoder = reference writers', () => {
  for (const c of captures)
    it(`${c.name}: jsonl and csv byte for byte, same problems`, async () => {
      for (const format of ['jsonl', 'csv'] as const) {
        const r = await both(c.file, format);
        expect(r.fast.length, format).toBe(r.ref.length);
        expect(r.fast.equals(r.ref), format).toBe(true);
        expect(r.fastProblems).toEqual(r.refProblems);
      }
    });

  it('values that are easy to get wrong: beyond 2^53, -1, chars, escapes, formulas; also on 2 threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atopview-text-'));
    const src = readFileSync(join(FIXTURES, 'atop/atop-2.8/sample.raw'));
    let n = 0;
    const texts = ['=cmd|"/C calc"!A0', ' +1, "quoted"', '-\t\u0001\\ü€\n', '@sum', 'a"b'];
    const crafted = await withTasks(src, (e, set, sample) => {
      const k = n++ % 7;
      if (k === 0) set('mem.vmem', 2n ** 60n + 1n);
      if (k === 1) set('cpu.stime', -1n);
      if (k === 2) set('gen.excode', -1);
      if (k === 3) set('mem.rmem', -(2n ** 62n) - 3n);
      if (k === 4) set('gen.state', '"'.charCodeAt(0));
      if (k === 5) set('gen.state', '='.charCodeAt(0));
      set('gen.cmdline', texts[(n + sample) % texts.length]!);
      if (k === 6) set('gen.name', '\u00e9=x');
    });
    const file = join(dir, 'edge.raw');
    writeFileSync(file, crafted);
    for (const format of ['jsonl', 'csv'] as const) {
      const r = await both(file, format);
      expect(r.fast.equals(r.ref), format).toBe(true);
      const text = r.fast.toString('utf8');
      if (format === 'jsonl') {
        expect(text).toContain('"mem.vmem":1152921504606846977');
        expect(text).toContain('"mem.rmem":-4611686018427387907');
        expect(text).toContain('"cpu.stime":-1');
        expect(text).toContain('"gen.state":"\\""');
        expect(text).toContain('\\u0001');
      } else {
        expect(text).toContain(`"'=cmd|""/C calc""!A0"`);
        expect(text).toContain(",'=,");
      }
      if (format === 'csv') continue;
      // the same through the CLI on 2 worker threads (output in file order)
      const cli = spawnSync(
        TSX,
        [join(ROOT, 'cli/main.ts'), 'export', file, '--format', format, '--jobs', '2'],
        {
          maxBuffer: 1 << 28,
        },
      );
      expect(cli.status).toBe(0);
      expect(Buffer.from(cli.stdout).equals(r.ref)).toBe(true);
    }
  });
});
