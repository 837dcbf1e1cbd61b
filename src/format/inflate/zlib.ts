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

// The inflate state machine (zlib's inflate.c) for zlib-wrapped and raw deflate streams.
import { adler32 } from './adler32';
import { inflate_fast } from './inffast';
import { CODES, DISTS, ENOUGH_DISTS, ENOUGH_LENS, LENS, inflate_table } from './inftrees';

/* Allowed flush values; see deflate() and inflate() below for details */
export const Z_NO_FLUSH = 0;
export const Z_FINISH = 4;
export const Z_BLOCK = 5;
export const Z_TREES = 6;

/* Return codes for the compression/decompression functions. Negative values are errors,
   positive values are used for special but normal events. */
export const Z_OK = 0;
export const Z_STREAM_END = 1;
export const Z_NEED_DICT = 2;
export const Z_STREAM_ERROR = -2;
export const Z_DATA_ERROR = -3;
export const Z_MEM_ERROR = -4;
export const Z_BUF_ERROR = -5;

/* The deflate compression method */
const Z_DEFLATED = 8;

/* STATES ==================================================================== */
const HEAD = 16180; /* i: waiting for magic header */
const DICTID = 16189; /* i: waiting for dictionary check value */
const DICT = 16190; /* waiting for inflateSetDictionary() call */
const TYPE = 16191; /* i: waiting for type bits, including last-flag bit */
const TYPEDO = 16192; /* i: same, but skip check to exit inflate on new block */
const STORED = 16193; /* i: waiting for stored size (length and complement) */
const COPY_ = 16194; /* i/o: same as COPY below, but only first time in */
const COPY = 16195; /* i/o: waiting for input or output to copy stored block */
const TABLE = 16196; /* i: waiting for dynamic block table lengths */
const LENLENS = 16197; /* i: waiting for code length code lengths */
const CODELENS = 16198; /* i: waiting for length/lit and distance code lengths */
const LEN_ = 16199; /* i: same as LEN below, but only first time in */
const LEN = 16200; /* i: waiting for length/lit/eob code */
const LENEXT = 16201; /* i: waiting for length extra bits */
const DIST = 16202; /* i: waiting for distance code */
const DISTEXT = 16203; /* i: waiting for distance extra bits */
const MATCH = 16204; /* o: waiting for output space to copy string */
const LIT = 16205; /* o: waiting for output space to write literal */
const CHECK = 16206; /* i: waiting for 32-bit check value */
const DONE = 16208; /* finished check, done -- remain here until reset */
const BAD = 16209; /* got a data error -- remain here until reset */
const MEM = 16210; /* got an inflate() memory error -- remain here until reset */
const SYNC = 16211; /* looking for synchronization bytes to restart inflate() */

const DEF_WBITS = 15; /* 32K LZ77 window */

const EMPTY = new Uint8Array(0);

export class ZStream {
  /** next input byte: input[next_in] */
  input: Uint8Array = EMPTY;
  next_in = 0;
  /** number of bytes available at input */
  avail_in = 0;
  /** total number of input bytes read so far */
  total_in = 0;
  /** next output byte should be put there */
  output: Uint8Array = EMPTY;
  next_out = 0;
  /** remaining free space at output */
  avail_out = 0;
  /** total number of bytes output so far */
  total_out = 0;
  /** last error message, '' if no error */
  msg = '';
  state: InflateState | null = null;
  /** best guess about the data type: binary or text */
  data_type = 2;
  /** adler32 value of the uncompressed data */
  adler = 0;
}

export class InflateState {
  strm: ZStream | null = null; /* pointer back to this zlib stream */
  mode = 0; /* current inflate mode */
  last = 0; /* true if processing last block */
  wrap = 0; /* bit 0 true for zlib, bit 2 true to validate check value */
  havedict = 0; /* true if dictionary provided */
  flags = 0; /* 0 for a zlib stream (gzip streams are not supported here) */
  dmax = 0; /* zlib header max distance (INFLATE_STRICT) */
  check = 0; /* protected copy of check value */
  total = 0; /* protected copy of output count */
  /* sliding window */
  wbits = 0; /* log base 2 of requested window size */
  wsize = 0; /* window size or zero if not using window */
  whave = 0; /* valid bytes in the window */
  wnext = 0; /* window write index */
  window: Uint8Array | null = null; /* allocated sliding window, if needed */
  /* bit accumulator */
  hold = 0; /* input bit accumulator */
  bits = 0; /* number of bits in "in" */
  /* for string and stored block copying */
  length = 0; /* literal or length of data to copy */
  offset = 0; /* distance back to copy string from */
  /* for table and code decoding */
  extra = 0; /* extra bits needed */
  /* fixed and dynamic code tables */
  lencode: Int32Array; /* starting table for length/literal codes */
  distcode: Int32Array; /* starting table for distance codes */
  lenbits = 0; /* index bits for lencode */
  distbits = 0; /* index bits for distcode */
  /* dynamic table building */
  ncode = 0; /* number of code length code lengths */
  nlen = 0; /* number of length code lengths */
  ndist = 0; /* number of distance code lengths */
  have = 0; /* number of code lengths in lens[] */
  readonly lens = new Uint16Array(320); /* temporary storage for code lengths */
  readonly work = new Uint16Array(288); /* work area for code table building */
  // atopview: allocated once per state and reused across resets (pako allocates on each)
  readonly lendyn = new Int32Array(ENOUGH_LENS);
  readonly distdyn = new Int32Array(ENOUGH_DISTS);
  sane = 0; /* if false, allow invalid distance too far */
  back = 0; /* bits back of last unprocessed length/lit */
  was = 0; /* initial length of match */

  constructor() {
    this.lencode = this.lendyn;
    this.distcode = this.distdyn;
  }
}

const zswap32 = (q: number): number =>
  ((q >>> 24) & 0xff) + ((q >>> 8) & 0xff00) + ((q & 0xff00) << 8) + ((q & 0xff) << 24);

function inflateStateCheck(strm: ZStream): boolean {
  const state = strm.state;
  return !state || state.strm !== strm || state.mode < HEAD || state.mode > SYNC;
}

export function inflateResetKeep(strm: ZStream): number {
  if (inflateStateCheck(strm)) return Z_STREAM_ERROR;
  const state = strm.state!;
  strm.total_in = strm.total_out = state.total = 0;
  strm.msg = ''; /*Z_NULL*/
  if (state.wrap) {
    /* to support ill-conceived Java test suite */
    strm.adler = state.wrap & 1;
  }
  state.mode = HEAD;
  state.last = 0;
  state.havedict = 0;
  state.flags = -1;
  state.dmax = 32768;
  state.hold = 0;
  state.bits = 0;
  state.lencode = state.lendyn;
  state.distcode = state.distdyn;
  state.sane = 1;
  state.back = -1;
  return Z_OK;
}

export function inflateReset(strm: ZStream): number {
  if (inflateStateCheck(strm)) return Z_STREAM_ERROR;
  const state = strm.state!;
  state.wsize = 0;
  state.whave = 0;
  state.wnext = 0;
  return inflateResetKeep(strm);
}

function inflateReset2(strm: ZStream, windowBits: number): number {
  let wrap;
  if (inflateStateCheck(strm)) return Z_STREAM_ERROR;
  const state = strm.state!;
  /* extract wrap request from windowBits parameter */
  if (windowBits < 0) {
    wrap = 0;
    windowBits = -windowBits;
  } else {
    // atopview: no gzip wrapper (windowBits + 16 / + 32 are rejected)
    if (windowBits >= 16) return Z_STREAM_ERROR;
    wrap = 5;
  }
  /* set number of window bits, free window if different */
  if (windowBits && (windowBits < 8 || windowBits > 15)) return Z_STREAM_ERROR;
  if (state.window !== null && state.wbits !== windowBits) state.window = null;
  /* update state and reset the rest of it */
  state.wrap = wrap;
  state.wbits = windowBits;
  return inflateReset(strm);
}

/** windowBits 8..15 for a zlib stream, -8..-15 for raw deflate. */
export function inflateInit2(strm: ZStream, windowBits: number): number {
  const state = new InflateState();
  strm.state = state;
  state.strm = strm;
  state.window = null;
  state.mode = HEAD; /* to pass state test in inflateReset2() */
  const ret = inflateReset2(strm, windowBits);
  if (ret !== Z_OK) strm.state = null;
  return ret;
}

export function inflateInit(strm: ZStream): number {
  return inflateInit2(strm, DEF_WBITS);
}

/*
 Return state with length and distance decoding tables and index sizes set to fixed code
 decoding. Normally this returns fixed tables from static tables built once, the first time
 they are needed.
 */
let fixed: { lenfix: Int32Array; distfix: Int32Array } | null = null;

function fixedtables(state: InflateState): void {
  if (!fixed) {
    const lenfix = new Int32Array(512);
    const distfix = new Int32Array(32);
    /* literal/length table */
    let sym = 0;
    while (sym < 144) state.lens[sym++] = 8;
    while (sym < 256) state.lens[sym++] = 9;
    while (sym < 280) state.lens[sym++] = 7;
    while (sym < 288) state.lens[sym++] = 8;
    inflate_table(LENS, state.lens, 0, 288, lenfix, 0, state.work, { bits: 9 });
    /* distance table */
    sym = 0;
    while (sym < 32) state.lens[sym++] = 5;
    inflate_table(DISTS, state.lens, 0, 32, distfix, 0, state.work, { bits: 5 });
    fixed = { lenfix, distfix };
  }
  state.lencode = fixed.lenfix;
  state.lenbits = 9;
  state.distcode = fixed.distfix;
  state.distbits = 5;
}

/*
 Update the window with the last wsize (normally 32K) bytes written before returning. If
 window does not exist yet, create it. This is only called when a window is already in use,
 or when output has been written during this inflate call, but the end of the deflate stream
 has not been reached yet. It is also called to create a window for dictionary data when a
 dictionary is loaded.
 */
function updatewindow(strm: ZStream, src: Uint8Array, end: number, copy: number): number {
  let dist;
  const state = strm.state!;
  /* if it hasn't been done already, allocate space for the window */
  if (state.window === null) state.window = new Uint8Array(1 << state.wbits);
  /* if window not in use yet, initialize */
  if (state.wsize === 0) {
    state.wsize = 1 << state.wbits;
    state.wnext = 0;
    state.whave = 0;
  }
  /* copy state->wsize or less output bytes into the circular window */
  if (copy >= state.wsize) {
    state.window.set(src.subarray(end - state.wsize, end), 0);
    state.wnext = 0;
    state.whave = state.wsize;
  } else {
    dist = state.wsize - state.wnext;
    if (dist > copy) dist = copy;
    state.window.set(src.subarray(end - copy, end - copy + dist), state.wnext);
    copy -= dist;
    if (copy) {
      state.window.set(src.subarray(end - copy, end), 0);
      state.wnext = copy;
      state.whave = state.wsize;
    } else {
      state.wnext += dist;
      if (state.wnext === state.wsize) state.wnext = 0;
      if (state.whave < state.wsize) state.whave += dist;
    }
  }
  return 0;
}

/* permutation of code lengths */
/* prettier-ignore */
const order = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/* eslint-disable no-fallthrough -- zlib's state machine falls through from state to state
   (TS7029 is silenced at each such case with @ts-expect-error) */
export function inflate(strm: ZStream, flush: number): number {
  let input, output; // input/output buffers
  let next; /* next input INDEX */
  let put; /* next output INDEX */
  let have, left; /* available input and output */
  let hold; /* bit buffer */
  let bits; /* bits in bit buffer */
  let _out; /* save starting available output */
  let copy; /* number of stored or match bytes to copy */
  let from; /* where to copy match bytes from */
  let from_source;
  let here = 0; /* current decoding table entry */
  let here_bits, here_op, here_val; // paked "here" denormalized (JS specific)
  let last_bits, last_op, last_val; // paked "last" denormalized (JS specific)
  let len; /* length to copy for repeats, bits to drop */
  let ret; /* return code */
  let opts;
  let n; // temporary variable for NEED_BITS

  if (inflateStateCheck(strm) || (!strm.input.length && strm.avail_in !== 0)) return Z_STREAM_ERROR;

  const state = strm.state!;
  if (state.mode === TYPE) state.mode = TYPEDO; /* skip check */

  //--- LOAD() ---
  put = strm.next_out;
  output = strm.output;
  left = strm.avail_out;
  next = strm.next_in;
  input = strm.input;
  have = strm.avail_in;
  hold = state.hold;
  bits = state.bits;
  //---

  const _in = have; /* save starting available input */
  _out = left;
  ret = Z_OK;

  inf_leave: for (;;) {
    switch (state.mode) {
      case HEAD:
        if (state.wrap === 0) {
          state.mode = TYPEDO;
          break;
        }
        //=== NEEDBITS(16);
        while (bits < 16) {
          if (have === 0) break inf_leave;
          have--;
          hold += input[next++]! << bits;
          bits += 8;
        }
        //===//
        if (
          !(state.wrap & 1) /* check if zlib header allowed */ ||
          (((hold & 0xff) /*BITS(8)*/ << 8) + (hold >> 8)) % 31
        ) {
          strm.msg = 'incorrect header check';
          state.mode = BAD;
          break;
        }
        if ((hold & 0x0f) /*BITS(4)*/ !== Z_DEFLATED) {
          strm.msg = 'unknown compression method';
          state.mode = BAD;
          break;
        }
        //--- DROPBITS(4) ---//
        hold >>>= 4;
        bits -= 4;
        //---//
        len = (hold & 0x0f) /*BITS(4)*/ + 8;
        if (state.wbits === 0) state.wbits = len;
        if (len > 15 || len > state.wbits) {
          strm.msg = 'invalid window size';
          state.mode = BAD;
          break;
        }
        // !!! pako patch. Force use `options.windowBits` if passed.
        // Required to always use max window size by default.
        state.dmax = 1 << state.wbits;
        state.flags = 0; /* indicate zlib header */
        strm.adler = state.check = 1; /*adler32(0L, Z_NULL, 0)*/
        state.mode = hold & 0x200 ? DICTID : TYPE;
        //=== INITBITS();
        hold = 0;
        bits = 0;
        //===//
        break;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case DICTID:
        //=== NEEDBITS(32); */
        while (bits < 32) {
          if (have === 0) break inf_leave;
          have--;
          hold += input[next++]! << bits;
          bits += 8;
        }
        //===//
        strm.adler = state.check = zswap32(hold);
        //=== INITBITS();
        hold = 0;
        bits = 0;
        //===//
        state.mode = DICT;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case DICT:
        if (state.havedict === 0) {
          // atopview: no preset dictionaries; the caller sees Z_NEED_DICT and gives up
          //--- RESTORE() ---
          strm.next_out = put;
          strm.avail_out = left;
          strm.next_in = next;
          strm.avail_in = have;
          state.hold = hold;
          state.bits = bits;
          //---
          return Z_NEED_DICT;
        }
        strm.adler = state.check = 1; /*adler32(0L, Z_NULL, 0)*/
        state.mode = TYPE;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case TYPE:
        if (flush === Z_BLOCK || flush === Z_TREES) break inf_leave;
      case TYPEDO:
        if (state.last) {
          //--- BYTEBITS() ---//
          hold >>>= bits & 7;
          bits -= bits & 7;
          //---//
          state.mode = CHECK;
          break;
        }
        //=== NEEDBITS(3); */
        while (bits < 3) {
          if (have === 0) break inf_leave;
          have--;
          hold += input[next++]! << bits;
          bits += 8;
        }
        //===//
        state.last = hold & 0x01; /*BITS(1)*/
        //--- DROPBITS(1) ---//
        hold >>>= 1;
        bits -= 1;
        //---//

        switch (hold & 0x03 /*BITS(2)*/) {
          case 0 /* stored block */:
            state.mode = STORED;
            break;
          case 1 /* fixed block */:
            fixedtables(state);
            state.mode = LEN_; /* decode codes */
            if (flush === Z_TREES) {
              //--- DROPBITS(2) ---//
              hold >>>= 2;
              bits -= 2;
              //---//
              break inf_leave;
            }
            break;
          case 2 /* dynamic block */:
            state.mode = TABLE;
            break;
          case 3:
            strm.msg = 'invalid block type';
            state.mode = BAD;
        }
        //--- DROPBITS(2) ---//
        hold >>>= 2;
        bits -= 2;
        //---//
        break;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case STORED:
        //--- BYTEBITS() ---// /* go to byte boundary */
        hold >>>= bits & 7;
        bits -= bits & 7;
        //---//
        //=== NEEDBITS(32); */
        while (bits < 32) {
          if (have === 0) break inf_leave;
          have--;
          hold += input[next++]! << bits;
          bits += 8;
        }
        //===//
        if ((hold & 0xffff) !== ((hold >>> 16) ^ 0xffff)) {
          strm.msg = 'invalid stored block lengths';
          state.mode = BAD;
          break;
        }
        state.length = hold & 0xffff;
        //=== INITBITS();
        hold = 0;
        bits = 0;
        //===//
        state.mode = COPY_;
        if (flush === Z_TREES) break inf_leave;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case COPY_:
        state.mode = COPY;
      case COPY:
        copy = state.length;
        if (copy) {
          if (copy > have) copy = have;
          if (copy > left) copy = left;
          if (copy === 0) break inf_leave;
          //--- zmemcpy(put, next, copy); ---
          output.set(input.subarray(next, next + copy), put);
          //---//
          have -= copy;
          next += copy;
          left -= copy;
          put += copy;
          state.length -= copy;
          break;
        }
        state.mode = TYPE;
        break;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case TABLE:
        //=== NEEDBITS(14); */
        while (bits < 14) {
          if (have === 0) break inf_leave;
          have--;
          hold += input[next++]! << bits;
          bits += 8;
        }
        //===//
        state.nlen = (hold & 0x1f) /*BITS(5)*/ + 257;
        //--- DROPBITS(5) ---//
        hold >>>= 5;
        bits -= 5;
        //---//
        state.ndist = (hold & 0x1f) /*BITS(5)*/ + 1;
        //--- DROPBITS(5) ---//
        hold >>>= 5;
        bits -= 5;
        //---//
        state.ncode = (hold & 0x0f) /*BITS(4)*/ + 4;
        //--- DROPBITS(4) ---//
        hold >>>= 4;
        bits -= 4;
        //---//
        //#ifndef PKZIP_BUG_WORKAROUND
        if (state.nlen > 286 || state.ndist > 30) {
          strm.msg = 'too many length or distance symbols';
          state.mode = BAD;
          break;
        }
        //#endif
        state.have = 0;
        state.mode = LENLENS;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case LENLENS:
        while (state.have < state.ncode) {
          //=== NEEDBITS(3);
          while (bits < 3) {
            if (have === 0) break inf_leave;
            have--;
            hold += input[next++]! << bits;
            bits += 8;
          }
          //===//
          state.lens[order[state.have++]!] = hold & 0x07; //BITS(3);
          //--- DROPBITS(3) ---//
          hold >>>= 3;
          bits -= 3;
          //---//
        }
        while (state.have < 19) state.lens[order[state.have++]!] = 0;
        // We have separate tables & no pointers. 2 commented lines below not needed.
        //state.next = state.codes;
        //state.lencode = state.next;
        // Switch to use dynamic table
        state.lencode = state.lendyn;
        state.lenbits = 7;

        opts = { bits: state.lenbits };
        ret = inflate_table(CODES, state.lens, 0, 19, state.lencode, 0, state.work, opts);
        state.lenbits = opts.bits;

        if (ret) {
          strm.msg = 'invalid code lengths set';
          state.mode = BAD;
          break;
        }
        state.have = 0;
        state.mode = CODELENS;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case CODELENS:
        while (state.have < state.nlen + state.ndist) {
          for (;;) {
            here = state.lencode[hold & ((1 << state.lenbits) - 1)]!; /*BITS(state.lenbits)*/
            here_bits = here >>> 24;
            here_op = (here >>> 16) & 0xff;
            here_val = here & 0xffff;

            if (here_bits <= bits) break;
            //--- PULLBYTE() ---//
            if (have === 0) break inf_leave;
            have--;
            hold += input[next++]! << bits;
            bits += 8;
            //---//
          }
          if (here_val < 16) {
            //--- DROPBITS(here.bits) ---//
            hold >>>= here_bits;
            bits -= here_bits;
            //---//
            state.lens[state.have++] = here_val;
          } else {
            if (here_val === 16) {
              //=== NEEDBITS(here.bits + 2);
              n = here_bits + 2;
              while (bits < n) {
                if (have === 0) break inf_leave;
                have--;
                hold += input[next++]! << bits;
                bits += 8;
              }
              //===//
              //--- DROPBITS(here.bits) ---//
              hold >>>= here_bits;
              bits -= here_bits;
              //---//
              if (state.have === 0) {
                strm.msg = 'invalid bit length repeat';
                state.mode = BAD;
                break;
              }
              len = state.lens[state.have - 1]!;
              copy = 3 + (hold & 0x03); //BITS(2);
              //--- DROPBITS(2) ---//
              hold >>>= 2;
              bits -= 2;
              //---//
            } else if (here_val === 17) {
              //=== NEEDBITS(here.bits + 3);
              n = here_bits + 3;
              while (bits < n) {
                if (have === 0) break inf_leave;
                have--;
                hold += input[next++]! << bits;
                bits += 8;
              }
              //===//
              //--- DROPBITS(here.bits) ---//
              hold >>>= here_bits;
              bits -= here_bits;
              //---//
              len = 0;
              copy = 3 + (hold & 0x07); //BITS(3);
              //--- DROPBITS(3) ---//
              hold >>>= 3;
              bits -= 3;
              //---//
            } else {
              //=== NEEDBITS(here.bits + 7);
              n = here_bits + 7;
              while (bits < n) {
                if (have === 0) break inf_leave;
                have--;
                hold += input[next++]! << bits;
                bits += 8;
              }
              //===//
              //--- DROPBITS(here.bits) ---//
              hold >>>= here_bits;
              bits -= here_bits;
              //---//
              len = 0;
              copy = 11 + (hold & 0x7f); //BITS(7);
              //--- DROPBITS(7) ---//
              hold >>>= 7;
              bits -= 7;
              //---//
            }
            if (state.have + copy > state.nlen + state.ndist) {
              strm.msg = 'invalid bit length repeat';
              state.mode = BAD;
              break;
            }
            while (copy--) state.lens[state.have++] = len;
          }
        }

        /* handle error breaks in while */
        if (state.mode === BAD) break;

        /* check for end-of-block code (better have one) */
        if (state.lens[256] === 0) {
          strm.msg = 'invalid code -- missing end-of-block';
          state.mode = BAD;
          break;
        }

        /* build code tables -- note: do not change the lenbits or distbits values here
           (9 and 6) without reading the comments in inftrees.h concerning the ENOUGH
           constants, which depend on those values */
        state.lenbits = 9;

        opts = { bits: state.lenbits };
        ret = inflate_table(LENS, state.lens, 0, state.nlen, state.lencode, 0, state.work, opts);
        // We have separate tables & no pointers. 2 commented lines below not needed.
        // state.next_index = opts.table_index;
        state.lenbits = opts.bits;
        // state.lencode = state.next;

        if (ret) {
          strm.msg = 'invalid literal/lengths set';
          state.mode = BAD;
          break;
        }

        state.distbits = 6;
        //state.distcode.copy(state.codes);
        // Switch to use dynamic table
        state.distcode = state.distdyn;
        opts = { bits: state.distbits };
        ret = inflate_table(DISTS, state.lens, state.nlen, state.ndist, state.distcode, 0, state.work, opts);
        // We have separate tables & no pointers. 2 commented lines below not needed.
        // state.next_index = opts.table_index;
        state.distbits = opts.bits;
        // state.distcode = state.next;

        if (ret) {
          strm.msg = 'invalid distances set';
          state.mode = BAD;
          break;
        }
        state.mode = LEN_;
        if (flush === Z_TREES) break inf_leave;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case LEN_:
        state.mode = LEN;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case LEN:
        if (have >= 6 && left >= 258) {
          //--- RESTORE() ---
          strm.next_out = put;
          strm.avail_out = left;
          strm.next_in = next;
          strm.avail_in = have;
          state.hold = hold;
          state.bits = bits;
          //---
          inflate_fast(strm, _out);
          //--- LOAD() ---
          put = strm.next_out;
          output = strm.output;
          left = strm.avail_out;
          next = strm.next_in;
          input = strm.input;
          have = strm.avail_in;
          hold = state.hold;
          bits = state.bits;
          //---

          if (state.mode === TYPE) state.back = -1;
          break;
        }
        state.back = 0;
        for (;;) {
          here = state.lencode[hold & ((1 << state.lenbits) - 1)]!; /*BITS(state.lenbits)*/
          here_bits = here >>> 24;
          here_op = (here >>> 16) & 0xff;
          here_val = here & 0xffff;

          if (here_bits <= bits) break;
          //--- PULLBYTE() ---//
          if (have === 0) break inf_leave;
          have--;
          hold += input[next++]! << bits;
          bits += 8;
          //---//
        }
        if (here_op && (here_op & 0xf0) === 0) {
          last_bits = here_bits;
          last_op = here_op;
          last_val = here_val;
          for (;;) {
            here = state.lencode[last_val + ((hold & ((1 << (last_bits + last_op)) - 1)) >> last_bits)]!;
            here_bits = here >>> 24;
            here_op = (here >>> 16) & 0xff;
            here_val = here & 0xffff;

            if (last_bits + here_bits <= bits) break;
            //--- PULLBYTE() ---//
            if (have === 0) break inf_leave;
            have--;
            hold += input[next++]! << bits;
            bits += 8;
            //---//
          }
          //--- DROPBITS(last.bits) ---//
          hold >>>= last_bits;
          bits -= last_bits;
          //---//
          state.back += last_bits;
        }
        //--- DROPBITS(here.bits) ---//
        hold >>>= here_bits;
        bits -= here_bits;
        //---//
        state.back += here_bits;
        state.length = here_val;
        if (here_op === 0) {
          state.mode = LIT;
          break;
        }
        if (here_op & 32) {
          state.back = -1;
          state.mode = TYPE;
          break;
        }
        if (here_op & 64) {
          strm.msg = 'invalid literal/length code';
          state.mode = BAD;
          break;
        }
        state.extra = here_op & 15;
        state.mode = LENEXT;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case LENEXT:
        if (state.extra) {
          //=== NEEDBITS(state.extra);
          n = state.extra;
          while (bits < n) {
            if (have === 0) break inf_leave;
            have--;
            hold += input[next++]! << bits;
            bits += 8;
          }
          //===//
          state.length += hold & ((1 << state.extra) - 1); /*BITS(state.extra)*/
          //--- DROPBITS(state.extra) ---//
          hold >>>= state.extra;
          bits -= state.extra;
          //---//
          state.back += state.extra;
        }
        state.was = state.length;
        state.mode = DIST;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case DIST:
        for (;;) {
          here = state.distcode[hold & ((1 << state.distbits) - 1)]!; /*BITS(state.distbits)*/
          here_bits = here >>> 24;
          here_op = (here >>> 16) & 0xff;
          here_val = here & 0xffff;

          if (here_bits <= bits) break;
          //--- PULLBYTE() ---//
          if (have === 0) break inf_leave;
          have--;
          hold += input[next++]! << bits;
          bits += 8;
          //---//
        }
        if ((here_op & 0xf0) === 0) {
          last_bits = here_bits;
          last_op = here_op;
          last_val = here_val;
          for (;;) {
            here = state.distcode[last_val + ((hold & ((1 << (last_bits + last_op)) - 1)) >> last_bits)]!;
            here_bits = here >>> 24;
            here_op = (here >>> 16) & 0xff;
            here_val = here & 0xffff;

            if (last_bits + here_bits <= bits) break;
            //--- PULLBYTE() ---//
            if (have === 0) break inf_leave;
            have--;
            hold += input[next++]! << bits;
            bits += 8;
            //---//
          }
          //--- DROPBITS(last.bits) ---//
          hold >>>= last_bits;
          bits -= last_bits;
          //---//
          state.back += last_bits;
        }
        //--- DROPBITS(here.bits) ---//
        hold >>>= here_bits;
        bits -= here_bits;
        //---//
        state.back += here_bits;
        if (here_op & 64) {
          strm.msg = 'invalid distance code';
          state.mode = BAD;
          break;
        }
        state.offset = here_val;
        state.extra = here_op & 15;
        state.mode = DISTEXT;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case DISTEXT:
        if (state.extra) {
          //=== NEEDBITS(state.extra);
          n = state.extra;
          while (bits < n) {
            if (have === 0) break inf_leave;
            have--;
            hold += input[next++]! << bits;
            bits += 8;
          }
          //===//
          state.offset += hold & ((1 << state.extra) - 1); /*BITS(state.extra)*/
          //--- DROPBITS(state.extra) ---//
          hold >>>= state.extra;
          bits -= state.extra;
          //---//
          state.back += state.extra;
        }
        //#ifdef INFLATE_STRICT
        if (state.offset > state.dmax) {
          strm.msg = 'invalid distance too far back';
          state.mode = BAD;
          break;
        }
        //#endif
        state.mode = MATCH;
      case MATCH:
        if (left === 0) break inf_leave;
        copy = _out - left;
        if (state.offset > copy) {
          /* copy from window */
          copy = state.offset - copy;
          if (copy > state.whave) {
            if (state.sane) {
              strm.msg = 'invalid distance too far back';
              state.mode = BAD;
              break;
            }
          }
          if (copy > state.wnext) {
            copy -= state.wnext;
            from = state.wsize - copy;
          } else {
            from = state.wnext - copy;
          }
          if (copy > state.length) copy = state.length;
          from_source = state.window!;
        } else {
          /* copy from output */
          from_source = output;
          from = put - state.offset;
          copy = state.length;
        }
        if (copy > left) copy = left;
        left -= copy;
        state.length -= copy;
        do {
          output[put++] = from_source[from++]!;
        } while (--copy);
        if (state.length === 0) state.mode = LEN;
        break;
      case LIT:
        if (left === 0) break inf_leave;
        output[put++] = state.length;
        left--;
        state.mode = LEN;
        break;
      // @ts-expect-error -- this state falls through into the next one, as in zlib
      case CHECK:
        if (state.wrap) {
          //=== NEEDBITS(32);
          while (bits < 32) {
            if (have === 0) break inf_leave;
            have--;
            // Use '|' instead of '+' to make sure that result is signed
            hold |= input[next++]! << bits;
            bits += 8;
          }
          //===//
          _out -= left;
          strm.total_out += _out;
          state.total += _out;
          if (state.wrap & 4 && _out) {
            strm.adler = state.check = adler32(state.check, output, _out, put - _out);
          }
          _out = left;
          // NB: crc32 stored as signed 32-bit int, zswap32 returns signed too
          if (state.wrap & 4 && zswap32(hold) >>> 0 !== state.check >>> 0) {
            strm.msg = 'incorrect data check';
            state.mode = BAD;
            break;
          }
          //=== INITBITS();
          hold = 0;
          bits = 0;
          //===//
        }
        // atopview: no gzip trailer (LENGTH state), straight to DONE
        state.mode = DONE;
      case DONE:
        ret = Z_STREAM_END;
        break inf_leave;
      case BAD:
        ret = Z_DATA_ERROR;
        break inf_leave;
      case MEM:
        return Z_MEM_ERROR;
      case SYNC:
      default:
        return Z_STREAM_ERROR;
    }
  }

  // inf_leave <- here is real place for "goto inf_leave", emulated via "break inf_leave"

  /*
     Return from inflate(), updating the total counts and the check value. If there was no
     progress during the inflate() call, return a buffer error. Call updatewindow() to
     create and/or update the window state. Note: a memory error from inflate() is
     non-recoverable.
   */

  //--- RESTORE() ---
  strm.next_out = put;
  strm.avail_out = left;
  strm.next_in = next;
  strm.avail_in = have;
  state.hold = hold;
  state.bits = bits;
  //---

  if (
    state.wsize ||
    (_out !== strm.avail_out && state.mode < BAD && (state.mode < CHECK || flush !== Z_FINISH))
  ) {
    if (updatewindow(strm, strm.output, strm.next_out, _out - strm.avail_out)) {
      state.mode = MEM;
      return Z_MEM_ERROR;
    }
  }
  const consumed = _in - strm.avail_in;
  _out -= strm.avail_out;
  strm.total_in += consumed;
  strm.total_out += _out;
  state.total += _out;
  if (state.wrap & 4 && _out) {
    strm.adler = state.check = adler32(state.check, output, _out, strm.next_out - _out);
  }
  strm.data_type =
    state.bits +
    (state.last ? 64 : 0) +
    (state.mode === TYPE ? 128 : 0) +
    (state.mode === LEN_ || state.mode === COPY_ ? 256 : 0);
  if (((consumed === 0 && _out === 0) || flush === Z_FINISH) && ret === Z_OK) ret = Z_BUF_ERROR;
  return ret;
}
/* eslint-enable no-fallthrough */
