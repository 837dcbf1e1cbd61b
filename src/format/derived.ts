// Figures atop derives rather than stores, computed the way atop computes them
// (docs/atop-format.md §4): task CPU% and the exit code. System figures: system-figures.ts.
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

/** atop's exit code column: signal + 256 when killed, else the exit status. */
export function exitCode(excode: number): number {
  return (excode & 0xff) !== 0 ? (excode & 0x7f) + 256 : (excode >> 8) & 0xff;
}

/** Bit 31 of gen.excode: the task is new in this interval. */
export function isNewTask(excode: number): boolean {
  return (excode & 0x80000000) !== 0;
}
