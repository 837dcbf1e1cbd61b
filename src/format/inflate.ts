// Bounded zlib inflate: every blob of an atop log has a size known in advance (sstatlen,
// ndeviat × tstatlen, coriglen, ncgpids × 4), so output goes into a buffer of exactly that
// size and a stream that wants to write more, or less, is rejected. The zlib state is reused.
//
// Two engines with the same state machine: "fast" (default), pako's inflate vendored in
// ./inflate/ with native fill/copyWithin for long matches, 5-8x faster on atop's blobs, whose
// bytes are mostly long back-references; and "pako", the pako package as is, kept for
// comparison (bench/) and as a fallback. Both verify the stream's Adler-32.
import * as pako from 'pako';
import * as fast from './inflate/zlib';

export type InflateOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export type InflateEngine = 'fast' | 'pako';

/** The part of a zlib stream object that BlobInflater drives; pako's and ours both have it. */
interface Stream {
  input: Uint8Array;
  next_in: number;
  avail_in: number;
  output: Uint8Array;
  next_out: number;
  avail_out: number;
  msg: string;
}

interface Engine {
  readonly strm: Stream;
  init(): void;
  reset(): void;
  run(): number;
}

function fastEngine(): Engine {
  const strm = new fast.ZStream();
  return {
    strm,
    init: () => fast.inflateInit(strm),
    reset: () => fast.inflateReset(strm),
    run: () => fast.inflate(strm, fast.Z_FINISH),
  };
}

function pakoEngine(): Engine {
  const strm = new pako.ZStream();
  return {
    strm,
    init: () => pako.zlibInflateInit(strm),
    reset: () => pako.zlibInflateReset(strm),
    run: () => pako.zlibInflate(strm, pako.Z_FINISH),
  };
}

const Z_STREAM_END = 1;

export class BlobInflater {
  private readonly engine: Engine;
  private initialised = false;

  constructor(engine: InflateEngine = 'fast') {
    this.engine = engine === 'pako' ? pakoEngine() : fastEngine();
  }

  /** Inflates `input` into all of `out`; ok only if the stream ends exactly there. */
  inflateInto(input: Uint8Array, out: Uint8Array): InflateOutcome {
    const e = this.engine;
    const s = e.strm;
    if (!this.initialised) {
      e.init();
      this.initialised = true;
    } else e.reset();
    s.input = input;
    s.next_in = 0;
    s.avail_in = input.length;
    s.output = out;
    s.next_out = 0;
    s.avail_out = out.length;
    let status: number;
    try {
      status = e.run();
    } catch (err) {
      // a later call starts from a fresh state
      this.initialised = false;
      return { ok: false, reason: `inflate failed: ${String(err)}` };
    } finally {
      // do not keep the caller's buffers alive
      s.input = EMPTY;
      s.output = EMPTY;
    }
    const produced = s.next_out;
    if (status === Z_STREAM_END) {
      if (produced !== out.length)
        return { ok: false, reason: `inflates to ${produced} bytes instead of ${out.length}` };
      return { ok: true };
    }
    if (s.msg) return { ok: false, reason: `zlib: ${s.msg} after ${produced} bytes` };
    if (status === 2) return { ok: false, reason: 'zlib stream needs a preset dictionary' };
    if (s.avail_out === 0)
      return { ok: false, reason: `inflates to more than the ${out.length} bytes it may hold` };
    if (s.avail_in === 0)
      return { ok: false, reason: `zlib stream ends early: ${produced} of ${out.length} bytes` };
    return { ok: false, reason: `zlib: status ${status} after ${produced} bytes` };
  }

  inflate(
    input: Uint8Array,
    size: number,
  ): { ok: true; data: Uint8Array<ArrayBuffer> } | { ok: false; reason: string } {
    const out = new Uint8Array(size);
    const r = this.inflateInto(input, out);
    return r.ok ? { ok: true, data: out } : r;
  }

  private readonly scratch: Record<ScratchSlot, Uint8Array<ArrayBuffer>> = {
    tasks: new Uint8Array(0),
    system: new Uint8Array(0),
  };

  /**
   * Like inflate, into a buffer this inflater reuses: the bytes are valid only until its next
   * inflateScratch call for the same slot. For blobs that are decoded and dropped at once (the
   * task array, whose columns and interned strings are copies): no allocation, no zeroing, no
   * garbage per blob.
   */
  inflateScratch(
    input: Uint8Array,
    size: number,
    slot: ScratchSlot = 'tasks',
  ): { ok: true; data: Uint8Array<ArrayBuffer> } | { ok: false; reason: string } {
    if (this.scratch[slot].length < size)
      this.scratch[slot] = new Uint8Array(Math.max(size, this.scratch[slot].length * 1.5) | 0);
    const out = this.scratch[slot].subarray(0, size);
    const r = this.inflateInto(input, out);
    return r.ok ? { ok: true, data: out } : r;
  }
}

/** Reused output buffers of a BlobInflater, one per kind of blob. */
export type ScratchSlot = 'tasks' | 'system';

const EMPTY = new Uint8Array(0);
