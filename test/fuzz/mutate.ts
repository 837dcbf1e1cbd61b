// Mutations of real atop logs for the fuzz harness: each case is a damaged file plus what a
// correct reader must still get out of it (see harness.ts for the checks).
import { deflateSync, gzipSync } from 'node:zlib';
import { compressBound, MAX_INFLATE_RATIO, type FormatErrorCode } from '../../src/format/index';
import type { Fixture, RecInfo } from './fixtures';

/** Deterministic PRNG (mulberry32), so every case reproduces from (seed, case number). */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('pick from nothing');
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

/** Seed of case `n` of a campaign with seed `seed`. */
export function caseSeed(seed: number, n: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ n, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export interface Expect {
  /** Original sample indices whose data must come back (each matched by one returned sample). */
  readonly survivors?: readonly number[];
  /** Exactly this many samples. */
  readonly sampleCount?: number;
  /** Exactly these gaps, in order. */
  readonly gaps?: readonly { from: number; to: number; reason: 'lost-sync' | 'duplicate' }[];
  /** The end error must be null. */
  readonly cleanEnd?: boolean;
  /** The end error's code must be one of these. */
  readonly endCodes?: readonly FormatErrorCode[];
  /** The end error's offset. */
  readonly endOffset?: number;
  /** Expected value of incompleteLastRecord. */
  readonly incomplete?: boolean;
  /** These original samples must be reported as skipped (corrupt-blob). */
  readonly skippedSamples?: readonly number[];
  /** The layout may differ from the original's: compare the system blob and task count only. */
  readonly looseData?: boolean;
  /** Returned samples may only be the originals 0..k-1 in order (a cut gzip stream). */
  readonly prefixOnly?: boolean;
}

export interface Case {
  readonly kind: string;
  readonly detail: string;
  /** The file handed to the reader. */
  readonly bytes: Uint8Array;
  /** Length of the log after gunzip (= bytes.length when not gzip). */
  readonly plainLength: number;
  readonly gzip: boolean;
  /** First byte (in the plain log) that differs from the original: every sample ending before it must come back as it was. */
  readonly damageAt: number;
  /** Start of the original record holding damageAt (0 in the file header): no problem may be reported before it. */
  readonly problemFloor: number;
  readonly expect: Expect;
}

export const KINDS = {
  'truncate-boundary': 14,
  'truncate-random': 4,
  'flip-file-header': 4,
  'flip-record-header': 10,
  'flip-blob': 12,
  'length-lie': 16,
  'zlib-bomb': 7,
  'garbage-after-header': 3,
  'garbage-insert': 9,
  'garbage-overwrite': 5,
  'zero-fill': 3,
  'repeat-record': 5,
  concat: 3,
  foreign: 5,
  'gzip-wrap': 4,
  'gzip-cut': 2,
  multi: 6,
} as const;
export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

function pickKind(r: Rng): Kind {
  const total = KIND_NAMES.reduce((n, k) => n + KINDS[k], 0);
  let x = r.int(total);
  for (const k of KIND_NAMES) {
    x -= KINDS[k];
    if (x < 0) return k;
  }
  return KIND_NAMES[0]!;
}

const all = (fx: Fixture) => fx.recs.map((_, i) => i);
const except = (fx: Fixture, k: number) => all(fx).filter((i) => i !== k);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function setU32(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v >>> 0, true);
}
function getU32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

/** Start of the record holding byte `at` of the original log (0 inside the file header). */
export function recordStartOf(fx: Fixture, at: number): number {
  let start = 0;
  for (const r of fx.recs) if (r.offset <= at) start = r.offset;
  return start;
}

function plain(
  fx: Fixture,
  kind: Kind,
  detail: string,
  bytes: Uint8Array,
  damageAt: number,
  expect: Expect,
): Case {
  return {
    kind,
    detail,
    bytes,
    plainLength: bytes.length,
    gzip: false,
    damageAt,
    problemFloor: damageAt >= fx.bytes.length ? damageAt : recordStartOf(fx, damageAt),
    expect,
  };
}

/** What a cut at `cut` must give. */
function truncation(fx: Fixture, kind: Kind, cut: number, why: string): Case {
  const bytes = fx.bytes.slice(0, cut);
  const detail = `cut at ${cut} (${why})`;
  if (cut === 0) return plain(fx, kind, detail, bytes, 0, { sampleCount: 0, endCodes: ['empty-file'] });
  if (cut < fx.headLen)
    return plain(fx, kind, detail, bytes, cut, { sampleCount: 0, endCodes: ['truncated-file-header'] });
  const complete = fx.recs.filter((r) => r.end <= cut).map((r) => r.index);
  const inside = fx.recs.find((r) => r.offset < cut && cut < r.end);
  if (!inside)
    return plain(fx, kind, detail, bytes, cut, {
      sampleCount: complete.length,
      survivors: complete,
      cleanEnd: true,
    });
  const inHeader = cut - inside.offset < fx.reclen;
  return plain(fx, kind, detail, bytes, cut, {
    sampleCount: complete.length,
    survivors: complete,
    endCodes: [inHeader ? 'truncated-record-header' : 'truncated-record-data'],
    endOffset: inside.offset,
    incomplete: !inHeader || cut - inside.offset >= 8,
    gaps: [],
  });
}

function flipBits(r: Rng, b: Uint8Array, lo: number, hi: number, n: number): number[] {
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = r.range(lo, hi - 1);
    b[p]! ^= 1 << r.int(8);
    at.push(p);
  }
  return at;
}

/** A zlib stream of `n` zero bytes (cached: deflating tens of MB takes a moment). */
const bombs = new Map<number, Uint8Array>();
function bomb(n: number): Uint8Array {
  let b = bombs.get(n);
  if (!b) {
    b = new Uint8Array(deflateSync(new Uint8Array(n), { level: 9 }));
    bombs.set(n, b);
  }
  return b;
}

type BlobName = 'sblob' | 'pblob' | 'cblob' | 'iblob';

function blobsOf(rec: RecInfo): { name: BlobName; off: number; len: number }[] {
  const out: { name: BlobName; off: number; len: number }[] = [
    { name: 'sblob', off: rec.sOff, len: rec.sLen },
    { name: 'pblob', off: rec.pOff, len: rec.pLen },
  ];
  if (rec.cLen > 0)
    out.push(
      { name: 'cblob', off: rec.cOff, len: rec.cLen },
      { name: 'iblob', off: rec.iOff, len: rec.iLen },
    );
  return out;
}

/** Whether a blob of `n` compressed bytes passes the record's length checks (then the record is walked over, and only fails to decode). */
function bombFits(
  fx: Fixture,
  rec: RecInfo,
  blob: 'sblob' | 'pblob' | 'cblob' | 'iblob',
  n: number,
): boolean {
  if (blob === 'sblob') return n <= compressBound(fx.sstatlen);
  if (blob === 'pblob') {
    const tasks = rec.ndeviat * fx.tstatlen;
    return n <= compressBound(tasks) && tasks <= n * MAX_INFLATE_RATIO;
  }
  if (blob === 'cblob') return n <= compressBound(rec.coriglen) && rec.coriglen <= n * MAX_INFLATE_RATIO;
  return false;
}

const TEXT =
  'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' +
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n';

export function makeCase(fixtures: readonly Fixture[], r: Rng, only?: Kind): { fx: Fixture; c: Case } {
  const fx = r.pick(fixtures);
  const kind = only ?? pickKind(r);
  return { fx, c: mutate(fx, kind, r) };
}

/** Cut `fx` at `cut`: what the reader must make of it. */
export function truncationCase(fx: Fixture, cut: number, why: string): Case {
  return truncation(fx, 'truncate-boundary', cut, why);
}

function mutate(fx: Fixture, kind: Kind, r: Rng): Case {
  const len = fx.bytes.length;
  const recs = fx.recs;
  switch (kind) {
    case 'truncate-boundary': {
      const b = r.pick([...recs.map((x) => x.offset), len]);
      const some = r.pick(recs);
      const body = some.end - some.offset - fx.reclen;
      const delta = r.pick([
        0,
        0,
        -1,
        1,
        -2,
        2,
        -8,
        8,
        r.range(1, fx.reclen - 1),
        fx.reclen,
        fx.reclen + 1,
        fx.reclen + r.int(Math.max(1, body)),
      ]);
      const cut = Math.max(0, Math.min(len - 1, b + delta));
      return truncation(fx, kind, cut, `record boundary ${b} ${delta >= 0 ? '+' : ''}${delta}`);
    }
    case 'truncate-random':
      return truncation(fx, kind, r.int(len), 'random');
    case 'flip-file-header': {
      const b = fx.bytes.slice();
      const at = flipBits(r, b, 0, fx.headLen, r.range(1, 3));
      // a flipped aversion can name another version with the same lengths (2.4/2.5/2.6, 2.8/2.9):
      // the tasks then decode by that version's layout
      const versionFlipped = at.some((p) => p === 4 || p === 5);
      return plain(
        fx,
        kind,
        `bits flipped at ${at.join(',')}`,
        b,
        Math.min(...at),
        versionFlipped ? { looseData: true } : {},
      );
    }
    case 'flip-record-header': {
      const rec = r.pick(recs);
      const b = fx.bytes.slice();
      const at = flipBits(r, b, rec.offset, rec.offset + fx.reclen, r.range(1, 2));
      return plain(
        fx,
        kind,
        `record ${rec.index} header bits flipped at ${at.join(',')}`,
        b,
        Math.min(...at),
        {
          survivors: except(fx, rec.index),
        },
      );
    }
    case 'flip-blob': {
      const rec = r.pick(recs);
      const blob = r.pick(blobsOf(rec));
      const b = fx.bytes.slice();
      const at = flipBits(r, b, blob.off, blob.off + blob.len, r.range(1, 3));
      return plain(
        fx,
        kind,
        `record ${rec.index} ${blob.name} bits flipped at ${at.join(',')}`,
        b,
        Math.min(...at),
        {
          survivors: except(fx, rec.index),
        },
      );
    }
    case 'length-lie': {
      const rec = r.pick(recs);
      const fileFields = ['sstatlen', fx.headFields.has('tstatlen') ? 'tstatlen' : 'pstatlen'];
      const recFields = ['scomplen', 'pcomplen', fx.countField];
      if (fx.hasCgroups) recFields.push('ccomplen', 'coriglen', 'ncgpids', 'icomplen', 'ncgroups');
      const field = r.chance(0.12) ? r.pick(fileFields) : r.pick(recFields);
      const inFile = fileFields.includes(field);
      const f = inFile ? fx.headFields.get(field)! : fx.recFields.get(field)!;
      const at = (inFile ? 0 : rec.offset) + f.offset;
      const b = fx.bytes.slice();
      const orig = f.size === 2 ? b[at]! | (b[at + 1]! << 8) : getU32(b, at);
      const max = f.size === 2 ? 0xffff : 0xffffffff;
      const value = r.pick([
        0,
        max,
        max >>> 1,
        (max >>> 1) + 1,
        orig + 1,
        orig - 1,
        orig + r.range(2, 64),
        orig - r.range(2, 64),
        r.int(max + 1),
        r.range(1 << 16, 1 << 24),
      ]);
      const v = Math.max(0, Math.min(max, value));
      if (f.size === 2) {
        b[at] = v & 0xff;
        b[at + 1] = v >> 8;
      } else setU32(b, at, v);
      const detail = `${inFile ? 'file header' : `record ${rec.index}`} ${field} ${orig} -> ${v}`;
      if (v === orig)
        return plain(fx, kind, detail, b, len, { survivors: all(fx), cleanEnd: true, gaps: [] });
      if (inFile) return plain(fx, kind, detail, b, at, { sampleCount: 0, endCodes: ['header-lengths'] });
      return plain(fx, kind, detail, b, at, { survivors: except(fx, rec.index) });
    }
    case 'zlib-bomb': {
      const rec = r.pick(recs);
      const blob = r.pick(blobsOf(rec).filter((x) => x.name !== 'iblob'));
      const limit =
        blob.name === 'sblob'
          ? fx.sstatlen
          : blob.name === 'pblob'
            ? rec.ndeviat * fx.tstatlen
            : rec.coriglen;
      const bomb64 = r.chance(0.3) && blob.name === 'sblob';
      const z = bomb(bomb64 ? 64 << 20 : Math.max(limit * 2, 1 << 20));
      const consistent = r.chance(0.75);
      const lenField = { sblob: 'scomplen', pblob: 'pcomplen', cblob: 'ccomplen', iblob: 'icomplen' }[
        blob.name
      ];
      const head = fx.bytes.slice(0, blob.off);
      if (consistent) setU32(head, rec.offset + fx.recFields.get(lenField)!.offset, z.length);
      const b = concat(head, z, fx.bytes.subarray(blob.off + blob.len));
      const detail = `record ${rec.index} ${blob.name} replaced by a ${z.length}-byte bomb (${consistent ? 'length fixed' : 'length kept'})`;
      const damageAt = consistent ? rec.offset : blob.off;
      return plain(fx, kind, detail, b, damageAt, {
        survivors: except(fx, rec.index),
        ...(consistent && bombFits(fx, rec, blob.name, z.length) ? { skippedSamples: [rec.index] } : {}),
      });
    }
    case 'garbage-after-header': {
      const n = r.pick([0, 1, 95, 96, 97, r.int(70000)]);
      const b = concat(fx.bytes.subarray(0, fx.headLen), r.bytes(n));
      return plain(
        fx,
        kind,
        `${n} random bytes after the header`,
        b,
        fx.headLen,
        n === 0 ? { sampleCount: 0, cleanEnd: true } : { sampleCount: 0 },
      );
    }
    case 'garbage-insert': {
      const n = r.pick([1, 2, 3, 4, 7, 8, 9, 95, 96, 97, 500, 5000, r.range(1, 20000)]);
      const atBoundary = r.chance(0.75);
      const at = atBoundary ? r.pick([...recs.map((x) => x.offset), len]) : r.range(fx.headLen, len);
      const b = concat(fx.bytes.subarray(0, at), r.bytes(n), fx.bytes.subarray(at));
      const detail = `${n} random bytes inserted at ${at}${atBoundary ? ' (record boundary)' : ''}`;
      if (!atBoundary) {
        const hit = recs.find((x) => x.offset < at && at < x.end);
        return plain(fx, kind, detail, b, at, { survivors: hit ? except(fx, hit.index) : all(fx) });
      }
      if (at === len && n < fx.reclen)
        // too short to be a record header: the log just ends in one
        return plain(fx, kind, detail, b, at, {
          survivors: all(fx),
          sampleCount: recs.length,
          gaps: [],
          endCodes: ['truncated-record-header'],
          endOffset: at,
        });
      return plain(fx, kind, detail, b, at, {
        survivors: all(fx),
        sampleCount: recs.length,
        gaps: [{ from: at, to: at + n, reason: 'lost-sync' }],
        ...(at === len ? { endOffset: at } : { cleanEnd: true }),
      });
    }
    case 'garbage-overwrite':
    case 'zero-fill': {
      const n = r.range(1, kind === 'zero-fill' ? 8192 : 4096);
      const at = r.range(fx.headLen, len - 1);
      const end = Math.min(len, at + n);
      const b = fx.bytes.slice();
      b.set(kind === 'zero-fill' ? new Uint8Array(end - at) : r.bytes(end - at), at);
      const untouched = recs.filter((x) => x.end <= at || x.offset >= end).map((x) => x.index);
      return plain(
        fx,
        kind,
        `${end - at} bytes at ${at} ${kind === 'zero-fill' ? 'zeroed' : 'overwritten'}`,
        b,
        at,
        {
          survivors: untouched,
        },
      );
    }
    case 'repeat-record': {
      const k = r.int(recs.length);
      const rec = recs[k]!;
      const copy = fx.bytes.subarray(rec.offset, rec.end);
      const adjacent = r.chance(0.7) || k >= recs.length - 2;
      const at = adjacent ? rec.end : r.pick([...recs.slice(k + 2).map((x) => x.offset), len]);
      const b = concat(fx.bytes.subarray(0, at), copy, fx.bytes.subarray(at));
      const detail = `record ${k} repeated at ${at}${adjacent ? ' (right after itself)' : ''}`;
      if (adjacent)
        return plain(fx, kind, detail, b, at, {
          survivors: all(fx),
          sampleCount: recs.length,
          gaps: [{ from: at, to: at + copy.length, reason: 'duplicate' }],
          cleanEnd: true,
        });
      // an older record later in the file: believed (its blobs check out), like a clock step back
      return plain(fx, kind, detail, b, at, {
        survivors: [...all(fx), k],
        sampleCount: recs.length + 1,
        gaps: [],
        cleanEnd: true,
      });
    }
    case 'concat': {
      const shifted = r.chance(0.7);
      const second = fx.bytes.slice();
      if (shifted) {
        const dt = recs[recs.length - 1]!.curtime - recs[0]!.curtime + r.range(1, 86400);
        for (const x of recs) setU32(second, x.offset, x.curtime + dt);
      }
      const b = concat(fx.bytes, second);
      if (shifted)
        return plain(fx, kind, 'log + the same log shifted in time', b, len, {
          survivors: [...all(fx), ...all(fx)],
          sampleCount: 2 * recs.length,
          gaps: [{ from: len, to: len + fx.headLen, reason: 'lost-sync' }],
          cleanEnd: true,
        });
      return plain(fx, kind, 'log + the same log again (`cat a a`)', b, len, {
        survivors: all(fx),
        sampleCount: recs.length,
        gaps: [{ from: len, to: 2 * len, reason: 'lost-sync' }],
        endOffset: len,
      });
    }
    case 'foreign': {
      const what = r.pick([
        'random',
        'png',
        'gzip-random',
        'elf',
        'text',
        'zip',
        'tiny',
        'gzip-empty',
        'atop-magic',
      ]);
      const n = r.int(6000);
      let b: Uint8Array;
      switch (what) {
        case 'png':
          b = concat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), r.bytes(n));
          break;
        case 'gzip-random':
          b = new Uint8Array(gzipSync(r.bytes(n)));
          break;
        case 'gzip-empty':
          b = new Uint8Array(gzipSync(new Uint8Array(0)));
          break;
        case 'elf':
          b = concat(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), r.bytes(n));
          break;
        case 'zip':
          b = concat(Uint8Array.of(0x50, 0x4b, 0x03, 0x04), r.bytes(n));
          break;
        case 'text':
          b = new TextEncoder().encode(TEXT.repeat(1 + r.int(50)));
          break;
        case 'tiny':
          b = r.bytes(r.range(1, 3));
          break;
        case 'atop-magic':
          b = concat(Uint8Array.of(0xef, 0xbe, 0xed, 0xfe), r.bytes(n));
          break;
        default:
          b = r.bytes(n);
      }
      return {
        kind: 'foreign',
        detail: `${what}, ${b.length} bytes`,
        bytes: b,
        plainLength: b.length,
        gzip: what.startsWith('gzip'),
        damageAt: 0,
        problemFloor: 0,
        expect: {
          sampleCount: 0,
          endCodes: [
            'empty-file',
            'not-atop',
            'truncated-file-header',
            'unsupported-version',
            'header-lengths',
            'bad-gzip',
          ],
        },
      };
    }
    case 'gzip-wrap': {
      const inner = mutate(
        fx,
        r.pick([
          'truncate-boundary',
          'flip-blob',
          'length-lie',
          'garbage-insert',
          'repeat-record',
          'flip-record-header',
        ] as const),
        r,
      );
      return {
        ...inner,
        kind,
        detail: `gzip of: ${inner.kind} ${inner.detail}`,
        bytes: new Uint8Array(gzipSync(inner.bytes)),
        gzip: true,
      };
    }
    case 'multi': {
      // 2-4 independent damages anywhere after the file header: only the general checks
      let b: Uint8Array = fx.bytes.slice();
      const done: string[] = [];
      let first = b.length;
      for (let i = r.range(2, 4); i > 0; i--) {
        const at = r.range(fx.headLen, b.length - 1);
        const n = r.range(1, 600);
        const what = r.pick(['flip', 'overwrite', 'zero', 'insert', 'delete', 'u32']);
        if (what === 'flip') b[at]! ^= 1 << r.int(8);
        else if (what === 'overwrite') b.set(r.bytes(Math.min(n, b.length - at)), at);
        else if (what === 'zero') b.fill(0, at, at + n);
        else if (what === 'insert') b = concat(b.subarray(0, at), r.bytes(n), b.subarray(at));
        else if (what === 'delete') b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + n)));
        else if (at + 4 <= b.length)
          setU32(b, at, r.pick([0, 0xffffffff, r.int(2 ** 32), getU32(b, at) + 1]));
        done.push(`${what}@${at}`);
        first = Math.min(first, at);
      }
      return plain(fx, kind, done.join(' '), b, first, {});
    }
    case 'gzip-cut': {
      const gz = new Uint8Array(gzipSync(fx.bytes));
      const cut = r.range(1, gz.length - 1);
      return {
        kind,
        detail: `gzip of the log cut at ${cut} of ${gz.length}`,
        bytes: gz.slice(0, cut),
        plainLength: len,
        gzip: true,
        damageAt: 0, // unknown: how far the inflater gets
        problemFloor: 0,
        expect: { prefixOnly: true, endCodes: ['bad-gzip', 'truncated-file-header', 'empty-file'] },
      };
    }
  }
}
