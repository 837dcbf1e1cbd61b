// The vendored fast-copy inflater (src/format/inflate/) gives byte-for-byte what native zlib
// gives, on every blob of every fixture and on synthetic streams built to hit its edges:
// matches of every distance/length mix around the fast-copy threshold, overlapping matches,
// stored/fixed/dynamic blocks, small windows, streams ending on the slow path. BlobInflater
// keeps its bounds: exact size or an error, on both engines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BlobInflater, chunksOf, readLog, type InflateEngine } from '../src/format/index';
import { adler32 } from '../src/format/inflate/adler32';
import * as zlib from '../src/format/inflate/zlib';
import { FIXTURES, fixtureDirs, rng } from './helpers';

const ENGINES: InflateEngine[] = ['fast', 'pako'];

function inflateWith(engine: InflateEngine, input: Uint8Array, size: number) {
  return new BlobInflater(engine).inflate(input, size);
}

function expectSame(input: Uint8Array, engine: InflateEngine = 'fast'): void {
  const ref = inflateSync(input);
  const r = inflateWith(engine, input, ref.length);
  if (!r.ok) throw new Error(r.reason);
  expect(Buffer.from(r.data).equals(ref)).toBe(true);
}

interface FixtureBlob {
  readonly name: string;
  readonly input: Uint8Array;
}

async function fixtureBlobs(): Promise<FixtureBlob[]> {
  const out: FixtureBlob[] = [];
  const files = [
    ...fixtureDirs().map((d) => ({ name: d.name, path: join(d.dir, 'sample.raw') })),
    { name: 'broken/corrupt-zlib-in-record', path: join(FIXTURES, 'broken/corrupt-zlib-in-record.raw') },
  ];
  for (const f of files) {
    const u8 = readFileSync(f.path);
    for await (const ev of readLog(chunksOf(u8), { totalSize: u8.length })) {
      if (ev.type !== 'record') continue;
      const r = ev.record;
      const blobs = { sstat: r.sblob, tstat: r.pblob, cstat: r.cblob, pids: r.iblob };
      for (const [kind, b] of Object.entries(blobs))
        if (b && b.length > 0) out.push({ name: `${f.name} #${r.index} ${kind}`, input: b });
    }
  }
  return out;
}

/** Bytes with long runs (distance 1), repeated records (distance >= length), short periods
 * (overlapping matches), literals and matches of every length around the fast-copy threshold. */
function synthetic(seed: number, size: number): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(size);
  let at = 0;
  while (at < size) {
    const kind = Math.floor(next() * 6);
    const len = Math.min(size - at, 1 + Math.floor(next() * (next() < 0.5 ? 40 : 600)));
    if (kind === 0) out.fill(next() < 0.7 ? 0 : Math.floor(next() * 256), at, at + len);
    else if (kind === 1) {
      // short period: overlapping matches with distance 2..40
      const period = 2 + Math.floor(next() * 39);
      for (let i = 0; i < period && at + i < size; i++) out[at + i] = Math.floor(next() * 256);
      for (let i = period; i < len; i++) out[at + i] = out[at + i - period]!;
    } else if (kind === 2 && at > 0) {
      // copy of an earlier stretch (distance >= length or overlapping, 1..32768 back)
      const dist = 1 + Math.floor(next() * Math.min(at, 32768));
      for (let i = 0; i < len; i++) out[at + i] = out[at + i - dist]!;
    } else if (kind === 3) for (let i = 0; i < len; i++) out[at + i] = Math.floor(next() * 256);
    else if (kind === 4) {
      // a "struct" repeated with small changes, like atop's task array
      const rec = 40 + Math.floor(next() * 1000);
      for (let i = 0; i < len; i++) out[at + i] = at + i >= rec ? out[at + i - rec]! : Math.floor(next() * 8);
      if (at + len < size) out[at + len - 1] = Math.floor(next() * 256);
    } else for (let i = 0; i < len; i++) out[at + i] = 0x41 + Math.floor(next() * 4);
    at += len;
  }
  return out;
}

describe('fast-copy inflater against node:zlib', () => {
  it('inflates every blob of every fixture identically (both engines)', async () => {
    const blobs = await fixtureBlobs();
    expect(blobs.length).toBeGreaterThan(300);
    let compared = 0;
    for (const b of blobs) {
      let ref: Buffer;
      try {
        ref = inflateSync(b.input);
      } catch {
        // the deliberately corrupt blob: both engines must refuse it too
        for (const e of ENGINES) expect(inflateWith(e, b.input, 1 << 20).ok, `${e} ${b.name}`).toBe(false);
        continue;
      }
      for (const e of ENGINES) {
        const r = inflateWith(e, b.input, ref.length);
        expect(r.ok, `${e} ${b.name}`).toBe(true);
        if (r.ok) expect(Buffer.from(r.data).equals(ref), `${e} ${b.name}`).toBe(true);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('inflates synthetic streams with short, long and overlapping matches identically', () => {
    const strategies = [
      constants.Z_DEFAULT_STRATEGY,
      constants.Z_FILTERED,
      constants.Z_RLE,
      constants.Z_HUFFMAN_ONLY,
      constants.Z_FIXED,
    ];
    let n = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const size = [0, 1, 31, 32, 33, 257, 258, 259, 4096, 70_000, 300_000][seed % 11]! + (seed % 5);
      const data = synthetic(seed, size);
      for (const level of [0, 1, 6, 9]) {
        const strategy = strategies[(seed + level) % strategies.length]!;
        const windowBits = 9 + ((seed + level) % 7);
        expectSame(deflateSync(data, { level, strategy, windowBits }));
        n++;
      }
    }
    expect(n).toBe(96);
  });

  it('inflates atop-like blobs (zero runs, repeated structs) identically', () => {
    const sstat = new Uint8Array(1_021_960);
    const next = rng(7);
    for (let i = 0; i < 40_000; i++) sstat[Math.floor(next() * sstat.length)] = Math.floor(next() * 256);
    const tstat = new Uint8Array(1800 * 968);
    for (let r = 0; r < 1800; r++)
      for (let i = 0; i < 120; i++) tstat[r * 968 + Math.floor(next() * 968)] = Math.floor(next() * 256);
    for (const b of [sstat, tstat]) {
      for (const e of ENGINES) expectSame(deflateSync(b), e);
    }
  });

  it('copies every (distance, length) pair like a byte loop, in the fast and the slow path', () => {
    // hand-made fixed-Huffman streams with exactly the matches wanted, checked against a
    // byte-loop reference and node:zlib; the output buffer starts dirty (0xa5), so a native
    // copy that read bytes not written yet would show
    const next = rng(17);
    const dists = [
      ...Array.from({ length: 40 }, (_, i) => i + 1),
      63,
      64,
      200,
      257,
      258,
      259,
      967,
      968,
      969,
      4096,
      32768,
    ];
    let n = 0;
    for (const dist of dists) {
      const lens = new Set([3, 4, 5, 30, 31, 32, 33, 34, 100, 257, 258, dist - 1, dist, dist + 1]);
      for (const len of lens) {
        if (len < 3 || len > 258) continue;
        for (const tail of [0, 300]) {
          const ops: Op[] = [];
          for (let i = 0; i < dist; i++) ops.push(1 + Math.floor(next() * 255));
          ops.push([len, dist], [len, dist], [Math.min(258, dist + 3), dist]);
          for (let i = 0; i < tail; i++) ops.push(Math.floor(next() * 256));
          const { stream, expected } = fixedHuffmanStream(ops);
          expect(Buffer.from(inflateSync(stream)).equals(Buffer.from(expected))).toBe(true);
          for (const e of ENGINES) {
            const out = new Uint8Array(expected.length).fill(0xa5);
            expect(new BlobInflater(e).inflateInto(stream, out), `${e} dist ${dist} len ${len}`).toEqual({
              ok: true,
            });
            expect(
              Buffer.from(out).equals(Buffer.from(expected)),
              `${e} dist ${dist} len ${len} tail ${tail}`,
            ).toBe(true);
          }
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(1000);
  });
});

/** A literal byte, or a match [length 3..258, distance 1..32768]. */
type Op = number | readonly [number, number];

const LBASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DEXT = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

/** One fixed-Huffman block (RFC 1951 3.2.6) in a zlib wrapper, and its output by a byte loop. */
function fixedHuffmanStream(ops: readonly Op[]): { stream: Uint8Array; expected: Uint8Array } {
  const bytes: number[] = [0x78, 0x01];
  let acc = 0;
  let nbits = 0;
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i++) {
      acc |= ((value >>> i) & 1) << nbits;
      if (++nbits === 8) {
        bytes.push(acc);
        acc = 0;
        nbits = 0;
      }
    }
  };
  const putCode = (code: number, len: number) => {
    // Huffman codes go most significant bit first
    for (let i = len - 1; i >= 0; i--) put((code >>> i) & 1, 1);
  };
  const putSymbol = (sym: number) => {
    if (sym < 144) putCode(0x30 + sym, 8);
    else if (sym < 256) putCode(0x190 + sym - 144, 9);
    else if (sym < 280) putCode(sym - 256, 7);
    else putCode(0xc0 + sym - 280, 8);
  };
  const out: number[] = [];
  put(1, 1); // last block
  put(1, 2); // fixed Huffman
  for (const op of ops) {
    if (typeof op === 'number') {
      putSymbol(op);
      out.push(op);
      continue;
    }
    const [len, dist] = op;
    let li = LBASE.length - 1;
    while (LBASE[li]! > len) li--;
    if (len === 258) li = 28;
    putSymbol(257 + li);
    put(len - LBASE[li]!, LEXT[li]!);
    let di = DBASE.length - 1;
    while (DBASE[di]! > dist) di--;
    putCode(di, 5);
    put(dist - DBASE[di]!, DEXT[di]!);
    for (let i = 0; i < len; i++) out.push(out[out.length - dist]!);
  }
  putSymbol(256);
  if (nbits > 0) put(0, 8 - nbits);
  const expected = Uint8Array.from(out);
  const a = adler32(1, expected, expected.length, 0);
  bytes.push(a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255);
  return { stream: Uint8Array.from(bytes), expected };
}

describe('BlobInflater bounds', () => {
  const data = synthetic(99, 50_000);
  const z = deflateSync(data);

  for (const e of ENGINES) {
    it(`${e}: exact size ok; one byte less or more is an error`, () => {
      const b = new BlobInflater(e);
      expect(b.inflate(z, data.length).ok).toBe(true);
      const less = b.inflate(z, data.length - 1);
      expect(less.ok).toBe(false);
      if (!less.ok) expect(less.reason).toMatch(/more than the 49999 bytes/);
      const more = b.inflate(z, data.length + 1);
      expect(more.ok).toBe(false);
      if (!more.ok) expect(more.reason).toMatch(/instead of 50001|ends early/);
      // the state is reusable after errors
      const again = b.inflate(z, data.length);
      expect(again.ok && Buffer.from(again.data).equals(Buffer.from(data))).toBe(true);
    });

    it(`${e}: refuses truncated input, a bad checksum, garbage and raw deflate`, () => {
      const b = new BlobInflater(e);
      expect(b.inflate(z.subarray(0, z.length - 10), data.length).ok).toBe(false);
      const bad = new Uint8Array(z);
      bad[bad.length - 1]! ^= 1;
      const r = b.inflate(bad, data.length);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/incorrect data check/);
      expect(b.inflate(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 100).ok).toBe(false);
      expect(b.inflate(deflateRawSync(data), data.length).ok).toBe(false);
      expect(b.inflate(new Uint8Array(0), 10).ok).toBe(false);
    });

    it(`${e}: refuses a stream that needs a preset dictionary`, () => {
      const dict = deflateSync(data, { dictionary: Buffer.from('atop atop atop') });
      const r = new BlobInflater(e).inflate(dict, data.length);
      expect(r.ok).toBe(false);
    });

    it(`${e}: inflateInto fills a caller's buffer and reports a short one`, () => {
      const b = new BlobInflater(e);
      const big = new Uint8Array(data.length);
      expect(b.inflateInto(z, big)).toEqual({ ok: true });
      expect(Buffer.from(big).equals(Buffer.from(data))).toBe(true);
      const view = new Uint8Array(new ArrayBuffer(data.length + 16), 8, data.length);
      expect(b.inflateInto(z, view)).toEqual({ ok: true });
      expect(Buffer.from(view).equals(Buffer.from(data))).toBe(true);
    });
  }

  it('inflateScratch reuses one buffer and keeps the bounds', () => {
    const b = new BlobInflater();
    const r1 = b.inflateScratch(z, data.length);
    expect(r1.ok && Buffer.from(r1.data).equals(Buffer.from(data))).toBe(true);
    const small = synthetic(98, 1000);
    const r2 = b.inflateScratch(deflateSync(small), small.length);
    expect(r2.ok && Buffer.from(r2.data).equals(Buffer.from(small))).toBe(true);
    if (r1.ok && r2.ok) expect(r2.data.buffer).toBe(r1.data.buffer);
    expect(b.inflateScratch(z, data.length - 1).ok).toBe(false);
    expect(b.inflateScratch(z, data.length + 1).ok).toBe(false);
  });

  it('the low-level state machine works when input and output come in pieces', () => {
    // not used by BlobInflater, but part of the vendored code: streaming through the window
    const input = deflateSync(synthetic(5, 200_000));
    const strm = new zlib.ZStream();
    expect(zlib.inflateInit(strm)).toBe(zlib.Z_OK);
    const parts: Uint8Array[] = [];
    let at = 0;
    let status = zlib.Z_OK;
    while (status === zlib.Z_OK) {
      const n = Math.min(777, input.length - at);
      strm.input = input.subarray(at, at + n);
      strm.next_in = 0;
      strm.avail_in = n;
      at += n;
      do {
        const out = new Uint8Array(1000);
        strm.output = out;
        strm.next_out = 0;
        strm.avail_out = out.length;
        status = zlib.inflate(strm, zlib.Z_NO_FLUSH);
        parts.push(out.subarray(0, strm.next_out));
      } while (status === zlib.Z_OK && strm.avail_out === 0);
      if (status === zlib.Z_BUF_ERROR) status = zlib.Z_OK;
    }
    expect(status).toBe(zlib.Z_STREAM_END);
    expect(Buffer.concat(parts).equals(Buffer.from(synthetic(5, 200_000)))).toBe(true);
  });
});

describe('adler32', () => {
  const ref = (b: Uint8Array) => {
    let a = 1;
    let s = 0;
    for (const x of b) {
      a = (a + x) % 65521;
      s = (s + a) % 65521;
    }
    return ((s << 16) | a) >>> 0;
  };

  it('matches the definition at every alignment, length and content', () => {
    const next = rng(3);
    const buf = new Uint8Array(300_000);
    for (let i = 0; i < buf.length; i++)
      buf[i] = next() < 0.6 ? 0 : next() < 0.5 ? 255 : Math.floor(next() * 256);
    for (const off of [0, 1, 2, 3, 5])
      for (const len of [0, 1, 3, 4, 63, 64, 65, 1023, 1024, 1025, 4100, 299_000]) {
        const s = buf.subarray(off, off + len);
        expect(adler32(1, s, s.length, 0), `off ${off} len ${len}`).toBe(ref(s));
      }
    const ff = new Uint8Array(200_000).fill(255);
    expect(adler32(1, ff, ff.length, 0)).toBe(ref(ff));
  });

  it('continues from a previous value', () => {
    const b = synthetic(11, 100_000);
    const whole = adler32(1, b, b.length, 0);
    const part = adler32(adler32(1, b, 40_001, 0), b, b.length - 40_001, 40_001);
    expect(part).toBe(whole);
  });
});
