// `export FILE… --format parquet --output PATH [--what tasks|system]`: the task rows, or the
// system tables, of the logs as Parquet: one file or a Hive-partitioned dataset (targets.ts).
// Every file is written under a temporary name and renamed once complete (file-sink.ts).
import { taskFields, layoutForVersion, type FileHeader, type FormatError } from '../../src/format/index';
import type { IpcBatch } from '../../src/export/task-batches';
import { ROWS_PER_GROUP } from '../../src/export/parquet';
import { TASKS_TABLE, taskSchema } from '../../src/export/task-rows';
import { SYSTEM_TABLE } from '../../src/export/system-rows';
import { walkInOrder } from '../export/pool';
import { freeNow } from '../../src/export/free-now';
import { writeSystemTarget } from './system-parquet';
import { TableFile, type WrittenFile } from './table-file';
import { planTargets, tablePath, type Target } from './targets';
import type { TimelinePlan } from '../timeline';
import { initParquetForNode } from './wasm';

export { isSingleFile } from './targets';

export interface ParquetExportResult {
  readonly files: WrittenFile[];
  readonly problems: FormatError[];
}

type Report = (file: string, problems: readonly FormatError[]) => void;

/** Writes the task rows of one target; null if no log had a header. Throws after dropping the file. */
async function writeTaskTarget(t: Target, jobs: number, report: Report): Promise<WrittenFile[] | null> {
  const st: { file: TableFile | null } = { file: null };
  try {
    for (const seg of t.segments) {
      const r = await walkInOrder<IpcBatch>(
        seg.file,
        jobs,
        { kind: 'task-ipc', withHost: !t.partitioned },
        {
          async header(h: FileHeader) {
            const s = taskSchema(taskFields(layoutForVersion(h.version)!.tstat)).slice(t.partitioned ? 1 : 0);
            if (st.file === null)
              st.file = await TableFile.open(
                tablePath(t, TASKS_TABLE, TASKS_TABLE),
                TASKS_TABLE,
                s,
                ROWS_PER_GROUP,
                seg.file,
                t.partitioned,
              );
            else st.file.checkSchema(s, seg.file, h.version, 'task fields');
          },
          async sample(_, b) {
            // the wasm writer gathers the runs' batches into row groups of ROWS_PER_GROUP
            await st.file!.writer.writeIPC(b.ipc, b.rows);
            freeNow(b.ipc.buffer as ArrayBuffer);
          },
        },
        seg.range,
      );
      report(seg.file, r.problems);
    }
    return st.file ? [await st.file.commit()] : null;
  } catch (e) {
    await st.file?.abort();
    throw e;
  }
}

/** `merged`: the files' timelines when there are several (planTimelines), else null. */
export async function exportParquet(
  files: readonly string[],
  output: string,
  jobs: number,
  what: 'tasks' | 'system' = 'tasks',
  merged: TimelinePlan | null = null,
): Promise<ParquetExportResult> {
  initParquetForNode();
  const problems: FormatError[] = [];
  const seen = new Set<string>();
  // a log split over several partitions is walked once per partition: its problems once
  const report: Report = (file, ps) => {
    for (const p of ps) {
      const key = `${file}\0${p.code}\0${p.offset}\0${p.sample}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(p);
    }
  };
  const targets = await planTargets(files, output, merged);
  const written: WrittenFile[] = [];
  for (const t of targets) {
    const w =
      what === 'system'
        ? await writeSystemTarget(t, (table) => tablePath(t, table, SYSTEM_TABLE), report)
        : await writeTaskTarget(t, jobs, report);
    if (w) written.push(...w);
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
