// The totals of a whole log read from a chunk source, or of one share of its records (every
// `parts`-th, from `part`): what each worker thread of the `report` command runs, and what
// the tests run in one go. Records after the range are walked but not decoded (nothing in
// the range depends on them); records before it are decoded for process identity only.
import {
  BlobInflater,
  ColumnPool,
  StringTable,
  endErrorIsGap,
  readLog,
  type ChunkSource,
  type DecodeContext,
  type FormatError,
  type OpenedLog,
} from '../format/index';
import { decodeForTotals } from './feed';
import type { StructType } from '../format/layout/dsl';
import { projectTstat, totalsFields, type GroupBy, type TotalsFields } from './fields';
import { TotalsAccumulator, WHOLE_LOG, type TimeRange } from './totals';

export interface TotalsRunOptions {
  readonly by: GroupBy;
  readonly range?: TimeRange;
  /** This run decodes the records whose index is `part` modulo `parts`. */
  readonly part?: number;
  readonly parts?: number;
  readonly totalSize?: number;
  readonly signal?: { readonly aborted: boolean };
  /**
   * Several files as one timeline (format/timeline/merge.ts): the place of record `index` of
   * this file in its host's timeline, or null for a record another file already had (it is
   * left out). Absent: the record's own index.
   */
  readonly place?: (index: number) => number | null;
}

export interface TotalsRun {
  readonly log: OpenedLog | null;
  /** null when the log could not be opened or does not record what `by` groups on. */
  readonly acc: TotalsAccumulator | null;
  /** Why `acc` is null although the log opened (e.g. no cgroups before 2.8). */
  readonly unsupported: string | null;
  /** Records of this share that could not be decoded, and (first share) bytes skipped. */
  readonly skipped: FormatError[];
  /** How the walk ended (the same for every share). */
  readonly end: { readonly bytes: number; readonly error: FormatError | null };
  /** curtime of the log's first and last record (of every share); NaN without records. */
  readonly first: number;
  readonly last: number;
  /** Records decoded by this share. */
  readonly decoded: number;
}

export async function runTotals(source: ChunkSource, opts: TotalsRunOptions): Promise<TotalsRun> {
  const range = opts.range ?? WHOLE_LOG;
  const part = opts.part ?? 0;
  const parts = opts.parts ?? 1;
  let log: OpenedLog | null = null;
  let ctx: DecodeContext | null = null;
  let acc: TotalsAccumulator | null = null;
  let fields: TotalsFields | null = null;
  let unsupported: string | null = null;
  // struct tstat projected on what the range reads, and on what identity reads
  let fullRead: StructType | null = null;
  let identityRead: StructType | null = null;
  const skipped: FormatError[] = [];
  let end: TotalsRun['end'] = { bytes: 0, error: null };
  let first = NaN;
  let last = NaN;
  let decoded = 0;
  for await (const ev of readLog(source, { totalSize: opts.totalSize, signal: opts.signal })) {
    if (ev.type === 'header') {
      log = ev.log;
      const f = totalsFields(log.layout, opts.by);
      if (!f.ok) unsupported = f.reason;
      else {
        fields = f.fields;
        acc = new TotalsAccumulator(fields, range);
        fullRead = projectTstat(log.layout.tstat, fields.read);
        identityRead = projectTstat(log.layout.tstat, fields.readIdentity);
        ctx = {
          ...log,
          inflater: new BlobInflater(),
          strings: new StringTable(),
          transient: new ColumnPool(),
        };
      }
    } else if (ev.type === 'record') {
      // gaps are the walk's, the same in every share: the first share reports them
      if (ev.gapBefore && part === 0) skipped.push(ev.gapBefore.error);
      const { curtime, flags } = ev.record.rec;
      if (Number.isNaN(first)) first = curtime;
      last = curtime;
      if (!ctx || !acc || !fields || ev.record.index % parts !== part || curtime > range.to) continue;
      const index = opts.place ? opts.place(ev.record.index) : ev.record.index;
      if (index === null) continue;
      const inRange = curtime >= range.from;
      const rec = decodeForTotals(
        ctx,
        ev.record,
        inRange ? fullRead! : identityRead!,
        inRange && fields.cgroupSections,
      );
      if (!rec.ok) {
        skipped.push(rec.error);
        continue;
      }
      decoded++;
      acc.addSample({ index, curtime, flags }, rec.value.tasks, ctx.strings.values, rec.value.cgroups);
    } else {
      if (ev.gap && !endErrorIsGap(ev) && part === 0) skipped.push(ev.gap.error);
      end = { bytes: ev.bytes, error: ev.error };
    }
  }
  return { log, acc, unsupported, skipped, end, first, last, decoded };
}
