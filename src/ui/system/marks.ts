// What a person must know about a sample before trusting its figures, one byte of flags per
// sample, worked out once from the index: the since-boot first sample, later since-boot
// samples (atop restarted), gaps in time, damaged samples, bytes skipped before a sample,
// changes of the sampling interval. Charts, the events track and the tooltips all draw from
// this one structure (a several-files timeline adds its file starts as one more flag).
import { MARK_FILE_START } from '../../format/timeline/merge';
import { RRBOOT, SAMPLE_MISSING, type LogProblem } from '../../worker/protocol';

export const MARK = {
  /** Totals since boot: the first sample after atop started. */
  boot: 1,
  /** A since-boot sample after the first one: atop (or the machine) restarted. */
  restart: 2,
  /** Much more time passed since the previous sample than the sampling interval. */
  timeGap: 4,
  /** The sample cannot be shown (a damaged blob). */
  damaged: 8,
  /** Unreadable bytes were skipped right before this sample. */
  skipped: 16,
  /** The sampling interval changed here (and stayed changed). */
  intervalChange: 32,
  /** The first sample of a file (several files on one timeline). */
  fileStart: 64,
} as const;

export type MarkName = keyof typeof MARK;

/** What marks are computed from: the sample index as the session holds it. */
export interface MarkSource {
  readonly length: number;
  get(field: 'curtime' | 'interval' | 'flags' | 'status' | 'marks', i: number): number;
}

/** A time gap: more than `gapFactor` × the usual interval between two samples. */
export const DEFAULT_GAP_FACTOR = 2;

/** Flags (MARK bits) of every sample. */
export function sampleMarks(
  ix: MarkSource,
  problems: readonly LogProblem[],
  gapFactor = DEFAULT_GAP_FACTOR,
): Uint8Array {
  const n = ix.length;
  const out = new Uint8Array(n);
  /** The interval the log has been sampled at lately (that of the last regular sample). */
  let usual = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    const boot = (ix.get('flags', i) & RRBOOT) !== 0;
    if (boot) m |= i === 0 ? MARK.boot : MARK.boot | MARK.restart;
    if (ix.get('status', i) === SAMPLE_MISSING) m |= MARK.damaged;
    // where the worker's merging rule (format/timeline/merge.ts) started a file
    if (ix.get('marks', i) & MARK_FILE_START) m |= MARK.fileStart;
    const interval = ix.get('interval', i);
    if (i > 0 && !boot && usual > 0) {
      const dt = ix.get('curtime', i) - ix.get('curtime', i - 1);
      if (dt > gapFactor * usual && dt > usual + 1) m |= MARK.timeGap;
      else if (Math.abs(interval - usual) > Math.max(1, usual * 0.2)) {
        // a change that holds for the next sample too (or the log ends): not a one-off
        const next = i + 1 < n ? ix.get('interval', i + 1) : interval;
        if (Math.abs(next - interval) <= Math.max(1, interval * 0.2)) m |= MARK.intervalChange;
      }
    }
    if (!boot && !(m & MARK.timeGap)) usual = interval;
    else if (boot) usual = 0;
    out[i] = m;
  }
  for (const p of problems) {
    if (p.gapAfter === null) continue;
    const i = p.gapAfter + 1;
    if (i >= 0 && i < n) out[i]! |= MARK.skipped;
  }
  return out;
}

/** Samples with any of the `bits`, in order. */
export function markedSamples(marks: Uint8Array, bits: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < marks.length; i++) if (marks[i]! & bits) out.push(i);
  return out;
}

const WORDS: Readonly<Record<MarkName, string>> = {
  boot: 'since boot: totals since the system started',
  restart: 'atop restarted (totals since boot)',
  timeGap: 'gap in time before this sample',
  damaged: 'damaged: this sample cannot be shown',
  skipped: 'unreadable bytes skipped before this sample',
  intervalChange: 'sampling interval changed',
  fileStart: 'first sample of a file',
};

/** What a sample's marks say, in words. */
export function describeMarks(m: number): string[] {
  return (Object.keys(MARK) as MarkName[])
    .filter((k) => m & MARK[k] && !(k === 'boot' && m & MARK.restart))
    .map((k) => WORDS[k]);
}
