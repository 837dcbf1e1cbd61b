// Process columns as atop shows them: header names, units and derived figures follow atop's
// own process views (generic, memory, disk, network, scheduling, GPU, command line). A column
// is offered only when the log's version has the fields it needs (TaskColumns keys).
import { exitCode, isNewTask, taskCpuPercent } from '../format/derived';
import type { NumericColumn, SampleData } from '../worker/protocol';
import {
  fmtBytes,
  fmtCount,
  fmtDateTime,
  fmtKiB,
  fmtNsDelay,
  fmtPct,
  fmtSectors,
  fmtTicks,
  type TimeZoneMode,
} from './format';

/** One decoded sample as the UI thread sees it. */
export interface SampleTable {
  readonly data: SampleData;
  /** The log's string table (ids from SampleData.text). */
  readonly strings: readonly string[];
  readonly hertz: number;
  /** Per-sample derived columns, computed once. */
  readonly derived: Map<string, Float64Array>;
}

export interface FormatOptions {
  readonly tz: TimeZoneMode;
}

export interface BoundColumn {
  /** Sort key of a row: a number, or for text columns a string id (sorted by text). */
  key(row: number): number;
  /** What the cell shows (and the CSV contains). */
  text(row: number): string;
  /** Optional exact value for the cell's tooltip. */
  detail?(row: number): string;
}

export type ColumnGroup = 'id' | 'cpu' | 'mem' | 'dsk' | 'net' | 'sched' | 'gpu' | 'misc';

export interface ColumnSpec {
  readonly id: string;
  /** atop's column header. */
  readonly header: string;
  readonly title: string;
  readonly group: ColumnGroup;
  readonly align: 'left' | 'right';
  /** Width in px; the last text column may grow. */
  readonly width: number;
  readonly isText: boolean;
  /** Fields it needs: each entry a field or a list of alternatives (the first present is used). */
  readonly needs: readonly (string | readonly string[])[];
  readonly bind: (t: SampleTable, fx: FormatOptions) => BoundColumn;
}

export type FieldSet = ReadonlySet<string>;

/** The field a need resolves to in this log, or null. */
export function resolveNeed(need: string | readonly string[], fields: FieldSet): string | null {
  if (typeof need === 'string') return fields.has(need) ? need : null;
  return need.find((f) => fields.has(f)) ?? null;
}

export function columnAvailable(c: ColumnSpec, fields: FieldSet): boolean {
  return c.needs.every((n) => resolveNeed(n, fields) !== null);
}

const ZERO = new Float64Array(0);

export function num(t: SampleTable, field: string | readonly string[]): NumericColumn {
  if (typeof field === 'string') return t.data.num[field] ?? ZERO;
  for (const f of field) {
    const c = t.data.num[f];
    if (c) return c;
  }
  return ZERO;
}

export function textIds(t: SampleTable, field: string): Int32Array {
  return t.data.text[field] ?? new Int32Array(0);
}

function derivedColumn(t: SampleTable, id: string, make: () => Float64Array): Float64Array {
  let d = t.derived.get(id);
  if (!d) {
    d = make();
    t.derived.set(id, d);
  }
  return d;
}

/** CPU% of every row (atop-format.md section 4; derived.ts). */
export function cpuPercents(t: SampleTable): Float64Array {
  return derivedColumn(t, 'cpu%', () => {
    const u = num(t, 'cpu.utime');
    const s = num(t, 'cpu.stime');
    const thr = num(t, 'gen.nthr');
    const out = new Float64Array(t.data.count);
    for (let r = 0; r < out.length; r++)
      out[r] = taskCpuPercent(u[r] ?? 0, s[r] ?? 0, t.data.percputot, t.data.nrcpu, thr[r] ?? 1);
    return out;
  });
}

/** Whether a row is a process (not a thread entry); 1.26 logs hold processes only. */
export function isProcessColumn(t: SampleTable): (row: number) => boolean {
  const p = t.data.num['gen.isproc'];
  return p ? (r) => p[r] !== 0 : () => true;
}

/** DSK%: the row's share of the disk transfers of all processes in the sample, as atop. */
function diskPercents(t: SampleTable): Float64Array {
  return derivedColumn(t, 'dsk%', () => {
    const rs = num(t, 'dsk.rsz');
    const ws = num(t, 'dsk.wsz');
    const isProc = isProcessColumn(t);
    let total = 0;
    for (let r = 0; r < t.data.count; r++) if (isProc(r)) total += (rs[r] ?? 0) + (ws[r] ?? 0);
    const out = new Float64Array(t.data.count);
    if (total > 0)
      for (let r = 0; r < out.length; r++) out[r] = (((rs[r] ?? 0) + (ws[r] ?? 0)) * 100) / total;
    return out;
  });
}

const at = (c: NumericColumn, r: number): number => c[r] ?? 0;

interface NumOpts {
  readonly width?: number;
  readonly title: string;
  readonly group: ColumnGroup;
  readonly fmt?: (v: number, t: SampleTable, row: number) => string;
  readonly detail?: (v: number, t: SampleTable) => string;
}

function numCol(id: string, header: string, field: string | readonly string[], o: NumOpts): ColumnSpec {
  return {
    id,
    header,
    title: o.title,
    group: o.group,
    align: 'right',
    width: o.width ?? 64,
    isText: false,
    needs: [field],
    bind: (t) => {
      const c = num(t, field);
      const fmt = o.fmt ?? ((v: number) => String(v));
      const detail = o.detail;
      return {
        key: (r) => at(c, r),
        text: (r) => fmt(at(c, r), t, r),
        ...(detail ? { detail: (r: number) => detail(at(c, r), t) } : {}),
      };
    },
  };
}

function textCol(
  id: string,
  header: string,
  field: string,
  title: string,
  group: ColumnGroup,
  width = 120,
): ColumnSpec {
  return {
    id,
    header,
    title,
    group,
    align: 'left',
    width,
    isText: true,
    needs: [field],
    bind: (t) => {
      const ids = textIds(t, field);
      return { key: (r) => ids[r] ?? 0, text: (r) => t.strings[ids[r] ?? 0] ?? '' };
    },
  };
}

const POLICIES: Record<number, string> = { 0: 'norm', 1: 'fifo', 2: 'rr', 3: 'btch', 5: 'idle', 6: 'dead' };
const kib = (v: number) => fmtKiB(v);
const ticks = (v: number, t: SampleTable) => fmtTicks(v, t.hertz);
const exactTicks = (v: number, t: SampleTable) => `${v} ticks (${(v / Math.max(1, t.hertz)).toFixed(2)} s)`;
const exactKiB = (v: number) => `${v} KiB`;
const exactSectors = (v: number) => `${v} sectors = ${v * 512} bytes`;
const dash = (v: number) => (v < 0 ? '-' : String(v));

/** Bytes/s of a per-interval byte count, as atop's BANDWI/BANDWO (Kbps, Mbps). */
function bandwidth(bytes: number, interval: number): string {
  const kbps = (bytes * 8) / Math.max(1, interval) / 1000;
  if (kbps < 10000) return `${Math.round(kbps)} Kbps`;
  if (kbps < 10_000_000) return `${Math.round(kbps / 1000)} Mbps`;
  return `${Math.round(kbps / 1_000_000)} Gbps`;
}

function stateText(v: number): string {
  return v === 0 ? '' : String.fromCharCode(v);
}

export const COLUMNS: readonly ColumnSpec[] = [
  // identity
  numCol('pid', 'PID', 'gen.pid', {
    title: 'Process id (thread id for thread rows)',
    group: 'id',
    width: 72,
  }),
  numCol('tgid', 'TGID', 'gen.tgid', {
    title: 'Thread group id: the pid of the process a thread belongs to',
    group: 'id',
    width: 72,
  }),
  numCol('ppid', 'PPID', 'gen.ppid', { title: 'Parent process id', group: 'id', width: 72, fmt: dash }),
  numCol('vpid', 'VPID', 'gen.vpid', {
    title: 'Pid inside its pid namespace (container)',
    group: 'id',
    width: 64,
  }),
  textCol(
    'name',
    'CMD',
    'gen.name',
    'Process name (at most 15 characters, as the kernel keeps it)',
    'id',
    136,
  ),
  {
    id: 'state',
    header: 'ST',
    title:
      'State: R running, S sleeping, D uninterruptible, I idle, Z zombie, T stopped, E exited in this interval',
    group: 'id',
    align: 'left',
    width: 36,
    isText: false,
    needs: ['gen.state'],
    bind: (t) => {
      const c = num(t, 'gen.state');
      return { key: (r) => at(c, r), text: (r) => stateText(at(c, r)) };
    },
  },
  {
    id: 'kind',
    header: 'TYPE',
    title: 'P = process, T = thread entry',
    group: 'id',
    align: 'left',
    width: 44,
    isText: false,
    needs: ['gen.isproc'],
    bind: (t) => {
      const c = num(t, 'gen.isproc');
      return { key: (r) => at(c, r), text: (r) => (at(c, r) ? 'P' : 'T') };
    },
  },
  {
    id: 'new',
    header: 'N',
    title: 'N = new in this interval (not in the previous sample)',
    group: 'id',
    align: 'left',
    width: 30,
    isText: false,
    needs: ['gen.excode'],
    bind: (t) => {
      const c = num(t, 'gen.excode');
      return { key: (r) => (isNewTask(at(c, r)) ? 1 : 0), text: (r) => (isNewTask(at(c, r)) ? 'N' : '-') };
    },
  },
  {
    id: 'exc',
    header: 'EXC',
    title: 'Exit code of an exited process (signal + 256 when killed by a signal)',
    group: 'id',
    align: 'right',
    width: 48,
    isText: false,
    needs: ['gen.excode', 'gen.state'],
    bind: (t) => {
      const c = num(t, 'gen.excode');
      const st = num(t, 'gen.state');
      const exited = (r: number) => at(st, r) === 69; // 'E'
      return {
        key: (r) => (exited(r) ? exitCode(at(c, r)) : -1),
        text: (r) => (exited(r) ? String(exitCode(at(c, r))) : '-'),
        detail: (r) => (exited(r) ? `wait status 0x${(at(c, r) & 0xffff).toString(16)}` : 'still running'),
      };
    },
  },
  numCol('thr', 'THR', 'gen.nthr', { title: 'Number of threads', group: 'id', width: 52 }),
  numCol('ruid', 'RUID', 'gen.ruid', { title: 'Real user id', group: 'id', width: 60 }),
  numCol('euid', 'EUID', 'gen.euid', { title: 'Effective user id', group: 'id', width: 60 }),
  numCol('rgid', 'RGID', 'gen.rgid', { title: 'Real group id', group: 'id', width: 60 }),
  numCol('egid', 'EGID', 'gen.egid', { title: 'Effective group id', group: 'id', width: 60 }),
  {
    id: 'begin',
    header: 'START',
    title: 'Start time of the process',
    group: 'misc',
    align: 'left',
    width: 150,
    isText: false,
    needs: ['gen.btime'],
    bind: (t, fx) => {
      const c = num(t, 'gen.btime');
      return { key: (r) => at(c, r), text: (r) => (at(c, r) > 0 ? fmtDateTime(at(c, r), fx.tz) : '') };
    },
  },
  numCol('elaps', 'ELAPSED', 'gen.elaps', {
    title: 'Lifetime of an exited process',
    group: 'misc',
    width: 76,
    fmt: (v, t) => (v > 0 ? fmtTicks(v, t.hertz) : '-'),
    detail: exactTicks,
  }),
  textCol('container', 'CID', 'gen.container', 'Container id (docker)', 'misc', 110),
  textCol(
    'utsname',
    'UTSNAME',
    'gen.utsname',
    'Host name of the process’s UTS namespace (container)',
    'misc',
    120,
  ),
  textCol('cgpath', 'CGROUP', 'gen.cgpath', 'cgroup v2 path of the process', 'misc', 160),

  // cpu
  {
    id: 'cpu',
    header: 'CPU',
    title: 'CPU use in the interval as a percentage of one CPU, as atop computes it',
    group: 'cpu',
    align: 'right',
    width: 56,
    isText: false,
    needs: ['cpu.utime', 'cpu.stime', 'gen.nthr'],
    bind: (t) => {
      const p = cpuPercents(t);
      return {
        key: (r) => p[r] ?? 0,
        text: (r) => fmtPct(p[r] ?? 0),
        detail: (r) => `${(p[r] ?? 0).toFixed(2)}%`,
      };
    },
  },
  numCol('syscpu', 'SYSCPU', 'cpu.stime', {
    title: 'CPU time in system mode',
    group: 'cpu',
    width: 68,
    fmt: ticks,
    detail: exactTicks,
  }),
  numCol('usrcpu', 'USRCPU', 'cpu.utime', {
    title: 'CPU time in user mode',
    group: 'cpu',
    width: 68,
    fmt: ticks,
    detail: exactTicks,
  }),

  // memory
  numCol('vsize', 'VSIZE', 'mem.vmem', {
    title: 'Virtual memory size',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('rsize', 'RSIZE', 'mem.rmem', {
    title: 'Resident memory size',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('psize', 'PSIZE', 'mem.pmem', {
    title: 'Proportional set size (only measured with atop -R)',
    group: 'mem',
    width: 66,
    fmt: (v) => (v < 0 ? '?' : fmtKiB(v)),
    detail: exactKiB,
  }),
  numCol('vstext', 'VSTEXT', ['mem.vexec', 'mem.shtext'], {
    title: 'Virtual size of the executable text',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('vslibs', 'VSLIBS', 'mem.vlibs', {
    title: 'Virtual size of shared libraries',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('vdata', 'VDATA', 'mem.vdata', {
    title: 'Virtual size of private data',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('vstack', 'VSTACK', 'mem.vstack', {
    title: 'Virtual size of the stack',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('locksz', 'LOCKSZ', 'mem.vlock', {
    title: 'Locked memory',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('swapsz', 'SWAPSZ', 'mem.vswap', {
    title: 'Swap space used',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('vgrow', 'VGROW', 'mem.vgrow', {
    title: 'Virtual memory growth in the interval',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('rgrow', 'RGROW', 'mem.rgrow', {
    title: 'Resident memory growth in the interval',
    group: 'mem',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  numCol('minflt', 'MINFLT', 'mem.minflt', {
    title: 'Minor page faults in the interval',
    group: 'mem',
    width: 66,
    fmt: fmtCount,
  }),
  numCol('majflt', 'MAJFLT', 'mem.majflt', {
    title: 'Major page faults in the interval',
    group: 'mem',
    width: 66,
    fmt: fmtCount,
  }),
  {
    id: 'mem',
    header: 'MEM',
    title: 'Resident size as a percentage of physical memory',
    group: 'mem',
    align: 'right',
    width: 52,
    isText: false,
    needs: ['mem.rmem'],
    bind: (t) => {
      const c = num(t, 'mem.rmem');
      const total = t.data.memTotal;
      const pct = (r: number) => (total > 0 ? (at(c, r) * 1024 * 100) / total : 0);
      return { key: (r) => at(c, r), text: (r) => fmtPct(pct(r)), detail: (r) => `${pct(r).toFixed(2)}%` };
    },
  },
  numCol('oomscore', 'OOMSC', 'mem.oomscore', { title: 'OOM score', group: 'mem', width: 58 }),
  numCol('oomadj', 'OOMADJ', 'mem.oomscoreadj', { title: 'OOM score adjustment', group: 'mem', width: 62 }),

  // disk
  numCol('rddsk', 'RDDSK', 'dsk.rsz', {
    title: 'Data read from disk in the interval',
    group: 'dsk',
    width: 66,
    fmt: fmtSectors,
    detail: exactSectors,
  }),
  numCol('wrdsk', 'WRDSK', 'dsk.wsz', {
    title: 'Data written to disk in the interval',
    group: 'dsk',
    width: 66,
    fmt: fmtSectors,
    detail: exactSectors,
  }),
  numCol('wcancl', 'WCANCL', 'dsk.cwsz', {
    title: 'Written data cancelled again (truncated before it reached the disk)',
    group: 'dsk',
    width: 66,
    fmt: fmtSectors,
    detail: exactSectors,
  }),
  {
    id: 'dsk',
    header: 'DSK',
    title: 'Share of the disk transfers of all processes in the interval',
    group: 'dsk',
    align: 'right',
    width: 52,
    isText: false,
    needs: ['dsk.rsz', 'dsk.wsz'],
    bind: (t) => {
      const p = diskPercents(t);
      return {
        key: (r) => p[r] ?? 0,
        text: (r) => fmtPct(p[r] ?? 0),
        detail: (r) => `${(p[r] ?? 0).toFixed(2)}%`,
      };
    },
  },

  // network (needs netatop)
  numCol('tcpsnd', 'TCPSND', 'net.tcpsnd', {
    title: 'TCP packets sent (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtCount,
  }),
  numCol('tcpssz', 'TCPSSZ', 'net.tcpssz', {
    title: 'TCP bytes sent (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtBytes,
  }),
  numCol('tcprcv', 'TCPRCV', 'net.tcprcv', {
    title: 'TCP packets received (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtCount,
  }),
  numCol('tcprsz', 'TCPRSZ', 'net.tcprsz', {
    title: 'TCP bytes received (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtBytes,
  }),
  numCol('udpsnd', 'UDPSND', 'net.udpsnd', {
    title: 'UDP packets sent (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtCount,
  }),
  numCol('udpssz', 'UDPSSZ', 'net.udpssz', {
    title: 'UDP bytes sent (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtBytes,
  }),
  numCol('udprcv', 'UDPRCV', 'net.udprcv', {
    title: 'UDP packets received (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtCount,
  }),
  numCol('udprsz', 'UDPRSZ', 'net.udprsz', {
    title: 'UDP bytes received (netatop)',
    group: 'net',
    width: 66,
    fmt: fmtBytes,
  }),
  numCol('rawsnd', 'RAWSND', 'net.rawsnd', {
    title: 'Raw packets sent (atop 1.26 kernel patch)',
    group: 'net',
    width: 66,
    fmt: fmtCount,
  }),
  numCol('rawrcv', 'RAWRCV', 'net.rawrcv', {
    title: 'Raw packets received (atop 1.26 kernel patch)',
    group: 'net',
    width: 66,
    fmt: fmtCount,
  }),
  {
    id: 'bandwi',
    header: 'BANDWI',
    title: 'Incoming network bandwidth (TCP + UDP, netatop)',
    group: 'net',
    align: 'right',
    width: 84,
    isText: false,
    needs: ['net.tcprsz', 'net.udprsz'],
    bind: (t) => {
      const a = num(t, 'net.tcprsz');
      const b = num(t, 'net.udprsz');
      const v = (r: number) => at(a, r) + at(b, r);
      return { key: v, text: (r) => bandwidth(v(r), t.data.interval) };
    },
  },
  {
    id: 'bandwo',
    header: 'BANDWO',
    title: 'Outgoing network bandwidth (TCP + UDP, netatop)',
    group: 'net',
    align: 'right',
    width: 84,
    isText: false,
    needs: ['net.tcpssz', 'net.udpssz'],
    bind: (t) => {
      const a = num(t, 'net.tcpssz');
      const b = num(t, 'net.udpssz');
      const v = (r: number) => at(a, r) + at(b, r);
      return { key: v, text: (r) => bandwidth(v(r), t.data.interval) };
    },
  },

  // scheduling
  numCol('trun', 'TRUN', 'gen.nthrrun', { title: 'Threads running', group: 'sched', width: 50 }),
  numCol('tslpi', 'TSLPI', 'gen.nthrslpi', {
    title: 'Threads in interruptible sleep',
    group: 'sched',
    width: 52,
  }),
  numCol('tslpu', 'TSLPU', 'gen.nthrslpu', {
    title: 'Threads in uninterruptible sleep',
    group: 'sched',
    width: 52,
  }),
  numCol('tidle', 'TIDLE', 'gen.nthridle', { title: 'Threads idle (state I)', group: 'sched', width: 52 }),
  numCol('poli', 'POLI', 'cpu.policy', {
    title: 'Scheduling policy',
    group: 'sched',
    width: 48,
    fmt: (v) => POLICIES[v] ?? String(v),
  }),
  numCol('nice', 'NICE', 'cpu.nice', { title: 'Nice value', group: 'sched', width: 48 }),
  numCol('pri', 'PRI', 'cpu.prio', { title: 'Priority', group: 'sched', width: 44 }),
  numCol('rtpr', 'RTPR', 'cpu.rtprio', { title: 'Realtime priority', group: 'sched', width: 48 }),
  numCol('cpunr', 'CPUNR', 'cpu.curcpu', { title: 'CPU the task last ran on', group: 'sched', width: 54 }),
  numCol('rdelay', 'RDELAY', 'cpu.rundelay', {
    title: 'Time spent waiting in the run queue',
    group: 'sched',
    width: 72,
    fmt: fmtNsDelay,
    detail: (v) => `${v} ns`,
  }),
  numCol('bdelay', 'BDELAY', 'cpu.blkdelay', {
    title: 'Time spent waiting for block I/O',
    group: 'sched',
    width: 68,
    fmt: ticks,
    detail: exactTicks,
  }),
  numCol('nvcsw', 'NVCSW', 'cpu.nvcsw', {
    title: 'Voluntary context switches',
    group: 'sched',
    width: 64,
    fmt: fmtCount,
  }),
  numCol('nivcsw', 'NIVCSW', 'cpu.nivcsw', {
    title: 'Involuntary context switches',
    group: 'sched',
    width: 64,
    fmt: fmtCount,
  }),
  textCol('wchan', 'WCHAN', 'cpu.wchan', 'Kernel function the task sleeps in', 'sched', 120),

  // gpu
  {
    id: 'gpustate',
    header: 'GPUST',
    title: 'GPU state: A active, E exited, N no GPU use',
    group: 'gpu',
    align: 'left',
    width: 52,
    isText: false,
    needs: ['gpu.state'],
    bind: (t) => {
      const c = num(t, 'gpu.state');
      return { key: (r) => at(c, r), text: (r) => (at(c, r) ? String.fromCharCode(at(c, r)) : 'N') };
    },
  },
  numCol('gpunr', 'GPUS', 'gpu.nrgpus', { title: 'Number of GPUs used', group: 'gpu', width: 48 }),
  numCol('gpulist', 'GPULIST', 'gpu.gpulist', {
    title: 'GPUs used (bit list)',
    group: 'gpu',
    width: 66,
    fmt: (v) => (v >>> 0).toString(16),
  }),
  gpuBusy('gpubusy', 'GPUBUSY', 'gpu.gpubusy', 'gpu.gpubusycum', 'GPU busy percentage'),
  gpuBusy('membusy', 'MEMBUSY', 'gpu.membusy', 'gpu.membusycum', 'GPU memory busy percentage'),
  numCol('gpumemnow', 'MEMNOW', 'gpu.memnow', {
    title: 'GPU memory in use',
    group: 'gpu',
    width: 66,
    fmt: kib,
    detail: exactKiB,
  }),
  {
    id: 'gpumemavg',
    header: 'MEMAVG',
    title: 'Average GPU memory in use',
    group: 'gpu',
    align: 'right',
    width: 66,
    isText: false,
    needs: ['gpu.memcum', ['gpu.sample', 'gpu.samples']],
    bind: (t) => {
      const cum = num(t, 'gpu.memcum');
      const n = num(t, ['gpu.sample', 'gpu.samples']);
      const v = (r: number) => (at(n, r) > 0 ? at(cum, r) / at(n, r) : 0);
      return { key: v, text: (r) => fmtKiB(v(r)) };
    },
  },

  // command line last: it takes the rest of the width
  textCol(
    'cmdline',
    'COMMAND-LINE',
    'gen.cmdline',
    'Command line (as much as atop keeps: 255 bytes, 150 in 1.26)',
    'id',
    420,
  ),
];

function gpuBusy(id: string, header: string, plain: string, cum: string, title: string): ColumnSpec {
  return {
    id,
    header,
    title,
    group: 'gpu',
    align: 'right',
    width: 70,
    isText: false,
    needs: [[plain, cum]],
    bind: (t) => {
      const p = t.data.num[plain];
      const c = num(t, cum);
      const n = num(t, 'gpu.samples');
      const v = p ? (r: number) => at(p, r) : (r: number) => (at(n, r) > 0 ? at(c, r) / at(n, r) : -1);
      return { key: v, text: (r) => (v(r) < 0 ? '-' : fmtPct(v(r))) };
    },
  };
}

export const COLUMN_BY_ID: ReadonlyMap<string, ColumnSpec> = new Map(COLUMNS.map((c) => [c.id, c]));

export type ViewId = 'generic' | 'memory' | 'disk' | 'network' | 'scheduling' | 'gpu' | 'command';

export interface ViewSpec {
  readonly id: ViewId;
  readonly label: string;
  /** atop's key for this view. */
  readonly key: string;
  readonly columns: readonly string[];
  /** Sort when switching to the view, as atop does. */
  readonly sort: string;
}

export const VIEWS: readonly ViewSpec[] = [
  {
    id: 'generic',
    label: 'Generic',
    key: 'g',
    columns: [
      'pid',
      'ppid',
      'name',
      'state',
      'cpu',
      'syscpu',
      'usrcpu',
      'rsize',
      'vsize',
      'rddsk',
      'wrdsk',
      'thr',
      'ruid',
      'exc',
      'cmdline',
    ],
    sort: 'cpu',
  },
  {
    id: 'memory',
    label: 'Memory',
    key: 'm',
    columns: [
      'pid',
      'name',
      'minflt',
      'majflt',
      'vstext',
      'vslibs',
      'vdata',
      'vstack',
      'locksz',
      'vsize',
      'rsize',
      'psize',
      'swapsz',
      'vgrow',
      'rgrow',
      'mem',
      'cmdline',
    ],
    sort: 'mem',
  },
  {
    id: 'disk',
    label: 'Disk',
    key: 'd',
    columns: ['pid', 'name', 'rddsk', 'wrdsk', 'wcancl', 'dsk', 'cmdline'],
    sort: 'dsk',
  },
  {
    id: 'network',
    label: 'Net',
    key: 'n',
    columns: [
      'pid',
      'name',
      'tcpsnd',
      'tcpssz',
      'tcprcv',
      'tcprsz',
      'udpsnd',
      'udpssz',
      'udprcv',
      'udprsz',
      'rawsnd',
      'rawrcv',
      'bandwi',
      'bandwo',
      'cmdline',
    ],
    sort: 'bandwi',
  },
  {
    id: 'scheduling',
    label: 'Sched',
    key: 's',
    columns: [
      'pid',
      'name',
      'trun',
      'tslpi',
      'tslpu',
      'tidle',
      'poli',
      'nice',
      'pri',
      'rtpr',
      'cpunr',
      'state',
      'exc',
      'rdelay',
      'bdelay',
      'nvcsw',
      'nivcsw',
      'wchan',
      'cmdline',
    ],
    sort: 'cpu',
  },
  {
    id: 'gpu',
    label: 'GPU',
    key: 'e',
    columns: [
      'pid',
      'name',
      'gpustate',
      'gpunr',
      'gpulist',
      'gpubusy',
      'membusy',
      'gpumemnow',
      'gpumemavg',
      'cmdline',
    ],
    sort: 'gpubusy',
  },
  {
    id: 'command',
    label: 'Cmdline',
    key: 'c',
    columns: ['pid', 'ppid', 'name', 'state', 'cpu', 'rsize', 'cmdline'],
    sort: 'cpu',
  },
];

export const VIEW_BY_ID: ReadonlyMap<ViewId, ViewSpec> = new Map(VIEWS.map((v) => [v.id, v]));

/** Every field any column or filter reads: what the UI asks the worker for. */
export const WANTED_FIELDS: readonly string[] = [
  ...new Set([
    ...COLUMNS.flatMap((c) => c.needs.flatMap((n) => (typeof n === 'string' ? [n] : [...n]))),
    'gen.pid',
    'gen.tgid',
    'gen.ppid',
    'gen.ruid',
    'gen.euid',
    'gen.state',
    'gen.isproc',
    'gen.wasinactive',
    'gen.name',
    'gen.cmdline',
    'cpu.utime',
    'cpu.stime',
    'dsk.rsz',
    'dsk.wsz',
    'dsk.cwsz',
    'mem.rmem',
    'mem.minflt',
    'mem.majflt',
    'mem.vgrow',
    'mem.rgrow',
    'gen.nthr',
    'gpu.samples',
  ]),
];

/** The view's columns this log has. */
export function viewColumns(view: ViewSpec, fields: FieldSet): string[] {
  return view.columns.filter((id) => {
    const c = COLUMN_BY_ID.get(id);
    return c !== undefined && columnAvailable(c, fields);
  });
}

/** Views with at least one column beyond pid/name/cmdline for this log. */
export function availableViews(fields: FieldSet): ViewSpec[] {
  return VIEWS.filter((v) =>
    viewColumns(v, fields).some((id) => !['pid', 'name', 'cmdline', 'ppid'].includes(id)),
  );
}
