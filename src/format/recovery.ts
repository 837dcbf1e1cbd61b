// Getting back on track after the record chain breaks. The walk (reader.ts) follows the
// lengths in each record header; when a header cannot be right, the bytes after it are
// scanned for the next record that checks out strictly (time just after the previous
// sample's, known flags, reserved bytes 0, lengths in bounds, and a system blob that
// inflates to exactly sstatlen), and reading resumes there. The skipped bytes are reported
// as a Gap, so the UI can show the hole on the timeline (docs/atop-format.md §7).
import type { FormatError } from './errors';
import type { FileHeader } from './header';
import type { BlobInflater } from './inflate';
import type { VersionLayout } from './layout/dsl';
import {
  curtimeWindow,
  implausibility,
  parseRecordHeader,
  recordBlobs,
  structuralProblem,
  type RecordBlobs,
  type RecordHeader,
} from './record';
import type { ChunkReader } from './source';

export interface Gap {
  /** 'lost-sync': unreadable bytes; 'duplicate': a record repeating the previous one byte for byte. */
  readonly reason: 'lost-sync' | 'duplicate';
  /** Offset of the first skipped byte (where the record chain broke). */
  readonly from: number;
  /** Offset where reading resumed: the next valid record, or the end of the log. */
  readonly to: number;
  readonly bytesSkipped: number;
  /** 0-based index of the last sample before the gap, or null if the gap comes first. */
  readonly afterSample: number | null;
  /** What broke, where, and how far was skipped (code 'resync', offset = from). */
  readonly error: FormatError;
}

/** True if the two bytes can start a zlib stream (RFC 1950: deflate, window ≤ 32K, no dictionary). */
export function zlibHeaderOk(b0: number, b1: number): boolean {
  return (b0 & 0x0f) === 8 && b0 >> 4 <= 7 && ((b0 << 8) | b1) % 31 === 0 && (b1 & 0x20) === 0;
}

/**
 * Null if `blob` is one zlib stream that inflates to exactly `size` bytes and ends exactly at
 * the end of the blob; else why not. (The inflater accepts bytes after the end of the
 * stream; a blob one byte shorter must therefore fail, or its length was too long.)
 */
export function exactInflateProblem(inflater: BlobInflater, blob: Uint8Array, size: number): string | null {
  if (blob.length < 2 || !zlibHeaderOk(blob[0]!, blob[1]!)) return 'does not start with a zlib header';
  const r = inflater.inflate(blob, size);
  if (!r.ok) return r.reason;
  if (inflater.inflateInto(blob.subarray(0, blob.length - 1), r.data).ok)
    return 'zlib stream ends before the blob does';
  return null;
}

/** Null if every blob of the record inflates exactly to the size its header gives; else why not. */
export function recordBlobsProblem(
  inflater: BlobInflater,
  header: FileHeader,
  layout: VersionLayout,
  rec: RecordHeader,
  blobs: RecordBlobs,
): string | null {
  for (const spec of recordBlobs(rec, header, layout)) {
    const blob = blobs[spec.kind];
    const p = blob ? exactInflateProblem(inflater, blob, spec.origlen) : null;
    if (p !== null) return `its ${spec.name} ${p}`;
  }
  return null;
}

/** Shared by all scans of one log: bounds the work spent on candidates that fail. */
export interface ScanBudget {
  /** Bytes scanned so far. */
  scanned: number;
  /** Candidates that passed the cheap checks but whose system blob did not inflate. */
  failures: number;
}

/** Failed candidate inflates allowed: a fixed allowance plus one per 64 KiB scanned. */
export function failureAllowance(b: ScanBudget): number {
  return 64 + Math.floor(b.scanned / 65536);
}

export interface ScanContext {
  readonly reader: ChunkReader;
  readonly header: FileHeader;
  readonly layout: VersionLayout;
  readonly inflater: BlobInflater;
  /** curtime of the last sample before the gap, or null if there is none. */
  readonly prevCurtime: number | null;
  /** Bytes left after the reader's position, when the source size is known. */
  readonly left: () => number | null;
  readonly signal?: { readonly aborted: boolean } | undefined;
  readonly budget: ScanBudget;
}

export type ScanOutcome =
  | { readonly kind: 'found' } // the reader stands at the record
  | { readonly kind: 'eof' } // no record in the rest of the log; the reader is at its end
  | { readonly kind: 'gave-up'; readonly failures: number }
  | { readonly kind: 'cancelled' };

/** Bytes looked at per step; a candidate needs a whole record header inside it. */
const WINDOW = 1 << 16;

/**
 * Scans forward from one byte after the reader's position for the next record header that
 * checks out, and leaves the reader on it. Linear in the bytes scanned: each position costs
 * an 8-byte compare against the curtime window (the upper 32 bits must be 0 and the lower
 * ones just after the previous sample's time); only positions passing it get the full
 * header checks, and only those get an inflate, whose failures are budgeted.
 */
export async function scanForRecord(ctx: ScanContext): Promise<ScanOutcome> {
  const { reader, header, layout, budget } = ctx;
  const reclen = header.rawreclen;
  const { lo, hi } = curtimeWindow(ctx.prevCurtime);
  let startAt = 1;
  for (;;) {
    if (ctx.signal?.aborted) return { kind: 'cancelled' };
    const win = await reader.peek(WINDOW);
    if (win.length < reclen + startAt) {
      budget.scanned += await reader.skip(win.length);
      return { kind: 'eof' };
    }
    const dv = new DataView(win.buffer, win.byteOffset, win.byteLength);
    const limit = win.length - reclen;
    let cand = -1;
    for (let p = startAt; p <= limit; p++) {
      if (win[p + 7] !== 0 || dv.getUint32(p + 4, true) !== 0) continue;
      const t = dv.getUint32(p, true);
      if (t <= lo || t > hi) continue;
      const raw = win.subarray(p, p + reclen);
      const rec = parseRecordHeader(raw, header, layout, 0, 0);
      if (
        rec.ok &&
        structuralProblem(rec.value, layout) === null &&
        implausibility(raw, rec.value, layout, ctx.prevCurtime) === null
      ) {
        cand = p;
        break;
      }
    }
    if (cand < 0) {
      if (win.length < WINDOW) {
        // the stream ends within this window: what is left cannot hold a record header
        budget.scanned += await reader.skip(win.length);
        return { kind: 'eof' };
      }
      budget.scanned += await reader.skip(limit + 1);
      startAt = 0;
      continue;
    }
    budget.scanned += await reader.skip(cand);
    if (await candidateChecksOut(ctx)) return { kind: 'found' };
    budget.failures++;
    if (budget.failures > failureAllowance(budget)) return { kind: 'gave-up', failures: budget.failures };
    startAt = 1;
  }
}

/** The reader stands on a header that passed the cheap checks: does its system blob inflate? */
async function candidateChecksOut(ctx: ScanContext): Promise<boolean> {
  const { reader, header, layout } = ctx;
  const reclen = header.rawreclen;
  const raw = (await reader.peek(reclen)).slice();
  const rec = parseRecordHeader(raw, header, layout, 0, 0);
  if (!rec.ok) return false;
  // the system blob comes first
  const [system] = recordBlobs(rec.value, header, layout);
  const need = reclen + system.complen;
  const left = ctx.left();
  if (left !== null && need > left) return false;
  const buf = await reader.peek(need);
  if (buf.length < need) return false;
  return exactInflateProblem(ctx.inflater, buf.subarray(reclen, need), system.origlen) === null;
}
