// cgroup sections (2.11+): variable-length struct cstat entries walked by gen.structlen,
// each followed by its directory name, plus a list of pids per entry (docs/atop-format.md §2.6).
import { bytesOf, cstringAt, i32At } from './bytes';
import type { StructType } from './layout/dsl';
import { readStruct } from './struct-read';
import { fieldsOf } from './version';

export interface CgroupEntry {
  /** Full path from the root ("/" for the root itself). */
  readonly path: string;
  readonly name: string;
  /** Every scalar member of struct cstat by dotted path (gen.depth, cpu.utime, conf.memmax …). */
  readonly fields: Readonly<Record<string, number>>;
  readonly pids: readonly number[];
}

export function decodeCgroups(
  cstat: StructType,
  entries: Uint8Array,
  count: number,
  pidBytes: Uint8Array,
): { ok: true; value: CgroupEntry[] } | { ok: false; reason: string } {
  const b = bytesOf(entries);
  const pb = bytesOf(pidBytes);
  const fields = fieldsOf(cstat);
  const out: CgroupEntry[] = [];
  const paths: string[] = [];
  let at = 0;
  let pidAt = 0;
  for (let i = 0; i < count; i++) {
    if (at + cstat.size > entries.length)
      return { ok: false, reason: `cgroup entry ${i} runs past the blob` };
    const { num } = readStruct(b, fields, at);
    const structlen = num['gen.structlen'] ?? 0;
    const namelen = num['gen.namelen'] ?? 0;
    if (
      structlen < cstat.size ||
      at + structlen > entries.length ||
      namelen < 0 ||
      cstat.size + namelen > structlen
    )
      return { ok: false, reason: `cgroup entry ${i} has structlen ${structlen} and namelen ${namelen}` };
    const name = cstringAt(b, at + cstat.size, Math.min(namelen + 1, structlen - cstat.size));
    const parent = num['gen.parentseq'] ?? -1;
    const parentPath = parent >= 0 && parent < i ? paths[parent]! : null;
    const path = parentPath === null ? '/' : parentPath === '/' ? `/${name}` : `${parentPath}/${name}`;
    paths.push(path);
    const nprocs = num['gen.nprocs'] ?? 0;
    if (nprocs < 0 || pidAt + nprocs * 4 > pidBytes.length)
      return { ok: false, reason: `cgroup entry ${i} claims ${nprocs} pids beyond the pid list` };
    const pids: number[] = [];
    for (let k = 0; k < nprocs; k++, pidAt += 4) pids.push(i32At(pb, pidAt));
    out.push({ path, name, fields: num, pids });
    at += structlen;
  }
  // atop writes exactly the entries and pids it counts: anything left over means a lying count
  if (at !== entries.length)
    return { ok: false, reason: `${count} cgroup entries fill ${at} of its ${entries.length} bytes` };
  if (pidAt !== pidBytes.length)
    return {
      ok: false,
      reason: `cgroup entries list ${pidAt / 4} pids, the pid list has ${pidBytes.length / 4}`,
    };
  return { ok: true, value: out };
}
