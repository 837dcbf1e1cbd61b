// The system blobs of a log in file order, for callers that want only struct sstat (the
// system export, the whole-log series in Node): each record's system blob is inflated into
// one reused buffer and nothing else is decoded. A record whose system blob is corrupt is
// reported and skipped; gaps in the record chain are reported as in readSamples.
import { corruptSample, type FormatError } from './errors';
import { BlobInflater } from './inflate';
import { readLog, type Gap, type LogEvent, type OpenedLog, type ReadOptions } from './reader';
import type { RecordHeader } from './record';
import { endErrorIsGap } from './samples';
import type { ChunkSource } from './source';

export interface SystemSample {
  /** 0-based index of the record in the file (the `sample` of every export). */
  readonly index: number;
  readonly offset: number;
  readonly rec: RecordHeader;
  /** The inflated struct sstat: valid only until the next event is requested. */
  readonly sstat: Uint8Array;
}

export type SystemEvent =
  | { readonly type: 'header'; readonly log: OpenedLog }
  | { readonly type: 'system'; readonly sample: SystemSample }
  | { readonly type: 'skipped'; readonly error: FormatError; readonly gap?: Gap }
  | Extract<LogEvent, { readonly type: 'end' }>;

export async function* readSystemSamples(
  source: ChunkSource,
  opts: ReadOptions = {},
): AsyncGenerator<SystemEvent> {
  const inflater = new BlobInflater();
  let sstatlen = 0;
  for await (const ev of readLog(source, opts)) {
    if (ev.type === 'header') {
      sstatlen = ev.log.header.sstatlen;
      yield ev;
    } else if (ev.type === 'record') {
      const r = ev.record;
      if (ev.gapBefore) yield { type: 'skipped', error: ev.gapBefore.error, gap: ev.gapBefore };
      const s = inflater.inflateScratch(r.sblob, sstatlen, 'system');
      if (s.ok)
        yield { type: 'system', sample: { index: r.index, offset: r.offset, rec: r.rec, sstat: s.data } };
      else yield { type: 'skipped', error: corruptSample(r.offset, r.index, 'system blob', s.reason) };
    } else {
      if (ev.gap && !endErrorIsGap(ev)) yield { type: 'skipped', error: ev.gap.error, gap: ev.gap };
      yield ev;
    }
  }
}
