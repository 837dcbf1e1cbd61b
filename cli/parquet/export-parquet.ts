// `export FILE… --format parquet --output PATH`: the task rows of the logs as Parquet.
//   PATH ending in .parquet: one file, the logs with a `host` column; several logs in time
//   order per host with samples present in two files written once (cli/timeline.ts: the
//   page's merging rule).
//   any other PATH: a Hive-partitioned dataset PATH/host=…/date=YYYY-MM-DD/tasks.parquet
//   (hive.ts), the date being the UTC date of the sample's time; the files have no `host`
//   column (the partition path is the host: Spark refuses a column that is both). Each
//   partition the logs touch is rewritten whole from them, so running again over the same
//   logs replaces their partitions and never duplicates rows.
// Every file is written under a temporary name and renamed once complete (file-sink.ts).
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  taskFields,
  layoutForVersion,
  readLog,
  type FileHeader,
  type FormatError,
  type MergedTimeline,
} from '../../src/format/index';
import { ParquetTableWriter } from '../../src/export/parquet';
import type { ColumnSpec } from '../../src/export/table';
import { taskSchema } from '../../src/export/task-rows';
import { walkInOrder } from '../export/pool';
import type { IpcBatch } from '../export/producers';
import { ALL_RECORDS, type RecordRange } from '../export/walk';
import { openFile } from '../file-source';
import type { TimelinePlan } from '../timeline';
import { partitionDir, utcDate } from './hive';
import { AtomicFileSink } from './file-sink';
import { initParquetForNode } from './wasm';

/** DuckDB's own row group size: large enough for fast scans, one fits in memory with room. */
export const ROWS_PER_GROUP = 122_880;

interface Segment {
  readonly file: string;
  readonly range: RecordRange;
}

interface Target {
  readonly path: string;
  /** The host comes from the partition path instead of a column. */
  readonly partitioned: boolean;
  readonly segments: Segment[];
}

export interface ParquetExportResult {
  readonly files: { readonly path: string; readonly rows: number; readonly bytes: number }[];
  readonly problems: FormatError[];
}

export const isSingleFile = (output: string): boolean => output.endsWith('.parquet');

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

async function plan(
  files: readonly string[],
  output: string,
  merged: TimelinePlan | null,
): Promise<Target[]> {
  if (merged) {
    const single = isSingleFile(output);
    const targets = new Map<string, Target>();
    for (const t of merged.timelines)
      for (const seg of timelineSegments(t, merged.files, !single)) {
        const path = single ? output : join(output, partitionDir(t.host, seg.date), 'tasks.parquet');
        let target = targets.get(path);
        if (!target) targets.set(path, (target = { path, partitioned: !single, segments: [] }));
        target.segments.push({ file: seg.file, range: seg.range });
      }
    return [...targets.values()];
  }
  if (isSingleFile(output))
    return [
      { path: output, partitioned: false, segments: files.map((file) => ({ file, range: ALL_RECORDS })) },
    ];
  const targets = new Map<string, Target>();
  for (const file of files) {
    const { host, runs } = await indexLog(file);
    for (const { date, range } of runs) {
      const path = join(output, partitionDir(host, date), 'tasks.parquet');
      let t = targets.get(path);
      if (!t) targets.set(path, (t = { path, partitioned: true, segments: [] }));
      t.segments.push({ file, range });
    }
  }
  return [...targets.values()];
}

const sameSchema = (a: readonly ColumnSpec[], b: readonly ColumnSpec[]) =>
  a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type);

interface Open {
  readonly schema: ColumnSpec[];
  readonly firstFile: string;
  readonly sink: AtomicFileSink;
  readonly writer: ParquetTableWriter;
}

/** Writes one target; its rows and size (null: no log had a header), or throws (nothing is left under its name then). */
async function writeTarget(
  t: Target,
  jobs: number,
  report: (file: string, problems: readonly FormatError[]) => void,
): Promise<{ rows: number; bytes: number } | null> {
  const st: { open: Open | null } = { open: null };
  const start = async (schema: ColumnSpec[], firstFile: string): Promise<Open> => {
    await mkdir(dirname(t.path), { recursive: true });
    const sink = await AtomicFileSink.create(t.path);
    const writer = new ParquetTableWriter(schema, sink, {
      rowsPerGroup: ROWS_PER_GROUP,
      metadata: new Map([['atopview.table', 'tasks']]),
    });
    return { schema, firstFile, sink, writer };
  };
  try {
    for (const seg of t.segments) {
      const r = await walkInOrder<IpcBatch>(
        seg.file,
        jobs,
        { kind: 'task-ipc', withHost: !t.partitioned },
        {
          async header(h: FileHeader) {
            const s = taskSchema(taskFields(layoutForVersion(h.version)!.tstat)).slice(t.partitioned ? 1 : 0);
            if (st.open === null) st.open = await start(s, seg.file);
            else if (!sameSchema(st.open.schema, s))
              throw new Error(
                `${seg.file} is atop format ${h.version}, its task fields differ from ${st.open.firstFile}'s: ` +
                  `one Parquet file holds one format; export to a directory (a dataset) instead`,
              );
          },
          async sample(_, b) {
            // the wasm writer gathers the samples' batches into row groups of ROWS_PER_GROUP
            await st.open!.writer.writeIPC(b.ipc, b.rows);
          },
        },
        seg.range,
      );
      report(seg.file, r.problems);
    }
    const o = st.open;
    if (!o) return null;
    await o.writer.finish();
    await o.sink.commit();
    return { rows: o.writer.rows, bytes: o.sink.bytes };
  } catch (e) {
    await st.open?.sink.abort();
    throw e;
  }
}

/** `merged`: the files' timelines when there are several (planTimelines), else null. */
export async function exportParquet(
  files: readonly string[],
  output: string,
  jobs: number,
  merged: TimelinePlan | null = null,
): Promise<ParquetExportResult> {
  initParquetForNode();
  const problems: FormatError[] = [];
  const seen = new Set<string>();
  // a log split over several partitions is walked once per partition: its problems once
  const report = (file: string, ps: readonly FormatError[]) => {
    for (const p of ps) {
      const key = `${file}\0${p.code}\0${p.offset}\0${p.sample}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(p);
    }
  };
  const targets = await plan(files, output, merged);
  const written: ParquetExportResult['files'][number][] = [];
  for (const t of targets) {
    const w = await writeTarget(t, jobs, report);
    if (w) written.push({ path: t.path, ...w });
  }
  // logs that no target walked (no readable record): still say what is wrong with them
  const walked = new Set(targets.flatMap((t) => t.segments.map((s) => s.file)));
  for (const file of files)
    if (!walked.has(file))
      report(
        file,
        (await walkInOrder(file, 1, { kind: 'task-ipc', withHost: true }, { header() {}, sample() {} }))
          .problems,
      );
  return { files: written, problems };
}
