// Task arrays decode into columns: one typed array per scalar member of struct tstat and one
// string-id array per text member, never an object per task.
import type { LeafField } from './layout/flatten';
import type { StructType } from './layout/dsl';
import type { StringTable } from './strings';
import { fieldsOf } from './version';

export type NumericColumn =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

export interface TaskColumns {
  readonly count: number;
  /** Every scalar member of struct tstat by dotted path ("cpu.utime", "gen.state" as char code). */
  readonly num: Readonly<Record<string, NumericColumn>>;
  /** Every char[N] member by dotted path, as ids into the log's StringTable. */
  readonly text: Readonly<Record<string, Int32Array>>;
  /** 64-bit values beyond ±2^53 (a double cannot hold them exactly), by path and row. Rare:
   * in practice stale heap bytes in unused members, which atop prints all the same. */
  readonly wide: Readonly<Record<string, ReadonlyMap<number, bigint>>>;
}

/** hi words outside this range make lo + hi·2^32 exceed 2^53. */
const SAFE_HI_MAX = 0x1fffff;
const SAFE_HI_MIN = -0x200000;

function noteWide(wide: Record<string, Map<number, bigint>>, path: string, row: number, v: bigint): void {
  (wide[path] ??= new Map()).set(row, v);
}

function columnFor(f: LeafField, n: number): NumericColumn {
  switch (f.scalar) {
    case 'int64':
    case 'uint64':
      return new Float64Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int8':
      return new Int8Array(n);
    default:
      return new Uint8Array(n);
  }
}

/** Decodes `count` entries of `tstat` from an inflated task blob of exactly count × size bytes. */
export function decodeTasks(
  tstat: StructType,
  u8: Uint8Array,
  count: number,
  strings: StringTable,
): TaskColumns {
  const size = tstat.size;
  if (u8.length !== count * size)
    throw new RangeError(`task blob has ${u8.length} bytes, expected ${count} × ${size}`);
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const num: Record<string, NumericColumn> = {};
  const text: Record<string, Int32Array> = {};
  const wide: Record<string, Map<number, bigint>> = {};
  for (const f of fieldsOf(tstat)) {
    const o = f.offset;
    if (f.kind === 'text') {
      const col = new Int32Array(count);
      for (let r = 0, at = o; r < count; r++, at += size) col[r] = strings.intern(u8, at, f.size);
      text[f.path] = col;
      continue;
    }
    const col = columnFor(f, count);
    switch (f.scalar) {
      case 'int64':
        for (let r = 0, at = o; r < count; r++, at += size) {
          const hi = view.getInt32(at + 4, true);
          col[r] = view.getUint32(at, true) + hi * 4294967296;
          if (hi > SAFE_HI_MAX || hi < SAFE_HI_MIN) noteWide(wide, f.path, r, view.getBigInt64(at, true));
        }
        break;
      case 'uint64':
        for (let r = 0, at = o; r < count; r++, at += size) {
          const hi = view.getUint32(at + 4, true);
          col[r] = view.getUint32(at, true) + hi * 4294967296;
          if (hi > SAFE_HI_MAX) noteWide(wide, f.path, r, view.getBigUint64(at, true));
        }
        break;
      case 'int32':
        for (let r = 0, at = o; r < count; r++, at += size) col[r] = view.getInt32(at, true);
        break;
      case 'uint32':
        for (let r = 0, at = o; r < count; r++, at += size) col[r] = view.getUint32(at, true);
        break;
      case 'float32':
        for (let r = 0, at = o; r < count; r++, at += size) col[r] = view.getFloat32(at, true);
        break;
      case 'int16':
        for (let r = 0, at = o; r < count; r++, at += size) col[r] = view.getInt16(at, true);
        break;
      case 'uint16':
        for (let r = 0, at = o; r < count; r++, at += size) col[r] = view.getUint16(at, true);
        break;
      default:
        // int8 columns are Int8Array and sign-extend on store; char/uint8 are Uint8Array
        for (let r = 0, at = o; r < count; r++, at += size) col[r] = u8[at]!;
    }
    num[f.path] = col;
  }
  return { count, num, text, wide };
}

/** The task fields of a layout, in struct order (the export's column order). */
export function taskFields(tstat: StructType): readonly LeafField[] {
  return fieldsOf(tstat);
}
