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

// Adler-32 (RFC 1950), the checksum at the end of a zlib stream.
// atopview: pako's byte loop costs ~1.5 ms per MB, a quarter of a whole parse. This version
// reads aligned 32-bit words and sums their bytes two lanes at a time (SWAR): even bytes in
// the 16-bit lanes of `w & 0x00ff00ff`, odd bytes in those of `(w >>> 8) & 0x00ff00ff`. Per
// block of 16 words, pe/po are the lane sums and qe/qo the sums of the running lane sums
// (which weigh each byte by how many words follow it); groups of 4 zero words, most of
// atop's system blob, only add to qe/qo. No lane can exceed 16 bits within a block
// (255 × 16 × 17 / 2 = 34,680), and s1/s2 are reduced modulo 65521 every 8 blocks, before
// s2 could leave the 31-bit small-integer range. Same result as the byte loop, any alignment.

const BASE = 65521;
const LANES = 0x00ff00ff;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function bytewise(s1: number, s2: number, buf: Uint8Array, pos: number, end: number): number {
  while (pos < end) {
    const stop = Math.min(end, pos + 1024);
    while (pos < stop) {
      s1 += buf[pos++]!;
      s2 += s1;
    }
    s1 %= BASE;
    s2 %= BASE;
  }
  return ((s2 << 16) | s1) >>> 0;
}

/** Adler-32 of buf[pos, pos + len), continuing from `adler` (1 for a new stream). */
export function adler32(adler: number, buf: Uint8Array, len: number, pos: number): number {
  let s1 = adler & 0xffff;
  let s2 = (adler >>> 16) & 0xffff;
  const end = pos + len;
  if (!LITTLE_ENDIAN || len < 128) return bytewise(s1, s2, buf, pos, end);
  while (((buf.byteOffset + pos) & 3) !== 0) {
    s1 += buf[pos++]!;
    s2 += s1;
  }
  const nw = (end - pos) >>> 2;
  const words = new Int32Array(buf.buffer, buf.byteOffset + pos, nw);
  const full = nw - (nw & 15);
  let blocks = 0;
  for (let wi = 0; wi < full;) {
    let pe = 0;
    let po = 0;
    let qe = 0;
    let qo = 0;
    for (const stop = wi + 16; wi < stop; wi += 4) {
      const w0 = words[wi]!;
      const w1 = words[wi + 1]!;
      const w2 = words[wi + 2]!;
      const w3 = words[wi + 3]!;
      if ((w0 | w1 | w2 | w3) === 0) {
        qe = (qe + (pe << 2)) | 0;
        qo = (qo + (po << 2)) | 0;
        continue;
      }
      pe = (pe + (w0 & LANES)) | 0;
      po = (po + ((w0 >>> 8) & LANES)) | 0;
      qe = (qe + pe) | 0;
      qo = (qo + po) | 0;
      pe = (pe + (w1 & LANES)) | 0;
      po = (po + ((w1 >>> 8) & LANES)) | 0;
      qe = (qe + pe) | 0;
      qo = (qo + po) | 0;
      pe = (pe + (w2 & LANES)) | 0;
      po = (po + ((w2 >>> 8) & LANES)) | 0;
      qe = (qe + pe) | 0;
      qo = (qo + po) | 0;
      pe = (pe + (w3 & LANES)) | 0;
      po = (po + ((w3 >>> 8) & LANES)) | 0;
      qe = (qe + pe) | 0;
      qo = (qo + po) | 0;
    }
    // byte j of the block (0..63) has weight 64 - j: 4 × (words after it, itself included)
    // minus its place in its word (0..3)
    const b0 = pe & 0xffff;
    const b2 = pe >>> 16;
    const b1 = po & 0xffff;
    const b3 = po >>> 16;
    const q = (qe & 0xffff) + (qe >>> 16) + (qo & 0xffff) + (qo >>> 16);
    s2 += 64 * s1 + 4 * q - (b1 + 2 * b2 + 3 * b3);
    s1 += b0 + b1 + b2 + b3;
    if (++blocks === 8) {
      s1 %= BASE;
      s2 %= BASE;
      blocks = 0;
    }
  }
  s1 %= BASE;
  s2 %= BASE;
  return bytewise(s1, s2, buf, pos + full * 4, end);
}
