// `export FILE FILE…` (cli/timeline.ts, cli/export.ts, cli/system-export.ts): several files as
// one stream in time order per host by the page's merging rule, checked against the export of
// each file alone: the same rows, renumbered along the timeline, keyed by file (and host when
// there are several), copies exported once, csv of mixed versions under one header.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exportTasks, exportTasksOfFiles, type ExportFormat } from '../cli/export';
import { openFile } from '../cli/file-source';
import { exportSystem, exportSystemOfFiles } from '../cli/system-export';
import { planTimelines } from '../cli/timeline';
import { FIXTURES } from './helpers';

const ROOT = join(import.meta.dirname, '..');
const vm = (v: string) => join(FIXTURES, 'atop', `atop-${v}`, 'sample.raw');
const doom = (v: string) => join(FIXTURES, 'external', 'atoparser', v, 'sample.raw');
const tmp = mkdtempSync(join(tmpdir(), 'atopview-cli-timeline-'));
const gz212 = join(tmp, 'atop_2.12.gz');
writeFileSync(gz212, gzipSync(readFileSync(vm('2.12'))));

async function collect(run: (out: PassThrough) => Promise<{ problems: unknown[] }>): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const r = await run(out);
  expect(r.problems).toEqual([]);
  return Buffer.concat(parts).toString('utf8');
}

const many = (paths: string[], what: 'tasks' | 'system', format: ExportFormat = 'jsonl') =>
  collect(async (out) => {
    const plan = await planTimelines(paths);
    return what === 'tasks' ? exportTasksOfFiles(plan, format, out) : exportSystemOfFiles(plan, format, out);
  });
const one = (path: string, what: 'tasks' | 'system', format: ExportFormat = 'jsonl') =>
  collect(async (out) =>
    what === 'tasks'
      ? exportTasks(await openFile(path), format, out)
      : exportSystem(await openFile(path), format, out),
  );

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** A single file's jsonl lines as the multi-file export writes them for that file. */
function placed(text: string, keys: Record<string, string>, first: number): string[] {
  const head = Object.entries(keys)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
    .join('');
  return lines(text).map((l) => {
    const m = /^\{"sample":(\d+),/.exec(l)!;
    return `{${head}"sample":${first + Number(m[1])},${l.slice(m[0].length)}`;
  });
}

describe('export of several files', () => {
  it('three versions in any order (one gzip) are one stream in time order', async () => {
    for (const what of ['tasks', 'system'] as const) {
      const got = lines(await many([vm('2.11'), gz212, vm('2.13')], what));
      const want = [
        ...placed(await one(vm('2.13'), what), { file: vm('2.13') }, 0),
        ...placed(await one(gz212, what), { file: gz212 }, 5),
        ...placed(await one(vm('2.11'), what), { file: vm('2.11') }, 10),
      ];
      expect(got.length, what).toBe(want.length);
      expect(got, what).toEqual(want);
    }
  });

  it('a copy of a file adds nothing; two hosts are two streams keyed by host', async () => {
    const got = lines(await many([vm('2.13'), doom('2.10'), vm('2.13')], 'system'));
    const want = [
      ...placed(await one(doom('2.10'), 'system'), { host: 'fires-of-mount-doom1', file: doom('2.10') }, 0),
      ...placed(await one(vm('2.13'), 'system'), { host: 'vm', file: vm('2.13') }, 0),
    ];
    expect(got).toEqual(want);
  });

  it('csv of mixed versions has every column any of them has, empty where one has none', async () => {
    const text = await many([vm('2.13'), doom('1.26')], 'tasks', 'csv');
    const rows = text.split('\r\n').filter((r) => r !== '');
    const header = rows[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['host', 'file', 'sample', 'curtime', 'interval']);
    // the 1.26 host's columns first (its samples are the earliest), then those only 2.13 has
    const own126 = (await one(doom('1.26'), 'tasks', 'csv')).split('\r\n')[0]!.split(',');
    expect(header.slice(2, 2 + own126.length)).toEqual(own126);
    const own213 = (await one(vm('2.13'), 'tasks', 'csv')).split('\r\n')[0]!.split(',');
    expect(new Set(header)).toEqual(new Set(['host', 'file', ...own213, ...own126]));
    const n126 = lines(await one(doom('1.26'), 'tasks')).length;
    const n213 = lines(await one(vm('2.13'), 'tasks')).length;
    expect(rows.length - 1).toBe(n126 + n213);
  });

  it('the command takes several files, notes copies on stderr and exits 0', () => {
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    const r = spawnSync(
      tsx,
      [join(ROOT, 'cli/main.ts'), 'export', vm('2.13'), vm('2.13'), '--what', 'system'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('atopview: note: 5 samples are in more than one file: each is exported once.\n');
    expect(lines(r.stdout)).toHaveLength(5);
    expect(JSON.parse(lines(r.stdout)[4]!)).toMatchObject({ file: vm('2.13'), sample: 4 });
  });
});
