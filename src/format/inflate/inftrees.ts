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

// Builds the decoding tables of a Huffman code (zlib's inftrees.c).

const MAXBITS = 15;
export const ENOUGH_LENS = 852;
export const ENOUGH_DISTS = 592;

export const CODES = 0;
export const LENS = 1;
export const DISTS = 2;

/* prettier-ignore */
const lbase = new Uint16Array([ /* Length codes 257..285 base */
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
  35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258, 0, 0,
]);
/* prettier-ignore */
const lext = new Uint8Array([ /* Length codes 257..285 extra */
  16, 16, 16, 16, 16, 16, 16, 16, 17, 17, 17, 17, 18, 18, 18, 18,
  19, 19, 19, 19, 20, 20, 20, 20, 21, 21, 21, 21, 16, 199, 75,
]);
/* prettier-ignore */
const dbase = new Uint16Array([ /* Distance codes 0..29 base */
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
  257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577, 0, 0,
]);
/* prettier-ignore */
const dext = new Uint8Array([ /* Distance codes 0..29 extra */
  16, 16, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22,
  23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 64, 64,
]);

// scratch, reused by every call (the decoder is single-threaded per realm)
const count = new Uint16Array(MAXBITS + 1);
const offs = new Uint16Array(MAXBITS + 1);

/**
 * Fills `table` from `table_index` with the decoding table of the code whose lengths are
 * lens[lens_index, lens_index + codes); `opts.bits` is the requested root table bits on entry
 * and the actual ones on return. Returns 0 on success, -1 for an over-subscribed or incomplete
 * code, 1 if the table would not fit.
 */
export function inflate_table(
  type: number,
  lens: Uint16Array,
  lens_index: number,
  codes: number,
  table: Int32Array,
  table_index: number,
  work: Uint16Array,
  opts: { bits: number },
): number {
  const bits = opts.bits;
  let len = 0; /* a code's length in bits */
  let sym = 0; /* index of code symbols */
  let min = 0,
    max = 0; /* minimum and maximum code lengths */
  let root = 0; /* number of index bits for root table */
  let curr = 0; /* number of index bits for current table */
  let drop = 0; /* code bits to drop for sub-table */
  let left = 0; /* number of prefix codes available */
  let used = 0; /* code entries in table used */
  let huff = 0; /* Huffman code */
  let incr: number; /* for incrementing code, index */
  let fill: number; /* index for replicating entries */
  let low: number; /* low bits for current root entry */
  let next: number; /* next available space in table */
  let base: Uint16Array; /* base value table to use */
  let extra: Uint16Array | Uint8Array; /* extra bits table to use */
  let match: number; /* use base and extra for symbol >= match */
  let here_bits: number, here_op: number, here_val: number;

  /* accumulate lengths for codes (assumes lens[] all in 0..MAXBITS) */
  for (len = 0; len <= MAXBITS; len++) count[len] = 0;
  for (sym = 0; sym < codes; sym++) count[lens[lens_index + sym]!]!++;

  /* bound code lengths, force root to be within code lengths */
  root = bits;
  for (max = MAXBITS; max >= 1; max--) if (count[max] !== 0) break;
  if (root > max) root = max;
  if (max === 0) {
    /* no symbols to code at all: make a table that does not decode anything */
    table[table_index++] = (1 << 24) | (64 << 16) | 0;
    table[table_index++] = (1 << 24) | (64 << 16) | 0;
    opts.bits = 1;
    return 0; /* no symbols, but wait for decoding to report error */
  }
  for (min = 1; min < max; min++) if (count[min] !== 0) break;
  if (root < min) root = min;

  /* check for an over-subscribed or incomplete set of lengths */
  left = 1;
  for (len = 1; len <= MAXBITS; len++) {
    left <<= 1;
    left -= count[len]!;
    if (left < 0) return -1; /* over-subscribed */
  }
  if (left > 0 && (type === CODES || max !== 1)) return -1; /* incomplete set */

  /* generate offsets into symbol table for each length for sorting */
  offs[1] = 0;
  for (len = 1; len < MAXBITS; len++) offs[len + 1] = offs[len]! + count[len]!;

  /* sort symbols by length, by symbol order within each length */
  for (sym = 0; sym < codes; sym++) {
    const l = lens[lens_index + sym]!;
    if (l !== 0) work[offs[l]!++] = sym;
  }

  /* set up for code type */
  if (type === CODES) {
    base = extra = work; /* dummy value--not used */
    match = 20;
  } else if (type === LENS) {
    base = lbase;
    extra = lext;
    match = 257;
  } else {
    /* DISTS */
    base = dbase;
    extra = dext;
    match = 0;
  }

  /* initialize opts for loop */
  huff = 0; /* starting code */
  sym = 0; /* starting code symbol */
  len = min; /* starting code length */
  next = table_index; /* current table to fill in */
  curr = root; /* current table index bits */
  drop = 0; /* current bits to drop from code for index */
  low = -1; /* trigger new sub-table when len > root */
  used = 1 << root; /* use root table entries */
  const mask = used - 1; /* mask for comparing low */

  /* check available table space */
  if ((type === LENS && used > ENOUGH_LENS) || (type === DISTS && used > ENOUGH_DISTS)) return 1;

  /* process all codes and make table entries */
  for (;;) {
    /* create table entry */
    here_bits = len - drop;
    const w = work[sym]!;
    if (w + 1 < match) {
      here_op = 0;
      here_val = w;
    } else if (w >= match) {
      here_op = extra[w - match]!;
      here_val = base[w - match]!;
    } else {
      here_op = 32 + 64; /* end of block */
      here_val = 0;
    }

    /* replicate for those indices with low len bits equal to huff */
    incr = 1 << (len - drop);
    fill = 1 << curr;
    min = fill; /* save offset to next table */
    do {
      fill -= incr;
      table[next + (huff >> drop) + fill] = (here_bits << 24) | (here_op << 16) | here_val | 0;
    } while (fill !== 0);

    /* backwards increment the len-bit code huff */
    incr = 1 << (len - 1);
    while (huff & incr) incr >>= 1;
    if (incr !== 0) {
      huff &= incr - 1;
      huff += incr;
    } else huff = 0;

    /* go to next symbol, update count, len */
    sym++;
    if (--count[len]! === 0) {
      if (len === max) break;
      len = lens[lens_index + work[sym]!]!;
    }

    /* create new sub-table if needed */
    if (len > root && (huff & mask) !== low) {
      /* if first time, transition to sub-tables */
      if (drop === 0) drop = root;

      /* increment past last table */
      next += min; /* here min is 1 << curr */

      /* determine length of next table */
      curr = len - drop;
      left = 1 << curr;
      while (curr + drop < max) {
        left -= count[curr + drop]!;
        if (left <= 0) break;
        curr++;
        left <<= 1;
      }

      /* check for enough space */
      used += 1 << curr;
      if ((type === LENS && used > ENOUGH_LENS) || (type === DISTS && used > ENOUGH_DISTS)) return 1;

      /* point entry in root table to sub-table */
      low = huff & mask;
      table[low] = (root << 24) | (curr << 16) | (next - table_index) | 0;
    }
  }

  /* fill in remaining table entry if code is incomplete (guaranteed to have at most one
     remaining entry, since if the code is incomplete, the maximum code length that was
     allowed to get this far is one bit) */
  if (huff !== 0) table[next + huff] = ((len - drop) << 24) | (64 << 16) | 0;

  /* set return parameters */
  opts.bits = root;
  return 0;
}
