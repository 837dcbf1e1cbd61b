// Getting back on track in damaged logs: which samples come back, where the gaps are, and
// that the samples after a gap are exactly the undamaged ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ChunkReader,
  chunksOf,
  readAllSamples,
  readLog,
  readSamples,
  recordBodyLength,
  type LogContents,
  type LogEvent,
  type OpenedLog,
  type SampleEvent,
} from '../src/format/index';
import { FIXTURES, noise, samplesDifference } from './helpers';

interface Rec {
  offset: number;
  end: number;
  curtime: number;
  scomplen: number;
  pcomplen: number;
}

const load = async (rel: string) => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  const recs: Rec[] = [];
  let log: OpenedLog | null = null;
  for await (const ev of readLog([bytes]))
    if (ev.type === 'header') log = ev.log;
    else if (ev.type === 'record') {
      const r = ev.record;
      const { header, layout } = log!;
      const end = r.offset + header.rawreclen + recordBodyLength(r.rec, header, layout);
      recs.push({
        offset: r.offset,
        end,
        curtime: r.rec.curtime,
        scomplen: r.rec.scomplen,
        pcomplen: r.rec.pcomplen,
      });
    }
  const good = await readAllSamples([bytes]);
  expect(good.error).toBeNull();
  return { bytes, recs, good };
};

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const setU32 = (b: Uint8Array, at: number, v: number) => {
  new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);
};

const read = (u8: Uint8Array, chunk = 1000) => readAllSamples(chunksOf(u8, chunk), { totalSize: u8.length });

/**
 * Null when `got`'s samples hold what the undamaged log's samples number `wanted` hold
 * (default: all), wherever they are in the file: what must survive a gap.
 */
const sameContents = (got: LogContents, good: LogContents, wanted?: readonly number[]) =>
  samplesDifference(got, good, wanted, { position: false });

describe('recovery after a broken record chain', () => {
  it('garbage lengths in the middle of a 2.13 log: skips to the next record, reports the gap', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.13/sample.raw');
    const bad = bytes.slice();
    setU32(bad, recs[2]!.offset + 20, 0xdeadbeef); // pcomplen of sample 3
    const r = await read(bad);
    expect(r.samples.map((s) => s.rec.curtime)).toEqual([0, 1, 3, 4].map((i) => recs[i]!.curtime));
    expect(r.error).toBeNull();
    expect(r.gaps).toHaveLength(1);
    const g = r.gaps[0]!;
    expect(g).toMatchObject({
      reason: 'lost-sync',
      from: recs[2]!.offset,
      to: recs[3]!.offset,
      afterSample: 1,
    });
    expect(g.bytesSkipped).toBe(recs[3]!.offset - recs[2]!.offset);
    expect(g.error).toMatchObject({ code: 'resync', offset: recs[2]!.offset, sample: 2 });
    expect(g.error.message).toContain(`offset ${recs[2]!.offset}`);
    expect(g.error.message).toContain(String(recs[3]!.offset));
    expect(g.error.message).toContain('pcomplen 3735928559');
    expect(r.skipped).toEqual([g.error]);
    // the samples before and after the gap are the undamaged ones, offsets included
    expect(sameContents(r, good, [0, 1, 3, 4])).toBeNull();
    expect(r.samples.map((s) => s.offset)).toEqual([0, 1, 3, 4].map((i) => recs[i]!.offset));
    expect(r.samples.map((s) => s.index)).toEqual([0, 1, 2, 3]);
  });

  it('5000 random bytes between two records: every sample comes back, the gap is exactly them', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.13/sample.raw');
    const at = recs[2]!.offset;
    const r = await read(cat(bytes.subarray(0, at), noise(5000, 7), bytes.subarray(at)), 777);
    expect(r.error).toBeNull();
    expect(sameContents(r, good)).toBeNull();
    expect(r.samples.map((s) => s.offset)).toEqual(recs.map((x, i) => x.offset + (i >= 2 ? 5000 : 0)));
    expect(
      r.gaps.map(({ reason, from, to, bytesSkipped, afterSample }) => ({
        reason,
        from,
        to,
        bytesSkipped,
        afterSample,
      })),
    ).toEqual([{ reason: 'lost-sync', from: at, to: at + 5000, bytesSkipped: 5000, afterSample: 1 }]);
  });

  it('garbage before the first record: resumes on it, the gap has no sample before it', async () => {
    const { bytes, good } = await load('atop/atop-2.4/sample.raw');
    const r = await read(cat(bytes.subarray(0, 480), noise(333, 3), bytes.subarray(480)));
    expect(sameContents(r, good)).toBeNull();
    expect(r.gaps).toMatchObject([{ from: 480, to: 813, afterSample: null }]);
  });

  it('a record repeated right after itself is skipped as a duplicate', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.8/sample.raw');
    const r1 = recs[1]!;
    const r = await read(
      cat(bytes.subarray(0, r1.end), bytes.subarray(r1.offset, r1.end), bytes.subarray(r1.end)),
    );
    expect(r.error).toBeNull();
    expect(sameContents(r, good)).toBeNull();
    expect(r.gaps).toMatchObject([
      { reason: 'duplicate', from: r1.end, to: 2 * r1.end - r1.offset, afterSample: 1 },
    ]);
    expect(r.gaps[0]!.error.message).toMatch(/repeats sample 2 byte for byte/);
  });

  it('a record repeated later in the log comes back twice (its blobs are valid: like a clock step back)', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.8/sample.raw');
    const r1 = recs[1]!;
    const r = await read(
      cat(
        bytes.subarray(0, recs[3]!.offset),
        bytes.subarray(r1.offset, r1.end),
        bytes.subarray(recs[3]!.offset),
      ),
    );
    expect(r.error).toBeNull();
    expect(r.gaps).toEqual([]);
    expect(sameContents(r, good, [0, 1, 2, 1, 3, 4])).toBeNull();
  });

  it('a length off by one: the record it belongs to is dropped, its neighbours are not', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.10/sample.raw');
    for (const delta of [1, -1]) {
      const bad = bytes.slice();
      setU32(bad, recs[1]!.offset + 16, recs[1]!.scomplen + delta);
      const r = await read(bad);
      expect(sameContents(r, good, [0, 2, 3, 4]), `scomplen ${delta}`).toBeNull();
      expect(r.gaps).toMatchObject([{ from: recs[1]!.offset, to: recs[2]!.offset }]);
      expect(r.error).toBeNull();
    }
  });

  it('lengths pointing past the end of the file mid-log do not end the log there', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.13/sample.raw');
    const bad = bytes.slice();
    setU32(bad, recs[1]!.offset + 20, 60000); // pcomplen, still in bounds for 97 tasks
    const r = await read(bad);
    expect(sameContents(r, good, [0, 2, 3, 4])).toBeNull();
    expect(r.error).toBeNull();
    expect(r.incompleteLastRecord).toBe(false);
    expect(r.gaps[0]!.error.message).toMatch(/60000|blobs need/);
  });

  it('a header whose time or flags are impossible is believed when its blobs check out', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.7/sample.raw');
    const bad = bytes.slice();
    setU32(bad, recs[2]!.offset, recs[2]!.curtime + 2 ** 30); // 34 years later
    bad[recs[3]!.offset + 9] = 0x40; // unknown flag bit 0x4000 on sample 4
    const r = await read(bad);
    expect(r.error).toBeNull();
    expect(r.gaps).toEqual([]);
    expect(r.samples).toHaveLength(5);
    expect(r.samples[2]!.rec.curtime).toBe(recs[2]!.curtime + 2 ** 30);
    expect(
      r.samples.map((s) =>
        Buffer.from(s.system.bytes).equals(Buffer.from(good.samples[s.index]!.system.bytes)),
      ),
    ).toEqual(Array(5).fill(true));
  });

  it('a broken header after a corrupt record: both go into one gap, the walk resumes after them', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.11/sample.raw');
    const bad = bytes.slice();
    bad[recs[1]!.offset + 200]! ^= 0xff; // inside sample 2's system blob
    setU32(bad, recs[2]!.offset + 16, 0); // sample 3's scomplen
    const r = await read(bad);
    expect(sameContents(r, good, [0, 3, 4])).toBeNull();
    expect(r.gaps).toMatchObject([{ from: recs[1]!.offset, to: recs[3]!.offset, afterSample: 0 }]);
    expect(r.gaps[0]!.error.message).toMatch(/Sample 2 \(record at offset \d+\) does not check out/);
  });

  it('nothing valid after the break: the end error says so and names the range', async () => {
    const { bytes, recs } = await load('atop/atop-2.2/sample.raw');
    const at = recs[3]!.offset;
    const r = await read(cat(bytes.subarray(0, at), noise(20000, 9)));
    expect(r.samples).toHaveLength(3);
    expect(r.error).toMatchObject({ offset: at, sample: 3 });
    expect(r.error!.message).toContain(`offsets ${at}–${at + 20000}`);
    expect(r.gaps).toMatchObject([{ from: at, to: at + 20000, afterSample: 2 }]);
    expect(r.skipped).toEqual([]); // the end error reports it, once
  });

  it('two logs concatenated (`cat day1 day2`): the second header is skipped, all samples read', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.12/sample.raw');
    const later = bytes.slice();
    for (const x of recs) setU32(later, x.offset, x.curtime + 86400);
    const r = await read(cat(bytes, later));
    expect(r.error).toBeNull();
    expect(r.samples).toHaveLength(10);
    expect(r.gaps).toMatchObject([
      { from: bytes.length, to: bytes.length + 480, bytesSkipped: 480, afterSample: 4 },
    ]);
    expect(r.samples.slice(5).map((s) => s.rec.curtime)).toEqual(recs.map((x) => x.curtime + 86400));
    // the second log's samples are the first's but for their time
    const second = { ...r, samples: r.samples.slice(5) };
    expect(samplesDifference(second, good, undefined, { position: false, rec: false })).toBeNull();
  });

  it('gap offsets are in the decompressed log for gzip files', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.13/sample.raw');
    const at = recs[1]!.offset;
    const gz = gzipSync(cat(bytes.subarray(0, at), noise(1234, 1), bytes.subarray(at)));
    const r = await readAllSamples(chunksOf(gz, 500), { totalSize: gz.length });
    expect(r.log?.gzip).toBe(true);
    expect(sameContents(r, good)).toBeNull();
    expect(r.gaps).toMatchObject([{ from: at, to: at + 1234 }]);
  });

  it('readLog puts the gap on the record after it; readSamples reports it as skipped before that sample', async () => {
    const { bytes, recs } = await load('atop/atop-1.26/sample.raw');
    const at = recs[2]!.offset;
    const bad = cat(bytes.subarray(0, at), noise(100, 5), bytes.subarray(at));
    const log: LogEvent[] = [];
    for await (const ev of readLog([bad])) log.push(ev);
    expect(
      log.map((e) => (e.type === 'record' ? `r${e.record.index}${e.gapBefore ? '+gap' : ''}` : e.type)),
    ).toEqual(['header', 'r0', 'r1', 'r2+gap', 'r3', 'r4', 'end']);
    const evs: SampleEvent[] = [];
    for await (const ev of readSamples([bad])) evs.push(ev);
    expect(evs.map((e) => (e.type === 'skipped' ? `skipped:${e.error.code}` : e.type))).toEqual([
      'header',
      'sample',
      'sample',
      'skipped:resync',
      'sample',
      'sample',
      'sample',
      'end',
    ]);
  });
});

describe('a log atop is still writing', () => {
  it('ends inside its last record: a note with a flag, not damage', async () => {
    const { bytes, recs } = await load('atop/atop-2.13/sample.raw');
    const last = recs[4]!;
    for (const cut of [last.offset + 50, last.offset + 96 + 10, last.end - 1]) {
      const r = await read(bytes.subarray(0, cut));
      expect(r.samples).toHaveLength(4);
      expect(r.incompleteLastRecord).toBe(true);
      expect(r.error).toMatchObject({ offset: last.offset, sample: 4 });
      expect(r.error!.code).toBe(
        cut < last.offset + 96 ? 'truncated-record-header' : 'truncated-record-data',
      );
      expect(r.error!.message).toMatch(/ends inside .*sample 5.*atop may still be writing it/);
      expect(r.gaps).toEqual([]);
    }
  });

  it('the broken fixture truncated-in-record-data.raw is such a log', async () => {
    const u8 = readFileSync(join(FIXTURES, 'broken/truncated-in-record-data.raw'));
    const r = await read(u8, 4096);
    expect(r.samples).toHaveLength(3);
    expect(r.incompleteLastRecord).toBe(true);
    expect(r.error).toMatchObject({ code: 'truncated-record-data', offset: 15304, sample: 3 });
  });

  it('a log cut at a record boundary ends cleanly; garbage at the end is not an incomplete record', async () => {
    const { bytes, recs } = await load('atop/atop-2.9/sample.raw');
    expect((await read(bytes.subarray(0, recs[3]!.offset))).error).toBeNull();
    const junk = await read(cat(bytes, noise(40, 2)));
    expect(junk.samples).toHaveLength(5);
    expect(junk.incompleteLastRecord).toBe(false);
    expect(junk.error?.code).toBe('truncated-record-header');
  });
});

describe('bounded work', () => {
  // how long the scan takes is a figure of `npm run bench` (bench/lib/resync.ts)
  it('scans 16 MiB of garbage to the next record', async () => {
    const { bytes, recs } = await load('atop/atop-2.13/sample.raw');
    const at = recs[1]!.offset;
    const junk = noise(16 << 20, 11);
    const r = await read(cat(bytes.subarray(0, at), junk, bytes.subarray(at)), 1 << 20);
    expect(r.samples).toHaveLength(5);
    expect(r.gaps).toMatchObject([{ from: at, bytesSkipped: 16 << 20 }]);
  });

  it('gives up on garbage full of record look-alikes instead of inflating each', async () => {
    const { bytes, recs } = await load('atop/atop-2.13/sample.raw');
    const hdr = bytes.slice(recs[2]!.offset, recs[2]!.offset + 96);
    const junk = noise(1 << 20, 4);
    for (let i = 0; i + 200 < junk.length; i += 200) junk.set([...hdr, 0x78, 0x9c], i);
    const r = await read(cat(bytes.subarray(0, recs[2]!.offset), junk, bytes.subarray(recs[2]!.offset)));
    expect(r.samples).toHaveLength(2);
    expect(r.error!.message).toMatch(/Gave up looking for the next valid record after \d+ candidates/);
  });

  it('a length claiming gigabytes costs nothing on a short stream', async () => {
    const reader = new ChunkReader(chunksOf(new Uint8Array(1000), 7));
    expect((await reader.read(2 ** 40)).length).toBe(1000);
    expect(reader.position).toBe(1000);
  });

  it('ChunkReader: peek, skip and unread keep positions and bytes straight across chunks', async () => {
    const data = noise(5000, 3);
    const reader = new ChunkReader(chunksOf(data, 13));
    expect(await reader.read(10)).toEqual(data.slice(0, 10));
    expect(Array.from(await reader.peek(100))).toEqual(Array.from(data.slice(10, 110)));
    expect(await reader.skip(90)).toBe(90);
    const b = await reader.read(50);
    expect(b).toEqual(data.slice(100, 150));
    reader.unread(b.subarray(20));
    reader.unread(b.subarray(0, 20));
    expect(reader.position).toBe(100);
    expect(await reader.read(4900)).toEqual(data.slice(100));
    expect(await reader.skip(10)).toBe(0);
    expect((await reader.peek(10)).length).toBe(0);
  });

  it('a source failing mid-stream: the samples before it are kept, the error says where', async () => {
    const { bytes, recs, good } = await load('atop/atop-2.13/sample.raw');
    async function* failing() {
      yield bytes.subarray(0, recs[3]!.offset + 10);
      await Promise.resolve();
      throw new Error('EIO');
    }
    const r = await readAllSamples(failing());
    expect(sameContents(r, good, [0, 1, 2])).toBeNull();
    expect(r.error).toMatchObject({ code: 'read-failed', offset: recs[3]!.offset, sample: 3 });
    expect(r.error!.message).toMatch(/EIO/);
    // and one whose iterator also fails to close
    const iter: AsyncIterator<Uint8Array> & AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => iter,
      next: () => Promise.reject(new Error('gone')),
      return: () => Promise.reject(new Error('gone again')),
    };
    const r2 = await readAllSamples(iter);
    expect(r2.error?.code).toBe('read-failed');
  });

  it('cancelling during a scan stops it', async () => {
    const { bytes, recs } = await load('atop/atop-2.13/sample.raw');
    let reads = 0;
    const signal = {
      get aborted() {
        return ++reads > 12;
      },
    };
    const at = recs[1]!.offset;
    const r = await readAllSamples([cat(bytes.subarray(0, at), noise(8 << 20, 1), bytes.subarray(at))], {
      signal,
    });
    expect(r.error?.code).toBe('cancelled');
    expect(r.error!.message).toContain(String(r.error!.offset));
  });
});
