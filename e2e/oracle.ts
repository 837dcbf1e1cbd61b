// Reads atop's own `-P` output (sample.parseable.txt next to each fixture) for what the
// table must show: PRG (identity, command line), PRC (CPU ticks), PRM (memory) and the CPU
// line (the CPU% denominator). Read as latin1: text columns are raw bytes that may end in half
// a UTF-8 character (docs/atop-format.md §5).
import { readFileSync } from 'node:fs';

export interface OracleTask {
  readonly pid: number;
  readonly ppid: number;
  /** Decoded as the app decodes raw bytes: UTF-8, invalid bytes as U+FFFD. */
  readonly name: string;
  readonly cmdline: string;
  readonly state: string;
  readonly isproc: boolean;
  /** Thread group id (1.26: the pid). */
  readonly tgid: number;
  readonly nthr: number;
  readonly ruid: number;
  readonly euid: number;
  readonly utime: number;
  readonly stime: number;
  readonly vmem: number;
  readonly rmem: number;
  /** Sectors read and written (PRD rsz, wsz). */
  readonly rsz: number;
  readonly wsz: number;
}

export interface OracleSample {
  /** The host column of atop's lines. */
  readonly host: string;
  readonly epoch: number;
  readonly interval: number;
  readonly nrcpu: number;
  /** Ticks of one CPU in the interval (docs/atop-format.md §4). */
  readonly percputot: number;
  /** In file order. */
  readonly tasks: readonly OracleTask[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
export const fromLatin1 = (s: string): string => utf8.decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));

/** The part of a line after the six common columns (label host epoch date time interval). */
function afterHead(line: string): string {
  let at = 0;
  for (let k = 0; k < 6; k++) at = line.indexOf(' ', at) + 1;
  return line.slice(at);
}

interface Prg {
  pid: number;
  rawName: string;
  state: string;
  ruid: number;
  tgid: number;
  nthr: number;
  rawCmd: string;
  ppid: number;
  euid: number;
  isproc: boolean;
}

/** A PRG line split despite ") " inside names and command lines. */
export function parsePrg(line: string, v126: boolean): Prg {
  const rest = afterHead(line);
  const m = /^(\d+) \(/.exec(rest);
  if (!m) throw new Error(`PRG line without pid: ${line}`);
  const nameAt = m[0].length;
  const headRe = /^(\S) (-?\d+) (-?\d+) (-?\d+) (-?\d+) (-?\d+) (-?\d+) \(/;
  for (let j = rest.indexOf(') ', nameAt); j >= 0; j = rest.indexOf(') ', j + 1)) {
    const h = headRe.exec(rest.slice(j + 2));
    if (!h) continue;
    const cmdAt = j + 2 + h[0].length;
    const tailRe = v126 ? /^((-?\d+ ){10}-?\d+)$/ : /^((-?\d+ ){11})([yn])( |$)/;
    for (let k = rest.indexOf(')', cmdAt); k >= 0; k = rest.indexOf(')', k + 1)) {
      const tail = rest.slice(k + 2);
      if (rest[k + 1] !== ' ' && k + 1 !== rest.length) continue;
      const t = tailRe.exec(tail);
      if (!t) continue;
      const ints = tail.split(' ');
      return {
        pid: Number(m[1]),
        rawName: rest.slice(nameAt, j),
        state: h[1]!,
        ruid: Number(h[2]),
        tgid: Number(h[4]),
        nthr: Number(h[5]),
        rawCmd: rest.slice(cmdAt, k),
        ppid: Number(ints[0]),
        euid: Number(ints[4]),
        isproc: v126 ? true : t[3] === 'y',
      };
    }
  }
  throw new Error(`PRG line that does not split: ${line}`);
}

/** The tokens after "pid (name) " of a PRC/PRM line whose name is known. */
function tokensAfterName(line: string, pid: number, rawName: string): string[] {
  const rest = afterHead(line);
  const prefix = `${pid} (${rawName}) `;
  if (!rest.startsWith(prefix)) throw new Error(`line does not match PRG (${pid} ${rawName}): ${line}`);
  return rest.slice(prefix.length).split(' ');
}

export function readOracle(path: string, version: string): OracleSample[] {
  const text = readFileSync(path, 'latin1');
  const v126 = version === '1.26';
  const out: OracleSample[] = [];
  let prg: string[] = [];
  let prc: string[] = [];
  let prm: string[] = [];
  let prd: string[] = [];
  let cpu: string | null = null;
  const flush = () => {
    if (!cpu) throw new Error('sample without CPU line');
    const c = cpu.split(' ');
    const nrcpu = Number(c[7]);
    let tot = 0;
    for (let k = 8; k < 16; k++) tot += Number(c[k]);
    const tasks = prg.map((line, i) => {
      const g = parsePrg(line, v126);
      const pc = tokensAfterName(prc[i]!, g.pid, g.rawName);
      const pm = tokensAfterName(prm[i]!, g.pid, g.rawName);
      // state, kernel patch, standard io, rio, rsz, wio, wsz, cwsz
      const pd = tokensAfterName(prd[i]!, g.pid, g.rawName);
      return {
        pid: g.pid,
        ppid: g.ppid,
        name: fromLatin1(g.rawName),
        cmdline: fromLatin1(g.rawCmd),
        state: g.state,
        isproc: g.isproc,
        tgid: g.tgid,
        nthr: g.nthr,
        ruid: g.ruid,
        euid: g.euid,
        utime: Number(pc[2]),
        stime: Number(pc[3]),
        vmem: Number(pm[2]),
        rmem: Number(pm[3]),
        rsz: Number(pd[4]),
        wsz: Number(pd[6]),
      };
    });
    out.push({
      host: c[1]!,
      epoch: Number(c[2]),
      interval: Number(c[5]),
      nrcpu,
      percputot: tot / Math.max(1, nrcpu),
      tasks,
    });
    prg = [];
    prc = [];
    prm = [];
    prd = [];
    cpu = null;
  };
  for (const line of text.split('\n')) {
    if (line === 'SEP') flush();
    else if (line.startsWith('CPU ')) cpu = line;
    else if (line.startsWith('PRG ')) prg.push(line);
    else if (line.startsWith('PRC ')) prc.push(line);
    else if (line.startsWith('PRM ')) prm.push(line);
    else if (line.startsWith('PRD ')) prd.push(line);
  }
  return out;
}

/** CPU% as atop shows it (docs/atop-format.md §4), from oracle numbers. */
export function oracleCpuPercent(s: OracleSample, t: OracleTask): number {
  if (s.percputot <= 0) return 0;
  return Math.min(((t.utime + t.stime) * 100) / s.percputot, s.nrcpu * 100, Math.max(1, t.nthr) * 100);
}

/** The rows the table shows with default toggles (threads hidden, exited shown). */
export const processes = (s: OracleSample): OracleTask[] => s.tasks.filter((t) => t.isproc);

/** One sample's system lines as atop -P prints them, with the CPU line's shares as atop's screen computes them. */
export interface OracleSystem {
  readonly epoch: number;
  readonly interval: number;
  /** sys, user (+nice), idle in % of one CPU (showsys.c: value·100 / percputot, percputot = cputot / nrcpu). */
  readonly cpu: { readonly sys: number; readonly user: number; readonly idle: number };
  /** CPUs with a cpu line. */
  readonly cpus: number;
  readonly disks: readonly string[];
  readonly interfaces: readonly string[];
}

/** The CPU, cpu, DSK and NET lines of `-P ALL` output, per sample. */
export function readSystemOracle(path: string): OracleSystem[] {
  const out: (OracleSystem & { cpus: number; disks: string[]; interfaces: string[] })[] = [];
  for (const line of readFileSync(path, 'latin1').split('\n')) {
    const c = line.split(' ');
    const label = c[0];
    if (label === 'CPU') {
      const [
        nrcpu = 1,
        stime = 0,
        utime = 0,
        ntime = 0,
        itime = 0,
        wtime = 0,
        Itime = 0,
        Stime = 0,
        steal = 0,
      ] = c.slice(7, 16).map(Number);
      const percputot =
        Math.trunc((stime + utime + ntime + itime + wtime + Itime + Stime + steal) / nrcpu) || 1;
      out.push({
        epoch: Number(c[2]),
        interval: Number(c[5]),
        cpu: {
          sys: (stime * 100) / percputot,
          user: ((utime + ntime) * 100) / percputot,
          idle: (itime * 100) / percputot,
        },
        cpus: 0,
        disks: [],
        interfaces: [],
      });
    } else if (out.length > 0 && Number(c[2]) === out.at(-1)!.epoch) {
      const s = out.at(-1)!;
      if (label === 'cpu') s.cpus++;
      else if (label === 'DSK') s.disks.push(c[6]!);
      else if (label === 'NET' && c[6] !== 'upper') s.interfaces.push(c[6]!);
    }
  }
  return out;
}
