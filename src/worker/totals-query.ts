// The reading worker's answers about processes over time, from its process store
// (process-store.ts) and sample index: range totals (per process or grouped like atop's
// u / p / j / G) as a table the page's columns read, and lifelines. A totals walk over a
// big log takes seconds: it pauses every few tens of ms so the worker keeps answering
// (samples, search), reports how far it is and stops when told.
import { incarnations, lifelineOf, type TotalsTable } from '../analysis/index';
import { RRBOOT, type VersionLayout } from '../format/index';
import { canTotal, finishTotals, type ProcessStore, type SampleMask } from './process-store';
import {
  SAMPLE_MISSING,
  type IndexField,
  type LifelineAnswer,
  type SampleSpan,
  type TaskFieldPath,
  type TotalsAnswer,
  type TotalsQuery,
  type TotalsTableData,
} from './protocol';

/** The sample index as the queries read it. */
export interface IndexReader {
  readonly length: number;
  get(i: number, f: IndexField): number;
}

export interface QueryContext {
  readonly store: ProcessStore;
  readonly layout: VersionLayout;
  readonly hertz: number;
  readonly index: IndexReader;
  /** Samples the index pass has summarised (all of them once the log is read). */
  readonly covered: number;
  /**
   * The index and the store number samples by slot (the order they were kept); the page by
   * timeline position. The same but where files interleaved in time (engine.ts reorder).
   */
  readonly slotOf: (pos: number) => number;
  readonly positionOf: (slot: number) => number;
  /** Some of the host's files are of a format whose task figures differ: they are not in the store. */
  readonly partial: boolean;
}

/** What a span covers: the samples counted, and what the page says about the others. */
/** The span's figures the answer carries (TotalsAnswer), and which samples count. */
export type SpanCount = Pick<
  Extract<TotalsAnswer, { ok: true }>,
  'counted' | 'boot' | 'damaged' | 'from' | 'to' | 'interval' | 'percputot' | 'nrcpu' | 'memTotal'
> & { readonly mask: SampleMask };

export function countSpan(ix: IndexReader, span: SampleSpan): SpanCount {
  const n = ix.length;
  const mask = new Uint8Array(n);
  let counted = 0;
  let boot = 0;
  let damaged = 0;
  let from = NaN;
  let to = NaN;
  let interval = 0;
  let percputot = 0;
  let nrcpu = 0;
  let memTotal = 0;
  const one = 'sample' in span;
  for (let i = 0; i < n; i++) {
    const t = ix.get(i, 'curtime');
    const inSpan = one ? i === span.sample : t >= span.from && t <= span.to;
    if (!inSpan) continue;
    if (ix.get(i, 'status') === SAMPLE_MISSING) {
      damaged++;
      continue;
    }
    if (!one && (ix.get(i, 'flags') & RRBOOT) !== 0) {
      boot++;
      continue;
    }
    mask[i] = 1;
    counted++;
    if (!(t >= from)) from = t;
    if (!(t <= to)) to = t;
    interval += ix.get(i, 'interval');
    percputot += ix.get(i, 'percputot');
    nrcpu = Math.max(nrcpu, ix.get(i, 'nrcpu'));
    memTotal = Math.max(memTotal, ix.get(i, 'memTotal'));
  }
  return { mask, counted, boot, damaged, from, to, interval, percputot, nrcpu, memTotal };
}

/** How a long walk shares the worker: pause between slices, progress, stop. */
export interface WalkControl {
  /** Milliseconds a slice of the walk may take before it pauses. */
  readonly sliceMs: number;
  readonly now: () => number;
  pause(): Promise<void>;
  stopped(): boolean;
  progress?(done: number): void;
}

export async function answerTotals(
  ctx: QueryContext,
  q: TotalsQuery,
  ctl: WalkControl,
): Promise<TotalsAnswer> {
  const t0 = ctl.now();
  const f = canTotal(ctx.layout, q.by);
  if (!f.ok) return { ok: false, message: f.reason, cancelled: false };
  const span = countSpan(ctx.index, 'sample' in q.span ? { sample: ctx.slotOf(q.span.sample) } : q.span);
  const it = ctx.store.walk(q.by, span.mask);
  let slice = ctl.now();
  let r = it.next();
  while (!r.done) {
    if (ctl.now() - slice > ctl.sliceMs) {
      ctl.progress?.(r.value);
      await ctl.pause();
      if (ctl.stopped()) return { ok: false, message: 'cancelled', cancelled: true };
      slice = ctl.now();
    }
    r = it.next();
  }
  const range = 'sample' in q.span ? { from: span.from, to: span.to } : { from: q.span.from, to: q.span.to };
  const table = finishTotals(f.fields, range, r.value);
  ctl.progress?.(1);
  return {
    ok: true,
    table: tableData(ctx.store, table),
    counted: span.counted,
    boot: span.boot,
    damaged: span.damaged,
    from: span.from,
    to: span.to,
    interval: span.interval,
    percputot: span.percputot,
    nrcpu: span.nrcpu,
    memTotal: span.memTotal,
    covered: ctx.covered,
    partial: ctx.partial,
    ms: ctl.now() - t0,
  };
}

/** The report's table as the page's columns read it (TotalsTableData). */
export function tableData(store: ProcessStore, t: TotalsTable): TotalsTableData {
  const n = t.rows;
  const strings: string[] = [''];
  const ids = new Map<string, number>([['', 0]]);
  const intern = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) {
      ids.set(s, (id = strings.length));
      strings.push(s);
    }
    return id;
  };
  const num: { [K in TaskFieldPath]?: Float64Array<ArrayBuffer> } = {};
  const text: { [K in TaskFieldPath]?: Int32Array<ArrayBuffer> } = {};
  const exact: { path: string; row: number; value: string }[] = [];
  const containerKey = store.layout.keys.find((k) => k.path === 'gen.utsname' || k.path === 'gen.container');
  // the report's key names → the task fields the page's columns read
  const keyPath = (key: string): string =>
    key === 'gen.container' && containerKey ? containerKey.path : key;
  for (const k of t.keys) {
    const path = keyPath(k.key) as TaskFieldPath;
    if (k.num) num[path] = Float64Array.from(k.num);
    else text[path] = Int32Array.from(k.text, intern);
  }
  for (const s of t.sums) {
    num[s.key as TaskFieldPath] = Float64Array.from(s.values, (v, r) =>
      Number.isNaN(v) ? Number(s.big.get(r) ?? 0) : v,
    );
    for (const [row, v] of s.big) exact.push({ path: s.key, row, value: v.toString() });
  }
  for (const p of t.peaks) num[p.key.replace(/\.max$/, '') as TaskFieldPath] = Float64Array.from(p.values);
  if (t.by === 'process') {
    const state = new Float64Array(n);
    const excode = new Float64Array(n);
    for (let r = 0; r < n; r++)
      if (t.exited[r]) {
        state[r] = 'E'.charCodeAt(0);
        excode[r] = t.excode[r]!;
      }
    num['gen.state'] = state;
    num['gen.excode'] = excode;
    // the parent and users a process had at its last row
    const pid = num['gen.pid']!;
    const btime = num['gen.btime']!;
    for (const path of ['gen.ppid', 'gen.ruid', 'gen.euid'] as const)
      if (store.layout.keys.some((k) => k.path === path))
        num[path] = Float64Array.from(pid, (p, r) => Number(store.lastKey(p, btime[r]!, path) ?? 0));
  }
  return {
    by: t.by,
    rows: n,
    num,
    text,
    strings,
    samples: Int32Array.from(t.samples),
    first: Float64Array.from(t.first),
    last: Float64Array.from(t.last),
    procs: Int32Array.from(t.procs),
    exact,
  };
}

/** The lifeline of (pid, btime): every process that had the pid, and the runs of its name. */
export function answerLifeline(
  ctx: QueryContext,
  pid: number,
  btime: number,
  now: () => number,
): LifelineAnswer {
  const t0 = now();
  const history = ctx.store.lifeline(pid, ctx.hertz, ctx.positionOf);
  const it = lifelineOf(history, btime);
  const selected = it ? history.indexOf(it.process) : -1;
  const list = ctx.store.processes();
  let name = '';
  if (it) {
    // the name of the process as the process list has it (its last live row's)
    for (let i = 0; i < list.count; i++)
      if (list.pid[i] === pid && list.btime[i] === it.process.btime) name = list.name[i]!;
  }
  return {
    ok: true,
    history,
    selected,
    runs: name ? incarnations(list, name, ctx.hertz) : [],
    name,
    ms: now() - t0,
  };
}
