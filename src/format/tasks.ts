// Task arrays decode into columns: one typed array per scalar member of struct tstat and one
// string-id array per text member, never an object per task.
//
// Speed: a task is ~1 KB and a sample holds thousands, so reading one field of every task
// (a column) strides through megabytes. The rows are decoded in blocks that fit in the CPU
// cache, every field of a block before the next block, and scalar reads go through typed
// views of the blob (the structs are naturally aligned; DataView only if a layout or the
// blob's position is not, or on a big-endian host).
import type { LeafField } from './layout/flatten';
import type { StructType } from './layout/dsl';
import { TASK_FIELDS, type TaskFieldPath } from './layouts/task-fields';
import type { StringTable } from './strings';
import { fieldsOf } from './version';

export type NumericColumn =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

export type { TaskFieldPath, TaskTextField } from './layouts/task-fields';

/** Something per task field; a version has only some of the fields, hence optional. */
export type ByTaskField<T> = { readonly [K in TaskFieldPath]?: T };

const KNOWN_FIELDS: ReadonlySet<string> = new Set(TASK_FIELDS);

/** Whether a name from outside the code (an oracle, a URL) is a task field of some version. */
export function isTaskFieldPath(s: string): s is TaskFieldPath {
  return KNOWN_FIELDS.has(s);
}

/** The entries of a per-field record with their paths typed (Object.entries widens them to string). */
export function taskFieldEntries<T>(m: ByTaskField<T>): [TaskFieldPath, T][] {
  return Object.entries(m) as [TaskFieldPath, T][];
}

/** A leaf member of struct tstat: its path is one of the known task field names. */
export interface TaskLeafField extends LeafField {
  readonly path: TaskFieldPath;
}

export interface TaskColumns {
  readonly count: number;
  /** Every scalar member of struct tstat by dotted path ("cpu.utime", "gen.state" as char code). */
  readonly num: ByTaskField<NumericColumn>;
  /** Every char[N] member by dotted path, as ids into the log's StringTable. */
  readonly text: ByTaskField<Int32Array>;
  /** 64-bit values beyond ±2^53 (a double cannot hold them exactly), by path and row. Rare:
   * in practice stale heap bytes in unused members, which atop prints all the same. */
  readonly wide: ByTaskField<ReadonlyMap<number, bigint>>;
}

/** hi words outside this range make lo + hi·2^32 exceed 2^53. */
const SAFE_HI_MAX = 0x1fffff;
const SAFE_HI_MIN = -0x200000;

type Wide = { [K in TaskFieldPath]?: Map<number, bigint> };

function noteWide(wide: Wide, path: TaskFieldPath, row: number, v: bigint): void {
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

/** Rows per block: 48 tasks of ~1 KB stay within a typical L2 cache with their columns. */
const BLOCK = 48;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Byte size of a scalar, for the alignment check. */
function scalarSize(f: LeafField): number {
  switch (f.scalar) {
    case 'int64':
    case 'uint64':
      return 8;
    case 'int32':
    case 'uint32':
    case 'float32':
      return 4;
    case 'int16':
    case 'uint16':
      return 2;
    default:
      return 1;
  }
}

/** Fields grouped by how they are read; computed once per struct. */
interface Plan {
  readonly fields: readonly TaskLeafField[];
  /** Every scalar at an offset that is a multiple of its size, and a row size that is a multiple of 8. */
  readonly aligned: boolean;
}

const plans = new WeakMap<StructType, Plan>();

function planFor(tstat: StructType): Plan {
  let p = plans.get(tstat);
  if (!p) {
    const fields = taskFields(tstat);
    const aligned =
      LITTLE_ENDIAN &&
      tstat.size % 8 === 0 &&
      fields.every((f) => f.kind === 'text' || f.offset % scalarSize(f) === 0);
    p = { fields, aligned };
    plans.set(tstat, p);
  }
  return p;
}

/**
 * Column memory that decodeTasks may reuse from one sample to the next, for passes that drop
 * each sample before decoding another: the columns it hands out are views, valid until the
 * next decode with the same pool, and no sample leaves ~1.5 MB of garbage behind.
 */
export class ColumnPool {
  private readonly cols = new Map<string, NumericColumn>();

  take(f: LeafField, count: number): NumericColumn {
    const have = this.cols.get(f.path);
    if (have && have.length >= count) return have.subarray(0, count);
    const fresh = f.kind === 'text' ? new Int32Array(grow(count, have)) : columnFor(f, grow(count, have));
    this.cols.set(f.path, fresh);
    return fresh.subarray(0, count);
  }
}

function grow(count: number, have: NumericColumn | undefined): number {
  return Math.max(count, ((have?.length ?? 0) * 1.5) | 0);
}

/** Decodes `count` entries of `tstat` from an inflated task blob of exactly count × size bytes. */
export function decodeTasks(
  tstat: StructType,
  u8: Uint8Array,
  count: number,
  strings: StringTable,
  pool?: ColumnPool,
): TaskColumns {
  const size = tstat.size;
  if (u8.length !== count * size)
    throw new RangeError(`task blob has ${u8.length} bytes, expected ${count} × ${size}`);
  const plan = planFor(tstat);
  const num: { [K in TaskFieldPath]?: NumericColumn } = {};
  const text: { [K in TaskFieldPath]?: Int32Array } = {};
  const wide: Wide = {};
  const cols: (NumericColumn | Int32Array)[] = plan.fields.map((f) => {
    if (f.kind === 'text')
      return (text[f.path] = pool ? (pool.take(f, count) as Int32Array) : new Int32Array(count));
    return (num[f.path] = pool ? pool.take(f, count) : columnFor(f, count));
  });
  if (plan.aligned && u8.byteOffset % 8 === 0)
    decodeAligned(plan.fields, cols, u8, count, size, strings, wide);
  else decodeAny(plan.fields, cols, u8, count, size, strings, wide);
  return { count, num, text, wide };
}

function decodeAligned(
  fields: readonly TaskLeafField[],
  cols: readonly (NumericColumn | Int32Array)[],
  u8: Uint8Array,
  count: number,
  size: number,
  strings: StringTable,
  wide: Wide,
): void {
  const buf = u8.buffer;
  const base = u8.byteOffset;
  const i32 = new Int32Array(buf, base, u8.byteLength >>> 2);
  const f32 = new Float32Array(buf, base, u8.byteLength >>> 2);
  const i16 = new Int16Array(buf, base, u8.byteLength >>> 1);
  const u16 = new Uint16Array(buf, base, u8.byteLength >>> 1);
  const i8 = new Int8Array(buf, base, u8.byteLength);
  const stride32 = size >>> 2;
  const stride16 = size >>> 1;
  for (let r0 = 0; r0 < count; r0 += BLOCK) {
    const r1 = Math.min(count, r0 + BLOCK);
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      const at = r0 * size + f.offset;
      switch (f.kind === 'text' ? 'text' : f.scalar) {
        case 'text': {
          const col = cols[k] as Int32Array;
          for (let r = r0, o = at; r < r1; r++, o += size) col[r] = strings.intern(u8, o, f.size);
          break;
        }
        case 'int64': {
          const col = cols[k] as Float64Array;
          for (let r = r0, w = at >>> 2; r < r1; r++, w += stride32) {
            const hi = i32[w + 1]!;
            col[r] = (i32[w]! >>> 0) + hi * 4294967296;
            if (hi > SAFE_HI_MAX || hi < SAFE_HI_MIN)
              noteWide(wide, f.path, r, (BigInt(hi) << 32n) + BigInt(i32[w]! >>> 0));
          }
          break;
        }
        case 'uint64': {
          const col = cols[k] as Float64Array;
          for (let r = r0, w = at >>> 2; r < r1; r++, w += stride32) {
            const hi = i32[w + 1]! >>> 0;
            col[r] = (i32[w]! >>> 0) + hi * 4294967296;
            if (hi > SAFE_HI_MAX) noteWide(wide, f.path, r, (BigInt(hi) << 32n) + BigInt(i32[w]! >>> 0));
          }
          break;
        }
        case 'int32':
        case 'uint32': {
          // an Int32 read stored into a Uint32Array wraps to the same unsigned value
          const col = cols[k] as Int32Array | Uint32Array;
          for (let r = r0, w = at >>> 2; r < r1; r++, w += stride32) col[r] = i32[w]!;
          break;
        }
        case 'float32': {
          const col = cols[k] as Float32Array;
          for (let r = r0, w = at >>> 2; r < r1; r++, w += stride32) col[r] = f32[w]!;
          break;
        }
        case 'int16': {
          const col = cols[k] as Int16Array;
          for (let r = r0, w = at >>> 1; r < r1; r++, w += stride16) col[r] = i16[w]!;
          break;
        }
        case 'uint16': {
          const col = cols[k] as Uint16Array;
          for (let r = r0, w = at >>> 1; r < r1; r++, w += stride16) col[r] = u16[w]!;
          break;
        }
        case 'int8': {
          const col = cols[k] as Int8Array;
          for (let r = r0, o = at; r < r1; r++, o += size) col[r] = i8[o]!;
          break;
        }
        default: {
          const col = cols[k] as Uint8Array;
          for (let r = r0, o = at; r < r1; r++, o += size) col[r] = u8[o]!;
        }
      }
    }
  }
}

/** Any alignment or byte order: DataView reads, little-endian as atop writes them. */
function decodeAny(
  fields: readonly TaskLeafField[],
  cols: readonly (NumericColumn | Int32Array)[],
  u8: Uint8Array,
  count: number,
  size: number,
  strings: StringTable,
  wide: Wide,
): void {
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  for (let r0 = 0; r0 < count; r0 += BLOCK) {
    const r1 = Math.min(count, r0 + BLOCK);
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      const col = cols[k]!;
      const o = r0 * size + f.offset;
      if (f.kind === 'text') {
        for (let r = r0, at = o; r < r1; r++, at += size) col[r] = strings.intern(u8, at, f.size);
        continue;
      }
      switch (f.scalar) {
        case 'int64':
          for (let r = r0, at = o; r < r1; r++, at += size) {
            const hi = view.getInt32(at + 4, true);
            col[r] = view.getUint32(at, true) + hi * 4294967296;
            if (hi > SAFE_HI_MAX || hi < SAFE_HI_MIN) noteWide(wide, f.path, r, view.getBigInt64(at, true));
          }
          break;
        case 'uint64':
          for (let r = r0, at = o; r < r1; r++, at += size) {
            const hi = view.getUint32(at + 4, true);
            col[r] = view.getUint32(at, true) + hi * 4294967296;
            if (hi > SAFE_HI_MAX) noteWide(wide, f.path, r, view.getBigUint64(at, true));
          }
          break;
        case 'int32':
          for (let r = r0, at = o; r < r1; r++, at += size) col[r] = view.getInt32(at, true);
          break;
        case 'uint32':
          for (let r = r0, at = o; r < r1; r++, at += size) col[r] = view.getUint32(at, true);
          break;
        case 'float32':
          for (let r = r0, at = o; r < r1; r++, at += size) col[r] = view.getFloat32(at, true);
          break;
        case 'int16':
          for (let r = r0, at = o; r < r1; r++, at += size) col[r] = view.getInt16(at, true);
          break;
        case 'uint16':
          for (let r = r0, at = o; r < r1; r++, at += size) col[r] = view.getUint16(at, true);
          break;
        default:
          // int8 columns are Int8Array and sign-extend on store; char/uint8 are Uint8Array
          for (let r = r0, at = o; r < r1; r++, at += size) col[r] = u8[at]!;
      }
    }
  }
}

/**
 * The task fields of a layout, in struct order (the export's column order). Every path is a
 * TaskFieldPath: test/task-fields.test.ts holds the generated list to the layouts.
 */
export function taskFields(tstat: StructType): readonly TaskLeafField[] {
  return fieldsOf(tstat) as readonly TaskLeafField[];
}
