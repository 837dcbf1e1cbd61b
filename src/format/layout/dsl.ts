// A tiny C-struct description language. Layouts are declared as member lists (names and
// C types, in declaration order); sizes and offsets follow from x86_64 natural alignment,
// exactly as gcc lays out atop's structs, so no offset is ever typed by hand.

export type ScalarName =
  'int8' | 'uint8' | 'char' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32';

export interface ScalarType {
  readonly kind: 'scalar';
  readonly name: ScalarName;
  readonly size: number;
  readonly align: number;
}
export interface TextType {
  readonly kind: 'text';
  readonly size: number;
  readonly align: 1;
}
export interface ArrayType {
  readonly kind: 'array';
  readonly of: CType;
  readonly count: number;
  readonly size: number;
  readonly align: number;
}
export interface FlexType {
  readonly kind: 'flex';
  readonly size: 0;
  readonly align: 1;
}
export interface StructMember {
  readonly name: string;
  readonly type: CType;
  readonly offset: number;
}
export interface StructType {
  readonly kind: 'struct';
  readonly name: string;
  readonly members: readonly StructMember[];
  readonly size: number;
  readonly align: number;
}
export type CType = ScalarType | TextType | ArrayType | FlexType | StructType;

const scalar = (name: ScalarName, size: number): ScalarType => ({ kind: 'scalar', name, size, align: size });

export const i8 = scalar('int8', 1);
export const u8 = scalar('uint8', 1);
export const chr = scalar('char', 1);
export const i16 = scalar('int16', 2);
export const u16 = scalar('uint16', 2);
export const i32 = scalar('int32', 4);
export const u32 = scalar('uint32', 4);
export const i64 = scalar('int64', 8);
export const u64 = scalar('uint64', 8);
export const f32 = scalar('float32', 4);
export const flex: FlexType = { kind: 'flex', size: 0, align: 1 };

export function text(size: number): TextType {
  return { kind: 'text', size, align: 1 };
}

export function arr(of: CType, count: number): ArrayType {
  return { kind: 'array', of, count, size: of.size * count, align: of.align };
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

export function struct(name: string, members: Readonly<Record<string, CType>>): StructType {
  let offset = 0;
  let align = 1;
  const laid: StructMember[] = [];
  for (const [memberName, type] of Object.entries(members)) {
    offset = alignUp(offset, type.align);
    laid.push({ name: memberName, type, offset });
    offset += type.size;
    align = Math.max(align, type.align);
  }
  return { kind: 'struct', name, members: laid, size: alignUp(offset, align), align };
}

/** The structs one raw-log format version is made of. */
export interface VersionLayout {
  readonly version: string;
  readonly aversion: number;
  readonly rawheader: StructType;
  readonly rawrecord: StructType;
  readonly tstat: StructType;
  readonly sstat: StructType;
  readonly cstat?: StructType;
}

/** How a struct changed from the previous version's: members retyped or removed (null),
 * and members inserted after a named one (null: at the start). */
export interface Revision {
  readonly set?: Readonly<Record<string, CType | null>>;
  readonly insert?: readonly {
    readonly after: string | null;
    readonly members: Readonly<Record<string, CType>>;
  }[];
}

/** A struct declared as its predecessor plus the changes a release made, so each version's
 * table reads like atop's changelog. Offsets are recomputed from scratch. */
export function revise(base: StructType, name: string, r: Revision): StructType {
  const members: [string, CType][] = [];
  for (const m of base.members) {
    const change = r.set?.[m.name];
    if (change === null) continue;
    members.push([m.name, change ?? m.type]);
  }
  for (const ins of r.insert ?? []) {
    const at = ins.after === null ? 0 : members.findIndex(([n]) => n === ins.after) + 1;
    if (at === 0 && ins.after !== null) throw new Error(`${name}: no member ${ins.after} to insert after`);
    members.splice(at, 0, ...Object.entries(ins.members));
  }
  for (const key of Object.keys(r.set ?? {}))
    if (!base.members.some((m) => m.name === key))
      throw new Error(`${name}: ${base.name} has no member ${key}`);
  return struct(name, Object.fromEntries(members));
}
