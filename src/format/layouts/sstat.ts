// Layouts of the system blob (struct sstat) in every atop raw-log format, as declared in
// atop's own headers of each release. Offsets are never written here: dsl.ts computes them
// with x86_64 natural alignment, and test/layouts.test.ts checks every member against
// test/fixtures/layouts/<version>.json. A struct that did not change is declared once.
import { arr, chr, f32, i16, i32, i64, revise, struct, text, u32, u64, u8 } from '../layout/dsl';

export const freqcnt_126 = struct('freqcnt', {
  maxfreq: i64,
  cnt: i64,
  ticks: i64,
});

export const percpu_126 = struct('percpu', {
  cpunr: i32,
  stime: i64,
  utime: i64,
  ntime: i64,
  itime: i64,
  wtime: i64,
  Itime: i64,
  Stime: i64,
  steal: i64,
  guest: i64,
  freqcnt: freqcnt_126,
  cfuture: arr(i64, 1),
});

export const cpustat_126 = struct('cpustat', {
  nrcpu: i64,
  devint: i64,
  csw: i64,
  nprocs: i64,
  lavg1: f32,
  lavg5: f32,
  lavg15: f32,
  cfuture: arr(i64, 4),
  all: percpu_126,
  cpu: arr(percpu_126, 64),
});

export const memstat_126 = struct('memstat', {
  physmem: i64,
  freemem: i64,
  buffermem: i64,
  slabmem: i64,
  cachemem: i64,
  cachedrt: i64,
  totswap: i64,
  freeswap: i64,
  pgscans: i64,
  allocstall: i64,
  swouts: i64,
  swins: i64,
  commitlim: i64,
  committed: i64,
  cfuture: arr(i64, 4),
});

export const ipv4_stats_126 = struct('ipv4_stats', {
  Forwarding: i64,
  DefaultTTL: i64,
  InReceives: i64,
  InHdrErrors: i64,
  InAddrErrors: i64,
  ForwDatagrams: i64,
  InUnknownProtos: i64,
  InDiscards: i64,
  InDelivers: i64,
  OutRequests: i64,
  OutDiscards: i64,
  OutNoRoutes: i64,
  ReasmTimeout: i64,
  ReasmReqds: i64,
  ReasmOKs: i64,
  ReasmFails: i64,
  FragOKs: i64,
  FragFails: i64,
  FragCreates: i64,
});

export const icmpv4_stats_126 = struct('icmpv4_stats', {
  InMsgs: i64,
  InErrors: i64,
  InDestUnreachs: i64,
  InTimeExcds: i64,
  InParmProbs: i64,
  InSrcQuenchs: i64,
  InRedirects: i64,
  InEchos: i64,
  InEchoReps: i64,
  InTimestamps: i64,
  InTimestampReps: i64,
  InAddrMasks: i64,
  InAddrMaskReps: i64,
  OutMsgs: i64,
  OutErrors: i64,
  OutDestUnreachs: i64,
  OutTimeExcds: i64,
  OutParmProbs: i64,
  OutSrcQuenchs: i64,
  OutRedirects: i64,
  OutEchos: i64,
  OutEchoReps: i64,
  OutTimestamps: i64,
  OutTimestampReps: i64,
  OutAddrMasks: i64,
  OutAddrMaskReps: i64,
});

export const udpv4_stats_126 = struct('udpv4_stats', {
  InDatagrams: i64,
  NoPorts: i64,
  InErrors: i64,
  OutDatagrams: i64,
});

export const ipv6_stats_126 = struct('ipv6_stats', {
  Ip6InReceives: i64,
  Ip6InHdrErrors: i64,
  Ip6InTooBigErrors: i64,
  Ip6InNoRoutes: i64,
  Ip6InAddrErrors: i64,
  Ip6InUnknownProtos: i64,
  Ip6InTruncatedPkts: i64,
  Ip6InDiscards: i64,
  Ip6InDelivers: i64,
  Ip6OutForwDatagrams: i64,
  Ip6OutRequests: i64,
  Ip6OutDiscards: i64,
  Ip6OutNoRoutes: i64,
  Ip6ReasmTimeout: i64,
  Ip6ReasmReqds: i64,
  Ip6ReasmOKs: i64,
  Ip6ReasmFails: i64,
  Ip6FragOKs: i64,
  Ip6FragFails: i64,
  Ip6FragCreates: i64,
  Ip6InMcastPkts: i64,
  Ip6OutMcastPkts: i64,
});

export const icmpv6_stats_126 = struct('icmpv6_stats', {
  Icmp6InMsgs: i64,
  Icmp6InErrors: i64,
  Icmp6InDestUnreachs: i64,
  Icmp6InPktTooBigs: i64,
  Icmp6InTimeExcds: i64,
  Icmp6InParmProblems: i64,
  Icmp6InEchos: i64,
  Icmp6InEchoReplies: i64,
  Icmp6InGroupMembQueries: i64,
  Icmp6InGroupMembResponses: i64,
  Icmp6InGroupMembReductions: i64,
  Icmp6InRouterSolicits: i64,
  Icmp6InRouterAdvertisements: i64,
  Icmp6InNeighborSolicits: i64,
  Icmp6InNeighborAdvertisements: i64,
  Icmp6InRedirects: i64,
  Icmp6OutMsgs: i64,
  Icmp6OutDestUnreachs: i64,
  Icmp6OutPktTooBigs: i64,
  Icmp6OutTimeExcds: i64,
  Icmp6OutParmProblems: i64,
  Icmp6OutEchoReplies: i64,
  Icmp6OutRouterSolicits: i64,
  Icmp6OutNeighborSolicits: i64,
  Icmp6OutNeighborAdvertisements: i64,
  Icmp6OutRedirects: i64,
  Icmp6OutGroupMembResponses: i64,
  Icmp6OutGroupMembReductions: i64,
});

export const udpv6_stats_126 = struct('udpv6_stats', {
  Udp6InDatagrams: i64,
  Udp6NoPorts: i64,
  Udp6InErrors: i64,
  Udp6OutDatagrams: i64,
});

export const tcp_stats_126 = struct('tcp_stats', {
  RtoAlgorithm: i64,
  RtoMin: i64,
  RtoMax: i64,
  MaxConn: i64,
  ActiveOpens: i64,
  PassiveOpens: i64,
  AttemptFails: i64,
  EstabResets: i64,
  CurrEstab: i64,
  InSegs: i64,
  OutSegs: i64,
  RetransSegs: i64,
  InErrs: i64,
  OutRsts: i64,
});

export const netstat_126 = struct('netstat', {
  ipv4: ipv4_stats_126,
  icmpv4: icmpv4_stats_126,
  udpv4: udpv4_stats_126,
  ipv6: ipv6_stats_126,
  icmpv6: icmpv6_stats_126,
  udpv6: udpv6_stats_126,
  tcp: tcp_stats_126,
});

export const perintf_126 = struct('perintf', {
  name: text(16),
  rbyte: i64,
  rpack: i64,
  rerrs: i64,
  rdrop: i64,
  rfifo: i64,
  rframe: i64,
  rcompr: i64,
  rmultic: i64,
  rfuture: arr(i64, 4),
  sbyte: i64,
  spack: i64,
  serrs: i64,
  sdrop: i64,
  sfifo: i64,
  scollis: i64,
  scarrier: i64,
  scompr: i64,
  sfuture: arr(i64, 4),
  speed: i64,
  duplex: chr,
  cfuture: arr(i64, 4),
});

export const intfstat_126 = struct('intfstat', {
  nrintf: i32,
  intf: arr(perintf_126, 32),
});

export const perdsk_126 = struct('perdsk', {
  name: text(32),
  nread: i64,
  nrsect: i64,
  nwrite: i64,
  nwsect: i64,
  io_ms: i64,
  avque: i64,
  cfuture: arr(i64, 4),
});

export const dskstat_126 = struct('dskstat', {
  ndsk: i32,
  nmdd: i32,
  nlvm: i32,
  dsk: arr(perdsk_126, 256),
  mdd: arr(perdsk_126, 128),
  lvm: arr(perdsk_126, 256),
});

export const wwwstat_126 = struct('wwwstat', {
  accesses: i64,
  totkbytes: i64,
  uptime: i64,
  bworkers: i32,
  iworkers: i32,
});

export const sstat_126 = struct('sstat', {
  cpu: cpustat_126,
  mem: memstat_126,
  net: netstat_126,
  intf: intfstat_126,
  dsk: dskstat_126,
  www: wwwstat_126,
});

export const percpu_21 = revise(percpu_126, 'percpu_21', { set: { cfuture: arr(i64, 4) } });

export const cpustat_21 = revise(cpustat_126, 'cpustat_21', {
  set: { all: percpu_21, cpu: arr(percpu_21, 2048) },
});

export const memstat_21 = struct('memstat_21', {
  physmem: i64,
  freemem: i64,
  buffermem: i64,
  slabmem: i64,
  cachemem: i64,
  cachedrt: i64,
  totswap: i64,
  freeswap: i64,
  pgscans: i64,
  pgsteal: i64,
  allocstall: i64,
  swouts: i64,
  swins: i64,
  commitlim: i64,
  committed: i64,
  shmem: i64,
  shmrss: i64,
  shmswp: i64,
  slabreclaim: i64,
  tothugepage: i64,
  freehugepage: i64,
  hugepagesz: i64,
  vmwballoon: i64,
  cfuture: arr(i64, 8),
});

export const intfstat_21 = struct('intfstat_21', {
  nrintf: i32,
  intf: arr(perintf_126, 128),
});

export const dskstat_21 = struct('dskstat_21', {
  ndsk: i32,
  nmdd: i32,
  nlvm: i32,
  dsk: arr(perdsk_126, 1024),
  mdd: arr(perdsk_126, 256),
  lvm: arr(perdsk_126, 2048),
});

export const sstat_21 = struct('sstat_21', {
  cpu: cpustat_21,
  mem: memstat_21,
  net: netstat_126,
  intf: intfstat_21,
  dsk: dskstat_21,
  www: wwwstat_126,
});

export const perintf_22 = revise(perintf_126, 'perintf_22', {
  insert: [
    { after: 'sfuture', members: { type: chr } },
    { after: 'speed', members: { speedp: i64 } },
  ],
});

export const intfstat_22 = struct('intfstat_22', {
  nrintf: i32,
  intf: arr(perintf_22, 128),
});

export const anon_nfs_server_22 = struct('anon_nfs_server', {
  netcnt: i64,
  netudpcnt: i64,
  nettcpcnt: i64,
  nettcpcon: i64,
  rpccnt: i64,
  rpcbadfmt: i64,
  rpcbadaut: i64,
  rpcbadcln: i64,
  rpcread: i64,
  rpcwrite: i64,
  rchits: i64,
  rcmiss: i64,
  rcnoca: i64,
  nrbytes: i64,
  nwbytes: i64,
  future: arr(i64, 8),
});

export const anon_nfs_client_22 = struct('anon_nfs_client', {
  rpccnt: i64,
  rpcretrans: i64,
  rpcautrefresh: i64,
  rpcread: i64,
  rpcwrite: i64,
  future: arr(i64, 8),
});

export const pernfsmount_22 = struct('pernfsmount_22', {
  mountdev: text(128),
  age: i64,
  bytesread: i64,
  byteswrite: i64,
  bytesdread: i64,
  bytesdwrite: i64,
  bytestotread: i64,
  bytestotwrite: i64,
  pagesmread: i64,
  pagesmwrite: i64,
  future: arr(i64, 8),
});

export const anon_nfs_nfsmounts_22 = struct('anon_nfs_nfsmounts', {
  nrmounts: i32,
  nfsmnt: arr(pernfsmount_22, 64),
});

export const nfsstat_22 = struct('nfsstat_22', {
  server: anon_nfs_server_22,
  client: anon_nfs_client_22,
  nfsmounts: anon_nfs_nfsmounts_22,
});

export const percontainer_22 = struct('percontainer_22', {
  ctid: u64,
  numproc: u64,
  system: i64,
  user: i64,
  nice: i64,
  uptime: i64,
  physpages: i64,
});

export const contstat_22 = struct('contstat_22', {
  nrcontainer: i32,
  cont: arr(percontainer_22, 128),
});

export const sstat_22 = struct('sstat_22', {
  cpu: cpustat_21,
  mem: memstat_21,
  net: netstat_126,
  intf: intfstat_22,
  dsk: dskstat_21,
  nfs: nfsstat_22,
  cfs: contstat_22,
  www: wwwstat_126,
});

export const percpu_24 = revise(percpu_21, 'percpu', {
  set: { cfuture: arr(i64, 2) },
  insert: [{ after: 'freqcnt', members: { instr: i64, cycle: i64 } }],
});

export const cpustat_24 = revise(cpustat_21, 'cpustat', {
  set: { all: percpu_24, cpu: arr(percpu_24, 2048) },
});

export const psi_24 = struct('psi', {
  avg10: f32,
  avg60: f32,
  avg300: f32,
  total: i64,
});

export const pressure_24 = struct('pressure', {
  present: chr,
  future: text(3),
  cpusome: psi_24,
  memsome: psi_24,
  memfull: psi_24,
  iosome: psi_24,
  iofull: psi_24,
});

export const pergpu_24 = struct('pergpu', {
  taskstats: chr,
  nrprocs: u8,
  type: text(13),
  busid: text(13),
  gpunr: i32,
  gpupercnow: i32,
  mempercnow: i32,
  memtotnow: i64,
  memusenow: i64,
  samples: i64,
  gpuperccum: i64,
  memperccum: i64,
  memusecum: i64,
});

export const gpustat_24 = struct('gpustat', {
  nrgpus: i32,
  gpu: arr(pergpu_24, 32),
});

export const perifb_24 = struct('perifb', {
  ibname: text(12),
  portnr: i16,
  lanes: i16,
  rate: i64,
  rcvb: i64,
  sndb: i64,
  rcvp: i64,
  sndp: i64,
});

export const ifbstat_24 = struct('ifbstat', {
  nrports: i32,
  ifb: arr(perifb_24, 32),
});

export const sstat_24 = struct('sstat', {
  cpu: cpustat_24,
  mem: memstat_21,
  net: netstat_126,
  intf: intfstat_22,
  dsk: dskstat_21,
  nfs: nfsstat_22,
  cfs: contstat_22,
  psi: pressure_24,
  gpu: gpustat_24,
  ifb: ifbstat_24,
  www: wwwstat_126,
});

export const memstat_26 = revise(memstat_21, 'memstat', {
  set: { cfuture: arr(i64, 6) },
  insert: [{ after: 'vmwballoon', members: { zfsarcsize: i64, swapcached: i64 } }],
});

export const sstat_26 = revise(sstat_24, 'sstat', { set: { mem: memstat_26 } });

export const percpu_27 = revise(percpu_24, 'percpu_27', { set: { cfuture: arr(i64, 6) } });

export const cpustat_27 = revise(cpustat_24, 'cpustat_27', {
  set: { all: percpu_27, cpu: arr(percpu_27, 2048) },
});

export const memstat_27 = revise(memstat_26, 'memstat_27', {
  set: { cfuture: arr(i64, 9) },
  insert: [
    {
      after: 'swapcached',
      members: {
        ksmsharing: i64,
        ksmshared: i64,
        zswstored: i64,
        zswtotpool: i64,
        oomkills: i64,
        compactstall: i64,
        pgmigrate: i64,
        numamigrate: i64,
      },
    },
  ],
});

export const mempernuma_27 = struct('mempernuma_27', {
  frag: f32,
  totmem: i64,
  freemem: i64,
  filepage: i64,
  dirtymem: i64,
  slabmem: i64,
  slabreclaim: i64,
  active: i64,
  inactive: i64,
  shmem: i64,
  tothp: i64,
});

export const memnuma_27 = struct('memnuma_27', {
  nrnuma: i64,
  numa: arr(mempernuma_27, 1024),
});

export const cpupernuma_27 = struct('cpupernuma_27', {
  nrcpu: i64,
  stime: i64,
  utime: i64,
  ntime: i64,
  itime: i64,
  wtime: i64,
  Itime: i64,
  Stime: i64,
  steal: i64,
  guest: i64,
});

export const cpunuma_27 = struct('cpunuma_27', {
  nrnuma: i64,
  numa: arr(cpupernuma_27, 1024),
});

export const perdsk_27 = revise(perdsk_126, 'perdsk_27', {
  set: { cfuture: arr(i64, 2) },
  insert: [{ after: 'avque', members: { ndisc: i64, ndsect: i64 } }],
});

export const dskstat_27 = struct('dskstat_27', {
  ndsk: i32,
  nmdd: i32,
  nlvm: i32,
  dsk: arr(perdsk_27, 1024),
  mdd: arr(perdsk_27, 256),
  lvm: arr(perdsk_27, 2048),
});

export const sstat_27 = struct('sstat_27', {
  cpu: cpustat_27,
  mem: memstat_27,
  net: netstat_126,
  intf: intfstat_22,
  memnuma: memnuma_27,
  cpunuma: cpunuma_27,
  dsk: dskstat_27,
  nfs: nfsstat_22,
  cfs: contstat_22,
  psi: pressure_24,
  gpu: gpustat_24,
  ifb: ifbstat_24,
  www: wwwstat_126,
});

export const memstat_28 = revise(memstat_27, 'memstat_28', {
  set: { cfuture: arr(i64, 4) },
  insert: [
    { after: 'swins', members: { tcpsock: i64, udpsock: i64 } },
    { after: 'numamigrate', members: { pgouts: i64, pgins: i64, pagetables: i64 } },
  ],
});

export const icmpv4_stats_28 = revise(icmpv4_stats_126, 'icmpv4_stats', {
  insert: [{ after: 'InErrors', members: { InCsumErrors: i64 } }],
});

export const netstat_28 = revise(netstat_126, 'netstat_28', { set: { icmpv4: icmpv4_stats_28 } });

export const mempernuma_28 = revise(mempernuma_27, 'mempernuma_28', {
  insert: [{ after: null, members: { numanr: i32 } }],
});

export const memnuma_28 = struct('memnuma_28', {
  nrnuma: i64,
  numa: arr(mempernuma_28, 1024),
});

export const cpupernuma_28 = revise(cpupernuma_27, 'cpupernuma_28', {
  insert: [{ after: null, members: { numanr: i32 } }],
});

export const cpunuma_28 = struct('cpunuma_28', {
  nrnuma: i64,
  numa: arr(cpupernuma_28, 1024),
});

export const perdsk_28 = revise(perdsk_27, 'perdsk_28', {
  set: { cfuture: arr(i64, 3) },
  insert: [{ after: 'ndsect', members: { inflight: i64 } }],
});

export const dskstat_28 = struct('dskstat_28', {
  ndsk: i32,
  nmdd: i32,
  nlvm: i32,
  dsk: arr(perdsk_28, 1024),
  mdd: arr(perdsk_28, 256),
  lvm: arr(perdsk_28, 2048),
});

export const perllc_28 = struct('perllc_28', {
  id: u8,
  occupancy: f32,
  mbm_local: i64,
  mbm_total: i64,
});

export const llcstat_28 = struct('llcstat_28', {
  nrllcs: u8,
  perllc: arr(perllc_28, 256),
});

export const sstat_28 = struct('sstat_28', {
  cpu: cpustat_27,
  mem: memstat_28,
  net: netstat_28,
  intf: intfstat_22,
  memnuma: memnuma_28,
  cpunuma: cpunuma_28,
  dsk: dskstat_28,
  nfs: nfsstat_22,
  cfs: contstat_22,
  psi: pressure_24,
  gpu: gpustat_24,
  ifb: ifbstat_24,
  llc: llcstat_28,
  www: wwwstat_126,
});

export const memstat_210 = struct('memstat_210', {
  physmem: i64,
  freemem: i64,
  buffermem: i64,
  slabmem: i64,
  cachemem: i64,
  cachedrt: i64,
  totswap: i64,
  freeswap: i64,
  pgscans: i64,
  pgsteal: i64,
  allocstall: i64,
  swouts: i64,
  swins: i64,
  tcpsock: i64,
  udpsock: i64,
  commitlim: i64,
  committed: i64,
  shmem: i64,
  shmrss: i64,
  shmswp: i64,
  slabreclaim: i64,
  stothugepage: i64,
  sfreehugepage: i64,
  shugepagesz: i64,
  vmwballoon: i64,
  zfsarcsize: i64,
  swapcached: i64,
  ksmsharing: i64,
  ksmshared: i64,
  zswapped: i64,
  zswap: i64,
  oomkills: i64,
  compactstall: i64,
  pgmigrate: i64,
  numamigrate: i64,
  pgouts: i64,
  pgins: i64,
  pagetables: i64,
  zswouts: i64,
  zswins: i64,
  ltothugepage: i64,
  lfreehugepage: i64,
  lhugepagesz: i64,
  availablemem: i64,
  anonhugepage: i64,
  cfuture: arr(i64, 4),
});

export const tcp_stats_210 = revise(tcp_stats_126, 'tcp_stats', {
  insert: [{ after: 'OutRsts', members: { InCsumErrors: i64 } }],
});

export const netstat_210 = revise(netstat_28, 'netstat_210', { set: { tcp: tcp_stats_210 } });

export const mempernuma_210 = revise(mempernuma_28, 'mempernuma_210', {
  insert: [{ after: 'tothp', members: { freehp: i64 } }],
});

export const memnuma_210 = struct('memnuma_210', {
  nrnuma: i64,
  numa: arr(mempernuma_210, 1024),
});

export const llcstat_210 = struct('llcstat_210', {
  nrllcs: i32,
  perllc: arr(perllc_28, 256),
});

export const sstat_210 = revise(sstat_28, 'sstat_210', {
  set: { mem: memstat_210, net: netstat_210, memnuma: memnuma_210, llc: llcstat_210 },
});

export const memstat_211 = revise(memstat_210, 'memstat_211', { set: { cfuture: arr(i64, 5) } });

export const mempernuma_211 = revise(mempernuma_210, 'mempernuma_211', {
  insert: [{ after: 'freehp', members: { cfuture: arr(i64, 2) } }],
});

export const memnuma_211 = struct('memnuma_211', {
  nrnuma: i64,
  numa: arr(mempernuma_211, 1024),
});

export const cpupernuma_211 = revise(cpupernuma_28, 'cpupernuma_211', {
  insert: [{ after: 'guest', members: { cfuture: arr(i64, 2) } }],
});

export const cpunuma_211 = struct('cpunuma_211', {
  nrnuma: i64,
  numa: arr(cpupernuma_211, 1024),
});

export const perifb_211 = revise(perifb_24, 'perifb_211', {
  insert: [{ after: 'sndp', members: { cfuture: arr(i64, 4) } }],
});

export const ifbstat_211 = struct('ifbstat_211', {
  nrports: i32,
  ifb: arr(perifb_211, 32),
});

export const sstat_211 = revise(sstat_210, 'sstat_211', {
  set: { mem: memstat_211, memnuma: memnuma_211, cpunuma: cpunuma_211, ifb: ifbstat_211 },
});

export const percpu_213 = revise(percpu_27, 'percpu_213', {
  set: { cpunr: u32 },
  insert: [{ after: 'cpunr', members: { online: chr, chfuture: text(3) } }],
});

export const cpustat_213 = struct('cpustat_213', {
  nrcpu: i32,
  maxcpu: i32,
  devint: i64,
  csw: i64,
  nprocs: i64,
  lavg1: f32,
  lavg5: f32,
  lavg15: f32,
  cfuture: arr(i64, 4),
  all: percpu_213,
  cpu: arr(percpu_213, 4096),
});

export const memstat_213 = revise(memstat_211, 'memstat_213', {
  set: { cfuture: arr(i64, 4) },
  insert: [{ after: 'anonhugepage', members: { lowwatermark: i64 } }],
});

export const perifb_213 = revise(perifb_211, 'perifb_213', { set: { ibname: text(20) } });

export const ifbstat_213 = struct('ifbstat_213', {
  nrports: i32,
  ifb: arr(perifb_213, 32),
});

export const sstat_213 = revise(sstat_211, 'sstat_213', {
  set: { cpu: cpustat_213, mem: memstat_213, ifb: ifbstat_213 },
});
