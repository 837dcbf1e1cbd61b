// The task rows of one or more logs (a host's files, or parts of them, in timeline order) as one Parquet file, in this
// thread: what the page's export worker runs, streaming to whatever ByteSink it is given (a
// file the person picked, or memory for a download). The same rows, columns and encoding as
// `export FILE… --format parquet --output X.parquet` (cli/parquet/export-parquet.ts), which
// decodes on worker threads instead. No DOM, no Node APIs.
import { layoutForVersion, taskFields, type FormatError } from '../format/index';
import { freeNow } from './free-now';
import { ParquetTableWriter, ROWS_PER_GROUP } from './parquet';
import { sameColumns, type ByteSink, type ColumnSpec } from './table';
import { TASK_RUN, taskIpcProducer, type IpcBatch } from './task-batches';
import { TASKS_TABLE, taskSchema } from './task-rows';
import { walkPart, type LogSource, type RecordRange } from './walk';

export interface NamedLog {
  readonly name: string;
  readonly source: LogSource;
  /** Its records to write, if not those of SaveOptions.range (a part of a merged timeline). */
  readonly records?: { readonly from: number; readonly to: number };
}

export interface SaveProgress {
  /** Bytes of the logs read so far, of `totalBytes`. */
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface SaveOptions {
  /** Records to write (ALL_RECORDS, or a time range). */
  readonly range: RecordRange;
  readonly signal?: { readonly aborted: boolean };
  /** Called after each batch written. */
  readonly onProgress?: (p: SaveProgress) => void;
}

export interface SaveResult {
  readonly rows: number;
  readonly samples: number;
  /** What was wrong with each log (damaged records, gaps, how it ended), in file order. */
  readonly problems: { readonly file: string; readonly error: FormatError }[];
  /** Stopped by the signal: the file is incomplete. */
  readonly cancelled: boolean;
}

/** Counts the bytes a source hands out (its progress). */
function counted(src: LogSource, seen: { bytes: number }): LogSource {
  async function* chunks() {
    for await (const c of src.chunks) {
      seen.bytes += c.length;
      yield c;
    }
  }
  return { ...src, chunks: chunks() };
}

/**
 * Writes the task rows of `logs` to `sink` and the file's footer; throws if the logs are of
 * atop formats with different task fields (one file holds one format) or none can be read.
 */
export async function saveTaskParquet(
  logs: readonly NamedLog[],
  sink: ByteSink,
  o: SaveOptions,
): Promise<SaveResult> {
  const totalBytes = logs.reduce((n, l) => n + l.source.size, 0);
  const seen = { bytes: 0 };
  const problems: SaveResult['problems'][number][] = [];
  // set from the walk's callbacks
  const st: { writer: ParquetTableWriter | null; samples: number; cancelled: boolean } = {
    writer: null,
    samples: 0,
    cancelled: false,
  };
  let schema: ColumnSpec[] = [];
  let firstLog = '';
  for (const log of logs) {
    await walkPart<IpcBatch>(
      counted(log.source, seen),
      { part: 0, parts: 1, run: TASK_RUN, range: { ...o.range, ...log.records }, signal: o.signal },
      taskIpcProducer(true),
      async (m) => {
        if (m.t === 'header') {
          const s = taskSchema(taskFields(layoutForVersion(m.header.version)!.tstat));
          if (st.writer === null) {
            schema = s;
            firstLog = log.name;
            st.writer = new ParquetTableWriter(schema, sink, {
              rowsPerGroup: ROWS_PER_GROUP,
              metadata: new Map([['atopview.table', TASKS_TABLE]]),
            });
          } else if (!sameColumns(schema, s))
            throw new Error(
              `${log.name} is atop format ${m.header.version}, its task fields differ from ${firstLog}'s: ` +
                'one Parquet file holds one format',
            );
        } else if (m.t === 'run') {
          st.samples += m.samples;
          if (m.payload) {
            await st.writer!.writeIPC(m.payload.ipc, m.payload.rows);
            freeNow(m.payload.ipc.buffer as ArrayBuffer);
          }
          o.onProgress?.({ bytesRead: seen.bytes, totalBytes, rows: st.writer!.rows });
        } else if (m.t === 'problem') {
          if (m.error.code === 'cancelled') st.cancelled = true;
          else problems.push({ file: log.name, error: m.error });
        }
      },
    );
    if (st.cancelled) break;
  }
  const w = st.writer;
  if (w === null) {
    if (st.cancelled) return { rows: 0, samples: 0, problems, cancelled: true };
    const why = problems[0]?.error.message ?? 'no log could be read';
    throw new Error(`Nothing to save: ${why}`);
  }
  if (!st.cancelled) await w.finish();
  return { rows: w.rows, samples: st.samples, problems, cancelled: st.cancelled };
}
