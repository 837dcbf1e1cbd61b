// Bounded zlib inflate: every blob of an atop log has a size known in advance (sstatlen,
// ndeviat × tstatlen, coriglen, ncgpids × 4), so output goes into a buffer of exactly that
// size and a stream that wants to write more, or less, is rejected. The zlib state is reused.
import { ZStream, Z_FINISH, Z_STREAM_END, zlibInflate, zlibInflateInit, zlibInflateReset } from 'pako';

export type InflateOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class BlobInflater {
  private readonly strm = new ZStream();
  private initialised = false;

  /** Inflates `input` into all of `out`; ok only if the stream ends exactly there. */
  inflateInto(input: Uint8Array, out: Uint8Array<ArrayBuffer>): InflateOutcome {
    const s = this.strm;
    if (!this.initialised) {
      zlibInflateInit(s);
      this.initialised = true;
    } else zlibInflateReset(s);
    s.input = input;
    s.next_in = 0;
    s.avail_in = input.length;
    s.output = out;
    s.next_out = 0;
    s.avail_out = out.length;
    let status: number;
    try {
      status = zlibInflate(s, Z_FINISH);
    } catch (e) {
      return { ok: false, reason: `inflate failed: ${String(e)}` };
    }
    const produced = s.next_out;
    s.input = EMPTY;
    s.output = EMPTY_OUT;
    if (status === Z_STREAM_END) {
      if (produced !== out.length)
        return { ok: false, reason: `inflates to ${produced} bytes instead of ${out.length}` };
      return { ok: true };
    }
    if (s.msg) return { ok: false, reason: `zlib: ${s.msg} after ${produced} bytes` };
    if (s.avail_out === 0)
      return { ok: false, reason: `inflates to more than the ${out.length} bytes it may hold` };
    if (s.avail_in === 0)
      return { ok: false, reason: `zlib stream ends early: ${produced} of ${out.length} bytes` };
    return { ok: false, reason: `zlib: ${s.msg || `status ${status}`} after ${produced} bytes` };
  }

  inflate(
    input: Uint8Array,
    size: number,
  ): { ok: true; data: Uint8Array<ArrayBuffer> } | { ok: false; reason: string } {
    const out = new Uint8Array(size);
    const r = this.inflateInto(input, out);
    return r.ok ? { ok: true, data: out } : r;
  }
}

const EMPTY = new Uint8Array(0);
const EMPTY_OUT = new Uint8Array(0);
