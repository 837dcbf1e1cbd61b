// The shapes process columns come in, so that the catalogue (catalogue.ts) is one line of
// data per column: a plain number, a count, bytes, KiB, 512-byte sectors, clock ticks, text,
// a state letter; and the few figures atop derives from several fields (CPU%, MEM%, DSK%,
// bandwidth, exit code, GPU busy). Units and widths follow atop's own process views.
import { exitCode, isNewTask } from '../../format/derived';
import type { NumericColumn, TaskFieldPath, TaskTextField } from '../../format/tasks';
import { fmtBytes, fmtCount, fmtDateTime, fmtKiB, fmtNsDelay, fmtPct, fmtSectors, fmtTicks } from '../format';
import { column, type ColumnGroup, type ColumnSpec } from './column';
import { cpuPercents, diskPercents, type Need, type SampleTable } from './sample';

const at = (c: NumericColumn, r: number): number => c[r] ?? 0;

type Fmt = (v: number, t: SampleTable) => string;

interface NumOptions {
  readonly width?: number;
  /** Cell text (default: the number as it is). */
  readonly fmt?: Fmt;
  /** Tooltip with the exact value. */
  readonly detail?: Fmt;
}

/** A right-aligned number read from one field (or the first of alternatives). */
export function plain(
  id: string,
  header: string,
  field: Need,
  group: ColumnGroup,
  title: string,
  o: NumOptions = {},
): ColumnSpec {
  const { fmt = String, detail } = o;
  return column(
    { id, header, title, group, align: 'right', width: o.width ?? 64, needs: [field] },
    (t, read) => {
      const c = read.num(t, field);
      return {
        key: (r) => at(c, r),
        text: (r) => fmt(at(c, r), t),
        ...(detail ? { detail: (r: number) => detail(at(c, r), t) } : {}),
      };
    },
  );
}

const exactKiB: Fmt = (v) => `${v} KiB`;
const exactSectors: Fmt = (v) => `${v} sectors = ${v * 512} bytes`;
const exactTicks: Fmt = (v, t) => `${v} ticks (${(v / Math.max(1, t.hertz)).toFixed(2)} s)`;

type Shape = typeof plain;

/** A shape of plain numbers with its own defaults (a column may still override them). */
const shaped =
  (defaults: NumOptions): Shape =>
  (id, header, field, group, title, o) =>
    plain(id, header, field, group, title, { ...defaults, ...o });

/** A count of events (faults, packets, switches): 12K, 3M. */
export const count = shaped({ width: 66, fmt: fmtCount });
/** A size in bytes. */
export const bytes = shaped({ width: 66, fmt: fmtBytes });
/** A size in KiB (atop's memory fields), shown as K/M/G. */
export const kib = shaped({ width: 66, fmt: fmtKiB, detail: exactKiB });
/** A size in 512-byte sectors (atop's disk fields). */
export const sectors = shaped({ width: 66, fmt: fmtSectors, detail: exactSectors });
/** A time in clock ticks (the log's hertz). */
export const ticks = shaped({ width: 68, fmt: (v, t) => fmtTicks(v, t.hertz), detail: exactTicks });

/** Text (a string id per row), sorted by the text. */
export function text(
  id: string,
  header: string,
  field: TaskTextField,
  group: ColumnGroup,
  title: string,
  width = 120,
): ColumnSpec {
  return column(
    { id, header, title, group, align: 'left', width, needs: [field], isText: true },
    (t, read) => {
      const ids = read.text(t, field);
      return { key: (r) => ids[r] ?? 0, text: (r) => t.strings[ids[r] ?? 0] ?? '' };
    },
  );
}

/** A single char member shown as its letter (NUL as `none`). */
export function letter(
  id: string,
  header: string,
  field: TaskFieldPath,
  group: ColumnGroup,
  title: string,
  width: number,
  none = '',
): ColumnSpec {
  return column({ id, header, title, group, align: 'left', width, needs: [field] }, (t, read) => {
    const c = read.num(t, field);
    return { key: (r) => at(c, r), text: (r) => (at(c, r) ? String.fromCharCode(at(c, r)) : none) };
  });
}

/** P for a process, T for a thread entry. */
export const taskKind = (title: string) =>
  column(
    { id: 'kind', header: 'TYPE', title, group: 'id', align: 'left', width: 44, needs: ['gen.isproc'] },
    (t, read) => {
      const c = read.num(t, 'gen.isproc');
      return { key: (r) => at(c, r), text: (r) => (at(c, r) ? 'P' : 'T') };
    },
  );

/** N for a task that was not in the previous sample. */
export const newMark = (title: string) =>
  column(
    { id: 'new', header: 'N', title, group: 'id', align: 'left', width: 30, needs: ['gen.excode'] },
    (t, read) => {
      const c = read.num(t, 'gen.excode');
      return { key: (r) => (isNewTask(at(c, r)) ? 1 : 0), text: (r) => (isNewTask(at(c, r)) ? 'N' : '-') };
    },
  );

const STATE_E = 69;

/** Exit code of an exited task (signal + 256 when killed by one). */
export const exitStatus = (title: string) =>
  column(
    {
      id: 'exc',
      header: 'EXC',
      title,
      group: 'id',
      align: 'right',
      width: 48,
      needs: ['gen.excode', 'gen.state'],
    },
    (t, read) => {
      const c = read.num(t, 'gen.excode');
      const st = read.num(t, 'gen.state');
      const exited = (r: number) => at(st, r) === STATE_E;
      return {
        key: (r) => (exited(r) ? exitCode(at(c, r)) : -1),
        text: (r) => (exited(r) ? String(exitCode(at(c, r))) : '-'),
        detail: (r) => (exited(r) ? `wait status 0x${(at(c, r) & 0xffff).toString(16)}` : 'still running'),
      };
    },
  );

/** An epoch time, in the page's time zone. */
export const startTime = (id: string, header: string, field: TaskFieldPath, title: string) =>
  column({ id, header, title, group: 'misc', align: 'left', width: 150, needs: [field] }, (t, read, fx) => {
    const c = read.num(t, field);
    return { key: (r) => at(c, r), text: (r) => (at(c, r) > 0 ? fmtDateTime(at(c, r), fx.tz) : '') };
  });

/** A percentage per row that a whole-sample computation provides (sample.ts). */
function share(
  id: string,
  header: string,
  group: ColumnGroup,
  width: number,
  needs: readonly TaskFieldPath[],
  of: (t: SampleTable) => Float64Array,
  title: string,
): ColumnSpec {
  return column({ id, header, title, group, align: 'right', width, needs }, (t) => {
    const p = of(t);
    return {
      key: (r) => p[r] ?? 0,
      text: (r) => fmtPct(p[r] ?? 0),
      detail: (r) => `${(p[r] ?? 0).toFixed(2)}%`,
    };
  });
}

/** CPU% of one CPU, as atop computes it. */
export const cpuShare = (title: string) =>
  // threads cap it where the table has them (sample.ts cpuPercents); totals have none
  share('cpu', 'CPU', 'cpu', 56, ['cpu.utime', 'cpu.stime'], cpuPercents, title);

/** The row's share of all processes' disk transfers. */
export const diskShare = (title: string) =>
  share('dsk', 'DSK', 'dsk', 52, ['dsk.rsz', 'dsk.wsz'], diskPercents, title);

/** Resident size as a share of physical memory (sorted by the size itself). */
export const memShare = (title: string) =>
  column(
    { id: 'mem', header: 'MEM', title, group: 'mem', align: 'right', width: 52, needs: ['mem.rmem'] },
    (t, read) => {
      const c = read.num(t, 'mem.rmem');
      const total = t.data.memTotal;
      const pct = (r: number) => (total > 0 ? (at(c, r) * 1024 * 100) / total : 0);
      return { key: (r) => at(c, r), text: (r) => fmtPct(pct(r)), detail: (r) => `${pct(r).toFixed(2)}%` };
    },
  );

/** Bytes/s of a per-interval byte count, as atop's BANDWI/BANDWO (Kbps, Mbps). */
function bandwidthText(bytes: number, interval: number): string {
  const kbps = (bytes * 8) / Math.max(1, interval) / 1000;
  if (kbps < 10000) return `${Math.round(kbps)} Kbps`;
  if (kbps < 10_000_000) return `${Math.round(kbps / 1000)} Mbps`;
  return `${Math.round(kbps / 1_000_000)} Gbps`;
}

/** TCP + UDP bytes of the interval as a bit rate. */
export const bandwidth = (
  id: string,
  header: string,
  tcp: TaskFieldPath,
  udp: TaskFieldPath,
  title: string,
) =>
  column({ id, header, title, group: 'net', align: 'right', width: 84, needs: [tcp, udp] }, (t, read) => {
    const a = read.num(t, tcp);
    const b = read.num(t, udp);
    const v = (r: number) => at(a, r) + at(b, r);
    return { key: v, text: (r) => bandwidthText(v(r), t.data.interval) };
  });

/** A GPU busy percentage: the sampled value, or from 2.13 the cumulated one over the samples. */
export const gpuBusy = (
  id: string,
  header: string,
  plainField: TaskFieldPath,
  cum: TaskFieldPath,
  title: string,
) =>
  column(
    {
      id,
      header,
      title,
      group: 'gpu',
      align: 'right',
      width: 70,
      needs: [[plainField, cum]],
      optional: ['gpu.samples'],
    },
    (t, read) => {
      const p = read.optional(t, plainField);
      const c = read.num(t, cum);
      const n = read.num(t, 'gpu.samples');
      const v = p ? (r: number) => at(p, r) : (r: number) => (at(n, r) > 0 ? at(c, r) / at(n, r) : -1);
      return { key: v, text: (r) => (v(r) < 0 ? '-' : fmtPct(v(r))) };
    },
  );

/** Average GPU memory in use: cumulated memory over the number of GPU samples. */
export const gpuMemAverage = (title: string) =>
  column(
    {
      id: 'gpumemavg',
      header: 'MEMAVG',
      title,
      group: 'gpu',
      align: 'right',
      width: 66,
      needs: ['gpu.memcum', ['gpu.sample', 'gpu.samples']],
    },
    (t, read) => {
      const cum = read.num(t, 'gpu.memcum');
      const n = read.num(t, ['gpu.sample', 'gpu.samples']);
      const v = (r: number) => (at(n, r) > 0 ? at(cum, r) / at(n, r) : 0);
      return { key: v, text: (r) => fmtKiB(v(r)) };
    },
  );

const POLICIES: Record<number, string> = { 0: 'norm', 1: 'fifo', 2: 'rr', 3: 'btch', 5: 'idle', 6: 'dead' };

/** -1 (no parent known) as "-". */
export const dashIfNone: Fmt = (v) => (v < 0 ? '-' : String(v));
/** A scheduling policy number by its name in atop. */
export const policyName: Fmt = (v) => POLICIES[v] ?? String(v);
export const hex: Fmt = (v) => (v >>> 0).toString(16);
export const nsDelay: Fmt = (v) => fmtNsDelay(v);
export const exactNs: Fmt = (v) => `${v} ns`;
/** -1 (not measured: atop without -R) as "?". */
export const kibOrUnknown: Fmt = (v) => (v < 0 ? '?' : fmtKiB(v));
/** 0 (still running) as "-". */
export const ticksIfEnded: Fmt = (v, t) => (v > 0 ? fmtTicks(v, t.hertz) : '-');
