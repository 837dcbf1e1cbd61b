// The `report` command's contract (README "Command line"): keys and their order per
// grouping, one row per group sorted by CPU ticks then key, --top, --from/--to as epoch
// seconds or ISO 8601, csv with the same cells as jsonl, worker threads giving the same
// rows, and the errors: exit 2 with one line.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTime, runReport } from '../cli/report';
import { FIXTURES } from './helpers';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const F213 = join(FIXTURES, 'atop/atop-2.13/sample.raw');

/** The command as a process: `npm run cli -- report FILE ARGS`. */
function spawnReport(file: string, ...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'cli/main.ts'), 'report', file, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same command in this process (a small log is read in one thread): fast enough for many cases. */
async function report(file: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await runReport(file, args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const jsonl = (out: string) =>
  out
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const SUMS = [
  'cpu.utime',
  'cpu.stime',
  'dsk.rio',
  'dsk.rsz',
  'dsk.wio',
  'dsk.wsz',
  'dsk.cwsz',
  'mem.minflt',
  'mem.majflt',
  'net.tcpsnd',
  'net.tcpssz',
  'net.tcprcv',
  'net.tcprsz',
  'net.udpsnd',
  'net.udpssz',
  'net.udprcv',
  'net.udprsz',
];
const TAIL = ['mem.rmem.max', 'mem.vmem.max', 'samples', 'first', 'last', 'procs'];

describe('report contract', () => {
  it('process rows (the default, jsonl): keys in order, sorted by CPU ticks then pid, gen.excode only for exits', () => {
    const r = spawnReport(F213);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const rows = jsonl(r.out);
    expect(rows.length).toBeGreaterThan(100);
    const keys = ['gen.pid', 'gen.btime', 'gen.name', 'gen.cmdline', ...SUMS, ...TAIL];
    for (const row of rows)
      expect(Object.keys(row)).toEqual('gen.excode' in row ? [...keys, 'gen.excode'] : keys);
    const cpu = (x: Record<string, unknown>) => (x['cpu.utime'] as number) + (x['cpu.stime'] as number);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(
        cpu(a) > cpu(b) || (cpu(a) === cpu(b) && (a['gen.pid'] as number) <= (b['gen.pid'] as number)),
      ).toBe(true);
    }
    expect(rows[0]).toMatchObject({
      'gen.pid': 137,
      'gen.name': 'python3',
      'cpu.utime': 737,
      'cpu.stime': 3,
    });
    // `sh -c 'exit 3'` of the capture: exited in the range with status 3 << 8 (bit 31: it
    // also started in that interval), and the shell that killed itself with SIGKILL
    const exits = rows.filter((x) => 'gen.excode' in x).map((x) => x['gen.excode'] as number);
    expect(exits).toContain(768 - 2 ** 31);
    expect(exits.map((x) => x & 0xffff)).toContain(9);
  });

  it('groupings have their keys; container and cgroup on 2.13 group by gen.utsname and the cgroup sections', async () => {
    const expectKeys = async (by: string, first: string) => {
      const r = await report(F213, '--by', by);
      expect(r.code, r.err).toBe(0);
      const rows = jsonl(r.out);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row)).toEqual([first, ...SUMS, ...TAIL]);
      return rows;
    };
    expect((await expectKeys('program', 'gen.name')).map((x) => x['gen.name'])).toContain('python3');
    expect((await expectKeys('user', 'gen.ruid')).map((x) => x['gen.ruid'])).toEqual([0, 65534]);
    expect((await expectKeys('container', 'gen.container')).map((x) => x['gen.container'])).toEqual(['']);
    expect((await expectKeys('cgroup', 'gen.cgpath'))[0]).toMatchObject({
      'gen.cgpath': '/batch/cpu',
      'cpu.utime': 737,
    });
  });

  it('--top N keeps the first N rows; csv has a header and the jsonl cells', async () => {
    const all = jsonl((await report(F213, '--by', 'program')).out);
    const top = await report(F213, '--by', 'program', '--top', '3', '--format', 'csv');
    expect(top.code, top.err).toBe(0);
    const lines = top.out.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe(['gen.name', ...SUMS, ...TAIL].join(','));
    expect(lines.slice(1)).toEqual(all.slice(0, 3).map((x) => Object.values(x).join(',')));
    // a process that did not exit has an empty gen.excode cell
    const p = (await report(F213, '--top', '1', '--format', 'csv')).out.split('\r\n');
    expect(p[0]!.endsWith(',procs,gen.excode')).toBe(true);
    expect(p[1]!.endsWith(',1,')).toBe(true);
  });

  it('--from/--to as epoch seconds or ISO 8601 select the same samples; a since-boot-only range has no rows', async () => {
    const epoch = await report(F213, '--from', '1795532153', '--to', '1795532155', '--by', 'user');
    const iso = await report(
      F213,
      '--from',
      '2026-11-24T14:55:53Z',
      '--to',
      '2026-11-24T15:55:55+01:00',
      '--by',
      'user',
    );
    expect(epoch.code).toBe(0);
    expect(iso.out).toBe(epoch.out);
    expect(jsonl(epoch.out)[0]).toMatchObject({ samples: 2, first: 1795532153, last: 1795532155 });
    const boot = await report(F213, '--to', '1795532149');
    expect([boot.code, boot.out, boot.err]).toEqual([0, '', '']);
  });

  it('worker threads give the same rows as one thread', () => {
    const one = spawnReport(F213, '--by', 'cgroup', '--jobs', '1');
    const two = spawnReport(F213, '--by', 'cgroup', '--jobs', '2');
    expect(two.code, two.err).toBe(0);
    expect(two.out).toBe(one.out);
  });

  it('errors exit 2 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--by', 'host'], /unknown --by host/],
      [['--from', 'yesterday'], /cannot read --from yesterday as a time/],
      [['--to', '2026-11-24T03:00:00'], /cannot read --to .* as a time/], // no zone
      [['--from', '2026-02-30T00:00:00Z'], /cannot read --from/],
      [
        ['--from', '2027-01-01T00:00:00Z'],
        /outside the log, which runs from 2026-11-24T14:55:49Z to 2026-11-24T14:55:57Z/,
      ],
      [['--to', '1000'], /outside the log/],
      [['--from', '1795532157', '--to', '1795532149'], /is after --to/],
      [['--top', '0'], /--top needs a whole number/],
      [['--format', 'xml'], /unknown --format xml/],
      [['--bogus', 'x'], /unknown option --bogus/],
      [['--by'], /needs a value/],
    ];
    for (const [args, msg] of cases) {
      const r = await report(F213, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
    const old = await report(join(FIXTURES, 'atop/atop-2.7/sample.raw'), '--by', 'cgroup');
    expect([old.code, old.err]).toEqual([
      2,
      'atopview: cannot group by cgroup: atop 2.7 logs record no cgroup of a process (from 2.8 on)\n',
    ]);
    expect((await report(join(FIXTURES, 'atop/atop-2.2/sample.raw'), '--by', 'container')).code).toBe(2);
    // and through main.ts, as a process
    const p = spawnReport(F213, '--by', 'host');
    expect([p.code, p.out, p.err]).toEqual([
      2,
      '',
      'atopview: unknown --by host (process, program, user, container or cgroup)\n',
    ]);
  });

  it('reads a gzip-compressed log as logrotate leaves it', async () => {
    const plain = await report(join(FIXTURES, 'atop/atop-2.8/sample.raw'), '--by', 'program');
    const gz = await report(join(FIXTURES, 'broken/sample.raw.gz'), '--by', 'program');
    expect(gz.code, gz.err).toBe(0);
    expect(gz.out).toBe(plain.out);
    expect(jsonl(gz.out).length).toBeGreaterThan(5);
  });

  it('a damaged log gives the rows of its good samples and exit 1 with the problem', async () => {
    const r = await report(join(FIXTURES, 'broken/corrupt-zlib-in-record.raw'));
    expect(r.code).toBe(1);
    expect(jsonl(r.out).length).toBeGreaterThan(0);
    expect(r.err).toMatch(/byte offset \d+/);
  });
});

describe('parseTime', () => {
  it('reads epoch seconds and ISO 8601 with a zone, and nothing else', () => {
    expect(parseTime('1795532149')).toBe(1795532149);
    expect(parseTime('1795532149.5')).toBe(1795532149.5);
    expect(parseTime('2026-11-24T14:55:49Z')).toBe(1795532149);
    expect(parseTime('2026-11-24T14:55:49.25z')).toBe(1795532149.25);
    expect(parseTime('2026-11-24T15:55:49+01:00')).toBe(1795532149);
    expect(parseTime('2026-11-24T13:55-0100')).toBe(1795532100);
    for (const bad of ['', '-5', '2026-11-24', '2026-11-24T24:00:00Z', '2026-13-01T00:00:00Z', '1e9', 'now'])
      expect(parseTime(bad), bad).toBeNull();
  });
});
