// Every TypeScript layout must put every member where atop's compiler put it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatten } from '../src/format/layout/flatten';
import { VERSION_LAYOUTS } from '../src/format/layouts/versions';

interface JsonMember {
  path: string;
  offset: number;
  size: number;
  type: string;
  count?: number;
  elemsize?: number;
}
interface JsonLayout {
  format_version: string;
  aversion_hex: string;
  structs: Record<string, { sizeof: number; members: JsonMember[] }>;
}

const dir = join(import.meta.dirname, 'fixtures/layouts');
const files = readdirSync(dir).filter((f) => /^\d+\.\d+\.json$/.test(f));

describe('layout descriptors agree with atop-layouts/<version>.json', () => {
  it('covers every version that has a layout file', () => {
    expect(VERSION_LAYOUTS.map((l) => l.version + '.json').sort()).toEqual([...files].sort());
  });

  for (const file of files) {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonLayout;
    const ours = VERSION_LAYOUTS.find((l) => l.version === json.format_version)!;
    describe(json.format_version, () => {
      it('has the right aversion', () => {
        expect(ours.aversion).toBe(parseInt(json.aversion_hex, 16));
      });
      for (const [name, st] of Object.entries(json.structs)) {
        it(`${name}: sizeof and every member's offset, size, type`, () => {
          const struct = ours[name as 'tstat' | 'sstat' | 'rawheader' | 'rawrecord' | 'cstat'];
          expect(struct, `${name} missing`).toBeDefined();
          expect(struct!.size).toBe(st.sizeof);
          const flat = flatten(struct!).map((m) => {
            const o: JsonMember = { path: m.path, offset: m.offset, size: m.size, type: m.type };
            if (m.count !== undefined) o.count = m.count;
            if (m.elemsize !== undefined) o.elemsize = m.elemsize;
            return o;
          });
          // A struct shared by several versions keeps the tag of the first (percpu_28 serves 2.9
          // too), so struct tags are not compared; their members are, one by one.
          const norm = (ms: JsonMember[]) =>
            ms.map((m) => ({ ...m, type: m.type.replace(/^struct [^[]+/, 'struct') }));
          expect(norm(flat)).toEqual(norm(st.members));
        });
      }
    });
  }
});
