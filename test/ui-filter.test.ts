// The filter box language (src/filter/) and row selection on typed columns (src/ui/table/rows.ts).
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, type Filter } from '../src/filter/clauses';
import { parseFilter, tokenize } from '../src/filter/parse';
import { DEFAULT_TOGGLES } from '../src/ui/state/view-state';
import { COLUMN_BY_ID } from '../src/ui/table/catalogue';
import { selectRows, sortRows, sumCpu } from '../src/ui/table/rows';
import type { SampleTable } from '../src/ui/table/sample';
import type { SampleData } from '../src/worker/protocol';

const f = (src: string): Filter => {
  const r = parseFilter(src);
  if (!r.ok) throw new Error(r.message);
  return r.filter;
};

describe('parseFilter', () => {
  it('splits on blanks but keeps quotes and regexes together', () => {
    const t = tokenize('java "two words" cmd:/a b/i pid:1');
    expect(Array.isArray(t) && t.map((x) => x.text)).toEqual(['java', 'two words', 'cmd:/a b/i', 'pid:1']);
  });

  it('reads every token kind', () => {
    const q = f('java pid:1,2 ppid:3 name:/^ssh/ cmd:/x/i user:0,65534 state:R,D -name:bash');
    expect(q.clauses.map((c) => c.kind)).toEqual([
      'text',
      'pid',
      'ppid',
      'name',
      'cmd',
      'user',
      'state',
      'name',
    ]);
    expect([...q.clauses[1]!.numbers!]).toEqual([1, 2]);
    expect(q.clauses[3]!.test!.re!.source).toBe('^ssh');
    expect(q.clauses[4]!.test!.re!.flags).toBe('i');
    expect([...q.clauses[6]!.states!]).toEqual([82, 68]);
    expect(q.clauses[7]!.negate).toBe(true);
  });

  it('treats unknown keys and URLs as free text', () => {
    expect(f('host:8080').clauses[0]!.kind).toBe('text');
    expect(f('http://x').clauses[0]!.test!.needle).toBe('http://x');
  });

  it.each([
    ['name:/(/', /Bad regular expression in name/],
    ['cmd:/[a/', /Bad regular expression|Unclosed/],
    ['pid:abc', /pid: expects numbers/],
    ['pid:', /pid: expects numbers/],
    ['user:root', /numeric uids/],
    ['state:RS', /state: expects letters/],
    ['"open', /Unclosed quote/],
    ['name:/abc', /Unclosed regular expression/],
    ['name:/a/g', /flags/],
  ])('rejects %j with a message', (src, msg) => {
    const r = parseFilter(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('parses the empty filter', () => {
    expect(f('  ').clauses).toEqual([]);
  });
});

// a small sample: 3 processes (one exited), 2 threads of pid 10
function table(): SampleTable {
  const strings = ['', 'java', '/usr/bin/java -jar app.jar', 'bash', '-bash', 'worker', 'sleep', 'sleep 5'];
  const n = 6;
  const i32 = (v: number[]) => Int32Array.from(v);
  const data: SampleData = {
    index: 1,
    file: 0,
    curtime: 1_800_000_000,
    interval: 10,
    flags: 0,
    count: n,
    nrcpu: 2,
    percputot: 1000,
    memTotal: 8 * 1024 ** 3,
    num: {
      'gen.pid': i32([10, 11, 12, 20, 30, 31]),
      'gen.tgid': i32([10, 10, 10, 20, 30, 31]),
      'gen.ppid': i32([1, 1, 1, 1, 20, 1]),
      'gen.ruid': i32([1000, 1000, 1000, 0, 0, 65534]),
      'gen.euid': i32([1000, 1000, 1000, 0, 0, 65534]),
      'gen.isproc': Uint8Array.from([1, 0, 0, 1, 1, 1]),
      'gen.state': Uint8Array.from([83, 82, 83, 83, 69, 68]),
      'gen.nthr': i32([3, 1, 1, 1, 1, 1]),
      'gen.wasinactive': i32([0, 0, 0, 1, 0, 1]),
      'cpu.utime': Float64Array.from([500, 300, 200, 0, 10, 0]),
      'cpu.stime': Float64Array.from([100, 50, 50, 0, 0, 0]),
      'mem.rmem': Float64Array.from([400000, 400000, 400000, 4000, 0, 800]),
    },
    text: {
      'gen.name': i32([1, 1, 5, 3, 6, 6]),
      'gen.cmdline': i32([2, 2, 0, 4, 7, 7]),
    },
    strings: { from: 0, values: strings },
  };
  return { data, strings, hertz: 100, derived: new Map() };
}

const pids = (t: SampleTable, rows: Int32Array) => Array.from(rows, (r) => t.data.num['gen.pid']![r]);

describe('selectRows', () => {
  const t = table();
  it('hides threads, shows exited processes by default', () => {
    expect(pids(t, selectRows(t, EMPTY_FILTER, DEFAULT_TOGGLES))).toEqual([10, 20, 30, 31]);
  });
  it('shows threads and hides exited processes on request', () => {
    expect(pids(t, selectRows(t, EMPTY_FILTER, { threads: true, exited: false, activeOnly: false }))).toEqual(
      [10, 11, 12, 20, 31],
    );
  });
  it('active only uses wasinactive (exited ones count as active)', () => {
    expect(pids(t, selectRows(t, EMPTY_FILTER, { ...DEFAULT_TOGGLES, activeOnly: true }))).toEqual([10, 30]);
  });
  it.each([
    ['JAVA', [10]],
    ['bash', [20]],
    ['pid:10,31', [10, 31]],
    ['ppid:20', [30]],
    ['user:65534', [31]],
    ['state:E,D', [30, 31]],
    ['name:/^sl/', [30, 31]],
    ['cmd:/5$/', [30, 31]],
    ['sleep state:D', [31]],
    ['-name:sleep', [10, 20]],
    ['nothing-matches', []],
  ])('filter %j', (q, want) => {
    expect(pids(t, selectRows(t, f(q), DEFAULT_TOGGLES))).toEqual(want);
  });
  it('pid: also finds the threads of a process', () => {
    expect(pids(t, selectRows(t, f('pid:10'), { ...DEFAULT_TOGGLES, threads: true }))).toEqual([10, 11, 12]);
  });
});

describe('sortRows', () => {
  const t = table();
  const sortBy = (id: string, desc: boolean, threads = false) => {
    const spec = COLUMN_BY_ID.get(id)!;
    const rows = selectRows(t, EMPTY_FILTER, { ...DEFAULT_TOGGLES, threads });
    return pids(t, sortRows(t, rows, spec.bind(t, { tz: 'utc' }), spec.isText, desc));
  };
  it('sorts by CPU% descending, ties by resident size', () => {
    expect(sortBy('cpu', true)).toEqual([10, 30, 20, 31]);
  });
  it('sorts both ways', () => {
    expect(sortBy('pid', false)).toEqual([10, 20, 30, 31]);
    expect(sortBy('pid', true)).toEqual([31, 30, 20, 10]);
  });
  it('sorts text columns by their text, stable on ties', () => {
    expect(sortBy('name', false)).toEqual([20, 10, 30, 31]);
    expect(sortBy('name', true)).toEqual([30, 31, 10, 20]);
  });
  it('keeps thread entries right below their process', () => {
    expect(sortBy('cpu', true, true)).toEqual([10, 11, 12, 30, 20, 31]);
    expect(sortBy('cpu', false, true)).toEqual([31, 20, 30, 10, 12, 11]);
  });
  it('sums CPU% over processes only', () => {
    const rows = selectRows(t, EMPTY_FILTER, { ...DEFAULT_TOGGLES, threads: true });
    // pid 10: (500+100)*100/1000 = 60 %, capped at nthr 3 * 100; pid 30: 1 %
    expect(sumCpu(t, rows)).toBeCloseTo(61);
  });
});
