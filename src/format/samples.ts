// The whole pipeline for callers that want decoded samples in file order (CLI, tests):
// a corrupt record whose lengths are intact is reported and skipped; where the record chain
// breaks, the walk skips to the next valid record and reports the gap as a 'skipped' event
// with code 'resync'; samples before any damage are always returned.
import { decodeRecord, type DecodeContext, type Sample } from './decode';
import { sampleAt, type FormatError, type Result } from './errors';
import { BlobInflater } from './inflate';
import { readLog, type Gap, type LogEvent, type OpenedLog, type RawRecord, type ReadOptions } from './reader';
import type { ChunkSource } from './source';
import { StringTable } from './strings';
import { ColumnPool } from './tasks';

export type SampleEvent =
  | { readonly type: 'header'; readonly log: OpenedLog; readonly strings: StringTable }
  | { readonly type: 'sample'; readonly sample: Sample }
  /**
   * A record that could not be decoded, or (with `gap`, error code 'resync') bytes skipped
   * to get back to a valid record; the walk goes on with the next one.
   */
  | { readonly type: 'skipped'; readonly error: FormatError; readonly gap?: Gap }
  /** The reader's own end event, passed on. */
  | Extract<LogEvent, { readonly type: 'end' }>;

/** decodeRecord, with anything unexpected it throws turned into a corrupt-blob error. */
export function decodeSafely(ctx: DecodeContext, r: RawRecord): Result<Sample> {
  try {
    return decodeRecord(ctx, r);
  } catch (e) {
    return {
      ok: false,
      error: {
        code: 'corrupt-blob',
        offset: r.offset,
        sample: r.index,
        message: `${sampleAt(r.index, r.offset)} could not be decoded: ${String(e)}.`,
      },
    };
  }
}

/**
 * Whether the end error is the report of the end event's gap (the record chain broke and no
 * valid record followed): the gap is then not reported again as a 'skipped' event.
 */
export function endErrorIsGap(ev: { readonly error: FormatError | null; readonly gap?: Gap }): boolean {
  return ev.gap !== undefined && ev.error !== null && ev.error.offset === ev.gap.from;
}

export interface SampleOptions extends ReadOptions {
  /** Each sample is dropped before the next is read (see DecodeContext.transient). */
  readonly transient?: boolean;
}

export async function* readSamples(
  source: ChunkSource,
  opts: SampleOptions = {},
): AsyncGenerator<SampleEvent> {
  let ctx: DecodeContext | null = null;
  for await (const ev of readLog(source, opts)) {
    if (ev.type === 'header') {
      ctx = {
        ...ev.log,
        inflater: new BlobInflater(),
        strings: new StringTable(),
        transient: opts.transient ? new ColumnPool() : undefined,
      };
      yield { type: 'header', log: ev.log, strings: ctx.strings };
    } else if (ev.type === 'record') {
      if (ev.gapBefore) yield { type: 'skipped', error: ev.gapBefore.error, gap: ev.gapBefore };
      const s = decodeSafely(ctx!, ev.record);
      yield s.ok ? { type: 'sample', sample: s.value } : { type: 'skipped', error: s.error };
    } else {
      if (ev.gap && !endErrorIsGap(ev)) yield { type: 'skipped', error: ev.gap.error, gap: ev.gap };
      yield ev;
    }
  }
}

export interface LogContents {
  readonly log: OpenedLog | null;
  readonly strings: StringTable;
  readonly samples: Sample[];
  /** Records that could not be decoded and gaps, in file order. */
  readonly skipped: FormatError[];
  /** Bytes skipped to get back on track (also in `skipped`, as code 'resync'), in file order. */
  readonly gaps: Gap[];
  readonly error: FormatError | null;
  /** The log ends inside its last record (see LogEvent 'end'): `error` is a note. */
  readonly incompleteLastRecord: boolean;
  readonly bytes: number;
}

/** Everything at once: for small logs and tests. */
export async function readAllSamples(source: ChunkSource, opts: ReadOptions = {}): Promise<LogContents> {
  let log: OpenedLog | null = null;
  let strings = new StringTable();
  const samples: Sample[] = [];
  const skipped: FormatError[] = [];
  const gaps: Gap[] = [];
  let error: FormatError | null = null;
  let incompleteLastRecord = false;
  let bytes = 0;
  for await (const ev of readSamples(source, opts)) {
    if (ev.type === 'header') ({ log, strings } = ev);
    else if (ev.type === 'sample') samples.push(ev.sample);
    else if (ev.type === 'skipped') {
      skipped.push(ev.error);
      if (ev.gap) gaps.push(ev.gap);
    } else {
      error = ev.error;
      bytes = ev.bytes;
      incompleteLastRecord = ev.incompleteLastRecord === true;
      if (ev.gap && endErrorIsGap(ev)) gaps.push(ev.gap);
    }
  }
  return { log, strings, samples, skipped, gaps, error, incompleteLastRecord, bytes };
}

/** A chunk source over bytes already in memory, cut at the given sizes (tests use random cuts). */
export async function* chunksOf(u8: Uint8Array, chunkSize = 65536): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < u8.length; at += chunkSize)
    yield u8.subarray(at, Math.min(u8.length, at + chunkSize));
}
