// The system blob (struct sstat) is read in place: member paths such as "cpu.all.stime" or
// "dsk.dsk[2].nread" resolve to offsets once per layout and are read on demand.
import { bytesOf, cstringAt, type Bytes } from './bytes';
import type { StructType } from './layout/dsl';
import { flatten, type FlatMember } from './layout/flatten';
import { readScalar } from './struct-read';

const indexCache = new WeakMap<StructType, Map<string, FlatMember>>();

function memberIndex(s: StructType): Map<string, FlatMember> {
  let m = indexCache.get(s);
  if (!m) {
    m = new Map(flatten(s).map((f) => [f.path, f]));
    indexCache.set(s, m);
  }
  return m;
}

export interface ResolvedMember {
  readonly offset: number;
  readonly member: FlatMember;
}

/** Resolves "a.b[3].c" (any index) to its byte offset; null if the path does not exist. */
export function resolveMember(s: StructType, path: string): ResolvedMember | null {
  const index = memberIndex(s);
  let extra = 0;
  let canonical = '';
  const re = /\[(\d+)\]/g;
  let last = 0;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    const arrayPath = canonical + path.slice(last, m.index);
    const array = index.get(arrayPath);
    const i = Number(m[1]);
    if (!array || array.count === undefined || array.elemsize === undefined || i >= array.count) return null;
    extra += i * array.elemsize;
    canonical = arrayPath + '[0]';
    last = m.index + m[0].length;
  }
  canonical += path.slice(last);
  const member = index.get(canonical);
  return member ? { offset: member.offset + extra, member } : null;
}

export class SystemStat {
  private readonly b: Bytes;
  constructor(
    readonly sstat: StructType,
    readonly bytes: Uint8Array,
  ) {
    this.b = bytesOf(bytes);
  }

  has(path: string): boolean {
    return resolveMember(this.sstat, path) !== null;
  }

  /** A scalar member; throws on a path the layout does not have (a programming error). */
  num(path: string): number {
    const r = this.resolve(path);
    const t = r.member.ctype;
    if (t.kind !== 'scalar') throw new TypeError(`sstat.${path} is not a scalar`);
    return readScalar(this.b, { path, offset: r.offset, size: t.size, kind: 'scalar', scalar: t.name }, 0);
  }

  text(path: string): string {
    const r = this.resolve(path);
    return cstringAt(this.b, r.offset, r.member.size);
  }

  private resolve(path: string): ResolvedMember {
    const r = resolveMember(this.sstat, path);
    if (!r) throw new RangeError(`sstat has no member ${path}`);
    return r;
  }
}
