// A compiled accessor for struct sstat: every member path resolved to its offset and a
// reader once per layout, so reading a sample is a DataView read per member (no path
// parsing, no map lookup per value). The per-device arrays (cpu.cpu, dsk.dsk, intf.intf …)
// carry the member that says how many entries are in use (layouts/system-meta.ts).
// Reserved members (any name with "future": cfuture, chfuture, psi.future …) are left out:
// atop never fills them.
import type { CType, ScalarName, StructType } from './layout/dsl';
import { SYSTEM_META } from './layouts/system-meta';
import { VERSION_LAYOUTS } from './layouts/versions';

/** Reads a scalar at `base` + the slot's offset. */
export type ScalarReader = (dv: DataView, base: number) => number;

export interface ScalarSlot {
  readonly kind: 'scalar';
  /** Dotted path: from the struct root for top-level members, from the element in arrays. */
  readonly path: string;
  readonly offset: number;
  readonly scalar: ScalarName;
  readonly get: ScalarReader;
}

export interface TextSlot {
  readonly kind: 'text';
  readonly path: string;
  readonly offset: number;
  /** Bytes of the char[N] member. */
  readonly size: number;
}

export type LeafSlot = ScalarSlot | TextSlot;

export interface DeviceArray {
  /** Path of the array member, e.g. "dsk.dsk". */
  readonly path: string;
  readonly offset: number;
  readonly elemsize: number;
  /** Entries the struct has room for (MAXDSK …): an upper bound for the count. */
  readonly capacity: number;
  /** The member with the number of entries in use (dsk.ndsk; in 2.13 cpu.maxcpu). */
  readonly count: ScalarSlot;
  /** Members of one entry, paths and offsets relative to the entry, in struct order. */
  readonly fields: readonly LeafSlot[];
  field(path: string): LeafSlot | undefined;
}

export type PlanItem =
  | { readonly kind: 'leaf'; readonly leaf: LeafSlot }
  | { readonly kind: 'array'; readonly array: DeviceArray };

export interface SstatPlan {
  readonly struct: StructType;
  /** Bytes a blob must have (the struct size). */
  readonly size: number;
  /** Members outside the per-device arrays and the arrays themselves, in struct order. */
  readonly items: readonly PlanItem[];
  readonly leaves: readonly LeafSlot[];
  readonly arrays: readonly DeviceArray[];
  leaf(path: string): LeafSlot | undefined;
  scalar(path: string): ScalarSlot | undefined;
  array(path: string): DeviceArray | undefined;
}

const TWO32 = 4294967296;

/** One reader per scalar type and offset (V8 inlines these closures at hot call sites). */
function readerFor(scalar: ScalarName, off: number): ScalarReader {
  switch (scalar) {
    case 'int8':
      return (dv, b) => dv.getInt8(b + off);
    case 'uint8':
    case 'char':
      return (dv, b) => dv.getUint8(b + off);
    case 'int16':
      return (dv, b) => dv.getInt16(b + off, true);
    case 'uint16':
      return (dv, b) => dv.getUint16(b + off, true);
    case 'int32':
      return (dv, b) => dv.getInt32(b + off, true);
    case 'uint32':
      return (dv, b) => dv.getUint32(b + off, true);
    case 'int64':
      // exact up to ±2^53 (readExact gives the rest); counters never get near it
      return (dv, b) => dv.getUint32(b + off, true) + dv.getInt32(b + off + 4, true) * TWO32;
    case 'uint64':
      return (dv, b) => dv.getUint32(b + off, true) + dv.getUint32(b + off + 4, true) * TWO32;
    case 'float32':
      return (dv, b) => dv.getFloat32(b + off, true);
  }
}

/** hi words outside this range make lo + hi·2^32 exceed 2^53 in magnitude. */
const SAFE_HI_MAX = 0x1fffff;
const SAFE_HI_MIN = -0x200000;

/** A scalar exactly: a number, or a bigint for 64-bit values beyond ±2^53. */
export function readExact(dv: DataView, base: number, slot: ScalarSlot): number | bigint {
  const at = base + slot.offset;
  if (slot.scalar === 'int64') {
    const hi = dv.getInt32(at + 4, true);
    return hi > SAFE_HI_MAX || hi < SAFE_HI_MIN ? dv.getBigInt64(at, true) : slot.get(dv, base);
  }
  if (slot.scalar === 'uint64')
    return dv.getUint32(at + 4, true) > SAFE_HI_MAX ? dv.getBigUint64(at, true) : slot.get(dv, base);
  return slot.get(dv, base);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A char[N] member: UTF-8 (invalid bytes become U+FFFD), cut at the first NUL. */
export function readText(u8: Uint8Array, base: number, slot: TextSlot): string {
  const at = base + slot.offset;
  const field = u8.subarray(at, at + slot.size);
  const nul = field.indexOf(0);
  return utf8.decode(nul < 0 ? field : field.subarray(0, nul));
}

/** Entries of `a` in use in this blob: its count member, clamped to what the array holds. */
export function entriesInUse(a: DeviceArray, dv: DataView): number {
  const n = a.count.get(dv, 0);
  return n > 0 ? Math.min(n, a.capacity) : 0;
}

const reserved = (name: string) => name.includes('future');

function leavesOf(t: StructType, prefix: string, base: number, out: LeafSlot[]): void {
  for (const m of t.members) {
    if (reserved(m.name)) continue;
    const path = prefix + m.name;
    const off = base + m.offset;
    const c: CType = m.type;
    if (c.kind === 'scalar')
      out.push({ kind: 'scalar', path, offset: off, scalar: c.name, get: readerFor(c.name, off) });
    else if (c.kind === 'text') out.push({ kind: 'text', path, offset: off, size: c.size });
    else if (c.kind === 'struct') leavesOf(c, path + '.', off, out);
    else throw new Error(`entry member ${path} (${c.kind}) is not a leaf: only reserved arrays are left out`);
  }
}

function compile(s: StructType, arrays: Readonly<Record<string, string>>): SstatPlan {
  const leaves: LeafSlot[] = [];
  /** Struct order, with the arrays as placeholders until their count members are known. */
  const order: (LeafSlot | { path: string; offset: number; of: StructType; capacity: number })[] = [];
  const walk = (t: StructType, prefix: string, base: number) => {
    for (const m of t.members) {
      if (reserved(m.name)) continue;
      const path = prefix + m.name;
      const off = base + m.offset;
      const c = m.type;
      if (c.kind === 'struct') walk(c, path + '.', off);
      else if (c.kind === 'array' && c.of.kind === 'struct' && arrays[path] !== undefined)
        order.push({ path, offset: off, of: c.of, capacity: c.count });
      else if (c.kind === 'scalar' || c.kind === 'text') {
        const leaf: LeafSlot =
          c.kind === 'scalar'
            ? { kind: 'scalar', path, offset: off, scalar: c.name, get: readerFor(c.name, off) }
            : { kind: 'text', path, offset: off, size: c.size };
        leaves.push(leaf);
        order.push(leaf);
      } else throw new Error(`${s.name}: member ${path} (${c.kind}) is neither a leaf nor a declared array`);
    }
  };
  walk(s, '', 0);
  const byPath = new Map(leaves.map((l) => [l.path, l]));
  const devices: DeviceArray[] = [];
  const items: PlanItem[] = order.map((o): PlanItem => {
    if ('kind' in o) return { kind: 'leaf', leaf: o };
    const count = byPath.get(arrays[o.path]!);
    if (count?.kind !== 'scalar')
      throw new Error(`${s.name}: ${o.path} counts by ${arrays[o.path]}, not a scalar`);
    const fields: LeafSlot[] = [];
    leavesOf(o.of, '', 0, fields);
    const byField = new Map(fields.map((f) => [f.path, f]));
    const array: DeviceArray = {
      path: o.path,
      offset: o.offset,
      elemsize: o.of.size,
      capacity: o.capacity,
      count,
      fields,
      field: (p) => byField.get(p),
    };
    devices.push(array);
    return { kind: 'array', array };
  });
  const byArray = new Map(devices.map((a) => [a.path, a]));
  return {
    struct: s,
    size: s.size,
    items,
    leaves,
    arrays: devices,
    leaf: (p) => byPath.get(p),
    scalar: (p) => {
      const l = byPath.get(p);
      return l?.kind === 'scalar' ? l : undefined;
    },
    array: (p) => byArray.get(p),
  };
}

const plans = new WeakMap<StructType, SstatPlan>();

/** The plan of an sstat layout, compiled once (versions that share the struct share it). */
export function sstatPlan(s: StructType): SstatPlan {
  let p = plans.get(s);
  if (!p) {
    const version = VERSION_LAYOUTS.find((l) => l.sstat === s)?.version;
    const meta = version === undefined ? undefined : SYSTEM_META[version];
    if (!meta) throw new Error(`no system metadata for struct ${s.name}`);
    p = compile(s, meta.arrays);
    plans.set(s, p);
  }
  return p;
}

/** A DataView over one sstat blob, checked once to hold the whole struct. */
export function sstatView(plan: SstatPlan, bytes: Uint8Array): DataView {
  if (bytes.byteLength < plan.size)
    throw new RangeError(`system blob has ${bytes.byteLength} bytes, struct sstat needs ${plan.size}`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
