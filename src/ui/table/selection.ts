// Which process a selection means: pid and start time together, so that stepping through
// time keeps the same process selected and never a later one that got its pid again.
import { reads, type SampleTable } from './sample';

export interface ProcessKey {
  readonly pid: number;
  /** Start time (gen.btime, epoch seconds); 0 when the log does not say. */
  readonly btime: number;
}

export const SELECTION_READS = reads('gen.pid', 'gen.btime');
const R = SELECTION_READS;

/** The process of a row, or null for a row the sample does not have. */
export function processAt(t: SampleTable, row: number): ProcessKey | null {
  const pid = R.optional(t, 'gen.pid')?.[row];
  if (pid === undefined) return null;
  return { pid, btime: R.optional(t, 'gen.btime')?.[row] ?? 0 };
}

/** Display position of the process among `rows`, or -1. */
export function positionOf(t: SampleTable, rows: Int32Array, key: ProcessKey | null): number {
  const pid = R.optional(t, 'gen.pid');
  if (!pid || key === null) return -1;
  const btime = R.optional(t, 'gen.btime');
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (pid[r] === key.pid && (!btime || key.btime === 0 || btime[r] === key.btime)) return k;
  }
  return -1;
}
