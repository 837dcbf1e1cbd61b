// Which task fields the totals, lifelines and incarnations read, per format version, and a
// projection of struct tstat onto them so decodeTasks reads only those (the report decodes
// ~25 of the 100+ members of each ~1 KB task entry).
import { fieldsOf } from '../format/index';
import type { StructMember, StructType, VersionLayout } from '../format/layout/dsl';

export type GroupBy = 'process' | 'program' | 'user' | 'container' | 'cgroup';
export const GROUP_BYS: readonly GroupBy[] = ['process', 'program', 'user', 'container', 'cgroup'];

/** Counters summed over the samples of a range, in output order (then the net.* counters). */
export const SUMMED = [
  'cpu.utime',
  'cpu.stime',
  'dsk.rio',
  'dsk.rsz',
  'dsk.wio',
  'dsk.wsz',
  'dsk.cwsz',
  'mem.minflt',
  'mem.majflt',
] as const;

/** Gauges whose maximum is kept; the output key is the path + ".max". */
export const PEAKED = ['mem.rmem', 'mem.vmem'] as const;

/** What identifies and describes a process row (all that samples before a range are read for). */
const IDENTITY: readonly string[] = [
  'gen.pid',
  'gen.btime',
  'gen.state',
  'gen.excode',
  'gen.elaps',
  'gen.isproc',
  'gen.name',
  'gen.cmdline',
];

/**
 * The field a grouping keys on, newest version first where it moved: atop's `j` key
 * groups by the docker container id (gen.container, 2.3–2.9) and from 2.10 on by the
 * container/pod host name (gen.utsname, printed in the same -P column). cgroup: the
 * process's cgroup v2 path (gen.cgpath, 2.8–2.10); from 2.11 on it comes from the record's
 * cgroup sections (no task field).
 */
const GROUP_FIELD: Readonly<Record<GroupBy, readonly string[]>> = {
  process: [],
  program: ['gen.name'],
  user: ['gen.ruid'],
  container: ['gen.utsname', 'gen.container'],
  cgroup: ['gen.cgpath'],
};

export interface TotalsFields {
  readonly by: GroupBy;
  /** Task paths summed (those of SUMMED plus the version's net.* counters). */
  readonly sums: readonly string[];
  readonly peaks: readonly string[];
  /** The task field the group key is read from (null: process, or 2.11+ cgroup sections). */
  readonly groupField: string | null;
  /** 2.11+ `--by cgroup`: the key comes from the record's cgroup pid lists. */
  readonly cgroupSections: boolean;
  /** Every task path read: decode only these. */
  readonly read: readonly string[];
  /** What samples before the range are read for: process identity. */
  readonly readIdentity: readonly string[];
}

export type TotalsFieldsResult = { ok: true; fields: TotalsFields } | { ok: false; reason: string };

/** net.* members that count something (2.x has two unused avail words, 1.26 raw packets). */
const isNetCounter = (path: string) => path.startsWith('net.') && !/avail|future/.test(path);

export function totalsFields(layout: VersionLayout, by: GroupBy): TotalsFieldsResult {
  const have = new Set(fieldsOf(layout.tstat).map((f) => f.path));
  const net = fieldsOf(layout.tstat)
    .filter((f) => f.kind === 'scalar' && isNetCounter(f.path))
    .map((f) => f.path);
  const sums = [...SUMMED.filter((p) => have.has(p)), ...net];
  const cgroupSections = by === 'cgroup' && layout.cstat !== undefined && !have.has('gen.cgpath');
  const groupField = GROUP_FIELD[by].find((p) => have.has(p)) ?? null;
  if (by !== 'process' && groupField === null && !cgroupSections)
    return {
      ok: false,
      reason:
        by === 'container'
          ? `atop ${layout.version} logs record no container of a process (gen.container is there from 2.3 on)`
          : `atop ${layout.version} logs record no cgroup of a process (from 2.8 on)`,
    };
  // the command line is shown for processes only, and interning it is half of the decode
  const identity = IDENTITY.filter((p) => have.has(p) && (by === 'process' || p !== 'gen.cmdline'));
  const read = [...identity, ...sums, ...PEAKED, ...(groupField ? [groupField] : [])].filter((p) =>
    have.has(p),
  );
  return {
    ok: true,
    fields: {
      by,
      sums,
      peaks: PEAKED,
      groupField,
      cgroupSections,
      read: [...new Set(read)],
      readIdentity: identity,
    },
  };
}

const projections = new WeakMap<StructType, Map<string, StructType>>();

/**
 * struct tstat with only the members on `paths` (and the sub-structs holding them), at
 * their own offsets and with the full size: decodeTasks of the projection decodes exactly
 * those members from an unchanged task blob.
 */
export function projectTstat(tstat: StructType, paths: readonly string[]): StructType {
  const key = [...paths].sort().join(',');
  let byKey = projections.get(tstat);
  if (!byKey) projections.set(tstat, (byKey = new Map<string, StructType>()));
  let p = byKey.get(key);
  if (!p) {
    p = project(tstat, '', new Set(paths));
    byKey.set(key, p);
  }
  return p;
}

function project(s: StructType, prefix: string, keep: ReadonlySet<string>): StructType {
  const members: StructMember[] = [];
  for (const m of s.members) {
    const path = prefix + m.name;
    if (m.type.kind === 'struct') {
      const sub = project(m.type, path + '.', keep);
      if (sub.members.length > 0) members.push({ ...m, type: sub });
    } else if (keep.has(path)) members.push(m);
  }
  return { ...s, members };
}
