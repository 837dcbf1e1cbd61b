// Which task rows are the same process. A process is its pid and start time (gen.btime), as
// atop itself matches processes from one sample to the next. Rows are first collected under
// their exact (pid, btime) — a "raw process" — which is what partial results over disjoint
// sample sets can be merged on; resolveProcesses then joins raw processes of one pid that
// are the same process although their btime differs by a second:
//
// - atop writes an exiting process's last row (state E) from process accounting, whose start
//   time is computed by the kernel at exit and can be 1 s off the start time of the live
//   rows (seen in every capture from 1.26 to 2.13: live rows 1795532149, E row 1795532150);
// - a log holding several atop runs: each run computes the boot time anew, so a process
//   that lives through a restart of atop can come back with its btime a second off.
//
// It never joins two processes: a raw process joins the one before it with the same pid
// only if that one has not exited (no E row), they do not overlap in time, and the newcomer
// does not start with a live row marked new in its interval (gen.excode bit 31) outside a
// since-boot sample — a pid reused by a new process. The new-bit of E rows is not used: atop
// 1.26 sets it on the E row of a process it had listed alive (it failed to match the 1 s off
// start time itself). Two processes with the same pid started in the same second stay
// indistinguishable, as they are for atop.

/** Raw process flags. */
export const LIVE = 1; // has a live row (any state but E)
export const EXITED = 2; // has an E row
export const FRESH = 4; // its first row is live, marked new, in a sample that is not since boot

/** The start times of one process may differ by this much (seconds). */
export const BTIME_TOLERANCE = 1;

export interface RawProcesses {
  readonly count: number;
  readonly pid: Int32Array;
  readonly btime: Float64Array;
  /** First and last sample index (position in the log) with a row of it. */
  readonly firstIdx: Int32Array;
  readonly lastIdx: Int32Array;
  readonly flags: Uint8Array;
}

export interface ResolvedProcesses {
  /** Number of processes. */
  readonly count: number;
  /** Process of each raw process. */
  readonly of: Int32Array;
  /** Per process: its pid and start time (the btime of its first raw process, its live rows'). */
  readonly pid: Int32Array;
  readonly btime: Float64Array;
}

export function resolveProcesses(raw: RawProcesses): ResolvedProcesses {
  const n = raw.count;
  const { pid, btime, firstIdx, lastIdx, flags } = raw;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => pid[a]! - pid[b]! || firstIdx[a]! - firstIdx[b]! || btime[a]! - btime[b]!);

  const of = new Int32Array(n);
  const outPid = new Int32Array(n);
  const outBtime = new Float64Array(n);
  let count = 0;
  // the process being built for the current pid
  let cur = -1;
  let curPid = 0;
  let lo = 0; // its lowest and highest btime
  let hi = 0;
  let last = 0; // its last sample
  let exited = false;
  for (let k = 0; k < n; k++) {
    const e = order[k]!;
    const b = btime[e]!;
    const joins =
      cur >= 0 &&
      pid[e] === curPid &&
      !exited &&
      firstIdx[e]! > last &&
      (flags[e]! & FRESH) === 0 &&
      b >= lo - BTIME_TOLERANCE &&
      b <= hi + BTIME_TOLERANCE;
    if (joins) {
      lo = Math.min(lo, b);
      hi = Math.max(hi, b);
    } else {
      cur = count++;
      curPid = pid[e]!;
      outPid[cur] = curPid;
      outBtime[cur] = b;
      lo = hi = b;
    }
    of[e] = cur;
    last = lastIdx[e]!;
    exited = (flags[e]! & EXITED) !== 0;
  }
  return { count, of, pid: outPid.slice(0, count), btime: outBtime.slice(0, count) };
}
