// Where the rows of the given logs go: one file (PATH ending in .parquet: the logs in time
// order per host, with a `host` column) or a Hive-partitioned dataset (any other PATH:
// PATH/host=…/date=YYYY-MM-DD/, hive.ts, the date being the UTC date of each sample's time,
// without a `host` column: the partition path is the host, and Spark refuses a column that is
// both). Each partition the logs touch is rewritten whole from them, so running again over the
// same logs replaces their partitions and never duplicates rows.
import { join } from 'node:path';
import { readLog, type MergedTimeline } from '../../src/format/index';
import { ALL_RECORDS, type RecordRange } from '../../src/export/walk';
import { openFile } from '../file-source';
import type { TimelinePlan } from '../timeline';
import { partitionDir, utcDate } from './hive';

export interface Segment {
  readonly file: string;
  readonly range: RecordRange;
}

export interface Target {
  /** PATH (one file) or the partition's directory. */
  readonly place: string;
  /** The host comes from the partition path instead of a column. */
  readonly partitioned: boolean;
  readonly segments: Segment[];
}

export const isSingleFile = (output: string): boolean => output.endsWith('.parquet');

/**
 * The file of `table` in a target: in a partition `<table>.parquet` (tasks.parquet,
 * system.parquet, system_cpu.parquet …); for one file PATH itself holds the main table
 * (`main`: tasks, or system for --what system) and every other table goes next to it as
 * PATH with `.<table>` before `.parquet` (day.parquet → day.system_cpu.parquet).
 */
export function tablePath(t: Target, table: string, main: string): string {
  if (t.partitioned) return join(t.place, `${table}.parquet`);
  return table === main ? t.place : `${t.place.slice(0, -'.parquet'.length)}.${table}.parquet`;
}

/** Host and, per run of records on one UTC date, the record range: from the record headers only. */
async function indexLog(
  file: string,
): Promise<{ host: string; runs: { date: string; range: RecordRange }[] }> {
  const src = await openFile(file);
  let host = '';
  const runs: { date: string; range: { from: number; to: number } }[] = [];
  for await (const ev of readLog(src.chunks, { totalSize: src.size })) {
    if (ev.type === 'header') host = ev.log.header.nodename;
    else if (ev.type === 'record') {
      const date = utcDate(ev.record.rec.curtime);
      const last = runs.at(-1);
      if (last?.date === date) last.range.to = ev.record.index + 1;
      else runs.push({ date, range: { from: ev.record.index, to: ev.record.index + 1 } });
    }
  }
  return { host, runs };
}

/**
 * The segments of a merged timeline: runs of consecutive records of one file (and of one UTC
 * date when `byDate`), in timeline order. Files that do not interleave give one run per file
 * (minus the records another file already had).
 */
function timelineSegments(t: MergedTimeline, files: TimelinePlan['files'], byDate: boolean) {
  const out: { file: string; date: string; range: { from: number; to: number } }[] = [];
  for (let p = 0; p < t.file.length; p++) {
    const file = files[t.file[p]!]!.path;
    const rec = t.record[p]!;
    const date = byDate ? utcDate(t.curtime[p]!) : '';
    const last = out.at(-1);
    if (last?.file === file && last.date === date && last.range.to === rec) last.range.to = rec + 1;
    else out.push({ file, date, range: { from: rec, to: rec + 1 } });
  }
  return out;
}

/**
 * `merged`: the files' timelines when there are several (cli/timeline.ts: the page's merging
 * rule, one stream in time order per host, a sample present in two files written once), else null.
 */
export async function planTargets(
  files: readonly string[],
  output: string,
  merged: TimelinePlan | null,
): Promise<Target[]> {
  if (merged) {
    const single = isSingleFile(output);
    const targets = new Map<string, Target>();
    for (const t of merged.timelines)
      for (const seg of timelineSegments(t, merged.files, !single)) {
        const place = single ? output : join(output, partitionDir(t.host, seg.date));
        let target = targets.get(place);
        if (!target) targets.set(place, (target = { place, partitioned: !single, segments: [] }));
        target.segments.push({ file: seg.file, range: seg.range });
      }
    return [...targets.values()];
  }
  if (isSingleFile(output))
    return [
      { place: output, partitioned: false, segments: files.map((file) => ({ file, range: ALL_RECORDS })) },
    ];
  const targets = new Map<string, Target>();
  for (const file of files) {
    const { host, runs } = await indexLog(file);
    for (const { date, range } of runs) {
      const place = join(output, partitionDir(host, date));
      let t = targets.get(place);
      if (!t) targets.set(place, (t = { place, partitioned: true, segments: [] }));
      t.segments.push({ file, range });
    }
  }
  return [...targets.values()];
}
