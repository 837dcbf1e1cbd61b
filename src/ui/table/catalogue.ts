// Every process column the page offers, one line of data each: atop's header, the task
// field(s), the group in the chooser, the tooltip. How each kind of value is read and shown
// is its shape (shapes.ts). A column is offered only when the log's version has the fields
// it needs. Command line last: it takes the rest of the width.
import type { ColumnSpec } from './column';
import {
  bandwidth,
  bytes,
  count,
  cpuShare,
  dashIfNone,
  diskShare,
  exitStatus,
  gpuBusy,
  gpuMemAverage,
  hex,
  kib,
  kibOrUnknown,
  letter,
  memShare,
  newMark,
  exactNs,
  nsDelay,
  plain,
  policyName,
  sectors,
  startTime,
  taskKind,
  text,
  ticks,
  ticksIfEnded,
} from './shapes';

const ID = { width: 72 };
const UID = { width: 60 };

export const COLUMNS: readonly ColumnSpec[] = [
  // identity
  plain('pid', 'PID', 'gen.pid', 'id', 'Process id (thread id for thread rows)', ID),
  plain('tgid', 'TGID', 'gen.tgid', 'id', 'Thread group id: the pid of the process a thread belongs to', ID),
  plain('ppid', 'PPID', 'gen.ppid', 'id', 'Parent process id', { ...ID, fmt: dashIfNone }),
  plain('vpid', 'VPID', 'gen.vpid', 'id', 'Pid inside its pid namespace (container)'),
  text('name', 'CMD', 'gen.name', 'id', 'Process name (at most 15 characters, as the kernel keeps it)', 136),
  letter(
    'state',
    'ST',
    'gen.state',
    'id',
    'State: R running, S sleeping, D uninterruptible, I idle, Z zombie, T stopped, E exited in this interval',
    36,
  ),
  taskKind('P = process, T = thread entry'),
  newMark('N = new in this interval (not in the previous sample)'),
  exitStatus('Exit code of an exited process (signal + 256 when killed by a signal)'),
  plain('thr', 'THR', 'gen.nthr', 'id', 'Number of threads', { width: 52 }),
  plain('ruid', 'RUID', 'gen.ruid', 'id', 'Real user id', UID),
  plain('euid', 'EUID', 'gen.euid', 'id', 'Effective user id', UID),
  plain('rgid', 'RGID', 'gen.rgid', 'id', 'Real group id', UID),
  plain('egid', 'EGID', 'gen.egid', 'id', 'Effective group id', UID),
  startTime('begin', 'START', 'gen.btime', 'Start time of the process'),
  ticks('elaps', 'ELAPSED', 'gen.elaps', 'misc', 'Lifetime of an exited process', {
    width: 76,
    fmt: ticksIfEnded,
  }),
  text('container', 'CID', 'gen.container', 'misc', 'Container id (docker)', 110),
  text('utsname', 'UTSNAME', 'gen.utsname', 'misc', 'Host name of the process’s UTS namespace (container)'),
  text('cgpath', 'CGROUP', 'gen.cgpath', 'misc', 'cgroup v2 path of the process', 160),

  // cpu
  cpuShare('CPU use in the interval as a percentage of one CPU, as atop computes it'),
  ticks('syscpu', 'SYSCPU', 'cpu.stime', 'cpu', 'CPU time in system mode'),
  ticks('usrcpu', 'USRCPU', 'cpu.utime', 'cpu', 'CPU time in user mode'),

  // memory
  kib('vsize', 'VSIZE', 'mem.vmem', 'mem', 'Virtual memory size'),
  kib('rsize', 'RSIZE', 'mem.rmem', 'mem', 'Resident memory size'),
  kib('psize', 'PSIZE', 'mem.pmem', 'mem', 'Proportional set size (only measured with atop -R)', {
    fmt: kibOrUnknown,
  }),
  kib('vstext', 'VSTEXT', ['mem.vexec', 'mem.shtext'], 'mem', 'Virtual size of the executable text'),
  kib('vslibs', 'VSLIBS', 'mem.vlibs', 'mem', 'Virtual size of shared libraries'),
  kib('vdata', 'VDATA', 'mem.vdata', 'mem', 'Virtual size of private data'),
  kib('vstack', 'VSTACK', 'mem.vstack', 'mem', 'Virtual size of the stack'),
  kib('locksz', 'LOCKSZ', 'mem.vlock', 'mem', 'Locked memory'),
  kib('swapsz', 'SWAPSZ', 'mem.vswap', 'mem', 'Swap space used'),
  kib('vgrow', 'VGROW', 'mem.vgrow', 'mem', 'Virtual memory growth in the interval'),
  kib('rgrow', 'RGROW', 'mem.rgrow', 'mem', 'Resident memory growth in the interval'),
  count('minflt', 'MINFLT', 'mem.minflt', 'mem', 'Minor page faults in the interval'),
  count('majflt', 'MAJFLT', 'mem.majflt', 'mem', 'Major page faults in the interval'),
  memShare('Resident size as a percentage of physical memory'),
  plain('oomscore', 'OOMSC', 'mem.oomscore', 'mem', 'OOM score', { width: 58 }),
  plain('oomadj', 'OOMADJ', 'mem.oomscoreadj', 'mem', 'OOM score adjustment', { width: 62 }),

  // disk
  sectors('rddsk', 'RDDSK', 'dsk.rsz', 'dsk', 'Data read from disk in the interval'),
  sectors('wrdsk', 'WRDSK', 'dsk.wsz', 'dsk', 'Data written to disk in the interval'),
  sectors(
    'wcancl',
    'WCANCL',
    'dsk.cwsz',
    'dsk',
    'Written data cancelled again (truncated before it reached the disk)',
  ),
  diskShare('Share of the disk transfers of all processes in the interval'),
  count('rdreq', 'RDREQ', 'dsk.rio', 'dsk', 'Disk read requests in the interval'),
  count('wrreq', 'WRREQ', 'dsk.wio', 'dsk', 'Disk write requests in the interval'),

  // network (needs netatop)
  count('tcpsnd', 'TCPSND', 'net.tcpsnd', 'net', 'TCP packets sent (netatop)'),
  bytes('tcpssz', 'TCPSSZ', 'net.tcpssz', 'net', 'TCP bytes sent (netatop)'),
  count('tcprcv', 'TCPRCV', 'net.tcprcv', 'net', 'TCP packets received (netatop)'),
  bytes('tcprsz', 'TCPRSZ', 'net.tcprsz', 'net', 'TCP bytes received (netatop)'),
  count('udpsnd', 'UDPSND', 'net.udpsnd', 'net', 'UDP packets sent (netatop)'),
  bytes('udpssz', 'UDPSSZ', 'net.udpssz', 'net', 'UDP bytes sent (netatop)'),
  count('udprcv', 'UDPRCV', 'net.udprcv', 'net', 'UDP packets received (netatop)'),
  bytes('udprsz', 'UDPRSZ', 'net.udprsz', 'net', 'UDP bytes received (netatop)'),
  count('rawsnd', 'RAWSND', 'net.rawsnd', 'net', 'Raw packets sent (atop 1.26 kernel patch)'),
  count('rawrcv', 'RAWRCV', 'net.rawrcv', 'net', 'Raw packets received (atop 1.26 kernel patch)'),
  bandwidth(
    'bandwi',
    'BANDWI',
    'net.tcprsz',
    'net.udprsz',
    'Incoming network bandwidth (TCP + UDP, netatop)',
  ),
  bandwidth(
    'bandwo',
    'BANDWO',
    'net.tcpssz',
    'net.udpssz',
    'Outgoing network bandwidth (TCP + UDP, netatop)',
  ),

  // scheduling
  plain('trun', 'TRUN', 'gen.nthrrun', 'sched', 'Threads running', { width: 50 }),
  plain('tslpi', 'TSLPI', 'gen.nthrslpi', 'sched', 'Threads in interruptible sleep', { width: 52 }),
  plain('tslpu', 'TSLPU', 'gen.nthrslpu', 'sched', 'Threads in uninterruptible sleep', { width: 52 }),
  plain('tidle', 'TIDLE', 'gen.nthridle', 'sched', 'Threads idle (state I)', { width: 52 }),
  plain('poli', 'POLI', 'cpu.policy', 'sched', 'Scheduling policy', { width: 48, fmt: policyName }),
  plain('nice', 'NICE', 'cpu.nice', 'sched', 'Nice value', { width: 48 }),
  plain('pri', 'PRI', 'cpu.prio', 'sched', 'Priority', { width: 44 }),
  plain('rtpr', 'RTPR', 'cpu.rtprio', 'sched', 'Realtime priority', { width: 48 }),
  plain('cpunr', 'CPUNR', 'cpu.curcpu', 'sched', 'CPU the task last ran on', { width: 54 }),
  plain('rdelay', 'RDELAY', 'cpu.rundelay', 'sched', 'Time spent waiting in the run queue', {
    width: 72,
    fmt: nsDelay,
    detail: exactNs,
  }),
  ticks('bdelay', 'BDELAY', 'cpu.blkdelay', 'sched', 'Time spent waiting for block I/O'),
  count('nvcsw', 'NVCSW', 'cpu.nvcsw', 'sched', 'Voluntary context switches', { width: 64 }),
  count('nivcsw', 'NIVCSW', 'cpu.nivcsw', 'sched', 'Involuntary context switches', { width: 64 }),
  text('wchan', 'WCHAN', 'cpu.wchan', 'sched', 'Kernel function the task sleeps in'),

  // gpu
  letter('gpustate', 'GPUST', 'gpu.state', 'gpu', 'GPU state: A active, E exited, N no GPU use', 52, 'N'),
  plain('gpunr', 'GPUS', 'gpu.nrgpus', 'gpu', 'Number of GPUs used', { width: 48 }),
  plain('gpulist', 'GPULIST', 'gpu.gpulist', 'gpu', 'GPUs used (bit list)', { width: 66, fmt: hex }),
  gpuBusy('gpubusy', 'GPUBUSY', 'gpu.gpubusy', 'gpu.gpubusycum', 'GPU busy percentage'),
  gpuBusy('membusy', 'MEMBUSY', 'gpu.membusy', 'gpu.membusycum', 'GPU memory busy percentage'),
  kib('gpumemnow', 'MEMNOW', 'gpu.memnow', 'gpu', 'GPU memory in use'),
  gpuMemAverage('Average GPU memory in use'),

  text(
    'cmdline',
    'COMMAND-LINE',
    'gen.cmdline',
    'id',
    'Command line (as much as atop keeps: 255 bytes, 150 in 1.26)',
    420,
  ),
];

export const COLUMN_BY_ID: ReadonlyMap<string, ColumnSpec> = new Map(COLUMNS.map((c) => [c.id, c]));
