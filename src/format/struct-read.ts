// Reads the leaf members of one struct instance into a plain object: used for the small
// headers (file header, record header, cgroup entries), never for the per-task hot path.
import { type Bytes, cstringAt, f32At, i16At, i32At, i64At, i8At, u16At, u32At, u64At, u8At } from './bytes';
import type { LeafField } from './layout/flatten';

export function readScalar(b: Bytes, f: LeafField, base: number): number {
  const at = base + f.offset;
  switch (f.scalar) {
    case 'int8':
      return i8At(b, at);
    case 'uint8':
    case 'char':
      return u8At(b, at);
    case 'int16':
      return i16At(b, at);
    case 'uint16':
      return u16At(b, at);
    case 'int32':
      return i32At(b, at);
    case 'uint32':
      return u32At(b, at);
    case 'int64':
      return i64At(b, at);
    case 'uint64':
      return u64At(b, at);
    case 'float32':
      return f32At(b, at);
    case null:
      throw new Error(`${f.path} is not a scalar`);
  }
}

export interface StructValues {
  readonly num: Readonly<Record<string, number>>;
  readonly text: Readonly<Record<string, string>>;
}

export function readStruct(b: Bytes, fields: readonly LeafField[], base = 0): StructValues {
  const num: Record<string, number> = {};
  const text: Record<string, string> = {};
  for (const f of fields) {
    if (f.kind === 'text') text[f.path] = cstringAt(b, base + f.offset, f.size);
    else num[f.path] = readScalar(b, f, base);
  }
  return { num, text };
}
