// Range totals computed from atop's own `-P` output (the oracle for src/analysis/totals.ts):
// the PRG/PRC/PRM/PRD/PRN lines of one task are joined by their position in the sample,
// samples after a RESET line (since boot) are left out, and rows are summed per process,
// program, user, container (PRG column 31) or cgroup (column 33). Process identity is decided here on the printed columns only: pid and
// start time, an E row (or a live row not marked new) joining the previous process of its
// pid when its start time is within a second and that process has not exited.
import { parseParseable, type OracleLine } from './parseable';

export type OracleBy = 'process' | 'program' | 'user' | 'container' | 'cgroup';

/** Sum keys in the report's order and the -P column that prints each (1-based). */
const SUMS: readonly (readonly [string, string, number])[] = [
  ['cpu.utime', 'PRC', 11],
  ['cpu.stime', 'PRC', 12],
  ['dsk.rio', 'PRD', 12],
  ['dsk.rsz', 'PRD', 13],
  ['dsk.wio', 'PRD', 14],
  ['dsk.wsz', 'PRD', 15],
  ['dsk.cwsz', 'PRD', 16],
  ['mem.minflt', 'PRM', 16],
  ['mem.majflt', 'PRM', 17],
  ['net.tcpsnd', 'PRN', 11],
  ['net.tcpssz', 'PRN', 12],
  ['net.tcprcv', 'PRN', 13],
  ['net.tcprsz', 'PRN', 14],
  ['net.udpsnd', 'PRN', 15],
  ['net.udpssz', 'PRN', 16],
  ['net.udprcv', 'PRN', 17],
  ['net.udprsz', 'PRN', 18],
];
/** 1.26 also counts raw packets (PRN columns 19 and 20; 2.x prints 0 there for unused words). */
const SUMS_126: readonly (readonly [string, string, number])[] = [
  ['net.rawsnd', 'PRN', 19],
  ['net.rawrcv', 'PRN', 20],
];
const PEAKS: readonly (readonly [string, string, number])[] = [
  ['mem.rmem.max', 'PRM', 12],
  ['mem.vmem.max', 'PRM', 11],
];

export interface OracleRow {
  readonly key: string;
  readonly values: Record<string, string | number>;
}

interface Task {
  readonly sample: number;
  readonly epoch: number;
  readonly boot: boolean;
  readonly prg: OracleLine;
  readonly by: Record<string, OracleLine>;
}

/** Every task line of the oracle, its PR* lines joined. */
export function oracleTasks(text: string, version: string): Task[] {
  const lines = parseParseable(text, version);
  const boot = new Set<number>();
  let sample = 0;
  for (const l of text.split('\n')) {
    if (l === 'SEP') sample++;
    else if (l === 'RESET') boot.add(sample);
  }
  const per = new Map<string, OracleLine[]>();
  for (const l of lines)
    if (l.label.startsWith('PR')) {
      const k = `${l.sample}|${l.label}`;
      (per.get(k) ?? per.set(k, []).get(k)!).push(l);
    }
  const tasks: Task[] = [];
  const samples = new Set(lines.map((l) => l.sample));
  for (const s of [...samples].sort((a, b) => a - b)) {
    const prg = per.get(`${s}|PRG`) ?? [];
    prg.forEach((p, i) => {
      const by: Record<string, OracleLine> = {};
      for (const label of ['PRC', 'PRM', 'PRD', 'PRN']) {
        const l = per.get(`${s}|${label}`)?.[i];
        if (l) by[label] = l;
      }
      tasks.push({ sample: s, epoch: p.epoch, boot: boot.has(s), prg: p, by });
    });
  }
  return tasks;
}

/**
 * Whether PRG marks the task new in its interval: the raw gen.excode (col 14, bit 31) up to
 * 2.3, "N" in col 32 from 2.6; 2.4 and 2.5 print neither (col 14 is decoded there).
 */
function isNewRow(c: readonly string[], version: string): boolean {
  const minor = version === '1.26' ? 0 : Number(version.split('.')[1]);
  if (version === '1.26' || minor <= 3) return Number(c[13]) < 0;
  return minor >= 6 && c[31] === 'N';
}

const dash = (s: string) => (s === '-' ? '' : s);

const utf8 = new TextDecoder();
/** Oracle text is read as latin1 bytes; ours is their UTF-8 reading. */
const asText = (latin1: string) => utf8.decode(Uint8Array.from(latin1, (c) => c.charCodeAt(0)));

/** Totals per group over the tasks with from ≤ epoch ≤ to, as the report defines them. */
export function oracleTotals(
  tasks: readonly Task[],
  version: string,
  by: OracleBy,
  from = -Infinity,
  to = Infinity,
): Map<string, OracleRow> {
  const v126 = version === '1.26';
  const sums = v126 ? [...SUMS, ...SUMS_126] : SUMS;
  // identity over every row, in file order
  const current = new Map<number, { key: string; lo: number; hi: number; exited: boolean }>();
  const rows = new Map<string, OracleRow>();
  const members = new Map<string, Set<string>>();
  const seen = new Map<string, number>();
  const rank = new Map<string, number>();
  for (const t of tasks) {
    const c = t.prg.cols;
    if (!v126 && c[27] !== 'y') continue; // isproc
    const pid = Number(c[6]);
    const btime = Number(c[14]);
    const state = c[8]!;
    const live = state !== 'E';
    const fresh = live && !t.boot && isNewRow(c, version);
    const cur = current.get(pid);
    let key: string;
    if (cur && !cur.exited && !fresh && btime >= cur.lo - 1 && btime <= cur.hi + 1) {
      key = cur.key;
      cur.lo = Math.min(cur.lo, btime);
      cur.hi = Math.max(cur.hi, btime);
      cur.exited = !live;
    } else {
      key = `${pid}/${btime}`;
      current.set(pid, { key, lo: btime, hi: btime, exited: !live });
    }
    if (t.boot || t.epoch < from || t.epoch > to) continue;
    const group =
      by === 'process'
        ? key
        : by === 'program'
          ? asText(c[7]!)
          : by === 'user'
            ? c[9]!
            : // container (col 31) and cgroup (col 33): "-" where there is none
              dash(asText(c[by === 'container' ? 30 : 32]!));
    let row = rows.get(group);
    if (!row) {
      const values: Record<string, string | number> = {};
      for (const [k] of sums) values[k] = 0;
      for (const [k] of PEAKS) values[k] = -Infinity;
      Object.assign(values, { samples: 0, first: t.epoch, last: t.epoch, procs: 0 });
      if (by === 'program') values['gen.name'] = group;
      if (by === 'container') values['gen.container'] = group;
      if (by === 'cgroup') values['gen.cgpath'] = group;
      if (by === 'user') values['gen.ruid'] = Number(group);
      if (by === 'process') values['gen.cmdline'] = '';
      rows.set(group, (row = { key: group, values }));
    }
    const val = row.values;
    const col = (label: string, n: number) => Number((label === 'PRG' ? t.prg : t.by[label]!).cols[n - 1]);
    for (const [k, label, n] of sums) val[k] = (val[k] as number) + col(label, n);
    for (const [k, label, n] of PEAKS) val[k] = Math.max(val[k] as number, col(label, n));
    if (seen.get(group) !== t.sample) {
      seen.set(group, t.sample);
      val.samples = (val.samples as number) + 1;
      val.last = t.epoch;
    }
    const m = members.get(group) ?? members.set(group, new Set()).get(group)!;
    m.add(key);
    val.procs = m.size;
    if (by === 'process') {
      const [p, b] = key.split('/');
      val['gen.pid'] = Number(p);
      val['gen.btime'] = Number(b);
      const r = (live ? 2 ** 32 : 0) + t.sample;
      if (r >= (rank.get(key) ?? -1)) {
        rank.set(key, r);
        val['gen.name'] = asText(c[7]!);
      }
      if (c[15] !== '' && r >= (rank.get(key + '|cmd') ?? -1)) {
        rank.set(key + '|cmd', r);
        val['gen.cmdline'] = asText(c[15]!);
      }
      // as printed: the raw status up to 2.3, decoded (signal + 256, or exit code) from 2.4
      if (!live) val['gen.excode'] = Number(c[13]);
    }
  }
  return rows;
}
