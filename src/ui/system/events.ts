// Where something happened that a person looks for in a day of atop: OOM kills, pressure
// stalls, swap-in storms, saturated CPUs and disks, restarts, gaps in sampling and processes
// that died badly. Computed from atop's figures (system-figures.ts) and the per-sample
// marks, never guessed: each event names the figure, the threshold and the peak value.
// Consecutive samples of the same kind (and device) make one event.
import { MARK } from './marks';

export const EVENT_KINDS = ['oom', 'psi', 'swapin', 'cpu', 'disk', 'restart', 'gap', 'exit'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_TITLES: Readonly<Record<EventKind, string>> = {
  oom: 'OOM kill',
  psi: 'Pressure stall',
  swapin: 'Swap-in storm',
  cpu: 'CPU saturated',
  disk: 'Disk saturated',
  restart: 'Restart',
  gap: 'Gap in sampling',
  exit: 'Failed exit',
};

export interface Thresholds {
  /** CPU busy (atop's CPU line colour base: all CPUs but idle and wait), % of all CPUs. */
  readonly cpuBusy: number;
  /** A disk's busy % (atop's DSK busy). */
  readonly diskBusy: number;
  /** Stall time in the interval, % (atop's PSI cpusome … iofull). */
  readonly psi: number;
  /** Pages swapped in per second (atop's PAG swin, per second). */
  readonly swapIn: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { cpuBusy: 90, diskBusy: 90, psi: 25, swapIn: 100 };

export interface SystemEvent {
  readonly kind: EventKind;
  /** First and last sample of the event (inclusive). */
  readonly from: number;
  readonly to: number;
  /** The sample with the highest value, and that value (in `unit`). */
  readonly peakSample: number;
  readonly peak: number;
  readonly unit: '%' | '/s' | 'count' | 's';
  /** The device or resource ("sda", "memfull"), if the kind has several. */
  readonly subject: string | null;
  /** What happened, in words. */
  readonly text: string;
}

/** What detection reads: columns of the log's series (null when the log lacks the figure). */
export interface EventInput {
  readonly samples: number;
  column(key: string): Float32Array | null;
  /** Devices of a group and one figure of each. */
  devices(label: string, key: string): readonly { readonly name: string; readonly values: Float32Array }[];
  readonly marks: Uint8Array;
  readonly curtime: Float64Array;
  readonly interval: Float64Array;
  /** Failed exits per sample (state E, exit code or signal). */
  readonly failedExits: Float64Array;
  /** Names of the first few of them, by sample. */
  exitNames(sample: number): readonly string[];
}

const PSI_PARTS = ['cpusome', 'memsome', 'memfull', 'iosome', 'iofull'] as const;

/** Counters of since-boot samples are totals, not the interval's: no event comes from them. */
const sinceBoot = (marks: Uint8Array, i: number) => (marks[i]! & MARK.boot) !== 0;

interface Run {
  from: number;
  to: number;
  peak: number;
  peakSample: number;
}

/** Runs of consecutive samples where `hit(i)` gives a value (NaN: no hit). */
function runs(n: number, value: (i: number) => number): Run[] {
  const out: Run[] = [];
  let cur: Run | null = null;
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (Number.isNaN(v)) {
      cur = null;
      continue;
    }
    if (cur && cur.to === i - 1) {
      cur.to = i;
      if (v > cur.peak) {
        cur.peak = v;
        cur.peakSample = i;
      }
    } else out.push((cur = { from: i, to: i, peak: v, peakSample: i }));
  }
  return out;
}

const round = (v: number) => (Math.abs(v) >= 10 ? Math.round(v) : Math.round(v * 10) / 10);
const span = (r: Run) => (r.to > r.from ? ` for ${r.to - r.from + 1} samples` : '');

export function detectEvents(x: EventInput, t: Thresholds): SystemEvent[] {
  const n = x.samples;
  const out: SystemEvent[] = [];
  const above = (col: Float32Array | null, limit: number) => (i: number) => {
    const v = col ? col[i]! : NaN;
    return !sinceBoot(x.marks, i) && v >= limit ? v : NaN;
  };

  const oom = x.column('pag.oomkill');
  for (const r of runs(n, above(oom, 1)))
    out.push({
      kind: 'oom',
      ...r,
      unit: 'count',
      subject: null,
      text: `${r.peak} process${r.peak === 1 ? '' : 'es'} killed by the OOM killer${span(r)}`,
    });

  for (const p of PSI_PARTS)
    for (const r of runs(n, above(x.column(`psi.${p}.stall`), t.psi)))
      out.push({
        kind: 'psi',
        ...r,
        unit: '%',
        subject: p,
        text: `${p} stalled ${round(r.peak)}% of the interval${span(r)} (≥ ${t.psi}%)`,
      });

  for (const r of runs(n, above(x.column('pag.swin'), t.swapIn)))
    out.push({
      kind: 'swapin',
      ...r,
      unit: '/s',
      subject: null,
      text: `${round(r.peak)} pages/s swapped in${span(r)} (≥ ${t.swapIn}/s)`,
    });

  for (const r of runs(n, above(x.column('cpu.busy'), t.cpuBusy)))
    out.push({
      kind: 'cpu',
      ...r,
      unit: '%',
      subject: null,
      text: `CPU ${round(r.peak)}% busy${span(r)} (≥ ${t.cpuBusy}%)`,
    });

  for (const d of x.devices('DSK', 'busy'))
    for (const r of runs(n, above(d.values, t.diskBusy)))
      out.push({
        kind: 'disk',
        ...r,
        unit: '%',
        subject: d.name,
        text: `${d.name} ${round(r.peak)}% busy${span(r)} (≥ ${t.diskBusy}%)`,
      });

  for (let i = 1; i < n; i++) {
    const m = x.marks[i]!;
    if (m & MARK.restart)
      out.push({
        kind: 'restart',
        from: i,
        to: i,
        peakSample: i,
        peak: x.interval[i]!,
        unit: 's',
        subject: null,
        text: 'atop restarted: this sample counts since boot',
      });
    if (m & (MARK.timeGap | MARK.skipped)) {
      const dt = x.curtime[i]! - x.curtime[i - 1]!;
      out.push({
        kind: 'gap',
        from: i,
        to: i,
        peakSample: i,
        peak: dt,
        unit: 's',
        subject: null,
        text:
          m & MARK.skipped
            ? `unreadable bytes skipped before this sample (${round(dt)} s after the previous one)`
            : `no sample for ${round(dt)} s`,
      });
    }
  }

  for (let i = 0; i < n; i++) {
    const c = x.failedExits[i]!;
    if (!(c > 0)) continue;
    const names = x.exitNames(i);
    out.push({
      kind: 'exit',
      from: i,
      to: i,
      peakSample: i,
      peak: c,
      unit: 'count',
      subject: null,
      text: `${c} process${c === 1 ? '' : 'es'} exited with an error code or a signal${
        names.length > 0 ? `: ${names.join(', ')}${c > names.length ? ', …' : ''}` : ''
      }`,
    });
  }
  return out.sort((a, b) => a.from - b.from || EVENT_KINDS.indexOf(a.kind) - EVENT_KINDS.indexOf(b.kind));
}
