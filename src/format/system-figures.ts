// atop's system figures of one sample, computed the way atop's own screen computes them
// (atop 2.8 showlinux.c prisyst()/pridisklike() and showsys.c sysprt_* functions; each
// figure names the function it follows). Figures are compiled once per layout into
// closures over the sstat plan: a figure whose members a version lacks is simply absent,
// so nothing asks which version it reads. The compiled set feeds both the per-sample series
// (system-series.ts) and one sample's snapshot (systemSnapshot below).
//
// Units: percentages as atop shows them (CPU parts in % of one CPU, so they sum to
// nrcpu × 100), sizes in bytes, counters as rates per second over the interval (atop shows
// counts per interval by default and rates with -A: same number, divided by nsecs),
// except the discrete events PRC #exit, clones and PAG oomkill, which stay counts.
import type { FileHeader } from './header';
import { SYSTEM_META, type PrcMembers } from './layouts/system-meta';
import { entriesInUse, readText, sstatPlan, sstatView, type DeviceArray, type SstatPlan } from './sstat-plan';
import type { VersionLayout } from './layout/dsl';

export type FigureUnit = '%' | 'B' | 'B/s' | '/s' | 'count' | 'ms' | 'MHz' | 'Mbit/s' | 'load' | 'ratio';

export interface FigureInfo {
  /** Series key: "cpu.sys", "mem.cache", or within a device group "busy", "rxBytes". */
  readonly key: string;
  readonly unit: FigureUnit;
  /** The name atop gives the value on its screen ("sys", "busy", "si"). */
  readonly label: string;
}

/** What every figure of one sample shares: atop's `extraparam`, computed once per sample. */
export interface Frame {
  dv: DataView;
  u8: Uint8Array;
  /** The record header's members by this version's names (RecordHeader.fields). */
  rec: Readonly<Record<string, number>>;
  /** Seconds the sample covers (record interval, at least 1). */
  nsecs: number;
  nrcpu: number;
  /** Clock ticks of all CPUs (prisyst: extra.cputot; 1 when 0). */
  cputot: number;
  /** Ticks of one CPU (prisyst: extra.percputot = cputot / nrcpu, integer as in atop). */
  percputot: number;
  /** Milliseconds of one CPU (prisyst: extra.mstot = cputot·1000/hertz/nrcpu): disk busy base. */
  mstot: number;
  /** Set per entry by a device group's `prepare` (e.g. one CPU's own tick total). */
  elemtot: number;
}

type SysFn = (f: Frame) => number;
type DevFn = (f: Frame, base: number) => number;

interface Env {
  readonly plan: SstatPlan;
  readonly header: FileHeader;
  readonly prc: PrcMembers;
}

interface SysDef extends FigureInfo {
  make(c: SysCompiler): SysFn | null;
}

interface DevDef extends FigureInfo {
  make(c: DevCompiler): DevFn | null;
}

class SysCompiler {
  constructor(readonly env: Env) {}
  /** A member of struct sstat, or null when this version does not have it. */
  m(path: string): SysFn | null {
    const s = this.env.plan.scalar(path);
    if (!s) return null;
    const get = s.get;
    return (f) => get(f.dv, 0);
  }
  /** The first of several names one member had across versions (declared aliases). */
  any(...paths: string[]): SysFn | null {
    for (const p of paths) {
      const fn = this.m(p);
      if (fn) return fn;
    }
    return null;
  }
  /** A member of the record header (RecordHeader.fields), or null when the version has none. */
  rec(name: string | undefined): SysFn | null {
    if (name === undefined) return null;
    return (f) => f.rec[name] ?? NaN;
  }
  get pagesize(): number {
    return this.env.header.pagesize;
  }
}

class DevCompiler {
  constructor(
    readonly env: Env,
    readonly array: DeviceArray,
  ) {}
  /** A member of one entry (path relative to the entry), or null when the version lacks it. */
  m(path: string): DevFn | null {
    const s = this.array.field(path);
    if (s?.kind !== 'scalar') return null;
    const get = s.get;
    return (f, base) => get(f.dv, base);
  }
  get pagesize(): number {
    return this.env.header.pagesize;
  }
}

// ---- small combinators (null propagates: a figure needs all its members) ----

const sum = (...fns: (SysFn | null)[]): SysFn | null => {
  const all = fns.filter((fn): fn is SysFn => fn !== null);
  return all.length < fns.length
    ? null
    : (f) => {
        let a = 0;
        for (const fn of all) a += fn(f);
        return a;
      };
};
const devSum = (...fns: (DevFn | null)[]): DevFn | null => {
  const all = fns.filter((fn): fn is DevFn => fn !== null);
  return all.length < fns.length
    ? null
    : (f, b) => {
        let a = 0;
        for (const fn of all) a += fn(f, b);
        return a;
      };
};
/** % of one CPU's ticks in the interval (sysprt_CPUSYS …: value·100 / percputot). */
const cpuPct = (fn: SysFn | null): SysFn | null => fn && ((f) => (fn(f) * 100) / f.percputot);
/** Per second over the interval (val2valstr with avgval, makenetspeed …). */
const perSec = (fn: SysFn | null): SysFn | null => fn && ((f) => fn(f) / f.nsecs);
const devPerSec = (fn: DevFn | null): DevFn | null => fn && ((f, b) => fn(f, b) / f.nsecs);
const pages = (c: SysCompiler, fn: SysFn | null): SysFn | null => {
  const ps = c.pagesize;
  return fn && ((f) => fn(f) * ps);
};
const devPages = (c: DevCompiler, fn: DevFn | null): DevFn | null => {
  const ps = c.pagesize;
  return fn && ((f, b) => fn(f, b) * ps);
};
/** % of the entry's own ticks (sysprt_CPUISYS …, per-CPU percputot set by `prepare`). */
const elemPct = (fn: DevFn | null): DevFn | null => fn && ((f, b) => (fn(f, b) * 100) / f.elemtot);

const sys = (
  key: string,
  unit: FigureUnit,
  label: string,
  make: (c: SysCompiler) => SysFn | null,
): SysDef => ({
  key,
  unit,
  label,
  make,
});
const dev = (
  key: string,
  unit: FigureUnit,
  label: string,
  make: (c: DevCompiler) => DevFn | null,
): DevDef => ({
  key,
  unit,
  label,
  make,
});

/** A counter per second: one member, or the sum of several (IPv4 + IPv6). */
const rate = (key: string, label: string, ...paths: string[]): SysDef =>
  sys(key, '/s', label, (c) => perSec(sum(...paths.map((p) => c.m(p)))));
/** A size in pages, in bytes. */
const size = (key: string, label: string, path: string): SysDef =>
  sys(key, 'B', label, (c) => pages(c, c.m(path)));

/** A counter of a device entry per second. */
const devRate = (key: string, unit: FigureUnit, label: string, path: string): DevDef =>
  dev(key, unit, label, (c) => devPerSec(c.m(path)));

const CPU_TICKS = ['stime', 'utime', 'ntime', 'itime', 'wtime', 'Itime', 'Stime', 'steal'] as const;

/** sumscaling() over the CPUs in use, divided by nrcpu as sysprt_CPUFREQ/CPUSCALE do. */
function freqScaling(c: SysCompiler): ((f: Frame) => [maxfreq: number, cnt: number, ticks: number]) | null {
  const a = c.env.plan.array('cpu.cpu');
  const max = a?.field('freqcnt.maxfreq');
  const cnt = a?.field('freqcnt.cnt');
  const ticks = a?.field('freqcnt.ticks');
  if (!a || max?.kind !== 'scalar' || cnt?.kind !== 'scalar' || ticks?.kind !== 'scalar') return null;
  return (f) => {
    let m = 0;
    let n = 0;
    let t = 0;
    const cpus = Math.min(f.nrcpu, a.capacity);
    for (let i = 0, base = a.offset; i < cpus; i++, base += a.elemsize) {
      m += max.get(f.dv, base);
      n += cnt.get(f.dv, base);
      t += ticks.get(f.dv, base);
    }
    const d = f.nrcpu;
    return [Math.trunc(m / d), Math.trunc(n / d), Math.trunc(t / d)];
  };
}

function psiFigures(): SysDef[] {
  const out: SysDef[] = [];
  for (const p of ['cpusome', 'memsome', 'memfull', 'iosome', 'iofull']) {
    const whenPresent = (c: SysCompiler, fn: SysFn | null): SysFn | null => {
      const present = c.m('psi.present');
      return present && fn && ((f) => (present(f) ? fn(f) : NaN));
    };
    // sysprt_PSI{CPUS,MEMS,MEMF,IOS,IOF} via psiformatavg(): the kernel's running averages
    for (const avg of ['avg10', 'avg60', 'avg300'])
      out.push(sys(`psi.${p}.${avg}`, '%', avg, (c) => whenPresent(c, c.m(`psi.${p}.${avg}`))));
    // sysprt_PSI*TOT via psiformattot(): stall µs in the interval as % of it, at most 100
    out.push(
      sys(`psi.${p}.stall`, '%', p, (c) => {
        const total = c.m(`psi.${p}.total`);
        return whenPresent(c, total && ((f) => Math.min(100, total(f) / (f.nsecs * 10000))));
      }),
    );
  }
  return out;
}

/** The figures of the whole system, in atop's line order (PRC CPU CPL MEM SWP PAG PSI NET NFS). */
const SYSTEM: readonly SysDef[] = [
  // PRC: record header (declared per version in layouts/system-meta.ts) and sstat
  sys('prc.procs', 'count', '#proc', (c) => {
    // sysprt_PRCNPROC: nproc − nexit where the record counts exited processes in nproc
    const procs = c.rec(c.env.prc.procs);
    const exits = c.rec(c.env.prc.exits);
    return c.env.prc.countsExited ? procs && exits && ((f) => procs(f) - exits(f)) : procs;
  }),
  sys('prc.running', 'count', '#trun', (c) => c.rec(c.env.prc.running)), // sysprt_PRCNRUNNING
  sys('prc.sleeping', 'count', '#tslpi', (c) => c.rec(c.env.prc.sleeping)), // sysprt_PRCNSLEEPING
  sys('prc.dsleep', 'count', '#tslpu', (c) => c.rec(c.env.prc.dsleep)), // sysprt_PRCNDSLEEPING
  sys('prc.idle', 'count', '#tidle', (c) => c.rec(c.env.prc.idle)), // sysprt_PRCNIDLE (2.10+)
  sys('prc.zombies', 'count', '#zombie', (c) => c.rec(c.env.prc.zombies)), // sysprt_PRCNZOMBIE
  sys('prc.exits', 'count', '#exit', (c) => c.rec(c.env.prc.exits)), // sysprt_PRCNNEXIT
  sys('prc.clones', 'count', 'clones', (c) => c.m('cpu.nprocs')), // sysprt_PRCCLONES

  // CPU: prisyst() percputot; sysprt_CPUSYS, CPUUSER, CPUIRQ, CPUIDLE, CPUWAIT, CPUSTEAL, CPUGUEST
  sys('cpu.sys', '%', 'sys', (c) => cpuPct(c.m('cpu.all.stime'))),
  sys('cpu.user', '%', 'user', (c) => cpuPct(sum(c.m('cpu.all.utime'), c.m('cpu.all.ntime')))),
  // atop folds nice into user and softirq into irq; the parts on the same base
  sys('cpu.nice', '%', 'nice', (c) => cpuPct(c.m('cpu.all.ntime'))),
  sys('cpu.irq', '%', 'irq', (c) => cpuPct(sum(c.m('cpu.all.Itime'), c.m('cpu.all.Stime')))),
  sys('cpu.softirq', '%', 'softirq', (c) => cpuPct(c.m('cpu.all.Stime'))),
  sys('cpu.idle', '%', 'idle', (c) => cpuPct(c.m('cpu.all.itime'))),
  sys('cpu.wait', '%', 'wait', (c) => cpuPct(c.m('cpu.all.wtime'))),
  sys('cpu.steal', '%', 'steal', (c) => cpuPct(c.m('cpu.all.steal'))),
  sys('cpu.guest', '%', 'guest', (c) => cpuPct(c.m('cpu.all.guest'))),
  // prisyst(): busy = (cputot − idle − wait)·100 / cputot, the base of the CPU line's colour
  sys('cpu.busy', '%', 'busy', (c) => {
    const idle = sum(c.m('cpu.all.itime'), c.m('cpu.all.wtime'));
    return idle && ((f) => ((f.cputot - idle(f)) * 100) / f.cputot);
  }),
  // sysprt_CPUFREQ → dofmt_cpufreq(): average frequency, cnt/ticks when atop counted ticks
  sys('cpu.freq', 'MHz', 'avgf', (c) => {
    const s = freqScaling(c);
    return (
      s &&
      ((f) => {
        const [, cnt, ticks] = s(f);
        return ticks ? Math.trunc(cnt / ticks) : cnt ? cnt : NaN;
      })
    );
  }),
  // sysprt_CPUSCALE → dofmt_cpuscale(): that frequency as % of the maximum
  sys('cpu.freqScale', '%', 'avgscal', (c) => {
    const s = freqScaling(c);
    return (
      s &&
      ((f) => {
        const [maxfreq, cnt, ticks] = s(f);
        if (ticks) return maxfreq ? Math.trunc((100 * Math.trunc(cnt / ticks)) / maxfreq) : 0;
        return maxfreq ? Math.trunc((100 * cnt) / maxfreq) : NaN;
      })
    );
  }),
  // sysprt_CPUIPC: instructions per cycle, integer hundredths; cycle 0/1 = not available
  sys('cpu.ipc', 'ratio', 'ipc', (c) => {
    const instr = c.m('cpu.all.instr');
    const cycle = c.m('cpu.all.cycle');
    return (
      instr &&
      cycle &&
      ((f) => {
        const cy = cycle(f);
        return cy > 1 ? Math.trunc((instr(f) * 100) / cy) / 100 : NaN;
      })
    );
  }),

  // CPL: sysprt_CPLAVG1, CPLAVG5, CPLAVG15, CPLCSW, CPLINTR
  sys('cpl.load1', 'load', 'avg1', (c) => c.m('cpu.lavg1')),
  sys('cpl.load5', 'load', 'avg5', (c) => c.m('cpu.lavg5')),
  sys('cpl.load15', 'load', 'avg15', (c) => c.m('cpu.lavg15')),
  rate('cpl.csw', 'csw', 'cpu.csw'),
  rate('cpl.intr', 'intr', 'cpu.devint'),

  // MEM: sysprt_MEMTOT, MEMFREE, MEMCACHE, MEMDIRTY, MEMBUFFER, MEMSLAB, RECSLAB, SHMEM,
  // SHMRSS, SHMSWP, PAGETABS, AVAILABLE, HUPTOT, HUPUSE (pages × pagesize)
  size('mem.total', 'tot', 'mem.physmem'),
  size('mem.free', 'free', 'mem.freemem'),
  size('mem.cache', 'cache', 'mem.cachemem'),
  size('mem.dirty', 'dirty', 'mem.cachedrt'),
  size('mem.buffers', 'buff', 'mem.buffermem'),
  size('mem.slab', 'slab', 'mem.slabmem'),
  size('mem.slabReclaim', 'slrec', 'mem.slabreclaim'),
  size('mem.shmem', 'shmem', 'mem.shmem'),
  size('mem.shmrss', 'shrss', 'mem.shmrss'),
  size('mem.shmswp', 'shswp', 'mem.shmswp'),
  size('mem.pagetables', 'pgtab', 'mem.pagetables'),
  size('mem.available', 'avail', 'mem.availablemem'),
  size('mem.tcpsock', 'tcpsk', 'mem.tcpsock'), // sysprt_TCPSOCK (2.8+)
  size('mem.udpsock', 'udpsk', 'mem.udpsock'), // sysprt_UDPSOCK (2.8+)
  // the 2.10 split into small and large huge pages renamed the members: same figure
  sys('mem.hugeTotal', 'B', 'hptot', (c) => {
    const n = c.any('mem.stothugepage', 'mem.tothugepage');
    const size = c.any('mem.shugepagesz', 'mem.hugepagesz');
    return n && size && ((f) => n(f) * size(f));
  }),
  sys('mem.hugeUsed', 'B', 'hpuse', (c) => {
    const n = c.any('mem.stothugepage', 'mem.tothugepage');
    const free = c.any('mem.sfreehugepage', 'mem.freehugepage');
    const size = c.any('mem.shugepagesz', 'mem.hugepagesz');
    return n && free && size && ((f) => (n(f) - free(f)) * size(f));
  }),
  // not an atop field: what the stacked memory chart shows as "used", so that
  // used + cache + buffers + slab + free = total
  sys('mem.used', 'B', 'used', (c) => {
    const tot = c.m('mem.physmem');
    const rest = sum(c.m('mem.freemem'), c.m('mem.cachemem'), c.m('mem.buffermem'), c.m('mem.slabmem'));
    return pages(c, tot && rest && ((f) => Math.max(0, tot(f) - rest(f))));
  }),
  // prisyst(): memory busy % = (physmem − free − cache − buffers − slabreclaim + shmem) / physmem,
  // the base of the MEM line's colour
  sys('mem.busy', '%', 'busy', (c) => {
    const tot = c.m('mem.physmem');
    const minus = sum(c.m('mem.freemem'), c.m('mem.cachemem'), c.m('mem.buffermem'), c.m('mem.slabreclaim'));
    const shmem = c.m('mem.shmem');
    return tot && minus && shmem && ((f) => ((tot(f) - minus(f) + shmem(f)) * 100) / tot(f));
  }),

  // SWP: sysprt_SWPTOT, SWPFREE, SWPCACHE, SWPCOMMITTED, SWPCOMMITLIM
  size('swp.total', 'tot', 'mem.totswap'),
  size('swp.free', 'free', 'mem.freeswap'),
  size('swp.cached', 'swcac', 'mem.swapcached'),
  size('swp.committed', 'vmcom', 'mem.committed'),
  size('swp.commitLimit', 'vmlim', 'mem.commitlim'),

  // PAG: sysprt_PAGSCAN, PAGSTEAL, PAGSTALL, PAGCOMPACT, PAGNUMAMIGR, PAGMIGR, PAGPGIN,
  // PAGPGOUT, PAGSWIN, PAGSWOUT, PAGZSWIN, PAGZSWOUT, PAGOOMKILL
  rate('pag.scan', 'scan', 'mem.pgscans'),
  rate('pag.steal', 'steal', 'mem.pgsteal'),
  rate('pag.stall', 'stall', 'mem.allocstall'),
  rate('pag.compact', 'compact', 'mem.compactstall'),
  rate('pag.numamigrate', 'numamig', 'mem.numamigrate'),
  rate('pag.migrate', 'migrate', 'mem.pgmigrate'),
  rate('pag.pgin', 'pgin', 'mem.pgins'),
  rate('pag.pgout', 'pgout', 'mem.pgouts'),
  rate('pag.swin', 'swin', 'mem.swins'),
  rate('pag.swout', 'swout', 'mem.swouts'),
  rate('pag.zswin', 'zswin', 'mem.zswins'),
  rate('pag.zswout', 'zswout', 'mem.zswouts'),
  sys('pag.oomkill', 'count', 'oomkill', (c) => c.m('mem.oomkills')),

  ...psiFigures(),

  // NET transport and network lines: sysprt_NETTCPI, NETTCPO, NETUDPI, NETUDPO, NETTCPACTOPEN,
  // NETTCPPASVOPEN, NETTCPRETRANS, NETTCPINERR, NETTCPORESET, NETUDPNOPORT, NETUDPINERR,
  // NETIPI, NETIPO, NETIPFRW, NETIPDELIV, NETICMPIN, NETICMPOUT (IPv4 + IPv6 where atop sums)
  rate('net.tcpIn', 'tcpi', 'net.tcp.InSegs'),
  rate('net.tcpOut', 'tcpo', 'net.tcp.OutSegs'),
  rate('net.udpIn', 'udpi', 'net.udpv4.InDatagrams', 'net.udpv6.Udp6InDatagrams'),
  rate('net.udpOut', 'udpo', 'net.udpv4.OutDatagrams', 'net.udpv6.Udp6OutDatagrams'),
  rate('net.tcpActiveOpens', 'tcpao', 'net.tcp.ActiveOpens'),
  rate('net.tcpPassiveOpens', 'tcppo', 'net.tcp.PassiveOpens'),
  rate('net.tcpRetrans', 'tcprs', 'net.tcp.RetransSegs'),
  rate('net.tcpInErrs', 'tcpie', 'net.tcp.InErrs'),
  rate('net.tcpOutRsts', 'tcpor', 'net.tcp.OutRsts'),
  rate('net.udpNoPorts', 'udpnp', 'net.udpv4.NoPorts'),
  rate('net.udpInErrors', 'udpie', 'net.udpv4.InErrors'),
  rate('net.ipIn', 'ipi', 'net.ipv4.InReceives', 'net.ipv6.Ip6InReceives'),
  rate('net.ipOut', 'ipo', 'net.ipv4.OutRequests', 'net.ipv6.Ip6OutRequests'),
  rate('net.ipForward', 'ipfrw', 'net.ipv4.ForwDatagrams', 'net.ipv6.Ip6OutForwDatagrams'),
  rate('net.ipDeliver', 'deliv', 'net.ipv4.InDelivers', 'net.ipv6.Ip6InDelivers'),
  rate('net.icmpIn', 'icmpi', 'net.icmpv4.InMsgs', 'net.icmpv6.Icmp6InMsgs'),
  rate('net.icmpOut', 'icmpo', 'net.icmpv4.OutMsgs', 'net.icmpv6.Icmp6OutMsgs'),

  // NFC / NFS: sysprt_NFCRPCCNT, NFCRPCREAD, NFCRPCWRITE, NFCRPCRET, NFCRPCARF, NFSRPCCNT,
  // NFSRPCREAD, NFSRPCWRITE, NFSNRBYTES, NFSNWBYTES
  rate('nfc.rpc', 'rpc', 'nfs.client.rpccnt'),
  rate('nfc.read', 'read', 'nfs.client.rpcread'),
  rate('nfc.write', 'write', 'nfs.client.rpcwrite'),
  rate('nfc.retrans', 'retxmit', 'nfs.client.rpcretrans'),
  rate('nfc.autrefresh', 'autref', 'nfs.client.rpcautrefresh'),
  rate('nfs.rpc', 'rpc', 'nfs.server.rpccnt'),
  rate('nfs.read', 'cread', 'nfs.server.rpcread'),
  rate('nfs.write', 'cwrit', 'nfs.server.rpcwrite'),
  sys('nfs.readBytes', 'B/s', 'MBcr/s', (c) => perSec(c.m('nfs.server.nrbytes'))),
  sys('nfs.writeBytes', 'B/s', 'MBcw/s', (c) => perSec(c.m('nfs.server.nwbytes'))),
];

/** pridisklike() and sysprt_DSK*: the figures of a DSK, MDD or LVM line. */
const DISK: readonly DevDef[] = [
  // sysprt_DSKBUSY: io_ms·100 / mstot
  dev('busy', '%', 'busy', (c) => {
    const ms = c.m('io_ms');
    return ms && ((f, b) => (ms(f, b) * 100) / f.mstot);
  }),
  // sysprt_DSKNREAD / DSKNWRITE (negative counts shown as 0)
  dev('reads', '/s', 'read', (c) => {
    const n = c.m('nread');
    return n && ((f, b) => Math.max(0, n(f, b)) / f.nsecs);
  }),
  dev('writes', '/s', 'write', (c) => {
    const n = c.m('nwrite');
    return n && ((f, b) => Math.max(0, n(f, b)) / f.nsecs);
  }),
  // sysprt_DSKMBPERSECRD / DSKMBPERSECWR: 512-byte sectors per second (atop shows MiB/s)
  dev('readBytes', 'B/s', 'MBr/s', (c) => {
    const n = c.m('nrsect');
    return n && ((f, b) => (n(f, b) * 512) / f.nsecs);
  }),
  dev('writeBytes', 'B/s', 'MBw/s', (c) => {
    const n = c.m('nwsect');
    return n && ((f, b) => (n(f, b) * 512) / f.nsecs);
  }),
  devRate('discards', '/s', 'discrd', 'ndisc'), // sysprt_DSKNDISC (2.7+)
  // sysprt_DSKKBPERDS shows ndsect / ndisc / 2 KiB per discard
  dev('discardBytes', 'B/s', 'KiB/d', (c) => {
    const n = c.m('ndsect');
    return n && ((f, b) => (n(f, b) * 512) / f.nsecs);
  }),
  // sysprt_DSKAVIO: io_ms / (nread + nwrite) (pridisklike's iotot), 0 without requests
  dev('avio', 'ms', 'avio', (c) => {
    const ms = c.m('io_ms');
    const io = devSum(c.m('nread'), c.m('nwrite'));
    return (
      ms &&
      io &&
      ((f, b) => {
        const n = io(f, b);
        return n > 0 ? ms(f, b) / n : 0;
      })
    );
  }),
  // sysprt_DSKAVQUEUE: avque / io_ms
  dev('avq', 'ratio', 'avq', (c) => {
    const q = c.m('avque');
    const ms = c.m('io_ms');
    return (
      q &&
      ms &&
      ((f, b) => {
        const t = ms(f, b);
        return t > 0 ? q(f, b) / t : 0;
      })
    );
  }),
  dev('inflight', 'count', 'inflt', (c) => c.m('inflight')), // sysprt_DSKINFLIGHT (2.8+)
];

/** prisyst()'s interface loop and sysprt_NETNAME, NETPCKI/O, NETSPEEDIN/OUT, NETSPEEDMAX. */
const INTERFACE: readonly DevDef[] = [
  devRate('rxBytes', 'B/s', 'si', 'rbyte'),
  devRate('txBytes', 'B/s', 'so', 'sbyte'),
  devRate('rxPackets', '/s', 'pcki', 'rpack'),
  devRate('txPackets', '/s', 'pcko', 'spack'),
  // sysprt_NETRCVERR, NETSNDERR, NETRCVDROP, NETSNDDROP, NETCOLLIS, NETMULTICASTIN
  devRate('rxErrors', '/s', 'erri', 'rerrs'),
  devRate('txErrors', '/s', 'erro', 'serrs'),
  devRate('rxDrops', '/s', 'drpi', 'rdrop'),
  devRate('txDrops', '/s', 'drpo', 'sdrop'),
  devRate('collisions', '/s', 'coll', 'scollis'),
  devRate('multicast', '/s', 'mlti', 'rmultic'),
  dev('speed', 'Mbit/s', 'sp', (c) => {
    const s = c.m('speed');
    return s && ((f, b) => Math.max(0, s(f, b)));
  }),
  // sysprt_NETNAME: Kbit/s in (and out) over speed·10: the larger direction on full duplex,
  // their sum on half duplex; a speed that dropped below the previous sample's (speedp,
  // wireless) is replaced by it when busy would exceed 100 %. No speed: atop shows ----.
  dev('busy', '%', 'busy', (c) => {
    const rb = c.m('rbyte');
    const sb = c.m('sbyte');
    const speed = c.m('speed');
    const duplex = c.m('duplex');
    const speedp = c.m('speedp');
    if (!rb || !sb || !speed || !duplex) return null;
    return (f, b) => {
      const sp = speed(f, b);
      if (!(sp > 0)) return NaN;
      const ival = (rb(f, b) * 8) / 1000 / f.nsecs;
      const oval = (sb(f, b) * 8) / 1000 / f.nsecs;
      const kbit = duplex(f, b) ? Math.max(ival, oval) : ival + oval;
      let busy = kbit / (sp * 10);
      const prev = speedp ? speedp(f, b) : 0;
      if (busy > 100 && sp < prev) busy = kbit / (prev * 10);
      return busy;
    };
  }),
];

/** InfiniBand bytes per second: atop counts them per lane (sysprt_IFBSPEEDIN/OUT). */
const ibBytes = (key: string, label: string, path: string): DevDef =>
  dev(key, 'B/s', label, (c) => {
    const v = c.m(path);
    const lanes = c.m('lanes');
    return v && lanes && ((f, b) => (v(f, b) * lanes(f, b)) / f.nsecs);
  });

/** prisyst()'s InfiniBand loop and sysprt_IFBNAME, IFBPCKI/O, IFBSPEEDIN/OUT. */
const INFINIBAND: readonly DevDef[] = [
  ibBytes('rxBytes', 'si', 'rcvb'),
  ibBytes('txBytes', 'so', 'sndb'),
  devRate('rxPackets', '/s', 'pcki', 'rcvp'),
  devRate('txPackets', '/s', 'pcko', 'sndp'),
  dev('busy', '%', 'busy', (c) => {
    const r = c.m('rcvb');
    const s = c.m('sndb');
    const lanes = c.m('lanes');
    const rate = c.m('rate');
    if (!r || !s || !lanes || !rate) return null;
    return (f, b) => {
      const rt = rate(f, b);
      if (!(rt > 0)) return NaN;
      const kbit = (Math.max(r(f, b), s(f, b)) * 8) / 1000 / f.nsecs;
      return (kbit * lanes(f, b)) / (rt * 10);
    };
  }),
];

/** sysprt_NFMTOTREAD, NFMTOTWRITE, NFMNREAD, NFMNWRITE, NFMDREAD, NFMDWRITE, NFMMREAD, NFMMWRITE. */
const NFS_MOUNT: readonly DevDef[] = [
  devRate('totRead', 'B/s', 'read', 'bytestotread'),
  devRate('totWrite', 'B/s', 'write', 'bytestotwrite'),
  devRate('read', 'B/s', 'nread', 'bytesread'),
  devRate('write', 'B/s', 'nwrit', 'byteswrite'),
  devRate('directRead', 'B/s', 'dread', 'bytesdread'),
  devRate('directWrite', 'B/s', 'dwrit', 'bytesdwrite'),
  dev('mmapRead', 'B/s', 'mread', (c) => devPerSec(devPages(c, c.m('pagesmread')))),
  dev('mmapWrite', 'B/s', 'mwrit', (c) => devPerSec(devPages(c, c.m('pagesmwrite')))),
];

/** sysprt_GPUGPUPERC / GPUMEMPERC: the sample's average when atop counted samples; -1 = n/a. */
const gpuPerc = (now: DevFn | null, cum: DevFn | null, samples: DevFn | null): DevFn | null =>
  now &&
  cum &&
  samples &&
  ((f, b) => {
    const n = now(f, b);
    if (n === -1) return NaN;
    const k = samples(f, b);
    return k ? Math.trunc(cum(f, b) / k) : n;
  });

const GPU: readonly DevDef[] = [
  dev('gpuBusy', '%', 'gpubusy', (c) => gpuPerc(c.m('gpupercnow'), c.m('gpuperccum'), c.m('samples'))),
  dev('memBusy', '%', 'membusy', (c) => gpuPerc(c.m('mempercnow'), c.m('memperccum'), c.m('samples'))),
  // sysprt_GPUMEMOCC: memusenow·100 / memtotnow
  dev('memOccupied', '%', 'memocc', (c) => {
    const use = c.m('memusenow');
    const tot = c.m('memtotnow');
    return use && tot && ((f, b) => Math.trunc((use(f, b) * 100) / (tot(f, b) || 1)));
  }),
  // sysprt_GPUMEMUSE: KiB
  dev('memUsed', 'B', 'used', (c) => {
    const use = c.m('memusenow');
    return use && ((f, b) => use(f, b) * 1024);
  }),
];

/** sysprt_NUMATOT, NUMAFREE, NUMAFILE, NUMADIRTY, NUMASLAB, NUMASHMEM, NUMAFRAG (pages). */
const NUMA_MEM: readonly DevDef[] = [
  dev('total', 'B', 'tot', (c) => devPages(c, c.m('totmem'))),
  dev('free', 'B', 'free', (c) => devPages(c, c.m('freemem'))),
  dev('file', 'B', 'file', (c) => devPages(c, c.m('filepage'))),
  dev('dirty', 'B', 'dirty', (c) => devPages(c, c.m('dirtymem'))),
  dev('slab', 'B', 'slab', (c) => devPages(c, c.m('slabmem'))),
  dev('shmem', 'B', 'shmem', (c) => devPages(c, c.m('shmem'))),
  dev('frag', '%', 'frag', (c) => {
    const fr = c.m('frag');
    return fr && ((f, b) => Math.max(0, fr(f, b) * 100));
  }),
];

/** Per-CPU and per-NUMA-node CPU lines: parts of the entry's own ticks (set by `prepare`). */
const CPU_PARTS: readonly DevDef[] = [
  dev('sys', '%', 'sys', (c) => elemPct(c.m('stime'))),
  dev('user', '%', 'user', (c) => elemPct(devSum(c.m('utime'), c.m('ntime')))),
  dev('irq', '%', 'irq', (c) => elemPct(devSum(c.m('Itime'), c.m('Stime')))),
  dev('idle', '%', 'idle', (c) => elemPct(c.m('itime'))),
  dev('wait', '%', 'wait', (c) => elemPct(c.m('wtime'))),
  dev('steal', '%', 'steal', (c) => elemPct(c.m('steal'))),
];

/** sysprt_LLCMBMTOTAL, LLCMBMLOCAL and the occupancy column. */
const LLC: readonly DevDef[] = [
  dev('occupancy', '%', 'LLC', (c) => {
    const o = c.m('occupancy');
    return o && ((f, b) => o(f, b) * 100);
  }),
  devRate('mbmTotal', 'B/s', 'tot', 'mbm_total'),
  devRate('mbmLocal', 'B/s', 'loc', 'mbm_local'),
];

type NameFn = (f: Frame, base: number, index: number) => string;

interface GroupDef {
  /** atop's label of the line each entry gets ("cpu", "DSK", "NET" …). */
  readonly label: string;
  readonly array: string;
  readonly figures: readonly DevDef[];
  name(c: DevCompiler): NameFn;
  /** Per-entry shared values (Frame.elemtot); NaN entries (offline CPUs) are skipped. */
  prepare?(c: DevCompiler): ((f: Frame, base: number) => boolean) | null;
}

const textName =
  (member: string) =>
  (c: DevCompiler): NameFn => {
    const slot = c.array.field(member);
    return slot?.kind === 'text' ? (f, b) => readText(f.u8, b, slot) : (_f, _b, i) => String(i);
  };

const numberedName =
  (prefix: string, member: string) =>
  (c: DevCompiler): NameFn => {
    const n = c.m(member);
    return n ? (f, b) => prefix + String(n(f, b)) : (_f, _b, i) => prefix + String(i);
  };

/** One CPU's ticks (prisyst's per-CPU percputot; 1 when 0). In 2.13 an offline CPU is skipped. */
const cpuTicks = (c: DevCompiler) => {
  const tot = devSum(...CPU_TICKS.map((p) => c.m(p)));
  const online = c.m('online');
  return (
    tot &&
    ((f: Frame, b: number) => {
      if (online && !online(f, b)) return false;
      f.elemtot = tot(f, b) || 1;
      return true;
    })
  );
};

const DISK_GROUP = (label: string, array: string): GroupDef => ({
  label,
  array,
  figures: DISK,
  name: textName('name'),
});

const GROUPS: readonly GroupDef[] = [
  {
    label: 'cpu',
    array: 'cpu.cpu',
    figures: CPU_PARTS,
    name: numberedName('cpu', 'cpunr'),
    prepare: cpuTicks,
  },
  DISK_GROUP('LVM', 'dsk.lvm'),
  DISK_GROUP('MDD', 'dsk.mdd'),
  DISK_GROUP('DSK', 'dsk.dsk'),
  {
    label: 'NFM',
    array: 'nfs.nfsmounts.nfsmnt',
    figures: NFS_MOUNT,
    name: textName('mountdev'),
  },
  { label: 'NET', array: 'intf.intf', figures: INTERFACE, name: textName('name') },
  {
    label: 'IFB',
    array: 'ifb.ifb',
    figures: INFINIBAND,
    name: (c) => {
      const ib = textName('ibname')(c);
      const port = c.m('portnr');
      return (f, b, i) => `${ib(f, b, i)}/${port ? port(f, b) : 0}`;
    },
  },
  {
    label: 'GPU',
    array: 'gpu.gpu',
    figures: GPU,
    name: textName('busid'),
  },
  { label: 'NUM', array: 'memnuma.numa', figures: NUMA_MEM, name: numberedName('node', 'numanr') },
  {
    label: 'NUC',
    array: 'cpunuma.numa',
    figures: CPU_PARTS,
    name: numberedName('node', 'numanr'),
    // prisyst(): a node's ticks over its share of the CPUs (nrcpu / nrnuma, integers)
    prepare: (c) => {
      const tot = devSum(...CPU_TICKS.map((p) => c.m(p)));
      const nodes = c.env.plan.scalar('cpunuma.nrnuma');
      if (!tot || !nodes) return null;
      return (f, b) => {
        const share = Math.trunc(f.nrcpu / Math.max(1, nodes.get(f.dv, 0))) || 1;
        f.elemtot = Math.trunc((tot(f, b) || 1) / share) || 1;
        return true;
      };
    },
  },
  {
    label: 'LLC',
    array: 'llc.perllc',
    figures: LLC,
    name: (c) => {
      const id = c.m('id');
      return (f, b, i) => 'LLC' + String(id ? id(f, b) : i).padStart(3, '0');
    },
  },
];

export interface DeviceGroup {
  readonly label: string;
  readonly array: DeviceArray;
  readonly figures: readonly FigureInfo[];
  /** Compiled figure functions, in `figures` order. */
  readonly fns: readonly DevFn[];
  readonly name: NameFn;
  readonly prepare: ((f: Frame, base: number) => boolean) | null;
}

export interface SystemFigures {
  readonly plan: SstatPlan;
  readonly header: FileHeader;
  /** The whole-system figures this version has, in atop's line order. */
  readonly fixed: readonly FigureInfo[];
  readonly fixedFns: readonly SysFn[];
  /** The per-device groups this version has. */
  readonly groups: readonly DeviceGroup[];
  /**
   * Record header members the figures read (RecordHeader.fields names: the interval and the
   * PRC counts): what a worker that only has the blobs must be given besides them.
   */
  readonly recordFields: readonly string[];
  /** The shared per-sample values of one blob (reuses one Frame object: not re-entrant). */
  frame(sstat: Uint8Array, rec: Readonly<Record<string, number>>): Frame;
}

const compiled = new WeakMap<VersionLayout, Map<string, SystemFigures>>();

/** The figures of a log's version, compiled once per layout, hertz and page size. */
export function systemFigures(layout: VersionLayout, header: FileHeader): SystemFigures {
  const key = `${header.hertz}/${header.pagesize}`;
  let byHeader = compiled.get(layout);
  if (!byHeader) compiled.set(layout, (byHeader = new Map<string, SystemFigures>()));
  let figs = byHeader.get(key);
  if (!figs) byHeader.set(key, (figs = compile(layout, header)));
  return figs;
}

function compile(layout: VersionLayout, header: FileHeader): SystemFigures {
  const meta = SYSTEM_META[layout.version];
  if (!meta) throw new Error(`no system metadata for atop ${layout.version}`);
  const plan = sstatPlan(layout.sstat);
  const env: Env = { plan, header, prc: meta.prc };
  const sc = new SysCompiler(env);
  const fixed: FigureInfo[] = [];
  const fixedFns: SysFn[] = [];
  for (const d of SYSTEM) {
    const fn = d.make(sc);
    if (fn) {
      fixed.push({ key: d.key, unit: d.unit, label: d.label });
      fixedFns.push(fn);
    }
  }
  const groups: DeviceGroup[] = [];
  for (const g of GROUPS) {
    const array = plan.array(g.array);
    if (!array) continue;
    const dc = new DevCompiler(env, array);
    const figures: FigureInfo[] = [];
    const fns: DevFn[] = [];
    for (const d of g.figures) {
      const fn = d.make(dc);
      if (fn) {
        figures.push({ key: d.key, unit: d.unit, label: d.label });
        fns.push(fn);
      }
    }
    groups.push({ label: g.label, array, figures, fns, name: g.name(dc), prepare: g.prepare?.(dc) ?? null });
  }

  const ticks = CPU_TICKS.map((p) => plan.scalar(`cpu.all.${p}`)!);
  const nrcpu = plan.scalar('cpu.nrcpu')!;
  const hertz = Math.max(1, header.hertz);
  const frame: Frame = {
    dv: new DataView(new ArrayBuffer(0)),
    u8: new Uint8Array(0),
    rec: {},
    nsecs: 1,
    nrcpu: 1,
    cputot: 1,
    percputot: 1,
    mstot: 1,
    elemtot: 1,
  };
  const prc = meta.prc;
  const recordFields = [
    'interval',
    ...[prc.procs, prc.running, prc.sleeping, prc.dsleep, prc.idle, prc.zombies, prc.exits].filter(
      (m): m is string => m !== undefined,
    ),
  ];
  return {
    plan,
    header,
    fixed,
    fixedFns,
    groups,
    recordFields,
    frame(sstat, rec) {
      const dv = sstatView(plan, sstat);
      frame.dv = dv;
      frame.u8 = sstat;
      frame.rec = rec;
      frame.nsecs = Math.max(1, rec.interval ?? 1);
      frame.nrcpu = Math.max(1, nrcpu.get(dv, 0));
      let cputot = 0;
      for (const t of ticks) cputot += t.get(dv, 0);
      // prisyst(): count_t arithmetic, with 1 for 0 against division by zero
      frame.cputot = cputot || 1;
      frame.percputot = Math.trunc(frame.cputot / frame.nrcpu) || 1;
      frame.mstot = Math.trunc(Math.trunc((frame.cputot * 1000) / hertz) / frame.nrcpu) || 1;
      return frame;
    },
  };
}

export interface DeviceValues {
  readonly name: string;
  /** Index of the entry in the struct's array. */
  readonly index: number;
  readonly values: Readonly<Record<string, number>>;
}

export interface SystemSnapshot {
  readonly values: Readonly<Record<string, number>>;
  /** Entries in use of each per-device group this version has, by atop label. */
  readonly devices: Readonly<Record<string, readonly DeviceValues[]>>;
}

/** Every figure of one sample by key: what a panel for the selected interval shows. */
export function systemSnapshot(
  figs: SystemFigures,
  sstat: Uint8Array,
  rec: Readonly<Record<string, number>>,
): SystemSnapshot {
  const f = figs.frame(sstat, rec);
  const values: Record<string, number> = {};
  figs.fixed.forEach((info, k) => (values[info.key] = figs.fixedFns[k]!(f)));
  const devices: Record<string, DeviceValues[]> = {};
  for (const g of figs.groups) {
    const list: DeviceValues[] = [];
    for (let i = 0, n = entriesInUse(g.array, f.dv); i < n; i++) {
      const base = g.array.offset + i * g.array.elemsize;
      if (g.prepare && !g.prepare(f, base)) continue;
      const v: Record<string, number> = {};
      g.figures.forEach((info, k) => (v[info.key] = g.fns[k]!(f, base)));
      list.push({ name: g.name(f, base, i), index: i, values: v });
    }
    devices[g.label] = list;
  }
  return { values, devices };
}
