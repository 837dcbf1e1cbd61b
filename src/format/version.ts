// Format version detection: the header's aversion picks one row of the layout table.
import type { StructType, VersionLayout } from './layout/dsl';
import { leafFields, type LeafField } from './layout/flatten';
import { VERSION_LAYOUTS } from './layouts/versions';

export const SUPPORTED_VERSIONS: readonly string[] = VERSION_LAYOUTS.map((l) => l.version);

export function versionName(aversion: number): string {
  return `${(aversion >> 8) & 0x7f}.${aversion & 0xff}`;
}

export function layoutForAversion(aversion: number): VersionLayout | null {
  return VERSION_LAYOUTS.find((l) => l.aversion === aversion) ?? null;
}

export function layoutForVersion(version: string): VersionLayout | null {
  return VERSION_LAYOUTS.find((l) => l.version === version) ?? null;
}

const leafCache = new WeakMap<StructType, readonly LeafField[]>();

/** Leaf fields of a struct, computed once per struct (layouts are shared between versions). */
export function fieldsOf(s: StructType): readonly LeafField[] {
  let f = leafCache.get(s);
  if (!f) {
    f = leafFields(s);
    leafCache.set(s, f);
  }
  return f;
}
