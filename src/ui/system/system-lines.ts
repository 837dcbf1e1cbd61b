// atop's upper screen lines for one sample, from its system figures (system-figures.ts):
// one line per atop label (PRC, CPU, cpu per CPU, CPL, MEM, SWP, PAG, PSI, LVM, MDD, DSK,
// NFM, NFC, NFS, NET, IFB, NUM, NUC, LLC, GPU: those the version and machine have), each a
// list of `name value` items written as atop 2.8's text screen writes them (showsys.c
// sysprt_* and showlinux.c prisyst(): percentages whole, counts per interval, memory via
// val2memstr, network speeds via makenetspeed), and a busy level coloured as atop colours
// it (its default thresholds: almost critical from 80 % of the critical value).
import type { DeviceValues, SystemSnapshot } from '../../format/system-figures';

export type Level = 'crit' | 'almost' | null;

export interface SysItem {
  readonly name: string;
  readonly value: string;
  readonly level?: Level;
}

export interface SysLine {
  readonly label: string;
  /** The device the line is about ("vda", "eth0"), or the line's kind ("transport"). */
  readonly subject?: string;
  readonly items: readonly SysItem[];
  /** The line's colour (atop colours a whole line by its busiest figure). */
  readonly level: Level;
}

/** atop's default critical values (atoprc: cpucritperc, memcritperc, swpcritperc, dskcritperc, netcritperc). */
export const CRITICAL = { cpu: 90, mem: 90, swp: 80, dsk: 90, net: 90 } as const;
/** atop's almostcrit: 80 % of the critical value. */
const ALMOST = 0.8;

export function level(v: number | undefined, crit: number): Level {
  if (v === undefined || !Number.isFinite(v)) return null;
  return v >= crit ? 'crit' : v >= crit * ALMOST ? 'almost' : null;
}

const ok = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/** A percentage as atop shows it: whole number ("17%"). */
export const pct = (v: number | undefined) => (ok(v) ? `${Math.round(v)}%` : '?');

/** A count per interval as val2valstr: plain up to 7 digits, else mantissa·e·exponent ("1540e3"). */
export function count(v: number | undefined): string {
  if (!ok(v)) return '?';
  let n = Math.round(v);
  if (Math.abs(n) < 1e7) return String(n);
  let e = 0;
  while (Math.abs(n) >= 1e4) {
    n = Math.round(n / 10);
    e++;
  }
  return `${n}e${e}`;
}

/** Bytes as val2memstr in the system lines: "38.3M", "23.5G" (binary units). */
export function mem(v: number | undefined): string {
  if (!ok(v)) return '?';
  const m = v / 1048576;
  if (Math.abs(m) < 999.95) return `${m.toFixed(1)}M`;
  const g = m / 1024;
  if (Math.abs(g) < 999.95) return `${g.toFixed(1)}G`;
  return `${(g / 1024).toFixed(1)}T`;
}

/** Bits per second as makenetspeed: "36 Kbps", "12 Mbps", "4 Gbps" (decimal units). */
export function netSpeed(bitsPerSec: number | undefined): string {
  if (!ok(bitsPerSec)) return '?';
  let v = bitsPerSec / 1000;
  for (const u of ['Kbps', 'Mbps', 'Gbps', 'Tbps']) {
    if (v < 10000 || u === 'Tbps') return `${Math.round(v)} ${u}`;
    v /= 1000;
  }
  return '?';
}

const fixed = (v: number | undefined, d: number) => (ok(v) ? v.toFixed(d) : '?');
const freq = (mhz: number | undefined) =>
  ok(mhz) ? (mhz >= 1000 ? `${(mhz / 1000).toFixed(2)}GHz` : `${Math.round(mhz)}MHz`) : '?';

/** Items of which only those the sample has a value for are shown. */
function items(
  v: Readonly<Record<string, number>>,
  defs: readonly [string, string, (x: number) => string][],
): SysItem[] {
  return defs.filter(([key]) => key in v).map(([key, name, f]) => ({ name, value: f(v[key]!) }));
}

/** The PSI averages item: "cs 97/95/64". */
function psiAvg(v: Readonly<Record<string, number>>, part: string, name: string): SysItem | null {
  const a = ['avg10', 'avg60', 'avg300'].map((x) => v[`psi.${part}.${x}`]);
  return a.every(ok) ? { name, value: a.map((x) => Math.round(x)).join('/') } : null;
}

/** A DSK, MDD or LVM line (pridisklike). */
function diskLine(label: string, d: DeviceValues, nsecs: number): SysLine {
  const v = d.values;
  const per = (bytes: string, n: string) => (v[n]! > 0 ? String(Math.trunc(v[bytes]! / v[n]! / 1024)) : '0');
  const lv = level(v.busy, CRITICAL.dsk);
  const list: SysItem[] = [
    { name: d.name, value: '' },
    { name: 'busy', value: pct(v.busy), level: lv },
  ];
  const c = (k: string) => count(v[k]! * nsecs);
  if ('reads' in v) list.push({ name: 'read', value: c('reads') });
  if ('writes' in v) list.push({ name: 'write', value: c('writes') });
  if ('discards' in v) list.push({ name: 'discrd', value: c('discards') });
  if ('readBytes' in v) list.push({ name: 'KiB/r', value: per('readBytes', 'reads') });
  if ('writeBytes' in v) list.push({ name: 'KiB/w', value: per('writeBytes', 'writes') });
  if ('discardBytes' in v) list.push({ name: 'KiB/d', value: per('discardBytes', 'discards') });
  if ('readBytes' in v) list.push({ name: 'MBr/s', value: fixed(v.readBytes / 1048576, 1) });
  if ('writeBytes' in v) list.push({ name: 'MBw/s', value: fixed(v.writeBytes / 1048576, 1) });
  if ('inflight' in v) list.push({ name: 'inflt', value: count(v.inflight) });
  if ('avq' in v) list.push({ name: 'avq', value: fixed(v.avq, 2) });
  if ('avio' in v) list.push({ name: 'avio', value: `${fixed(v.avio, v.avio < 10 ? 2 : 1)} ms` });
  return { label, subject: d.name, items: list, level: lv };
}

/** The lines of one sample; `nsecs` its interval (counts per interval are rates × nsecs). */
export function systemLines(s: SystemSnapshot, nsecs: number): SysLine[] {
  const v = s.values;
  const n = Math.max(1, nsecs);
  const perIval = (x: number) => count(x * n);
  const out: SysLine[] = [];
  /** A line, if it has anything to show; a subject is shown first, as atop does. */
  const push = (label: string, list: SysItem[], lv: Level = null, subject?: string) => {
    if (list.length === 0) return;
    const head = subject !== undefined && list[0]?.name !== subject ? [{ name: subject, value: '' }] : [];
    out.push({ label, items: [...head, ...list], level: lv, ...(subject !== undefined ? { subject } : {}) });
  };

  push(
    'PRC',
    items(v, [
      ['prc.procs', '#proc', count],
      ['prc.running', '#trun', count],
      ['prc.sleeping', '#tslpi', count],
      ['prc.dsleep', '#tslpu', count],
      ['prc.idle', '#tidle', count],
      ['prc.zombies', '#zombie', count],
      ['prc.clones', 'clones', count],
      ['prc.exits', '#exit', count],
    ]),
  );

  const cpus = s.devices.cpu ?? [];
  const cpuLevel = level(v['cpu.busy'], CRITICAL.cpu);
  push(
    'CPU',
    [
      ...items(v, [
        ['cpu.sys', 'sys', pct],
        ['cpu.user', 'user', pct],
        ['cpu.irq', 'irq', pct],
        ['cpu.idle', 'idle', pct],
        ['cpu.wait', 'wait', pct],
        ['cpu.steal', 'steal', pct],
        ['cpu.guest', 'guest', pct],
        ['cpu.ipc', 'ipc', (x) => fixed(x, 2)],
        ['cpu.freq', 'curf', freq],
        ['cpu.freqScale', 'curscal', pct],
      ]),
    ].filter((i) => i.value !== '?'),
    cpuLevel,
  );
  for (const c of cpus) {
    const cv = c.values;
    const busy = 100 - (cv.idle ?? 0) - (cv.wait ?? 0);
    const nr = /(\d+)$/.exec(c.name)?.[1] ?? String(c.index);
    push(
      'cpu',
      [
        { name: 'sys', value: pct(cv.sys) },
        { name: 'user', value: pct(cv.user) },
        { name: 'irq', value: pct(cv.irq) },
        { name: 'idle', value: pct(cv.idle) },
        { name: `cpu${nr.padStart(3, '0')} w`, value: pct(cv.wait) },
        ...(cv.steal !== undefined ? [{ name: 'steal', value: pct(cv.steal) }] : []),
      ],
      level(busy, CRITICAL.cpu),
    );
  }

  push(
    'CPL',
    [
      ...(cpus.length > 0 ? [{ name: 'numcpu', value: String(cpus.length) }] : []),
      ...items(v, [
        ['cpl.load1', 'avg1', (x) => fixed(x, 2)],
        ['cpl.load5', 'avg5', (x) => fixed(x, 2)],
        ['cpl.load15', 'avg15', (x) => fixed(x, 2)],
        ['cpl.csw', 'csw', perIval],
        ['cpl.intr', 'intr', perIval],
      ]),
    ],
    // atop colours CPL when avg1/avg5 pass numcpu (a load above the CPUs there are)
    cpus.length > 0 && (v['cpl.load1'] ?? 0) > cpus.length ? 'almost' : null,
  );

  const memLevel = level(v['mem.busy'], CRITICAL.mem);
  push(
    'MEM',
    items(v, [
      ['mem.total', 'tot', mem],
      ['mem.free', 'free', mem],
      ['mem.cache', 'cache', mem],
      ['mem.dirty', 'dirty', mem],
      ['mem.buffers', 'buff', mem],
      ['mem.slab', 'slab', mem],
      ['mem.slabReclaim', 'slrec', mem],
      ['mem.pagetables', 'pgtab', mem],
    ]),
    memLevel,
  );
  push(
    'MEM',
    items(v, [
      ['mem.available', 'avail', mem],
      ['mem.shmem', 'shmem', mem],
      ['mem.shmrss', 'shrss', mem],
      ['mem.shmswp', 'shswp', mem],
      ['mem.tcpsock', 'tcpsk', mem],
      ['mem.udpsock', 'udpsk', mem],
      ['mem.hugeTotal', 'hptot', mem],
      ['mem.hugeUsed', 'hpuse', mem],
    ]),
    memLevel,
  );

  const swpTot = v['swp.total'];
  const swpUsed = ok(swpTot) && swpTot > 0 ? ((swpTot - (v['swp.free'] ?? 0)) * 100) / swpTot : undefined;
  push(
    'SWP',
    items(v, [
      ['swp.total', 'tot', mem],
      ['swp.free', 'free', mem],
      ['swp.cached', 'swcac', mem],
      ['swp.committed', 'vmcom', mem],
      ['swp.commitLimit', 'vmlim', mem],
    ]),
    level(swpUsed, CRITICAL.swp),
  );

  push(
    'PAG',
    items(v, [
      ['pag.scan', 'scan', perIval],
      ['pag.steal', 'steal', perIval],
      ['pag.stall', 'stall', perIval],
      ['pag.compact', 'compact', perIval],
      ['pag.numamigrate', 'numamig', perIval],
      ['pag.migrate', 'migrate', perIval],
      ['pag.pgin', 'pgin', perIval],
      ['pag.pgout', 'pgout', perIval],
      ['pag.zswin', 'zswin', perIval],
      ['pag.zswout', 'zswout', perIval],
      ['pag.swin', 'swin', perIval],
      ['pag.swout', 'swout', perIval],
      ['pag.oomkill', 'oomkill', count],
    ]),
    (v['pag.oomkill'] ?? 0) > 0 ? 'crit' : null,
  );

  const parts = ['cpusome', 'memsome', 'memfull', 'iosome', 'iofull'];
  if (parts.some((p) => ok(v[`psi.${p}.stall`])))
    push(
      'PSI',
      [
        ...parts.map((p) => ({ name: p, value: pct(v[`psi.${p}.stall`]) })),
        ...(
          [
            ['cpusome', 'cs'],
            ['memsome', 'ms'],
            ['memfull', 'mf'],
            ['iosome', 'is'],
            ['iofull', 'if'],
          ] as const
        )
          .map(([p, name]) => psiAvg(v, p, name))
          .filter((x): x is SysItem => x !== null),
      ],
      level(Math.max(...parts.map((p) => v[`psi.${p}.stall`] ?? 0)), 50),
    );

  for (const label of ['LVM', 'MDD', 'DSK'])
    for (const d of s.devices[label] ?? []) {
      const l = diskLine(label, d, n);
      out.push(l);
    }

  for (const d of s.devices.NFM ?? []) {
    const dv = d.values;
    push(
      'NFM',
      items(dv, [
        ['totRead', 'read', mem],
        ['totWrite', 'write', mem],
        ['read', 'nread', mem],
        ['write', 'nwrit', mem],
        ['directRead', 'dread', mem],
        ['directWrite', 'dwrit', mem],
        ['mmapRead', 'mread', mem],
        ['mmapWrite', 'mwrit', mem],
      ]).map((i) => ({ ...i, value: `${i.value}/s` })),
      null,
      d.name,
    );
  }
  if (ok(v['nfc.rpc']) && v['nfc.rpc'] > 0)
    push(
      'NFC',
      items(v, [
        ['nfc.rpc', 'rpc', perIval],
        ['nfc.read', 'read', perIval],
        ['nfc.write', 'write', perIval],
        ['nfc.retrans', 'retxmit', perIval],
        ['nfc.autrefresh', 'autref', perIval],
      ]),
    );
  if (ok(v['nfs.rpc']) && v['nfs.rpc'] > 0)
    push(
      'NFS',
      items(v, [
        ['nfs.rpc', 'rpc', perIval],
        ['nfs.read', 'cread', perIval],
        ['nfs.write', 'cwrit', perIval],
        ['nfs.readBytes', 'MBcr/s', (x) => fixed(x / 1048576, 1)],
        ['nfs.writeBytes', 'MBcw/s', (x) => fixed(x / 1048576, 1)],
      ]),
    );

  push(
    'NET',
    items(v, [
      ['net.tcpIn', 'tcpi', perIval],
      ['net.tcpOut', 'tcpo', perIval],
      ['net.udpIn', 'udpi', perIval],
      ['net.udpOut', 'udpo', perIval],
      ['net.tcpActiveOpens', 'tcpao', perIval],
      ['net.tcpPassiveOpens', 'tcppo', perIval],
      ['net.tcpRetrans', 'tcprs', perIval],
      ['net.tcpInErrs', 'tcpie', perIval],
      ['net.tcpOutRsts', 'tcpor', perIval],
      ['net.udpNoPorts', 'udpnp', perIval],
      ['net.udpInErrors', 'udpie', perIval],
    ]),
    null,
    'transport',
  );
  push(
    'NET',
    items(v, [
      ['net.ipIn', 'ipi', perIval],
      ['net.ipOut', 'ipo', perIval],
      ['net.ipForward', 'ipfrw', perIval],
      ['net.ipDeliver', 'deliv', perIval],
      ['net.icmpIn', 'icmpi', perIval],
      ['net.icmpOut', 'icmpo', perIval],
    ]),
    null,
    'network',
  );
  /** A NET or IFB line of one interface (prisyst's interface loops): busy, packets, speeds. */
  const link = (label: string, d: DeviceValues, speed: boolean, more: SysItem[]) => {
    const dv = d.values;
    const lv = level(dv.busy, CRITICAL.net);
    out.push({
      label,
      subject: d.name,
      level: lv,
      items: [
        { name: d.name, value: ok(dv.busy) ? pct(dv.busy) : '----', level: lv },
        { name: 'pcki', value: perIval(dv.rxPackets ?? NaN) },
        { name: 'pcko', value: perIval(dv.txPackets ?? NaN) },
        ...(speed ? [{ name: 'sp', value: netSpeed((dv.speed ?? 0) * 1e6) }] : []),
        { name: 'si', value: netSpeed((dv.rxBytes ?? NaN) * 8) },
        { name: 'so', value: netSpeed((dv.txBytes ?? NaN) * 8) },
        ...more,
      ],
    });
  };
  for (const d of s.devices.NET ?? [])
    link(
      'NET',
      d,
      true,
      items(d.values, [
        ['collisions', 'coll', perIval],
        ['multicast', 'mlti', perIval],
        ['rxErrors', 'erri', perIval],
        ['txErrors', 'erro', perIval],
        ['rxDrops', 'drpi', perIval],
        ['txDrops', 'drpo', perIval],
      ]),
    );
  for (const d of s.devices.IFB ?? []) link('IFB', d, false, []);
  const node = (label: string, d: DeviceValues, defs: Parameters<typeof items>[1]) => {
    push(label, [{ name: 'numnode', value: d.name.replace(/^node/, '') }, ...items(d.values, defs)]);
  };
  for (const d of s.devices.NUM ?? [])
    node('NUM', d, [
      ['total', 'tot', mem],
      ['free', 'free', mem],
      ['file', 'file', mem],
      ['dirty', 'dirty', mem],
      ['slab', 'slab', mem],
      ['shmem', 'shmem', mem],
      ['frag', 'frag', pct],
    ]);
  for (const d of s.devices.NUC ?? [])
    node('NUC', d, [
      ['sys', 'sys', pct],
      ['user', 'user', pct],
      ['irq', 'irq', pct],
      ['idle', 'idle', pct],
      ['wait', 'wait', pct],
      ['steal', 'steal', pct],
    ]);
  for (const d of s.devices.LLC ?? [])
    push('LLC', [
      { name: d.name, value: pct(d.values.occupancy) },
      ...items(d.values, [
        ['mbmTotal', 'tot', (x) => `${mem(x)}/s`],
        ['mbmLocal', 'loc', (x) => `${mem(x)}/s`],
      ]),
    ]);
  for (const d of s.devices.GPU ?? [])
    push(
      'GPU',
      [
        { name: 'busid', value: d.name },
        ...items(d.values, [
          ['gpuBusy', 'gpubusy', pct],
          ['memBusy', 'membusy', pct],
          ['memOccupied', 'memocc', pct],
          ['memUsed', 'used', mem],
        ]),
      ],
      level(d.values.gpuBusy, CRITICAL.cpu),
    );
  return out;
}
