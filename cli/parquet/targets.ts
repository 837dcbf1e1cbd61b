// Where the rows of the given logs go: one file (PATH ending in .parquet: every log in the
// order given, with a `host` column) or a Hive-partitioned dataset (any other PATH:
// PATH/host=…/date=YYYY-MM-DD/, hive.ts, the date being the UTC date of each sample's time,
// without a `host` column: the partition path is the host, and Spark refuses a column that is
// both). Each partition the logs touch is rewritten whole from them, so running again over the
// same logs replaces their partitions and never duplicates rows.
import { join } from 'node:path';
import { readLog } from '../../src/format/index';
import { ALL_RECORDS, type RecordRange } from '../../src/export/walk';
import { openFile } from '../file-source';
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

export async function planTargets(files: readonly string[], output: string): Promise<Target[]> {
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
