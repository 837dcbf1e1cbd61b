// The whole pipeline for callers that want decoded samples in file order (CLI, tests):
// a corrupt record whose lengths are intact is reported and skipped; a break in the record
// chain ends the walk, keeping every complete sample before it.
import { decodeRecord, type DecodeContext, type Sample } from './decode';
import type { FormatError } from './errors';
import { BlobInflater } from './inflate';
import { readLog, type OpenedLog, type ReadOptions } from './reader';
import type { ChunkSource } from './source';
import { StringTable } from './strings';

export type SampleEvent =
  | { readonly type: 'header'; readonly log: OpenedLog; readonly strings: StringTable }
  | { readonly type: 'sample'; readonly sample: Sample }
  /** A record that could not be decoded; the walk goes on with the next one. */
  | { readonly type: 'skipped'; readonly error: FormatError }
  | {
      readonly type: 'end';
      readonly bytes: number;
      readonly records: number;
      readonly error: FormatError | null;
    };

export async function* readSamples(source: ChunkSource, opts: ReadOptions = {}): AsyncGenerator<SampleEvent> {
  let ctx: DecodeContext | null = null;
  for await (const ev of readLog(source, opts)) {
    if (ev.type === 'header') {
      ctx = { ...ev.log, inflater: new BlobInflater(), strings: new StringTable() };
      yield { type: 'header', log: ev.log, strings: ctx.strings };
    } else if (ev.type === 'record') {
      const s = decodeRecord(ctx!, ev.record);
      yield s.ok ? { type: 'sample', sample: s.value } : { type: 'skipped', error: s.error };
    } else yield ev;
  }
}

export interface LogContents {
  readonly log: OpenedLog | null;
  readonly strings: StringTable;
  readonly samples: Sample[];
  readonly skipped: FormatError[];
  readonly error: FormatError | null;
  readonly bytes: number;
}

/** Everything at once: for small logs and tests. */
export async function readAllSamples(source: ChunkSource, opts: ReadOptions = {}): Promise<LogContents> {
  let log: OpenedLog | null = null;
  let strings = new StringTable();
  const samples: Sample[] = [];
  const skipped: FormatError[] = [];
  let error: FormatError | null = null;
  let bytes = 0;
  for await (const ev of readSamples(source, opts)) {
    if (ev.type === 'header') ({ log, strings } = ev);
    else if (ev.type === 'sample') samples.push(ev.sample);
    else if (ev.type === 'skipped') skipped.push(ev.error);
    else {
      error = ev.error;
      bytes = ev.bytes;
    }
  }
  return { log, strings, samples, skipped, error, bytes };
}

/** A chunk source over bytes already in memory, cut at the given sizes (tests use random cuts). */
export async function* chunksOf(u8: Uint8Array, chunkSize = 65536): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < u8.length; at += chunkSize)
    yield u8.subarray(at, Math.min(u8.length, at + chunkSize));
}
