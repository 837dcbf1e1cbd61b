// Flattens a struct layout into dotted member paths with absolute offsets, in the notation
// of test/fixtures/layouts/<version>.json: "cpu.all.stime", arrays of structs as "cpu.cpu[0].stime"
// (element i lies at offset + i * elemsize of the array member).
import type { CType, ScalarName, StructType } from './dsl';

export interface FlatMember {
  readonly path: string;
  readonly offset: number;
  readonly size: number;
  /** C type as the layout JSON spells it: int32, char[16], int64[4], struct percpu_28[2048] … */
  readonly type: string;
  readonly ctype: CType;
  readonly count?: number;
  readonly elemsize?: number;
}

export function typeName(t: CType): string {
  switch (t.kind) {
    case 'scalar':
      return t.name;
    case 'text':
      return `char[${t.size}]`;
    case 'flex':
      return 'char[] (flexible array member, variable length)';
    case 'struct':
      return `struct ${t.name}`;
    case 'array':
      return `${typeName(t.of)}[${t.count}]`;
  }
}

export function flatten(s: StructType, prefix = '', base = 0, out: FlatMember[] = []): FlatMember[] {
  for (const m of s.members) {
    const path = prefix + m.name;
    const offset = base + m.offset;
    const t = m.type;
    const entry: FlatMember = { path, offset, size: t.size, type: typeName(t), ctype: t };
    if (t.kind === 'text') out.push({ ...entry, count: t.size, elemsize: 1 });
    else if (t.kind === 'flex') out.push({ ...entry, count: 0, elemsize: 1 });
    else if (t.kind === 'array') out.push({ ...entry, count: t.count, elemsize: t.of.size });
    else out.push(entry);
    if (t.kind === 'struct') flatten(t, path + '.', offset, out);
    if (t.kind === 'array' && t.of.kind === 'struct') flatten(t.of, path + '[0].', offset, out);
  }
  return out;
}

/** A scalar or text member that can be read directly (what the export contract calls a field). */
export interface LeafField {
  readonly path: string;
  readonly offset: number;
  readonly size: number;
  readonly kind: 'scalar' | 'text';
  readonly scalar: ScalarName | null;
}

/** Scalar and char[N] members outside of arrays: the fields of one entry of a struct. */
export function leafFields(s: StructType): LeafField[] {
  return flatten(s)
    .filter((m) => !m.path.includes('[') && (m.ctype.kind === 'scalar' || m.ctype.kind === 'text'))
    .map((m) => ({
      path: m.path,
      offset: m.offset,
      size: m.size,
      kind: m.ctype.kind === 'scalar' ? 'scalar' : 'text',
      scalar: m.ctype.kind === 'scalar' ? m.ctype.name : null,
    }));
}
