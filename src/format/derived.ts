// Figures atop derives rather than stores, computed the way atop computes them
// (docs/atop-format.md §4), and a compact per-sample system summary for timelines.
import type { FileHeader } from './header';
import type { SystemStat } from './system';

const CPU_PARTS = ['stime', 'utime', 'ntime', 'itime', 'wtime', 'Itime', 'Stime', 'steal'] as const;

/** Clock ticks of one CPU in the interval: the denominator of every CPU percentage. */
export function perCpuTicks(sys: SystemStat): number {
  const nrcpu = Math.max(1, sys.num('cpu.nrcpu'));
  let tot = 0;
  for (const p of CPU_PARTS) tot += sys.num(`cpu.all.${p}`);
  return tot / nrcpu;
}

/** Process CPU% as atop shows it: (utime+stime)·100/percputot, capped at nrcpu·100 (and nthr·100). */
export function taskCpuPercent(
  utime: number,
  stime: number,
  percputot: number,
  nrcpu: number,
  nthr: number,
): number {
  if (percputot <= 0) return 0;
  const pct = ((utime + stime) * 100) / percputot;
  return Math.min(pct, nrcpu * 100, Math.max(1, nthr) * 100);
}

export interface SystemSummary {
  readonly nrcpu: number;
  /** Percentages of one CPU, summing to nrcpu × 100 as in atop's CPU line. */
  readonly cpuSys: number;
  readonly cpuUser: number;
  readonly cpuIrq: number;
  readonly cpuIdle: number;
  readonly cpuWait: number;
  readonly cpuSteal: number;
  readonly load1: number;
  readonly memTotal: number;
  readonly memFree: number;
  readonly memCache: number;
  readonly memBuffers: number;
  readonly memSlab: number;
  /** Bytes in use: total − free − cache − buffers. */
  readonly memUsed: number;
  readonly swapTotal: number;
  readonly swapFree: number;
  /** Bytes read/written by all disks (not partitions: atop lists whole disks in dsk). */
  readonly diskRead: number;
  readonly diskWrite: number;
  /** Busiest disk's busy %. */
  readonly diskBusy: number;
  /** Bytes received/sent on all interfaces but loopback. */
  readonly netRecv: number;
  readonly netSend: number;
}

const count = (sys: SystemStat, path: string, max: number) =>
  Math.max(0, Math.min(max, sys.has(path) ? sys.num(path) : 0));

export function systemSummary(sys: SystemStat, header: FileHeader): SystemSummary {
  const nrcpu = Math.max(1, sys.num('cpu.nrcpu'));
  const percputot = perCpuTicks(sys);
  const pct = (v: number) => (percputot > 0 ? (v * 100) / percputot : 0);
  const all = (p: string) => sys.num(`cpu.all.${p}`);
  const page = header.pagesize;
  const mem = (p: string) => sys.num(`mem.${p}`) * page;

  let diskRead = 0;
  let diskWrite = 0;
  let diskBusy = 0;
  const msPerCpu = (percputot * 1000) / Math.max(1, header.hertz);
  for (let i = 0, n = count(sys, 'dsk.ndsk', 4096); i < n && sys.has(`dsk.dsk[${i}].nrsect`); i++) {
    diskRead += sys.num(`dsk.dsk[${i}].nrsect`) * 512;
    diskWrite += sys.num(`dsk.dsk[${i}].nwsect`) * 512;
    if (msPerCpu > 0) diskBusy = Math.max(diskBusy, (sys.num(`dsk.dsk[${i}].io_ms`) * 100) / msPerCpu);
  }
  let netRecv = 0;
  let netSend = 0;
  for (let i = 0, n = count(sys, 'intf.nrintf', 4096); i < n && sys.has(`intf.intf[${i}].rbyte`); i++) {
    if (sys.text(`intf.intf[${i}].name`) === 'lo') continue;
    netRecv += sys.num(`intf.intf[${i}].rbyte`);
    netSend += sys.num(`intf.intf[${i}].sbyte`);
  }
  const memTotal = mem('physmem');
  const memFree = mem('freemem');
  const memCache = mem('cachemem');
  const memBuffers = mem('buffermem');
  return {
    nrcpu,
    cpuSys: pct(all('stime')),
    cpuUser: pct(all('utime') + all('ntime')),
    cpuIrq: pct(all('Itime') + all('Stime')),
    cpuIdle: pct(all('itime')),
    cpuWait: pct(all('wtime')),
    cpuSteal: pct(all('steal')),
    load1: sys.num('cpu.lavg1'),
    memTotal,
    memFree,
    memCache,
    memBuffers,
    memSlab: mem('slabmem'),
    memUsed: Math.max(0, memTotal - memFree - memCache - memBuffers),
    swapTotal: mem('totswap'),
    swapFree: mem('freeswap'),
    diskRead,
    diskWrite,
    diskBusy: Math.min(100, diskBusy),
    netRecv,
    netSend,
  };
}

/** atop's exit code column: signal + 256 when killed, else the exit status. */
export function exitCode(excode: number): number {
  return (excode & 0xff) !== 0 ? (excode & 0x7f) + 256 : (excode >> 8) & 0xff;
}

/** Bit 31 of gen.excode: the task is new in this interval. */
export function isNewTask(excode: number): boolean {
  return (excode & 0x80000000) !== 0;
}
