// Runs one fuzz case and checks the properties every parse must have:
//   - it ends within a time bound and never throws (readAllSamples must not);
//   - memory stays within what the header and records can legitimately claim: every inflate
//     output is sstatlen or at most 1032× its compressed input, and (plain file, size known)
//     no read asks for more bytes than the file has left;
//   - every complete sample before the first damaged byte comes back exactly as in the
//     undamaged log, and no returned sample holds data the undamaged log does not have;
//   - every problem names its byte offset (and sample) and lies at or after the damage;
//   - what the case itself promises (which samples survive, the gaps, the end error).
import {
  BlobInflater,
  ChunkReader,
  readAllSamples,
  recordBlobs,
  recordBodyLength,
  type FormatError,
  type LogContents,
  type Sample,
  type StringTable,
} from '../../src/format/index';
import { sampleDifference } from '../helpers';
import type { Fixture } from './fixtures';
import { Rng, type Case } from './mutate';

const MAX_INFLATE_RATIO = 1032;
/** Reads may ask for this much past the end of the file (a record header, a scan window). */
const READ_SLACK = (1 << 16) + 1024;

interface Watch {
  readonly sstatlen: number;
  /** Plain file with its size given to the reader: no read may ask for more than is left. */
  readonly fileLength: number | null;
  readonly violations: string[];
  maxAlloc: number;
}

let watch: Watch | null = null;
let memoEnabled = false;
const memo = new Map<string, { input: Uint8Array; data: Uint8Array<ArrayBuffer> }>();

function fnv(u8: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < u8.length; i++) h = Math.imul(h ^ u8[i]!, 0x01000193);
  return h >>> 0;
}
const memoKey = (input: Uint8Array, size: number) => `${size}:${input.length}:${fnv(input)}`;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (a.buffer === b.buffer && a.byteOffset === b.byteOffset) return true;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

let installed = false;

/**
 * Wraps BlobInflater and ChunkReader to check every allocation against its legitimate
 * bound while a case runs. With `memoize`, inflating a blob of an undamaged fixture returns
 * a copy of its known output instead of running zlib again (a pure function of the input
 * bytes; damaged blobs always take the real path). It keeps the unit-test run fast.
 */
export function instrument(fixtures: readonly Fixture[], memoize: boolean): void {
  memoEnabled = memoize;
  if (memoize && memo.size === 0) {
    const inf = new BlobInflater();
    const put = (input: Uint8Array | null, size: number) => {
      if (!input) return;
      const r = inf.inflate(input, size);
      if (r.ok) memo.set(memoKey(input, size), { input, data: r.data });
    };
    for (const fx of fixtures)
      for (const r of fx.raws) for (const b of recordBlobs(r.rec, fx, fx.layout)) put(r[b.kind], b.origlen);
  }
  if (installed) return;
  installed = true;
  // the originals are called with the instance as `this`, as the wrappers replacing them are
  /* eslint-disable @typescript-eslint/unbound-method */
  const proto = BlobInflater.prototype;
  const inflate = proto.inflate;
  const inflateInto = proto.inflateInto;
  const read = ChunkReader.prototype.read;
  const peek = ChunkReader.prototype.peek;
  /* eslint-enable @typescript-eslint/unbound-method */
  const legit = (what: string, inputLength: number, size: number) => {
    if (!watch) return;
    watch.maxAlloc = Math.max(watch.maxAlloc, size);
    if (size !== watch.sstatlen && size > (inputLength + 1) * MAX_INFLATE_RATIO)
      watch.violations.push(
        `${what} of ${inputLength} bytes into ${size}: more than sstatlen and 1032:1 allow`,
      );
  };
  proto.inflate = function (this: BlobInflater, input: Uint8Array, size: number) {
    legit('inflate', input.length, size);
    if (memoEnabled) {
      const hit = memo.get(memoKey(input, size));
      if (hit && sameBytes(hit.input, input)) return { ok: true as const, data: hit.data.slice() };
    }
    return inflate.call(this, input, size);
  };
  proto.inflateInto = function (this: BlobInflater, input: Uint8Array, out: Uint8Array<ArrayBuffer>) {
    legit('inflateInto', input.length, out.length);
    return inflateInto.call(this, input, out);
  };
  const asked = (self: ChunkReader, what: string, n: number) => {
    if (!watch) return;
    if (watch.fileLength !== null && n > Math.max(READ_SLACK, watch.fileLength - self.position))
      watch.violations.push(
        `${what}(${n}) at offset ${self.position} asks for more than the ${watch.fileLength - self.position} bytes left`,
      );
  };
  ChunkReader.prototype.read = async function (this: ChunkReader, n: number) {
    asked(this, 'read', n);
    const out = await read.call(this, n);
    if (watch) {
      watch.maxAlloc = Math.max(watch.maxAlloc, out.length);
      if (out.length > n) watch.violations.push(`read(${n}) returned ${out.length} bytes`);
    }
    return out;
  };
  ChunkReader.prototype.peek = async function (this: ChunkReader, n: number) {
    asked(this, 'peek', n);
    const out = await peek.call(this, n);
    if (watch) watch.maxAlloc = Math.max(watch.maxAlloc, out.length);
    return out;
  };
}

export interface RunOptions {
  /** Give the reader the file size (as the CLI and the browser do). */
  readonly totalSize: boolean;
  /** Chunk size the file is delivered in. */
  readonly chunk: number;
  readonly timeLimitMs: number;
}

/** Random delivery options for a case. */
export function runOptions(r: Rng, timeLimitMs: number): RunOptions {
  const chunk = r.pick([r.range(1, 16), r.range(17, 4096), r.range(4097, 70000), 1 << 30]);
  return { totalSize: r.chance(0.6), chunk, timeLimitMs };
}

export interface Outcome {
  readonly ms: number;
  readonly failures: string[];
  readonly maxAlloc: number;
  readonly result: LogContents | null;
}

function* chunked(u8: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < u8.length; at += size) yield u8.subarray(at, Math.min(u8.length, at + size));
}

export async function runCase(fx: Fixture, c: Case, o: RunOptions): Promise<Outcome> {
  const failures: string[] = [];
  const w: Watch = {
    sstatlen: fx.sstatlen,
    fileLength: o.totalSize && !c.gzip ? c.bytes.length : null,
    violations: [],
    maxAlloc: 0,
  };
  const deadline = performance.now() + o.timeLimitMs;
  const signal = {
    get aborted() {
      return performance.now() > deadline;
    },
  };
  let result: LogContents | null = null;
  const t0 = performance.now();
  watch = w;
  try {
    result = await readAllSamples(chunked(c.bytes, o.chunk), {
      ...(o.totalSize ? { totalSize: c.bytes.length } : {}),
      signal,
    });
  } catch (e) {
    failures.push(`readAllSamples threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    watch = null;
  }
  const ms = performance.now() - t0;
  if (ms > o.timeLimitMs) failures.push(`took ${ms.toFixed(0)} ms (limit ${o.timeLimitMs})`);
  failures.push(...w.violations.slice(0, 5).map((v) => `memory: ${v}`));
  if (result) failures.push(...check(fx, c, result));
  return { ms, failures, maxAlloc: w.maxAlloc, result };
}

// ---------------------------------------------------------------- comparisons

/**
 * Whether two samples hold the same data wherever they are in the file; `loose`: the same
 * system blob and task count (a case that rewrites task text, for instance).
 */
function sameData(a: Sample, as: StringTable, b: Sample, bs: StringTable, loose = false): boolean {
  if (loose) return sameBytes(a.system.bytes, b.system.bytes) && a.tasks.count === b.tasks.count;
  return sampleDifference(a, as.values, b, bs.values, { position: false, rec: false }) === null;
}

function sampleEnd(s: Sample, fx: Fixture): number {
  return s.offset + fx.reclen + recordBodyLength(s.rec, fx, fx.layout);
}

const describeError = (e: FormatError) => `${e.code} @${e.offset} s=${e.sample}: ${e.message}`;

function check(fx: Fixture, c: Case, res: LogContents): string[] {
  const f: string[] = [];
  const orig = fx.original;
  const os = orig.samples;
  const e = res.error;
  if (e?.code === 'cancelled') f.push(`did not finish in time: ${e.message}`);

  // every problem names its offset (and sample) and does not point before the damage
  const problems = [...res.skipped, ...(e ? [e] : [])];
  for (const p of problems) {
    if (p.offset < 0 || p.offset > c.plainLength) f.push(`offset out of the file: ${describeError(p)}`);
    if (p.offset >= fx.headLen && !p.message.includes(String(p.offset)))
      f.push(`message does not name offset ${p.offset}: ${describeError(p)}`);
    if (p.sample !== null && p.offset >= fx.headLen && !p.message.includes(String(p.sample + 1)))
      f.push(`message does not name sample ${p.sample + 1}: ${describeError(p)}`);
    if (p.code !== 'cancelled' && p.offset < c.problemFloor)
      f.push(`problem before the damage (${c.problemFloor}): ${describeError(p)}`);
  }
  for (const g of res.gaps) {
    if (!(g.from >= 0 && g.from < g.to && g.to <= c.plainLength) || g.bytesSkipped !== g.to - g.from)
      f.push(`bad gap ${JSON.stringify({ ...g, error: undefined })}`);
    if (g.error.code !== 'resync' || g.error.offset !== g.from || !g.error.message.includes(String(g.from)))
      f.push(`gap error does not describe it: ${describeError(g.error)}`);
  }

  // complete samples before the damage come back exactly
  const before = os.filter((s) => sampleEnd(s, fx) <= c.damageAt);
  for (const o of before) {
    const s = res.samples.find((x) => x.index === o.index);
    const d = s ? sampleDifference(s, res.strings.values, o, orig.strings.values) : 'is missing';
    if (d !== null)
      f.push(`sample ${o.index} (ends ${sampleEnd(o, fx)}, before the damage at ${c.damageAt}): ${d}`);
  }
  for (const s of res.samples)
    if (sampleEnd(s, fx) <= c.damageAt && !before.some((o) => o.index === s.index))
      f.push(`extra sample ${s.index} at ${s.offset} before the damage at ${c.damageAt}`);

  // nothing made up: every sample's data is one the undamaged log has
  const loose = c.expect.looseData === true;
  const matchOf = res.samples.map((s) => {
    const same = os[s.index];
    if (same && sameData(s, res.strings, same, orig.strings, loose)) return same.index;
    const other = os.find((o) => sameData(s, res.strings, o, orig.strings, loose));
    return other ? other.index : -1;
  });
  matchOf.forEach((m, i) => {
    if (m < 0)
      f.push(
        `sample ${res.samples[i]!.index} at offset ${res.samples[i]!.offset} holds data the undamaged log does not have`,
      );
  });

  const x = c.expect;
  if (x.survivors) {
    const pool = [...matchOf];
    for (const want of x.survivors) {
      const at = pool.indexOf(want);
      if (at < 0) f.push(`original sample ${want} did not come back`);
      else pool[at] = -2;
    }
  }
  if (x.sampleCount !== undefined && res.samples.length !== x.sampleCount)
    f.push(`${res.samples.length} samples, expected ${x.sampleCount}`);
  if (x.gaps) {
    const got = res.gaps.map((g) => `${g.reason} ${g.from}-${g.to}`).join(', ');
    const want = x.gaps.map((g) => `${g.reason} ${g.from}-${g.to}`).join(', ');
    if (got !== want) f.push(`gaps [${got}], expected [${want}]`);
  }
  if (x.cleanEnd && e) f.push(`expected a clean end, got ${describeError(e)}`);
  if (x.endCodes && (!e || !x.endCodes.includes(e.code)))
    f.push(`expected an end error ${x.endCodes.join('|')}, got ${e ? describeError(e) : 'none'}`);
  if (x.endOffset !== undefined && e?.offset !== x.endOffset)
    f.push(`expected the end error at ${x.endOffset}, got ${e ? describeError(e) : 'none'}`);
  if (x.incomplete !== undefined && res.incompleteLastRecord !== x.incomplete)
    f.push(`incompleteLastRecord ${res.incompleteLastRecord}, expected ${x.incomplete}`);
  for (const k of x.skippedSamples ?? [])
    if (!res.skipped.some((s) => s.code === 'corrupt-blob' && s.sample === k))
      f.push(`sample ${k} not reported as corrupt`);
  if (x.prefixOnly)
    res.samples.forEach((s, i) => {
      const o = os[i];
      const d = o
        ? sampleDifference(s, res.strings.values, o, orig.strings.values)
        : 'is not in the original';
      if (d !== null) f.push(`sample ${i} of a cut gzip log differs from the original: ${d}`);
    });
  return f;
}

export { Rng };
