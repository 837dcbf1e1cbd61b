// Layouts of one task entry (struct tstat; struct pstat in 1.26) in every atop raw-log format, as declared in
// atop's own headers of each release. Offsets are never written here: dsl.ts computes them
// with x86_64 natural alignment, and test/layouts.test.ts checks every member against
// test/fixtures/layouts/<version>.json. A struct that did not change is declared once.
import { arr, chr, i16, i32, i64, revise, struct, text } from '../layout/dsl';

export const gen_126 = struct('gen', {
  pid: i32,
  ppid: i32,
  ruid: i32,
  euid: i32,
  suid: i32,
  fsuid: i32,
  rgid: i32,
  egid: i32,
  sgid: i32,
  fsgid: i32,
  nthr: i32,
  name: text(16),
  state: chr,
  excode: i32,
  btime: i64,
  elaps: i64,
  cmdline: text(151),
  nthrslpi: i32,
  nthrslpu: i32,
  nthrrun: i32,
  ifuture: arr(i32, 1),
});

export const cpu_126 = struct('cpu', {
  utime: i64,
  stime: i64,
  nice: i32,
  prio: i32,
  rtprio: i32,
  policy: i32,
  curcpu: i32,
  sleepavg: i32,
  ifuture: arr(i32, 4),
  cfuture: arr(i64, 4),
});

export const dsk_126 = struct('dsk', {
  rio: i64,
  rsz: i64,
  wio: i64,
  wsz: i64,
  cwsz: i64,
  cfuture: arr(i64, 4),
});

export const mem_126 = struct('mem', {
  minflt: i64,
  majflt: i64,
  shtext: i64,
  vmem: i64,
  rmem: i64,
  vgrow: i64,
  rgrow: i64,
  cfuture: arr(i64, 4),
});

export const net_126 = struct('net', {
  tcpsnd: i64,
  tcpssz: i64,
  tcprcv: i64,
  tcprsz: i64,
  udpsnd: i64,
  udpssz: i64,
  udprcv: i64,
  udprsz: i64,
  rawsnd: i64,
  rawrcv: i64,
  cfuture: arr(i64, 4),
});

export const pstat_126 = struct('pstat', {
  gen: gen_126,
  cpu: cpu_126,
  dsk: dsk_126,
  mem: mem_126,
  net: net_126,
});

export const gen_21 = revise(gen_126, 'gen_21', {
  set: { cmdline: text(256), ifuture: arr(i32, 4) },
  insert: [
    { after: null, members: { tgid: i32 } },
    { after: 'name', members: { isproc: chr } },
    { after: 'nthrrun', members: { envid: i32 } },
  ],
});

export const mem_21 = struct('mem_21', {
  minflt: i64,
  majflt: i64,
  vexec: i64,
  vmem: i64,
  rmem: i64,
  pmem: i64,
  vgrow: i64,
  rgrow: i64,
  vdata: i64,
  vstack: i64,
  vlibs: i64,
  vswap: i64,
  cfuture: arr(i64, 4),
});

export const net_21 = struct('net_21', {
  tcpsnd: i64,
  tcpssz: i64,
  tcprcv: i64,
  tcprsz: i64,
  udpsnd: i64,
  udpssz: i64,
  udprcv: i64,
  udprsz: i64,
  avail1: i64,
  avail2: i64,
  cfuture: arr(i64, 4),
});

export const tstat_21 = struct('tstat_21', {
  gen: gen_21,
  cpu: cpu_126,
  dsk: dsk_126,
  mem: mem_21,
  net: net_21,
});

export const gen_22 = revise(gen_21, 'gen_22', {
  set: { envid: null, ifuture: arr(i32, 5) },
  insert: [{ after: 'nthrrun', members: { ctid: i32, vpid: i32 } }],
});

export const tstat_22 = revise(tstat_21, 'tstat_22', { set: { gen: gen_22 } });

export const gen_23 = revise(gen_22, 'gen_23', {
  set: { ifuture: null },
  insert: [{ after: 'vpid', members: { wasinactive: i32, container: text(16) } }],
});

export const tstat_23 = revise(tstat_22, 'tstat_23', { set: { gen: gen_23 } });

export const gpu_24 = struct('gpu_24', {
  state: chr,
  cfuture: text(3),
  nrgpus: i16,
  gpulist: i32,
  gpubusy: i32,
  membusy: i32,
  timems: i64,
  memnow: i64,
  memcum: i64,
  sample: i64,
});

export const tstat_24 = revise(tstat_23, 'tstat_24', {
  insert: [{ after: 'net', members: { gpu: gpu_24 } }],
});

export const cpu_26 = revise(cpu_126, 'cpu_26', {
  set: { cfuture: arr(i64, 1) },
  insert: [{ after: 'ifuture', members: { wchan: text(16), rundelay: i64 } }],
});

export const mem_26 = revise(mem_21, 'mem_26', {
  set: { cfuture: arr(i64, 3) },
  insert: [{ after: 'vswap', members: { vlock: i64 } }],
});

export const tstat_26 = revise(tstat_24, 'tstat_26', { set: { cpu: cpu_26, mem: mem_26 } });

export const gen_28 = revise(gen_23, 'gen_28', {
  insert: [{ after: 'container', members: { cgpath: text(64) } }],
});

export const cpu_28 = struct('cpu_28', {
  utime: i64,
  stime: i64,
  nice: i32,
  prio: i32,
  rtprio: i32,
  policy: i32,
  curcpu: i32,
  sleepavg: i32,
  cgcpuweight: i32,
  cgcpumax: i32,
  cgcpumaxr: i32,
  ifuture: arr(i32, 3),
  wchan: text(16),
  rundelay: i64,
  blkdelay: i64,
  cfuture: arr(i64, 3),
});

export const mem_28 = revise(mem_26, 'mem_28', {
  insert: [{ after: 'vlock', members: { cgmemmax: i64, cgmemmaxr: i64, cgswpmax: i64, cgswpmaxr: i64 } }],
});

export const tstat_28 = struct('tstat_28', {
  gen: gen_28,
  cpu: cpu_28,
  dsk: dsk_126,
  mem: mem_28,
  net: net_21,
  gpu: gpu_24,
});

export const cpu_29 = revise(cpu_28, 'cpu', {
  set: { cfuture: arr(i64, 1) },
  insert: [{ after: 'blkdelay', members: { nvcsw: i64, nivcsw: i64 } }],
});

export const tstat_29 = revise(tstat_28, 'tstat', { set: { cpu: cpu_29 } });

export const gen_210 = revise(gen_28, 'gen_210', {
  set: { container: null },
  insert: [
    { after: 'nthrrun', members: { nthridle: i32 } },
    { after: 'wasinactive', members: { utsname: text(16) } },
  ],
});

export const cpu_210 = revise(cpu_29, 'cpu_210', { set: { cfuture: arr(i64, 3) } });

export const tstat_210 = revise(tstat_29, 'tstat_210', { set: { gen: gen_210, cpu: cpu_210 } });

export const gen_211 = revise(gen_210, 'gen_211', {
  set: { cgpath: null },
  insert: [{ after: 'utsname', members: { cgroupix: i32, ifuture: arr(i32, 4) } }],
});

export const cpu_211 = revise(cpu_210, 'cpu_211', {
  set: { cgcpuweight: null, cgcpumax: null, cgcpumaxr: null, ifuture: arr(i32, 6) },
});

export const mem_211 = struct('mem_211', {
  minflt: i64,
  majflt: i64,
  vexec: i64,
  vmem: i64,
  rmem: i64,
  pmem: i64,
  vgrow: i64,
  rgrow: i64,
  vdata: i64,
  vstack: i64,
  vlibs: i64,
  vswap: i64,
  vlock: i64,
  cfuture: arr(i64, 7),
});

export const gpu_211 = revise(gpu_24, 'gpu_211', {
  set: { cfuture: null },
  insert: [
    { after: 'state', members: { bfuture: text(3) } },
    { after: 'sample', members: { cfuture: arr(i64, 3) } },
  ],
});

export const tstat_211 = struct('tstat_211', {
  gen: gen_211,
  cpu: cpu_211,
  dsk: dsk_126,
  mem: mem_211,
  net: net_21,
  gpu: gpu_211,
});

export const gen_213 = revise(gen_211, 'gen_213', { set: { utsname: text(40) } });

export const mem_213 = revise(mem_211, 'mem_213', {
  set: { cfuture: arr(i64, 5) },
  insert: [{ after: 'vlock', members: { oomscore: i64, oomscoreadj: i64 } }],
});

export const gpu_213 = struct('gpu_213', {
  state: chr,
  type: chr,
  bfuture: text(2),
  nrgpus: i16,
  gpulist: i32,
  gpubusycum: i64,
  membusycum: i64,
  memnow: i64,
  memcum: i64,
  samples: i64,
  cfuture: arr(i64, 3),
});

export const tstat_213 = struct('tstat_213', {
  gen: gen_213,
  cpu: cpu_211,
  dsk: dsk_126,
  mem: mem_213,
  net: net_21,
  gpu: gpu_213,
});
