// The worker's engine (src/worker/engine.ts) without a browser: the index pass, on-demand
// decoding with incremental strings, damaged logs, cancel. Compared with the core's own
// readAllSamples on every capture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunksOf, exitCode, readSystemSeries, SystemSeries } from '../src/format/index';
import { RRBOOT } from '../src/format/record';
import { taskFieldEntries } from '../src/format/tasks';
import { WANTED_FIELDS } from '../src/ui/table/wanted';
import { LogEngine } from '../src/worker/engine';
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
