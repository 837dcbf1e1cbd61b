// The merging rule (src/format/timeline/merge.ts) over real captures: consecutive logs of
// host "vm" written by atop 2.13, 2.12 and 2.11 (each started atop, so each begins with a
// since-boot sample), the logs of another machine ("fires-of-mount-doom1"), and copies and
// cuts of them: shuffled, overlapping, duplicated, two hosts, restarts, mixed versions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunksOf, readLog } from '../src/format/index';
import {
  MARK_FILE_START,
  MARK_GAP,
  MARK_RESTART,
  mergeTimelines,
  rankFiles,
  sampleMarks,
  TimelineMerger,
  type TimelineFile,
} from '../src/format/timeline/merge';
import { FIXTURES, rng } from './helpers';

interface Stamped extends TimelineFile {
  readonly name: string;
  readonly version: string;
}

async function stamps(path: string, name: string): Promise<Stamped> {
  const u8 = readFileSync(path);
  const curtimes: number[] = [];
  const flags: number[] = [];
  const intervals: number[] = [];
  let host = '';
  let version = '';
  for await (const ev of readLog(chunksOf(u8), { totalSize: u8.length })) {
    if (ev.type === 'header') {
      host = ev.log.header.nodename;
      version = ev.log.header.version;
    } else if (ev.type === 'record') {
      curtimes.push(ev.record.rec.curtime);
      flags.push(ev.record.rec.flags);
      intervals.push(ev.record.rec.interval);
    }
  }
  return { name, host, version, curtimes, flags, intervals };
}

const vm = (v: string) => stamps(join(FIXTURES, 'atop', `atop-${v}`, 'sample.raw'), `vm-${v}`);
const doom = (v: string) => stamps(join(FIXTURES, 'external', 'atoparser', v, 'sample.raw'), `doom-${v}`);

/** Records r (inclusive) to s (exclusive) of a file, as if it were a file of its own. */
function cut(f: Stamped, r: number, s: number, name: string): Stamped {
  return {
    ...f,
    name,
    curtimes: Array.from(f.curtimes).slice(r, s),
    flags: Array.from(f.flags!).slice(r, s),
    intervals: Array.from(f.intervals!).slice(r, s),
  };
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const names = (files: readonly Stamped[], t: { file: Int32Array }) =>
  Array.from(t.file, (f) => files[f]!.name);

describe('the merging rule on real captures', () => {
  it('three logs of one host in any order give one timeline in time order', async () => {
    const logs = [await vm('2.13'), await vm('2.12'), await vm('2.11')];
    expect(new Set(logs.map((l) => l.version))).toEqual(new Set(['2.13', '2.12', '2.11']));
    const want = logs.flatMap((l) => Array.from(l.curtimes)).sort((a, b) => a - b);
    for (const seed of [1, 2, 3, 4, 5]) {
      const files = shuffled(logs, seed);
      const [t, ...more] = mergeTimelines(files);
      expect(more).toEqual([]);
      expect(t!.host).toBe('vm');
      expect(Array.from(t!.curtime)).toEqual(want);
      expect(t!.duplicates).toBe(0);
      // 2.13 was recorded first, then 2.12, then 2.11: five samples each
      expect(names(files, t!)).toEqual([
        ...Array<string>(5).fill('vm-2.13'),
        ...Array<string>(5).fill('vm-2.12'),
        ...Array<string>(5).fill('vm-2.11'),
      ]);
      expect(Array.from(t!.record)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
      // each capture started atop: file start + restart on its first sample, nothing else
      const starts = [0, 5, 10];
      for (let p = 0; p < 15; p++)
        expect(t!.marks[p], `sample ${p}`).toBe(starts.includes(p) ? MARK_FILE_START | MARK_RESTART : 0);
    }
  });

  it('a file given twice gives each sample once and says how many were dropped', async () => {
    const a = await vm('2.13');
    const [t] = mergeTimelines([a, { ...a, name: 'copy' }]);
    expect(Array.from(t!.curtime)).toEqual(Array.from(a.curtimes));
    expect(t!.duplicates).toBe(5);
    expect(t!.duplicatesPerFile).toEqual([0, 5]);
    expect(t!.files).toEqual([0, 1]);
    expect(new Set(t!.file)).toEqual(new Set([0]));
  });

  it('overlapping files (a day cut twice with an overlap) give each sample once', async () => {
    const a = await vm('2.12');
    const early = cut(a, 0, 4, 'early');
    const late = cut(a, 2, 5, 'late');
    for (const files of [
      [early, late],
      [late, early],
    ]) {
      const [t] = mergeTimelines(files);
      expect(Array.from(t!.curtime)).toEqual(Array.from(a.curtimes));
      expect(t!.duplicates).toBe(2);
      expect(names(files, t!)).toEqual(['early', 'early', 'early', 'early', 'late']);
      // the late file starts inside the early one: its first kept sample is a file start
      expect(Array.from(t!.marks)).toEqual([MARK_FILE_START | MARK_RESTART, 0, 0, 0, MARK_FILE_START]);
    }
  });

  it('logs of two hosts are never mixed', async () => {
    const files = [await doom('2.10'), await vm('2.13'), await doom('2.9'), await vm('2.12')];
    const ts = mergeTimelines(files);
    // hosts by their earliest sample: the doom logs are from 2024
    expect(ts.map((t) => t.host)).toEqual(['fires-of-mount-doom1', 'vm']);
    expect(ts.map((t) => t.files)).toEqual([
      [2, 0],
      [1, 3],
    ]);
    for (const t of ts) for (const f of t.file) expect(files[f]!.host).toBe(t.host);
    expect(ts.map((t) => t.curtime.length)).toEqual([10, 10]);
  });

  it('a restart inside a file and a gap between files are marked', async () => {
    const a = await vm('2.13');
    // the second half of the log as if atop had been restarted there and ten minutes lost
    const later: Stamped = {
      ...cut(a, 2, 5, 'after-reboot'),
      curtimes: Array.from(a.curtimes)
        .slice(2)
        .map((t) => t + 600),
      flags: [1, 0, 0],
    };
    const gapOnly: Stamped = { ...later, name: 'gap', flags: [0, 0, 0] };
    const [r] = mergeTimelines([cut(a, 0, 2, 'before'), later]);
    expect(Array.from(r!.marks)).toEqual([
      MARK_FILE_START | MARK_RESTART,
      0,
      MARK_FILE_START | MARK_RESTART,
      0,
      0,
    ]);
    const [g] = mergeTimelines([cut(a, 0, 2, 'before'), gapOnly]);
    expect(Array.from(g!.marks)).toEqual([
      MARK_FILE_START | MARK_RESTART,
      0,
      MARK_FILE_START | MARK_GAP,
      0,
      0,
    ]);
  });

  it('files that interleave are put in time order (by curtime, then file rank)', async () => {
    const a = await vm('2.13');
    const even = cut(a, 0, 5, 'even');
    const odd: Stamped = { ...even, name: 'odd', curtimes: Array.from(a.curtimes).map((t) => t + 1) };
    const [t] = mergeTimelines([odd, even]);
    const want = [...Array.from(a.curtimes), ...Array.from(a.curtimes).map((x) => x + 1)].sort(
      (x, y) => x - y,
    );
    expect(Array.from(t!.curtime)).toEqual(want);
    expect(names([odd, even], t!)).toEqual([
      'even',
      'odd',
      'even',
      'odd',
      'even',
      'odd',
      'even',
      'odd',
      'even',
      'odd',
    ]);
    // slots are the order samples were kept: even's five first (it ranks first)
    expect(Array.from(t!.slot)).toEqual([0, 5, 1, 6, 2, 7, 3, 8, 4, 9]);
  });
});

describe('the rule in pieces', () => {
  it('ranks files by first sample, unreadable files last, ties by the order given', () => {
    expect(
      rankFiles([
        { host: 'b', first: 30 },
        { host: 'a', first: null },
        { host: 'a', first: 20 },
        { host: 'b', first: 10 },
        { host: 'a', first: 20 },
      ]),
    ).toEqual([
      { host: 'b', files: [3, 0] },
      { host: 'a', files: [2, 4, 1] },
    ]);
  });

  it('keeps repeated times within one file (only copies across files are dropped)', () => {
    const m = new TimelineMerger('h');
    m.beginFile(7);
    const s = { curtime: 100, flags: 0, interval: 10 };
    expect(m.add(0, s)).toEqual({ kept: true, slot: 0, marks: MARK_FILE_START });
    expect(m.add(1, s)).toEqual({ kept: true, slot: 1, marks: 0 });
    m.beginFile(8);
    expect(m.add(0, s)).toEqual({ kept: false, of: 0 });
    expect(m.add(1, { ...s, curtime: 110 })).toEqual({ kept: true, slot: 2, marks: MARK_FILE_START });
    expect(m.inOrder).toBe(true);
    expect(m.duplicates).toBe(1);
  });

  it('marks a gap only where the interval does not reach the sample before', () => {
    const prev = { curtime: 100, flags: 0, interval: 10 };
    expect(sampleMarks(prev, 0, { curtime: 110, flags: 0, interval: 10 }, 0)).toBe(0);
    expect(sampleMarks(prev, 0, { curtime: 111, flags: 0, interval: 10 }, 0)).toBe(0);
    expect(sampleMarks(prev, 0, { curtime: 112, flags: 0, interval: 10 }, 0)).toBe(MARK_GAP);
    // a since-boot sample's interval runs since boot: a restart, not a gap
    expect(sampleMarks(prev, 0, { curtime: 900, flags: 1, interval: 50 }, 0)).toBe(MARK_RESTART);
    expect(sampleMarks(null, -1, { curtime: 900, flags: 0, interval: 50 }, 3)).toBe(MARK_FILE_START);
  });
});
