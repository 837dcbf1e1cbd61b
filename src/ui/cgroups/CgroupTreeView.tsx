// atop's G view: the cgroup v2 tree of the selected interval, or each cgroup's totals over
// the range (counters summed, gauges at their peak), expandable, with CPU, memory, disk and
// pressure figures as atop -P CGR has them (each cell's tooltip holds the exact value) and
// the processes of a cgroup one click away.
import { useState } from 'react';
import type { CgroupAnswer } from '../../worker/protocol';
import { fmtBytes, fmtCpuMs, fmtPct } from '../format';

interface Row {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  readonly parent: number;
  /** cstat member → value (-1: not available; -2 limits undefined), exact. */
  readonly v: (field: string) => number | bigint;
  readonly pids: Int32Array;
  readonly samples: number | null;
}

function rowsOf(a: Extract<CgroupAnswer, { ok: true }>): Row[] {
  if (a.kind === 'sample') {
    const t = a.tree;
    const values = t.values as Readonly<Record<string, Float64Array>>;
    return t.path.map((path, i) => ({
      path,
      name: t.name[i] || '/',
      depth: t.depth[i]!,
      parent: t.parent[i]!,
      v: (f) => values[f]?.[i] ?? -1,
      pids: t.pids.subarray(t.pidStart[i], t.pidStart[i + 1]),
      samples: null,
    }));
  }
  const t = a.table;
  const sums = t.sums as Readonly<Record<string, readonly (number | bigint)[]>>;
  const peaks = t.peaks as Readonly<Record<string, Float64Array>>;
  return t.path.map((path, i) => ({
    path,
    name: path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1),
    depth: t.depth[i]!,
    parent: t.parent[i]!,
    v: (f) => sums[f]?.[i] ?? peaks[f]?.[i] ?? -1,
    pids: a.pids[i] ?? new Int32Array(0),
    samples: t.samples[i]!,
  }));
}

const num = (x: number | bigint) => Number(x);

interface Col {
  readonly id: string;
  readonly header: string;
  readonly title: string;
  /** The cstat members it shows (their exact values are the tooltip). */
  readonly fields: readonly string[];
  readonly text: (r: Row, c: Ctx) => string;
}

interface Ctx {
  /** Seconds the figures cover (the interval, or the range's intervals). */
  readonly seconds: number;
  readonly pagesize: number;
}

const na = (x: number | bigint) => num(x) < 0;
const pctOf = (us: number, c: Ctx) => fmtPct((us / Math.max(1e-9, c.seconds * 1e6)) * 100);

const COLS: readonly Col[] = [
  {
    id: 'nprocs',
    header: 'NPROCS',
    title: 'Processes in this cgroup (the peak over a range)',
    fields: ['gen.nprocs'],
    text: (r) => String(r.v('gen.nprocs')),
  },
  {
    id: 'below',
    header: 'BELOW',
    title: 'Processes in the cgroups below (the peak over a range)',
    fields: ['gen.procsbelow'],
    text: (r) => String(r.v('gen.procsbelow')),
  },
  {
    id: 'cpu',
    header: 'CPU',
    title: 'CPU (user + system) as a share of one CPU over the time shown',
    fields: ['cpu.utime', 'cpu.stime'],
    text: (r, c) =>
      na(r.v('cpu.utime')) ? '-' : pctOf(num(r.v('cpu.utime')) + Math.max(0, num(r.v('cpu.stime'))), c),
  },
  {
    id: 'usr',
    header: 'USRCPU',
    title: 'CPU time in user mode',
    fields: ['cpu.utime'],
    text: (r) => (na(r.v('cpu.utime')) ? '-' : fmtCpuMs(num(r.v('cpu.utime')) / 1000)),
  },
  {
    id: 'sys',
    header: 'SYSCPU',
    title: 'CPU time in system mode',
    fields: ['cpu.stime'],
    text: (r) => (na(r.v('cpu.stime')) ? '-' : fmtCpuMs(num(r.v('cpu.stime')) / 1000)),
  },
  {
    id: 'mem',
    header: 'MEM',
    title: 'Memory in use (the peak over a range)',
    fields: ['mem.current'],
    text: (r, c) => (na(r.v('mem.current')) ? '-' : fmtBytes(num(r.v('mem.current')) * c.pagesize)),
  },
  {
    id: 'anon',
    header: 'ANON',
    title: 'Anonymous memory (the peak over a range)',
    fields: ['mem.anon'],
    text: (r, c) => (na(r.v('mem.anon')) ? '-' : fmtBytes(num(r.v('mem.anon')) * c.pagesize)),
  },
  {
    id: 'file',
    header: 'FILE',
    title: 'Page cache (the peak over a range)',
    fields: ['mem.file'],
    text: (r, c) => (na(r.v('mem.file')) ? '-' : fmtBytes(num(r.v('mem.file')) * c.pagesize)),
  },
  {
    id: 'rd',
    header: 'RDDSK',
    title: 'Bytes read from disk (requests in the tooltip)',
    fields: ['dsk.rbytes', 'dsk.rios'],
    text: (r) => (na(r.v('dsk.rbytes')) ? '-' : fmtBytes(num(r.v('dsk.rbytes')))),
  },
  {
    id: 'wr',
    header: 'WRDSK',
    title: 'Bytes written to disk (requests in the tooltip)',
    fields: ['dsk.wbytes', 'dsk.wios'],
    text: (r) => (na(r.v('dsk.wbytes')) ? '-' : fmtBytes(num(r.v('dsk.wbytes')))),
  },
  ...(['cpu', 'mem', 'dsk'] as const).map((k): Col => ({
    id: `${k}psi`,
    header: `${k.toUpperCase()}PSI`,
    title: `${k === 'cpu' ? 'CPU' : k === 'mem' ? 'Memory' : 'Disk'} pressure: time some / all tasks stalled, as a share of the time shown`,
    fields: [`${k}.somepres`, `${k}.fullpres`],
    text: (r, c) =>
      na(r.v(`${k}.somepres`))
        ? '-'
        : `${pctOf(num(r.v(`${k}.somepres`)), c)}/${na(r.v(`${k}.fullpres`)) ? '-' : pctOf(num(r.v(`${k}.fullpres`)), c)}`,
  })),
];

export function CgroupTreeView(p: {
  readonly answer: CgroupAnswer | null;
  readonly stale: boolean;
  readonly interval: number;
  readonly pagesize: number;
  readonly onProcesses: (pids: readonly number[]) => void;
}) {
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const a = p.answer;
  if (!a) return <div className="table-placeholder">Reading the cgroups…</div>;
  if (!a.ok) return <div className="table-placeholder">{a.message}</div>;
  const rows = rowsOf(a);
  const ctx: Ctx = { seconds: a.kind === 'span' ? a.interval : p.interval, pagesize: p.pagesize };
  const hasChildren = new Set(rows.map((r) => r.parent));
  // a row shows when none of its ancestors is closed
  const shown: number[] = [];
  const hidden = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    if (r.parent >= 0 && (hidden[r.parent] || closed.has(rows[r.parent]!.path))) hidden[i] = 1;
    else shown.push(i);
  });
  const toggle = (path: string) => {
    const next = new Set(closed);
    if (!next.delete(path)) next.add(path);
    setClosed(next);
  };
  return (
    <div className={`cgroup-tree${p.stale ? ' grid-dim' : ''}`} data-testid="cgroup-tree" data-kind={a.kind}>
      <table role="treegrid" aria-label="Cgroups">
        <thead>
          <tr>
            <th className="txt">CGROUP</th>
            {COLS.map((c) => (
              <th key={c.id} title={c.title}>
                {c.header}
              </th>
            ))}
            {a.kind === 'span' && <th title="Samples of the range with this cgroup">SAMPLES</th>}
            <th className="txt" />
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => {
            const r = rows[i]!;
            const parent = hasChildren.has(i);
            const open = !closed.has(r.path);
            return (
              <tr
                key={r.path}
                aria-level={r.depth + 1}
                aria-expanded={parent ? open : undefined}
                data-path={r.path}
              >
                <td className="txt cg-name" style={{ paddingLeft: 6 + r.depth * 14 }} title={r.path}>
                  {parent ? (
                    <button
                      type="button"
                      className="cg-toggle"
                      aria-label={`${open ? 'Collapse' : 'Expand'} ${r.path}`}
                      onClick={() => {
                        toggle(r.path);
                      }}
                    >
                      {open ? '▾' : '▸'}
                    </button>
                  ) : (
                    <span className="cg-toggle" />
                  )}
                  {r.name}
                </td>
                {COLS.map((c) => (
                  <td
                    key={c.id}
                    className="num"
                    data-col={c.id}
                    title={c.fields.map((f) => `${f} ${String(r.v(f))}`).join(', ')}
                  >
                    {c.text(r, ctx)}
                  </td>
                ))}
                {a.kind === 'span' && <td className="num">{r.samples}</td>}
                <td className="txt">
                  {r.pids.length > 0 && (
                    <button
                      type="button"
                      className="linkish"
                      title={`Show the processes of ${r.path} (pid:${[...r.pids].join(',')})`}
                      onClick={() => {
                        p.onProcesses([...r.pids]);
                      }}
                    >
                      {r.pids.length} {r.pids.length === 1 ? 'process' : 'processes'}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
