// Vendored from pako 3.0.3 (https://github.com/nodeca/pako), adapted for atopview: see
// NOTICE.md beside this file for what was changed. Altered source, not the original.
//
// pako: (The MIT License) Copyright (C) 2014-2017 by Vitaly Puzrin and Andrei Tuputcyn.
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software
// and associated documentation files (the "Software"), to deal in the Software without
// restriction, including without limitation the rights to use, copy, modify, merge, publish,
// distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
// Software is furnished to do so, subject to the following conditions: The above copyright
// notice and this permission notice shall be included in all copies or substantial portions of
// the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
// PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
// LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
// OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
// DEALINGS IN THE SOFTWARE.
//
// zlib port: (C) 1995-2013 Jean-loup Gailly and Mark Adler
// (C) 2014-2017 Vitaly Puzrin and Andrei Tuputcyn
//
// This software is provided 'as-is', without any express or implied warranty. In no event will
// the authors be held liable for any damages arising from the use of this software.
//
// Permission is granted to anyone to use this software for any purpose, including commercial
// applications, and to alter it and redistribute it freely, subject to the following
// restrictions:
//
// 1. The origin of this software must not be misrepresented; you must not claim that you wrote
//   the original software. If you use this software in a product, an acknowledgment in the
//   product documentation would be appreciated but is not required.
// 2. Altered source versions must be plainly marked as such, and must not be misrepresented as
//   being the original software.
// 3. This notice may not be removed or altered from any source distribution.

// Decodes literals and matches while there is plenty of input and output (zlib's inffast.c).
import type { ZStream } from './zlib';

const BAD = 16209; /* got a data error -- remain here until reset */
const TYPE = 16191; /* i: waiting for type bits, including last-flag bit */

/** atopview: matches at least this long are copied with native fill / copyWithin. */
const FAST_COPY_MIN = 32;

/*
   Decode literal, length, and distance codes and write out the resulting literal and match
   bytes until either not enough input or output is available, an end-of-block is
   encountered, or a data error is encountered. When large enough input and output buffers
   are supplied to inflate(), for example, a 16K input buffer and a 64K output buffer, more
   than 95% of the inflate execution time is spent in this routine.

   Entry assumptions:
        state.mode === LEN
        strm.avail_in >= 6
        strm.avail_out >= 258
        start >= strm.avail_out
        state.bits < 8

   On return, state.mode is one of: LEN (ran out of input or output space), TYPE (reached
   end of block), BAD (error in block data).
 */
export function inflate_fast(strm: ZStream, start: number): void {
  const state = strm.state!;
  let _in = strm.next_in; /* local strm.input */
  const input = strm.input;
  const last = _in + (strm.avail_in - 5); /* have enough input while in < last */
  let _out = strm.next_out; /* local strm.output */
  const output = strm.output;
  const beg = _out - (start - strm.avail_out); /* inflate()'s initial strm.output */
  const end = _out + (strm.avail_out - 257); /* while out < end, enough space available */
  const dmax = state.dmax; /* maximum distance from zlib header */
  const wsize = state.wsize; /* window size or zero if not using window */
  const whave = state.whave; /* valid bytes in the window */
  const wnext = state.wnext; /* window write index */
  const s_window = state.window; /* allocated sliding window, if wsize != 0 */
  let hold = state.hold; /* local strm.hold */
  let bits = state.bits; /* local strm.bits */
  const lcode = state.lencode; /* local strm.lencode */
  const dcode = state.distcode; /* local strm.distcode */
  const lmask = (1 << state.lenbits) - 1; /* mask for first level of length codes */
  const dmask = (1 << state.distbits) - 1; /* mask for first level of distance codes */
  let here: number; /* retrieved table entry */
  let op: number; /* code bits, operation, extra bits, or window position, window bytes to copy */
  let len: number; /* match length, unused bytes */
  let dist: number; /* match distance */
  let from: number; /* where to copy match from */
  let from_source: Uint8Array;

  /* decode literals and length/distances until end-of-block or not enough input data or
     output space */
  top: do {
    if (bits < 15) {
      hold += input[_in++]! << bits;
      bits += 8;
      hold += input[_in++]! << bits;
      bits += 8;
    }
    here = lcode[hold & lmask]!;

    dolen: for (;;) {
      // Goto emulation
      op = here >>> 24; /*here.bits*/
      hold >>>= op;
      bits -= op;
      op = (here >>> 16) & 0xff; /*here.op*/
      if (op === 0) {
        /* literal */
        output[_out++] = here & 0xffff; /*here.val*/
      } else if (op & 16) {
        /* length base */
        len = here & 0xffff; /*here.val*/
        op &= 15; /* number of extra bits */
        if (op) {
          if (bits < op) {
            hold += input[_in++]! << bits;
            bits += 8;
          }
          len += hold & ((1 << op) - 1);
          hold >>>= op;
          bits -= op;
        }
        if (bits < 15) {
          hold += input[_in++]! << bits;
          bits += 8;
          hold += input[_in++]! << bits;
          bits += 8;
        }
        here = dcode[hold & dmask]!;

        dodist: for (;;) {
          // goto emulation
          op = here >>> 24; /*here.bits*/
          hold >>>= op;
          bits -= op;
          op = (here >>> 16) & 0xff; /*here.op*/

          if (op & 16) {
            /* distance base */
            dist = here & 0xffff; /*here.val*/
            op &= 15; /* number of extra bits */
            if (bits < op) {
              hold += input[_in++]! << bits;
              bits += 8;
              if (bits < op) {
                hold += input[_in++]! << bits;
                bits += 8;
              }
            }
            dist += hold & ((1 << op) - 1);
            if (dist > dmax) {
              strm.msg = 'invalid distance too far back';
              state.mode = BAD;
              break top;
            }
            hold >>>= op;
            bits -= op;
            op = _out - beg; /* max distance in output */
            if (dist > op) {
              /* see if copy from window */
              op = dist - op; /* distance back in window */
              if (op > whave) {
                if (state.sane) {
                  strm.msg = 'invalid distance too far back';
                  state.mode = BAD;
                  break top;
                }
              }
              from = 0; // window index
              from_source = s_window!;
              if (wnext === 0) {
                /* very common case */
                from += wsize - op;
                if (op < len) {
                  /* some from window */
                  len -= op;
                  do {
                    output[_out++] = s_window![from++]!;
                  } while (--op);
                  from = _out - dist; /* rest from output */
                  from_source = output;
                }
              } else if (wnext < op) {
                /* wrap around window */
                from += wsize + wnext - op;
                op -= wnext;
                if (op < len) {
                  /* some from end of window */
                  len -= op;
                  do {
                    output[_out++] = s_window![from++]!;
                  } while (--op);
                  from = 0;
                  if (wnext < len) {
                    /* some from start of window */
                    op = wnext;
                    len -= op;
                    do {
                      output[_out++] = s_window![from++]!;
                    } while (--op);
                    from = _out - dist; /* rest from output */
                    from_source = output;
                  }
                }
              } else {
                /* contiguous in window */
                from += wnext - op;
                if (op < len) {
                  /* some from window */
                  len -= op;
                  do {
                    output[_out++] = s_window![from++]!;
                  } while (--op);
                  from = _out - dist; /* rest from output */
                  from_source = output;
                }
              }
              while (len > 2) {
                output[_out++] = from_source[from++]!;
                output[_out++] = from_source[from++]!;
                output[_out++] = from_source[from++]!;
                len -= 3;
              }
              if (len) {
                output[_out++] = from_source[from++]!;
                if (len > 1) output[_out++] = from_source[from++]!;
              }
            } else if (len >= FAST_COPY_MIN && (dist === 1 || dist >= len)) {
              // atopview: long matches (runs of zeros in the system blob, repeated task
              // structs) are copied natively; the source bytes are all written already.
              if (dist === 1) output.fill(output[_out - 1]!, _out, _out + len);
              else output.copyWithin(_out, _out - dist, _out - dist + len);
              _out += len;
            } else {
              from = _out - dist; /* copy direct from output */
              do {
                /* minimum length is three */
                output[_out++] = output[from++]!;
                output[_out++] = output[from++]!;
                output[_out++] = output[from++]!;
                len -= 3;
              } while (len > 2);
              if (len) {
                output[_out++] = output[from++]!;
                if (len > 1) output[_out++] = output[from++]!;
              }
            }
          } else if ((op & 64) === 0) {
            /* 2nd level distance code */
            here = dcode[(here & 0xffff) /*here.val*/ + (hold & ((1 << op) - 1))]!;
            continue dodist;
          } else {
            strm.msg = 'invalid distance code';
            state.mode = BAD;
            break top;
          }

          break; // need to emulate goto via "continue"
        }
      } else if ((op & 64) === 0) {
        /* 2nd level length code */
        here = lcode[(here & 0xffff) /*here.val*/ + (hold & ((1 << op) - 1))]!;
        continue dolen;
      } else if (op & 32) {
        /* end-of-block */
        state.mode = TYPE;
        break top;
      } else {
        strm.msg = 'invalid literal/length code';
        state.mode = BAD;
        break top;
      }

      break; // need to emulate goto via "continue"
    }
  } while (_in < last && _out < end);

  /* return unused bytes (on entry, bits < 8, so in won't go too far back) */
  len = bits >> 3;
  _in -= len;
  bits -= len << 3;
  hold &= (1 << bits) - 1;

  /* update state and return */
  strm.next_in = _in;
  strm.next_out = _out;
  strm.avail_in = _in < last ? 5 + (last - _in) : 5 - (_in - last);
  strm.avail_out = _out < end ? 257 + (end - _out) : 257 - (_out - end);
  state.hold = hold;
  state.bits = bits;
}
