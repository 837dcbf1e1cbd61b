// The record walk: file header, then record header + blobs, one sample after another. This
// pass only checks lengths and slices the compressed blobs out; decoding is separate
// (decode.ts), so a caller can index a whole log and inflate only what it shows.
//
// A record is handed out once the header after it has been read and looks right (or the
// log ends there): a record whose lengths lie is caught by the garbage they lead to. When a
// header cannot be right, the record before it is checked by inflating its blobs, then the
// log is scanned for the next valid record (recovery.ts) and the skipped bytes are reported
// as a Gap. Nothing is allocated from a length that was not checked against the file.
import { sampleAt, type FormatError } from './errors';
import { FILE_HEADER_SIZE, parseFileHeader, type FileHeader } from './header';
import { BlobInflater } from './inflate';
import type { VersionLayout } from './layout/dsl';
import {
  implausibility,
  parseRecordHeader,
  partialHeaderPlausible,
  recordBlobs,
  recordBodyLength,
  sliceBlobs,
  structuralProblem,
  type RecordBlobs,
  type RecordHeader,
} from './record';
import { recordBlobsProblem, scanForRecord, type Gap, type ScanBudget } from './recovery';
import { ChunkReader, GzipError, gunzip, isGzip, type ChunkSource } from './source';

export type { Gap } from './recovery';

/** A record as read: its header and its blobs (see recordBlobs in record.ts). */
export interface RawRecord extends RecordBlobs {
  /** 0-based sample index in the file. */
  readonly index: number;
  /** Byte offset of the record header in the (decompressed) log. */
  readonly offset: number;
  readonly rec: RecordHeader;
}

export interface OpenedLog {
  readonly header: FileHeader;
  readonly layout: VersionLayout;
  readonly gzip: boolean;
}

export type LogEvent =
  | { readonly type: 'header'; readonly log: OpenedLog }
  | {
      readonly type: 'record';
      readonly record: RawRecord;
      /** Bytes skipped right before this record (lost sync, or a repeated record). */
      readonly gapBefore?: Gap;
    }
  /** Always the last event: error is null when the log ended cleanly at a record boundary. */
  | {
      readonly type: 'end';
      readonly bytes: number;
      readonly records: number;
      readonly error: FormatError | null;
      /**
       * Bytes skipped at the end of the log that no record follows. For a 'lost-sync' gap,
       * `error` is what broke the chain and says how much was skipped.
       */
      readonly gap?: Gap;
      /**
       * The log simply ends inside its last record (header plausible, blobs cut short): a
       * log atop may still be writing. `error` (truncated-record-header or -data) then
       * is a note rather than damage.
       */
      readonly incompleteLastRecord?: boolean;
    };

export interface ReadOptions {
  /** Size of the source in bytes if known (not for gzip): lets length errors say how much is left. */
  readonly totalSize?: number;
  /** An AbortSignal, or anything with `aborted`. */
  readonly signal?: { readonly aborted: boolean };
}

function readFailure(e: unknown, offset: number, sample: number | null): FormatError {
  const where = `at offset ${offset} of the log` + (sample === null ? '' : `, in sample ${sample + 1}`);
  if (e instanceof GzipError)
    return { code: 'bad-gzip', offset, sample, message: `${e.message} (${where}).` };
  return { code: 'read-failed', offset, sample, message: `Reading the file failed ${where}: ${String(e)}` };
}

export async function* readLog(source: ChunkSource, opts: ReadOptions = {}): AsyncGenerator<LogEvent> {
  let reader = new ChunkReader(source);
  let walk: Walk | null = null;
  try {
    let gzip = false;
    if (isGzip(await reader.peek(2))) {
      gzip = true;
      reader = new ChunkReader(gunzip(readerChunks(reader)));
    }
    const head = await reader.read(FILE_HEADER_SIZE);
    const parsed = parseFileHeader(head);
    if (!parsed.ok) {
      const error =
        gzip && head.length === 0
          ? { ...parsed.error, message: 'The gzip file is empty inside.' }
          : parsed.error;
      yield { type: 'end', bytes: reader.position, records: 0, error };
      return;
    }
    const { header, layout } = parsed.value;
    yield { type: 'header', log: { header, layout, gzip } };
    walk = new Walk(reader, header, layout, gzip ? undefined : opts.totalSize, opts.signal);
    yield* walk.run();
  } catch (e) {
    // a failing source (I/O error, corrupt gzip): keep what was read, say where it stopped
    if (walk) yield* walk.fail(e);
    else
      yield { type: 'end', bytes: reader.position, records: 0, error: readFailure(e, reader.position, null) };
  } finally {
    // a source that fails again while being closed has nothing more to tell
    await reader.close().catch(() => undefined);
  }
}

/** A record read but not handed out yet: the header after it decides. */
interface Pending {
  readonly offset: number;
  readonly raw: Uint8Array;
  readonly rec: RecordHeader;
  readonly blobs: RecordBlobs;
  /** Its blobs are known to inflate exactly. */
  readonly verified: boolean;
  readonly gapBefore: GapDraft | null;
}

/** A gap whose sample numbers are filled in when the record after it is handed out. */
interface GapDraft {
  readonly reason: Gap['reason'];
  readonly from: number;
  readonly to: number;
  /** What broke the chain (null for a repeated record). */
  readonly cause: FormatError | null;
}

function mergeGaps(a: GapDraft | null, b: GapDraft): GapDraft {
  if (!a) return b;
  const cause = a.cause ?? b.cause;
  return { reason: cause ? 'lost-sync' : 'duplicate', from: Math.min(a.from, b.from), to: b.to, cause };
}

class Walk {
  private pending: Pending | null = null;
  /** Gap to attach to the next record read. */
  private carry: GapDraft | null = null;
  /** Records handed out so far = index of the next one. */
  private records = 0;
  private lastCurtime: number | null = null;
  private inflater: BlobInflater | null = null;
  private readonly budget: ScanBudget = { scanned: 0, failures: 0 };
  private readonly reclen: number;

  constructor(
    private readonly reader: ChunkReader,
    private readonly header: FileHeader,
    private readonly layout: VersionLayout,
    private readonly total: number | undefined,
    private readonly signal: { readonly aborted: boolean } | undefined,
  ) {
    this.reclen = header.rawreclen;
  }

  private left(): number | null {
    return this.total === undefined ? null : Math.max(0, this.total - this.reader.position);
  }

  /** curtime a new record must come after. */
  private prevCurtime(): number | null {
    return this.pending ? this.pending.rec.curtime : this.lastCurtime;
  }

  /** Index the record being read would get. */
  private nextIndex(): number {
    return this.records + (this.pending ? 1 : 0);
  }

  private blobsProblem(rec: RecordHeader, blobs: RecordBlobs): string | null {
    this.inflater ??= new BlobInflater();
    return recordBlobsProblem(this.inflater, this.header, this.layout, rec, blobs);
  }

  private end(
    error: FormatError | null,
    extra: { gap?: Gap; incompleteLastRecord?: boolean } = {},
  ): LogEvent {
    return { type: 'end', bytes: this.reader.position, records: this.records, error, ...extra };
  }

  /** Hands out the pending record, with the gap before it. */
  private *flush(): Generator<LogEvent> {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const index = this.records++;
    this.lastCurtime = p.rec.curtime;
    const record: RawRecord = { index, offset: p.offset, rec: p.rec, ...p.blobs };
    yield p.gapBefore
      ? { type: 'record', record, gapBefore: finishGap(p.gapBefore, index, null) }
      : { type: 'record', record };
  }

  /** The end of the walk when there may be a gap left over. */
  private *finish(error: FormatError | null, incompleteLastRecord = false): Generator<LogEvent> {
    yield* this.flush();
    const extra: { gap?: Gap; incompleteLastRecord?: boolean } = {};
    if (this.carry) extra.gap = finishGap(this.carry, this.records, this.reader.position);
    if (incompleteLastRecord) extra.incompleteLastRecord = true;
    yield this.end(error, extra);
  }

  *fail(e: unknown): Generator<LogEvent> {
    yield* this.flush();
    yield* this.finish(readFailure(e, this.reader.position, this.records));
  }

  async *run(): AsyncGenerator<LogEvent> {
    const { reader, header, layout } = this;
    for (;;) {
      if (this.signal?.aborted) {
        yield* this.flush();
        yield this.end({
          code: 'cancelled',
          offset: reader.position,
          sample: this.records,
          message: `Reading was cancelled at offset ${reader.position}.`,
        });
        return;
      }
      const offset = reader.position;
      const index = this.nextIndex();
      const raw = await reader.read(this.reclen);
      if (raw.length === 0) {
        yield* this.finish(null);
        return;
      }
      if (raw.length < this.reclen) {
        const incomplete = partialHeaderPlausible(raw, this.prevCurtime());
        const cause: FormatError = {
          code: 'truncated-record-header',
          offset,
          sample: index,
          message:
            `The log ends inside the record header of sample ${index + 1} at offset ${offset}: ` +
            `${raw.length} of ${this.reclen} bytes present` +
            (incomplete ? '; atop may still be writing it.' : '.'),
        };
        // bytes that cannot start a record: did the previous record's lengths lead here
        // wrongly? Then the records inside its span are still to be found.
        const p = this.pending;
        const bad = !incomplete && p && !p.verified ? this.blobsProblem(p.rec, p.blobs) : null;
        if (bad !== null) {
          if (yield* this.lostSync(offset, [raw], cause, false, bad)) return;
          continue;
        }
        yield* this.finish(cause, incomplete);
        return;
      }
      const parsed = parseRecordHeader(raw, header, layout, offset, index);
      if (!parsed.ok) {
        if (yield* this.lostSync(offset, [raw], parsed.error, false)) return;
        continue;
      }
      const rec = parsed.value;
      const structural = structuralProblem(rec, layout);
      if (structural !== null) {
        if (yield* this.lostSync(offset, [raw], badHeader(offset, index, structural), false)) return;
        continue;
      }
      const why = implausibility(raw, rec, layout, this.prevCurtime());
      const body = recordBodyLength(rec, header, layout);
      const left = this.left();
      const pieces: Uint8Array[] = [raw];
      const blobs =
        left !== null && body > left ? null : await readBlobs(reader, rec, header, layout, pieces);
      if (!blobs) {
        // the lengths point past the end of the log: atop may still be writing this record,
        // or the lengths lie and more records follow (the scan tells)
        const got = pieces.reduce((n, p) => n + p.length, 0) - raw.length;
        const cause: FormatError =
          why === null
            ? {
                code: 'truncated-record-data',
                offset,
                sample: index,
                message:
                  `The log ends inside sample ${index + 1} (record at offset ${offset}): ` +
                  `its blobs need ${body} bytes but only ${left ?? got} are left; atop may still be writing it.`,
              }
            : badHeader(offset, index, `${why}, and its blobs run past the end of the log`);
        if (yield* this.lostSync(offset, pieces, cause, why === null)) return;
        continue;
      }
      let verified = false;
      if (why !== null) {
        // values that cannot be right, lengths that fit: believe the record only if its blobs do
        const p = this.pending;
        if (p && sameRecord(p, raw, blobs)) {
          this.carry = mergeGaps(this.carry, {
            reason: 'duplicate',
            from: offset,
            to: reader.position,
            cause: null,
          });
          continue;
        }
        const bad = this.blobsProblem(rec, blobs);
        if (bad !== null) {
          if (yield* this.lostSync(offset, pieces, badHeader(offset, index, `${why}, and ${bad}`), false))
            return;
          continue;
        }
        verified = true;
      }
      yield* this.flush();
      this.pending = { offset, raw, rec, blobs, verified, gapBefore: this.carry };
      this.carry = null;
    }
  }

  /**
   * The record header at `offset` cannot be followed (`pieces`: every byte read from there).
   * Checks the record before it, scans for the next valid record and leaves the reader on
   * it; true when the walk has ended instead (nothing valid follows).
   */
  private async *lostSync(
    offset: number,
    pieces: readonly Uint8Array[],
    cause: FormatError,
    truncation: boolean,
    pendingProblem?: string,
  ): AsyncGenerator<LogEvent, boolean> {
    const reader = this.reader;
    for (let i = pieces.length - 1; i >= 0; i--) reader.unread(pieces[i]!);
    let from = offset;
    const p = this.pending;
    if (p && !p.verified && !truncation) {
      // the previous record's lengths led here: were they right?
      const bad = pendingProblem ?? this.blobsProblem(p.rec, p.blobs);
      if (bad !== null) {
        unreadRecord(reader, p);
        from = p.offset;
        this.carry = p.gapBefore;
        this.pending = null;
        cause = {
          ...cause,
          message:
            `${sampleAt(this.records, p.offset)} does not check out: ${bad}; ` +
            `the record header after it cannot be right either. ${cause.message}`,
        };
      }
    }
    yield* this.flush();
    const outcome = await scanForRecord({
      reader,
      header: this.header,
      layout: this.layout,
      inflater: (this.inflater ??= new BlobInflater()),
      prevCurtime: this.lastCurtime,
      left: () => this.left(),
      signal: this.signal,
      budget: this.budget,
    });
    const to = reader.position;
    if (outcome.kind === 'found') {
      this.carry = mergeGaps(this.carry, { reason: 'lost-sync', from, to, cause });
      return false;
    }
    if (outcome.kind === 'cancelled') {
      yield this.end({
        code: 'cancelled',
        offset: to,
        sample: this.records,
        message: `Reading was cancelled at offset ${to} while looking for the next valid record.`,
      });
      return true;
    }
    if (truncation && outcome.kind === 'eof') {
      // nothing valid after the cut record: the log just ends inside it
      yield* this.finish(cause, true);
      return true;
    }
    // nothing valid follows: the end error describes the gap (same offset as its start)
    const gap = mergeGaps(this.carry, { reason: 'lost-sync', from, to, cause });
    this.carry = gap;
    const tail =
      outcome.kind === 'eof'
        ? ` No valid record follows: the remaining ${to - gap.from} bytes (offsets ${gap.from}–${to}) were skipped.`
        : ` Gave up looking for the next valid record after ${outcome.failures} candidates that did not check out (offsets ${gap.from}–${to}).`;
    yield* this.finish({ ...cause, offset: gap.from, sample: this.records, message: cause.message + tail });
    return true;
  }
}

/** Pushes a pending record's bytes back in front of the reader. */
function unreadRecord(reader: ChunkReader, p: Pending): void {
  const { sblob, pblob, cblob, iblob } = p.blobs;
  for (const piece of [iblob, cblob, pblob, sblob, p.raw]) if (piece) reader.unread(piece);
}

function sameRecord(p: Pending, raw: Uint8Array, blobs: RecordBlobs): boolean {
  const eq = (a: Uint8Array | null, b: Uint8Array | null) => {
    if (a === null || b === null) return a === b;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  return (
    eq(p.raw, raw) &&
    eq(p.blobs.sblob, blobs.sblob) &&
    eq(p.blobs.pblob, blobs.pblob) &&
    eq(p.blobs.cblob, blobs.cblob) &&
    eq(p.blobs.iblob, blobs.iblob)
  );
}

function badHeader(offset: number, sample: number, why: string): FormatError {
  return {
    code: 'bad-record-header',
    offset,
    sample,
    message: `Record ${sample + 1} at offset ${offset} cannot be right: ${why}.`,
  };
}

/**
 * The public form of a gap, once the index of the record after it is known; `endOfLog` is
 * null when reading resumed after it, else the offset where the log ended.
 */
function finishGap(d: GapDraft, nextIndex: number, endOfLog: number | null): Gap {
  const afterSample = nextIndex > 0 ? nextIndex - 1 : null;
  const bytesSkipped = d.to - d.from;
  const range = `${bytesSkipped} bytes (offsets ${d.from}–${d.to})`;
  let error: FormatError;
  if (d.cause === null) {
    const repeated = afterSample ?? 0;
    error = {
      code: 'resync',
      offset: d.from,
      sample: repeated,
      message: `The record at offset ${d.from} repeats sample ${repeated + 1} byte for byte: skipped ${range}.`,
    };
  } else {
    const where =
      endOfLog === null
        ? `; reading resumed at offset ${d.to} with sample ${nextIndex + 1}.`
        : d.to >= endOfLog
          ? ' to the end of the log.'
          : `, up to the record at offset ${d.to}, inside which the log ends.`;
    error = {
      code: 'resync',
      offset: d.from,
      sample: nextIndex,
      message: `${d.cause.message} Skipped ${range}${where}`,
    };
  }
  return {
    reason: d.cause === null ? 'duplicate' : 'lost-sync',
    from: d.from,
    to: d.to,
    bytesSkipped,
    afterSample,
    error,
  };
}

/** Reads the blobs of a record, appending what was read to `pieces`; null if the log ends first. */
async function readBlobs(
  r: ChunkReader,
  rec: RecordHeader,
  header: FileHeader,
  layout: VersionLayout,
  pieces: Uint8Array[],
): Promise<RecordBlobs | null> {
  const need = recordBodyLength(rec, header, layout);
  const body = await r.read(need);
  pieces.push(body);
  return body.length === need ? sliceBlobs(body, recordBlobs(rec, header, layout)) : null;
}

async function* readerChunks(r: ChunkReader): AsyncGenerator<Uint8Array> {
  const CHUNK = 1 << 20;
  for (;;) {
    const b = await r.read(CHUNK);
    if (b.length > 0) yield b;
    if (b.length < CHUNK) return;
  }
}
