// The jsonl and csv task records (the contract of task-record.ts and writers.ts) written
// straight into bytes, a sample at a time. The reference writers build a string per cell
// (JSON.stringify) and per line, and Node encodes every line to UTF-8 again on write: for the
// day log that is 3.9 GB of jsonl through the string machinery. Here everything that repeats
// is encoded once: each key with its separator, the three per-sample cells, the 256 possible
// chars, each distinct text (escaped and encoded once per string-table id); numbers are
// written digit by digit. test/export-text.test.ts holds the output to the reference writers'
// byte for byte on every capture.
//
// Speed: every typed-array column type is read at its own code site (a site that sees one
// array type stays monomorphic in V8), and a row reserves its worst-case size once.
import type { Sample, StringTable, TaskFieldPath, TaskLeafField } from '../../src/format/index';
import { csvCell } from '../writers';
import { ByteSink, bytesOf, putInt } from './bytes';

export type TextFormat = 'jsonl' | 'csv';

/** How a tstat column is read and printed. */
const enum Kind {
  // integers printed as they are (the zero shortcut applies up to U8)
  F64, // int64/uint64 as doubles
  I32,
  U32,
  I16,
  U16,
  I8,
  U8,
  F32,
  F64Wide, // int64/uint64 in a sample with values beyond 2^53 (TaskColumns.wide) in this column
  Bool,
  Char,
  Text,
}

function kindOf(f: TaskLeafField): Kind {
  if (f.kind === 'text') return Kind.Text;
  if (f.path === 'gen.isproc') return Kind.Bool;
  switch (f.scalar) {
    case 'int64':
    case 'uint64':
      return Kind.F64;
    case 'int32':
      return Kind.I32;
    case 'uint32':
      return Kind.U32;
    case 'int16':
      return Kind.I16;
    case 'uint16':
      return Kind.U16;
    case 'int8':
      return Kind.I8;
    case 'float32':
      return Kind.F32;
    case 'char':
      return Kind.Char;
    default:
      return Kind.U8;
  }
}

/** Longest text a number takes: "-" and 16 digits, or a double such as -1.2345678901234567e+308. */
const NUM_MAX = 24;

export class TaskTextEncoder {
  private readonly kinds: Kind[];
  private readonly paths: TaskFieldPath[];
  /** Bytes of the separator before each column (jsonl: `,"cpu.utime":`; csv: `,`). */
  private readonly sepLen: Int32Array;
  private readonly sepsLen: number;
  /**
   * The row of all zeros (separator and "0" for every column) as little-endian words, in four
   * copies shifted by 0-3 bytes: a separator, or a run of zero cells (most numbers are 0: idle
   * tasks), is copied 4 bytes a store from whichever copy has it word-aligned.
   */
  private readonly zeroRow: Int32Array;
  private readonly zeroWords: number;
  /** Where column k's cell starts in the row of all zeros. */
  private readonly cellAt: Int32Array;
  private readonly rowEnd: Uint8Array;
  /** Encoded char cells by char code. */
  private readonly chars: Uint8Array[];
  /** Encoded text cells by string-table id, filled as ids appear. */
  private readonly texts: Uint8Array[] = [];
  private readonly format: TextFormat;
  private readonly block: Float64Array;

  constructor(
    fields: readonly TaskLeafField[],
    private readonly strings: StringTable,
    format: TextFormat,
  ) {
    this.format = format;
    this.block = new Float64Array(BLOCK * fields.length);
    this.kinds = fields.map(kindOf);
    this.paths = fields.map((f) => f.path);
    const sepBytes = fields.map((f) =>
      bytesOf(format === 'jsonl' ? ',' + JSON.stringify(f.path) + ':' : ','),
    );
    this.sepLen = Int32Array.from(sepBytes, (b) => b.length);
    this.sepsLen = sepBytes.reduce((a, b) => a + b.length, 0);
    // the row of all zeros: column k's separator starts at cellAt[k], its "0" right after
    this.cellAt = new Int32Array(fields.length + 1);
    for (let k = 0; k < fields.length; k++) this.cellAt[k + 1] = this.cellAt[k]! + sepBytes[k]!.length + 1;
    const zeros = new Uint8Array(this.cellAt[fields.length]! + 8);
    sepBytes.forEach((b, k) => {
      zeros.set(b, this.cellAt[k]);
      zeros[this.cellAt[k]! + b.length] = 48;
    });
    // four copies shifted by 0-3 bytes, so that any range starts on a word of one of them
    this.zeroWords = Math.ceil(zeros.length / 4);
    this.zeroRow = new Int32Array(4 * this.zeroWords);
    for (let j = 0; j < 4; j++) {
      const shifted = new Uint8Array(4 * this.zeroWords);
      shifted.set(zeros.subarray(j));
      this.zeroRow.set(new Int32Array(shifted.buffer), j * this.zeroWords);
    }
    this.rowEnd = bytesOf(format === 'jsonl' ? '}\n' : '\r\n');
    this.chars = Array.from({ length: 256 }, (_, c) =>
      bytesOf(this.cell(c === 0 ? '' : String.fromCharCode(c), true)),
    );
  }

  /** One cell as the reference writers print it. */
  private cell(v: string | number, untrusted: boolean): string {
    return this.format === 'jsonl' ? JSON.stringify(v) : csvCell(v, untrusted);
  }

  /** The csv header row (jsonl has none). */
  static header(keys: readonly string[], format: TextFormat): Uint8Array | null {
    return format === 'csv' ? bytesOf(keys.map((k) => csvCell(k, false)).join(',') + '\r\n') : null;
  }

  private text(id: number): Uint8Array {
    return (this.texts[id] ??= bytesOf(this.cell(this.strings.values[id]!, true)));
  }

  /** The cells every row of the sample starts with: sample, curtime, interval. */
  private lead(s: Sample): Uint8Array {
    const t = this.format === 'jsonl';
    const cells = [s.index, s.rec.curtime, s.rec.interval].map((v) => this.cell(v, false));
    return bytesOf(
      t ? `{"sample":${cells[0]},"curtime":${cells[1]},"interval":${cells[2]}` : cells.join(','),
    );
  }

  /** Appends every task row of `s` to `out`. */
  encodeSample(s: Sample, out: ByteSink): void {
    const n = this.kinds.length;
    const kinds = this.kinds.slice();
    const cols: unknown[] = [];
    const wides: (ReadonlyMap<number, bigint> | undefined)[] = [];
    const textCols: number[] = [];
    for (let k = 0; k < n; k++) {
      const p = this.paths[k]!;
      cols.push(kinds[k] === Kind.Text ? s.tasks.text[p] : s.tasks.num[p]);
      wides.push(s.tasks.wide[p]);
      if (kinds[k] === Kind.F64 && s.tasks.wide[p] !== undefined) kinds[k] = Kind.F64Wide;
      if (kinds[k] === Kind.Text) textCols.push(k);
    }
    const lead = this.lead(s);
    const sepLen = this.sepLen;
    const cellAt = this.cellAt;
    const zeroRow = this.zeroRow;
    const zeroWords = this.zeroWords;
    const chars = this.chars;
    const rowEnd = this.rowEnd;
    const jsonl = this.format === 'jsonl';
    const fixed = lead.length + this.sepsLen + n * (NUM_MAX + 4) + rowEnd.length;
    const block = this.block;
    const count = s.tasks.count;
    for (let r0 = 0; r0 < count; r0 += BLOCK) {
      const m = Math.min(BLOCK, count - r0);
      gather(kinds, cols, r0, m, block, n);
      for (let j = 0, base = 0; j < m; j++, base += n) {
        const r = r0 + j;
        let need = fixed;
        for (const k of textCols) need += this.text(block[base + k]!).length;
        out.ensure(need);
        const buf = out.buf;
        const dv = out.dv;
        let pos = putBytes(buf, out.pos, lead);
        for (let k = 0; k < n;) {
          const kind = kinds[k]!;
          const v = block[base + k]!;
          // a run of zero cells, or the separator before a cell: a range of the zero row
          let e = k;
          while (e < n && block[base + e] === 0 && kinds[e]! <= Kind.U8) e++;
          const from = cellAt[k]!;
          const len = e > k ? cellAt[e]! - from : sepLen[k]!;
          for (let i = 0, w = (from & 3) * zeroWords + (from >> 2); i < len; i += 4, w++)
            dv.setInt32(pos + i, zeroRow[w]!, true);
          pos += len;
          if (e > k) {
            k = e;
            continue;
          }
          switch (kind) {
            case Kind.F64Wide: {
              const exact = wides[k]!.get(r);
              if (exact !== undefined) pos = putAscii(buf, pos, exact.toString());
              else pos = putNumber(buf, pos, v, jsonl);
              break;
            }
            case Kind.Bool:
              pos = putAscii(buf, pos, v !== 0 ? 'true' : 'false');
              break;
            case Kind.Char:
              pos = putBytes(buf, pos, chars[v]!);
              break;
            case Kind.Text:
              pos = putBytes(buf, pos, this.text(v));
              break;
            default:
              pos = putNumber(buf, pos, v, jsonl);
          }
          k++;
        }
        for (let i = 0; i < rowEnd.length; i++) buf[pos++] = rowEnd[i]!;
        out.pos = pos;
      }
    }
  }
}

/** Rows per block: their cells are read column by column into `block`, then printed row by row. */
const BLOCK = 64;

/**
 * Copies rows [r0, r0 + m) of every column into `block` (row-major, n cells a row, as doubles:
 * every value of a tstat column is exact in a double, ids and char codes too). Reading each
 * column sequentially is what the memory likes; one loop per array type keeps each read site
 * monomorphic.
 */
function gather(
  kinds: readonly Kind[],
  cols: readonly unknown[],
  r0: number,
  m: number,
  block: Float64Array,
  n: number,
): void {
  for (let k = 0; k < n; k++) {
    switch (kinds[k]) {
      case Kind.F64:
      case Kind.F64Wide: {
        const c = cols[k] as Float64Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
        break;
      }
      case Kind.I32:
      case Kind.Text: {
        const c = cols[k] as Int32Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
        break;
      }
      case Kind.U32: {
        const c = cols[k] as Uint32Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
        break;
      }
      case Kind.I16: {
        const c = cols[k] as Int16Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
        break;
      }
      case Kind.U16: {
        const c = cols[k] as Uint16Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
        break;
      }
      case Kind.I8: {
        const c = cols[k] as Int8Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
        break;
      }
      case Kind.F32: {
        const c = cols[k] as Float32Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
        break;
      }
      default: {
        const c = cols[k] as Uint8Array;
        for (let j = 0, o = k; j < m; j++, o += n) block[o] = c[r0 + j]!;
      }
    }
  }
}

const MAX_EXACT = 2 ** 53;

/** A number as JSON.stringify (jsonl) or String (csv) prints it: they differ only for NaN and ±Infinity. */
function putNumber(buf: Uint8Array, pos: number, v: number, jsonl: boolean): number {
  if (Number.isInteger(v) && v < MAX_EXACT && v > -MAX_EXACT) return putInt(buf, pos, v);
  return putAscii(buf, pos, jsonl ? JSON.stringify(v) : String(v));
}

/** A native copy costs a call: short runs are copied here. */
function putBytes(buf: Uint8Array, pos: number, b: Uint8Array): number {
  if (b.length > 32) {
    buf.set(b, pos);
    return pos + b.length;
  }
  for (let i = 0; i < b.length; i++) buf[pos++] = b[i]!;
  return pos;
}

function putAscii(buf: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}
