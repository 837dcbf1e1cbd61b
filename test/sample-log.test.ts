// The demo log the page bundles (public/samples/atopview-demo.raw, recorded by
// tools/sample-log/record.sh) must tell the story tools/sample-log/STORY.md promises. Checked
// here from the data, through the same core the page uses: a re-recording that lost part of the
// story fails this test.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exitCode,
  perCpuTicks,
  taskCpuPercent,
  type LogContents,
  type Sample,
  type TaskFieldPath,
} from '../src/format/index';
import { readFixture } from './helpers';

const DEMO = join(import.meta.dirname, '../public/samples/atopview-demo.raw');
const MiB = 1 << 20;
const E = 'E'.charCodeAt(0);

/** One process row of one sample, with the figures the story is told in. */
interface Row {
  readonly sample: number;
  readonly name: string;
  readonly pid: number;
  readonly exited: boolean;
  /** atop's exit code column (signal + 256 when killed); only meaningful when exited. */
  readonly exit: number;
  readonly nice: number;
  /** CPU% of one CPU, as atop shows it. */
  readonly cpu: number;
  /** Resident size in bytes. */
  readonly rsize: number;
  /** Bytes written to disk in the interval. */
  readonly written: number;
}

function rowsOf(log: LogContents, s: Sample): Row[] {
  const t = s.tasks;
  const col = (path: TaskFieldPath) => {
    const c = t.num[path];
    if (!c) throw new Error(`no task field ${path}`);
    return c;
  };
  const [pid, state, excode, nice, utime, stime, nthr, rmem, wsz, isproc] = (
    [
      'gen.pid',
      'gen.state',
      'gen.excode',
      'cpu.nice',
      'cpu.utime',
      'cpu.stime',
      'gen.nthr',
      'mem.rmem',
      'dsk.wsz',
      'gen.isproc',
    ] as const
  ).map(col);
  const names = t.text['gen.name']!;
  const percpu = perCpuTicks(s.system);
  const nrcpu = s.system.num('cpu.nrcpu');
  const rows: Row[] = [];
  for (let r = 0; r < t.count; r++) {
    if (isproc![r] === 0) continue;
    rows.push({
      sample: s.index,
      name: log.strings.values[names[r]!]!,
      pid: pid![r]!,
      exited: state![r] === E,
      exit: exitCode(excode![r]!),
      nice: nice![r]!,
      cpu: taskCpuPercent(utime![r]!, stime![r]!, percpu, nrcpu, nthr![r]!),
      rsize: rmem![r]! * 1024,
      written: wsz![r]! * 512,
    });
  }
  return rows;
}

let log: LogContents;
/** rows[i]: the processes of sample i (the since-boot first sample included). */
let rows: Row[][];
const named = (name: string) => rows.flat().filter((r) => r.name === name);
const pidsOf = (name: string) => [...new Set(named(name).map((r) => r.pid))];

beforeAll(async () => {
  log = await readFixture(DEMO, 1 << 20);
  rows = log.samples.map((s) => rowsOf(log, s));
});

describe('the bundled demo log (tools/sample-log/STORY.md)', () => {
  it('is a clean atop 2.8 log of a few hundred 3 s samples of the workload only', () => {
    expect(log.error).toBeNull();
    expect(log.skipped).toEqual([]);
    expect(log.log!.header.version).toBe('2.8');
    expect(log.log!.header.nodename).toBe('atopview-demo');
    expect(log.samples.length).toBeGreaterThanOrEqual(300);
    expect(log.samples.length).toBeLessThanOrEqual(400);
    // atop stamps whole seconds: an interval of 3 s now and then reads 2 or 4
    const intervals = log.samples.slice(1).map((s) => s.rec.interval);
    expect(intervals.filter((i) => i < 2 || i > 4)).toEqual([]);
    expect(intervals.filter((i) => i === 3).length).toBeGreaterThan(0.95 * intervals.length);
    // recorded in private namespaces: none of the recording machine's own processes
    const workload = new Set([
      'demo-init',
      'atop',
      'api-server',
      'log-sink',
      'supervisor',
      'mini-cron',
      'flaky-daemon',
      'leaky-cache',
      'cpu-hog',
      'backup-writer',
      'deploy-config',
      'mv',
      'log-shipper',
    ]);
    expect([...new Set(rows.flat().map((r) => r.name))].filter((n) => !workload.has(n))).toEqual([]);
  });

  it('cpu-hog: a cron job every 3 minutes that takes a whole CPU, the busiest process while it runs', () => {
    const pids = pidsOf('cpu-hog');
    expect(pids.length).toBeGreaterThanOrEqual(5);
    // (an exited row comes from process accounting, which knows no nice value)
    expect(named('cpu-hog').every((r) => r.exited || r.nice === 0)).toBe(true);
    // every run is the busiest process of (nearly) all its ~20 samples, and in most of them it
    // has most of a CPU (a whole one when the recording machine had it idle): the plateaus the
    // CPU chart shows
    for (const pid of pids) {
      const top = rows.filter((ps) => {
        const best = ps.reduce((a, b) => (b.cpu > a.cpu ? b : a));
        return best.name === 'cpu-hog' && best.pid === pid;
      });
      expect(top.length, `cpu-hog pid ${pid}`).toBeGreaterThanOrEqual(15);
      const live = named('cpu-hog').filter((r) => r.pid === pid && !r.exited);
      expect(
        live.filter((r) => r.cpu >= 60).length,
        `cpu-hog pid ${pid} at 60 % or more: ${live.map((r) => Math.round(r.cpu)).join(' ')}`,
      ).toBeGreaterThanOrEqual(15);
    }
    expect(Math.max(...named('cpu-hog').map((r) => r.cpu))).toBeGreaterThanOrEqual(99);
    const ends = named('cpu-hog').filter((r) => r.exited);
    expect(ends.map((r) => r.exit)).toEqual(pids.map(() => 0));
  });

  it('leaky-cache: RSIZE climbs by hundreds of MiB until it is killed with SIGKILL, twice', () => {
    const killed = named('leaky-cache').filter((r) => r.exited && r.exit === 256 + 9);
    expect(killed.length).toBeGreaterThanOrEqual(2);
    for (const k of killed) {
      const life = named('leaky-cache').filter((r) => r.pid === k.pid && !r.exited);
      // grows steadily: over 60 samples (3 minutes) by more than 150 MiB, never by much less
      const last = life.at(-1)!;
      const back = life.find((r) => r.sample === last.sample - 60)!;
      expect(last.rsize - back.rsize).toBeGreaterThan(150 * MiB);
      for (let i = 10; i < life.length; i++)
        expect(life[i]!.rsize, `sample ${life[i]!.sample}`).toBeGreaterThanOrEqual(life[i - 10]!.rsize);
      expect(last.rsize).toBeGreaterThan(250 * MiB);
      expect(last.rsize).toBeLessThan(400 * MiB);
    }
  });

  it('backup-writer: dumps hundreds of MiB to disk, more than 40 MiB in a 3 s interval', () => {
    const pids = pidsOf('backup-writer');
    expect(pids.length).toBeGreaterThanOrEqual(3);
    for (const pid of pids) {
      const own = named('backup-writer').filter((r) => r.pid === pid);
      expect(own.reduce((a, r) => a + r.written, 0)).toBeGreaterThanOrEqual(300 * MiB);
      expect(Math.max(...own.map((r) => r.written))).toBeGreaterThan(40 * MiB);
    }
  });

  it('flaky-daemon: a restart loop, a new pid every ~20 s, each exiting with status 1', () => {
    const pids = pidsOf('flaky-daemon');
    expect(pids.length).toBeGreaterThanOrEqual(10);
    const failed = named('flaky-daemon').filter((r) => r.exited && r.exit === 1);
    expect(failed.length).toBeGreaterThanOrEqual(10);
    // the loop's pids each live ~20 s: at most 9 samples of 3 s
    const lives = pids.map((pid) => named('flaky-daemon').filter((r) => r.pid === pid && !r.exited).length);
    expect(lives.filter((n) => n >= 5 && n <= 9).length).toBeGreaterThanOrEqual(10);
    // and the bad deploy that starts the loop and the rollback that ends it: short-lived
    // processes, in the log through process accounting
    expect(named('deploy-config').map((r) => [r.exited, r.exit])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });

  it('log-shipper: more than 50 MiB sent through eth0 in one interval', () => {
    expect(pidsOf('log-shipper')).toHaveLength(1);
    const sent = log.samples.slice(1).map((s) => {
      for (let i = 0; s.system.has(`intf.intf[${i}].name`); i++)
        if (s.system.text(`intf.intf[${i}].name`) === 'eth0') return s.system.num(`intf.intf[${i}].sbyte`);
      return 0;
    });
    expect(Math.max(...sent)).toBeGreaterThan(50 * MiB);
  });
});
