// The worker's engine (src/worker/engine.ts) without a browser: the index pass, on-demand
// decoding with incremental strings, damaged logs, cancel. Compared with the core's own
// readAllSamples on every capture.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunksOf, exitCode, readSystemSeries, SystemSeries } from '../src/format/index';
import { RRBOOT } from '../src/format/record';
import { MARK_FILE_START, MARK_RESTART } from '../src/format/timeline/merge';
import { taskFieldEntries } from '../src/format/tasks';
import { WANTED_FIELDS } from '../src/ui/table/wanted';
import { LogEngine } from '../src/worker/engine';
import { parseFilter } from '../src/filter/parse';
import { SAMPLE_MISSING, type LoadEvent, type LogProblem, type SampleData } from '../src/worker/protocol';
import { arrayDifference, fixtureDirs, FIXTURES, readFixture } from './helpers';

const blobOf = (path: string) => new Blob([readFileSync(path)]);

async function open(path: string, chunkBytes?: number) {
  const engine = new LogEngine(chunkBytes ? { chunkBytes } : {});
  const events: LoadEvent[] = [];
  const result = await engine.open(blobOf(path), 'x', (e) => events.push(e));
  return { engine, events, result };
}

/** The index as the UI assembles it: later batches overwrite the samples they cover. */
function indexOf(events: LoadEvent[]): Map<string, number[]> {
  const cols = new Map<string, number[]>();
  for (const e of events)
    if (e.type === 'progress' && e.batch)
      for (const [k, v] of Object.entries(e.batch.columns)) {
        const c = cols.get(k) ?? [];
        v.forEach((x, j) => (c[e.batch!.from + j] = x));
        cols.set(k, c);
      }
  return cols;
}

const problems = (events: LoadEvent[]): LogProblem[] =>
  events.flatMap((e) => (e.type === 'progress' ? e.problems : []));

describe.each(fixtureDirs())('$name', ({ dir }) => {
  const path = join(dir, 'sample.raw');

  it('indexes every sample and decodes each as the core does', async () => {
    const ref = await readFixture(path);
    const { engine, events, result } = await open(path, 3000);
    expect(result.ok && result.stopped).toBe(null);
    expect(result.ok && result.samples).toBe(ref.samples.length);
    const header = events[0]!;
    expect(header.type === 'header' && header.info.version).toBe(ref.log!.header.version);
    const ix = indexOf(events);
    expect(ix.get('curtime')).toEqual(ref.samples.map((s) => s.rec.curtime));
    expect(ix.get('ndeviat')).toEqual(ref.samples.map((s) => s.rec.ndeviat));
    expect(((ix.get('flags') ?? [])[0] ?? 0) & RRBOOT).toBe(RRBOOT);
    expect(ix.get('percputot')!.every((v) => v > 0)).toBe(true);

    // strings arrive incrementally and in any order of requests
    const strings: string[] = [''];
    const got: SampleData[] = [];
    for (const i of [...ref.samples.keys()].reverse()) {
      const r = await engine.getSample(i, WANTED_FIELDS);
      if (!r.ok) throw new Error(r.error.message);
      r.sample.strings.values.forEach((v, k) => (strings[r.sample.strings.from + k] = v));
      got[i] = r.sample;
    }
    for (const [i, s] of ref.samples.entries()) {
      const mine = got[i]!;
      expect(mine.count).toBe(s.tasks.count);
      expect(arrayDifference(mine.num['gen.pid']!, s.tasks.num['gen.pid']!)).toBeNull();
      expect(arrayDifference(mine.num['cpu.utime']!, s.tasks.num['cpu.utime']!)).toBeNull();
      const names = (ids: Int32Array, table: readonly string[]) => Array.from(ids, (id) => table[id]);
      expect(names(mine.text['gen.cmdline']!, strings)).toEqual(
        names(s.tasks.text['gen.cmdline']!, ref.strings.values),
      );
      // only fields this version has
      for (const [k] of taskFieldEntries(mine.num)) expect(s.tasks.num[k]).toBeDefined();
    }
    expect(result.ok && result.checked).toBe(ref.samples.length);
    const task = await engine.getTask(1, 0);
    expect(task.ok && task.fields.find((f) => f.path === 'gen.pid')?.value).toBe(
      ref.samples[1]!.tasks.num['gen.pid']![0],
    );
  });
});

describe.each(fixtureDirs())('$name: system figures in the index pass', ({ dir }) => {
  const path = join(dir, 'sample.raw');

  it('streams the series of every sample (as the core reads them) and the failed exits', async () => {
    const ref = await readFixture(path);
    const whole = (await readSystemSeries(chunksOf(readFileSync(path), 4096))).series!;
    // small jobs, so that runs arrive out of order and are coalesced
    const engine = new LogEngine({ chunkBytes: 3000, jobRecords: 2 });
    const events: LoadEvent[] = [];
    await engine.open(blobOf(path), 'x', (e) => events.push(e));
    const series = new SystemSeries();
    const names = new Map<number, readonly string[]>();
    for (const e of events)
      if (e.type === 'progress') {
        for (const b of e.series) series.merge(b);
        for (const x of e.failedExits) names.set(x.sample, x.names);
      }
    expect(series.length).toBe(whole.length);
    expect(series.figures.map((f) => f.key)).toEqual(whole.figures.map((f) => f.key));
    const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (const f of whole.figures)
      expect(bytes(series.column(f.key)!).equals(bytes(whole.column(f.key)!)), f.key).toBe(true);
    for (const g of whole.groups) {
      expect(series.deviceNames(g)).toEqual(whole.deviceNames(g));
      for (const name of whole.deviceNames(g))
        for (const f of whole.deviceFigures(g))
          expect(
            bytes(series.device(g, name, f.key)!).equals(bytes(whole.device(g, name, f.key)!)),
            `${g} ${name} ${f.key}`,
          ).toBe(true);
    }
    // exited (state E) with a non-zero exit code or a signal, from the tasks as the core decodes them
    const E = 'E'.charCodeAt(0);
    const want = ref.samples.map((s) => {
      const out: string[] = [];
      const st = s.tasks.num['gen.state']!;
      const ex = s.tasks.num['gen.excode']!;
      const nm = s.tasks.text['gen.name']!;
      for (let r = 0; r < s.tasks.count; r++)
        if (st[r] === E && exitCode(ex[r]!) !== 0) out.push(ref.strings.values[nm[r]!]!);
      return out;
    });
    expect(indexOf(events).get('failedExits')).toEqual(want.map((w) => w.length));
    want.forEach((w, i) => {
      expect(names.get(i) ?? [], `sample ${i}`).toEqual(w.slice(0, 4));
    });
  });
});

describe('damaged logs', () => {
  const broken = (f: string) => join(FIXTURES, 'broken', f);

  it('reports a corrupt task blob found by the pool while the log opens', async () => {
    const { engine, events, result } = await open(broken('corrupt-zlib-in-record.raw'));
    expect(result.ok && result.samples).toBe(5);
    const p = problems(events);
    expect(p).toHaveLength(1);
    expect(p[0]!.sample).toBe(2);
    expect(p[0]!.error).toMatchObject({ code: 'corrupt-blob', offset: 9646, sample: 2 });
    expect(p[0]!.error.message).toMatch(/task blob/);
    expect(indexOf(events).get('status')).toEqual([0, 0, SAMPLE_MISSING, 0, 0]);
    const r = await engine.getSample(2, WANTED_FIELDS);
    expect(!r.ok && r.error.offset).toBe(9646);
    expect((await engine.getSample(3, WANTED_FIELDS)).ok).toBe(true);
  });

  it('marks a sample whose system blob is corrupt as missing in the index', async () => {
    // flip bytes inside record 2's system blob (record at 3463, blob after its 96-byte header)
    const u8 = new Uint8Array(readFileSync(join(FIXTURES, 'atop', 'atop-2.8', 'sample.raw')));
    for (let k = 3463 + 96 + 200; k < 3463 + 96 + 216; k++) u8[k] = u8[k]! ^ 0xff;
    const engine = new LogEngine();
    const events: LoadEvent[] = [];
    const result = await engine.open(new Blob([u8]), 'x', (e) => events.push(e));
    expect(result.ok && result.samples).toBe(5);
    expect(indexOf(events).get('status')).toEqual([0, SAMPLE_MISSING, 0, 0, 0]);
    expect(problems(events)[0]!.error).toMatchObject({ code: 'corrupt-blob', sample: 1, offset: 3463 });
    expect((await engine.getSample(1, WANTED_FIELDS)).ok).toBe(false);
  });

  it.each([
    ['truncated-in-record-data.raw', 3, 'truncated-record-data', 15304],
    ['truncated-in-record-header.raw', 1, 'truncated-record-header', 3463],
  ])('%s: keeps %d samples and says where it stopped', async (file, n, code, offset) => {
    const { result } = await open(broken(file));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.samples).toBe(n);
    expect(result.stopped).toMatchObject({ code, offset });
  });

  it.each([
    ['bad-magic.raw', 'not-atop'],
    ['empty.raw', 'empty-file'],
    ['truncated-in-file-header.raw', 'truncated-file-header'],
  ])('%s cannot be opened (%s)', async (file, code) => {
    const { result } = await open(broken(file));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe(code);
  });

  it('reads a gzip-compressed log', async () => {
    const { result } = await open(broken('sample.raw.gz'), 1024);
    expect(result.ok && result.samples).toBe(5);
  });
});

describe('cancel', () => {
  it('stops reading and keeps what was read', async () => {
    const engine = new LogEngine({ chunkBytes: 512 });
    let cancelled = false;
    const result = await engine.open(blobOf(join(FIXTURES, 'atop', 'atop-2.13', 'sample.raw')), 'x', (e) => {
      if (e.type === 'progress' && e.samples >= 1 && !cancelled) {
        cancelled = true;
        engine.cancel();
      }
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.stopped?.code).toBe('cancelled');
    expect(result.samples).toBeGreaterThanOrEqual(1);
    expect(result.samples).toBeLessThan(5);
    expect((await engine.getSample(0, ['gen.pid'])).ok).toBe(true);
  });
});

describe('several files of one host', () => {
  const vm = (v: string) => join(FIXTURES, 'atop', `atop-${v}`, 'sample.raw');

  async function openAll(paths: readonly (string | Uint8Array<ArrayBuffer>)[]) {
    const engine = new LogEngine({ chunkBytes: 4096 });
    const events: LoadEvent[] = [];
    const files = paths.map((p, k) => ({
      blob: new Blob([typeof p === 'string' ? readFileSync(p) : p]),
      name: `f${k}`,
    }));
    const result = await engine.openFiles(files, (e) => events.push(e));
    return { engine, events, result };
  }

  it('three versions in rank order are one timeline; every sample decodes as its own file does', async () => {
    const paths = [vm('2.13'), vm('2.12'), vm('2.11')];
    const refs = await Promise.all(paths.map((p) => readFixture(p)));
    const { engine, events, result } = await openAll(paths);
    expect(result.ok && result.samples).toBe(15);
    expect(result.ok && result.checked).toBe(15);
    expect(result.ok && result.duplicates).toBe(0);
    const headers = events.flatMap((e) => (e.type === 'header' ? [[e.file, e.info.version]] : []));
    expect(headers).toEqual([
      [0, '2.13'],
      [1, '2.12'],
      [2, '2.11'],
    ]);
    const ix = indexOf(events);
    expect(ix.get('curtime')).toEqual(refs.flatMap((r) => r.samples.map((s) => s.rec.curtime)));
    expect(ix.get('file')).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(ix.get('record')).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    const start = MARK_FILE_START | MARK_RESTART;
    expect(ix.get('marks')).toEqual([start, 0, 0, 0, 0, start, 0, 0, 0, 0, start, 0, 0, 0, 0]);
    const strings: string[] = [''];
    for (let i = 14; i >= 0; i--) {
      const r = await engine.getSample(i, WANTED_FIELDS);
      if (!r.ok) throw new Error(r.error.message);
      r.sample.strings.values.forEach((v, k) => (strings[r.sample.strings.from + k] = v));
      const ref = refs[Math.floor(i / 5)]!;
      const s = ref.samples[i % 5]!;
      expect(r.sample.file).toBe(Math.floor(i / 5));
      expect(arrayDifference(r.sample.num['gen.pid']!, s.tasks.num['gen.pid']!)).toBeNull();
      expect(Array.from(r.sample.text['gen.name']!, (id) => strings[id])).toEqual(
        Array.from(s.tasks.text['gen.name']!, (id) => ref.strings.values[id]),
      );
    }
    // the whole-log search runs across all three files: as each file's own search, one after another
    for (const q of ['python3', 'pid:1', 'state:E']) {
      const clauses = parsed(q);
      const all = engine.search(clauses);
      const alone = await Promise.all(paths.map(async (p) => (await open(p)).engine.search(clauses)));
      expect(all.ok && Array.from(all.perSample), q).toEqual(
        alone.flatMap((r) => (r.ok ? Array.from(r.perSample) : [])),
      );
      expect(all.ok && all.rows).toBeGreaterThan(0);
    }
    // the task details of a sample of the last file use that file's layout
    const task = await engine.getTask(12, 0);
    expect(task.ok && task.fields.find((f) => f.path === 'gen.pid')?.value).toBe(
      refs[2]!.samples[2]!.tasks.num['gen.pid']![0],
    );
  });

  it('a file given twice (one of them gzip) keeps each sample once', async () => {
    const plain = readFileSync(vm('2.13'));
    const { result, events } = await openAll([new Uint8Array(plain), new Uint8Array(gzipSync(plain))]);
    expect(result.ok && result.samples).toBe(5);
    expect(result.ok && result.duplicates).toBe(5);
    expect(result.ok && result.files.map((f) => [f.samples, f.duplicates])).toEqual([
      [5, 0],
      [0, 5],
    ]);
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.duplicates).toBe(5);
  });

  it('files that interleave in time are put in order once read', async () => {
    // the same log a second later: each of its samples falls between two of the original's
    const u8 = new Uint8Array(readFileSync(vm('2.13')));
    const later = u8.slice();
    const dv = new DataView(later.buffer);
    for (const { offset } of recordOffsets(later))
      dv.setBigInt64(offset, dv.getBigInt64(offset, true) + 1n, true);
    const { engine, events, result } = await openAll([u8, later]);
    expect(result.ok && result.samples).toBe(10);
    const reorder = events.find((e) => e.type === 'reorder');
    if (reorder?.type !== 'reorder') throw new Error('no reorder event');
    expect(Array.from(reorder.columns.file)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const t = Array.from(reorder.columns.curtime);
    expect(t).toEqual([...t].sort((a, b) => a - b));
    expect(Array.from(reorder.positions)).toEqual([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);
    const s = await engine.getSample(1, ['gen.pid']);
    expect(s.ok && [s.sample.file, s.sample.curtime]).toEqual([1, t[1]]);
    // the page's series follow (session.ts): both copies' figures, each at its time's place
    const series = new SystemSeries();
    for (const e of events)
      if (e.type !== 'header' && e.type !== 'reorder') for (const b of e.series) series.merge(b);
    series.permute(reorder.positions);
    const own = (await readSystemSeries(chunksOf(u8))).series!;
    const busy = own.column('cpu.user')!;
    const merged = series.column('cpu.user')!;
    expect(Array.from(merged)).toEqual(Array.from(busy).flatMap((v) => [v, v]));
  });

  it('a file that is no atop log is reported and the others are read', async () => {
    const { result, events } = await openAll([vm('2.13'), join(FIXTURES, 'broken', 'bad-magic.raw')]);
    expect(result.ok && result.samples).toBe(5);
    expect(result.ok && result.files[1]).toMatchObject({ opened: false, stopped: { code: 'not-atop' } });
    const p = problems(events).find((x) => x.file === 1);
    expect(p?.error.message).toMatch(/^f1: Not an atop raw log/);
  });
});

/** Record header offsets of a 2.x log (480-byte file header, 96-byte record headers). */
function recordOffsets(u8: Uint8Array): { offset: number }[] {
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const out: { offset: number }[] = [];
  for (let at = 480; at + 96 <= u8.length;) {
    out.push({ offset: at });
    const c = dv.getUint32(at + 72, true);
    at +=
      96 +
      dv.getUint32(at + 16, true) +
      dv.getUint32(at + 20, true) +
      (c > 0 ? c + dv.getUint32(at + 84, true) : 0);
  }
  return out;
}

function parsed(q: string) {
  const f = parseFilter(q);
  if (!f.ok) throw new Error(f.message);
  return f.filter.clauses;
}
