// The reference text export: every task of every sample through the reference writers (one
// string per cell, writers.ts), in one thread. The CLI runs the byte encoder (text/) instead
// for one file; several files go through exportTasksOfFiles here (one stream in time order
// per host, cli/timeline.ts). test/export-text.test.ts holds the two to the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import {
  endErrorIsGap,
  readSamples,
  taskFields,
  type FormatError,
  type SampleEvent,
} from '../src/format/index';
import { openFile, type FileSource } from './file-source';
import { taskRecordShape, type Cell, type TaskRecordShape } from './task-record';
import { TimelineExport, type TimelinePlan } from './timeline';
import { csvWriter, jsonlWriter, type LineWriter } from './writers';

export type ExportFormat = 'jsonl' | 'csv';

export interface ExportResult {
  readonly samples: number;
  readonly rows: number;
  /** Skipped samples and the reason the walk ended early, in file order. */
  readonly problems: FormatError[];
}

const FLUSH_AT = 1 << 16;

export async function exportTasks(
  src: FileSource,
  format: ExportFormat,
  out: Writable,
): Promise<ExportResult> {
  let shape: TaskRecordShape | null = null;
  let writer: LineWriter | null = null;
  let buf = '';
  let samples = 0;
  let rows = 0;
  const problems: FormatError[] = [];
  const flush = async () => {
    if (buf.length === 0) return;
    const more = out.write(buf);
    buf = '';
    if (!more) await once(out, 'drain');
  };
  for await (const ev of readSamples(src.chunks, { totalSize: src.size })) {
    if (ev.type === 'header') {
      shape = taskRecordShape(taskFields(ev.log.layout.tstat), ev.strings);
      writer = format === 'csv' ? csvWriter(shape) : jsonlWriter(shape);
      buf += writer.header() ?? '';
    } else if (ev.type === 'sample') {
      samples++;
      for (let r = 0; r < ev.sample.tasks.count; r++) {
        buf += writer!.line(shape!.cells(ev.sample, r));
        rows++;
        if (buf.length > FLUSH_AT) await flush();
      }
    } else if (ev.type === 'skipped') problems.push(ev.error);
    else {
      if (ev.error && !(endErrorIsGap(ev) && problems.includes(ev.gap!.error))) problems.push(ev.error);
    }
  }
  await flush();
  return { samples, rows, problems };
}

export async function openOutput(path: string | null): Promise<Writable> {
  if (path === null || path === '-') return process.stdout;
  const s = createWriteStream(path);
  await once(s, 'open');
  return s;
}

/**
 * `export FILE FILE…`: the same rows for several files, one stream in time order per host
 * (cli/timeline.ts: the page's merging rule). `sample` is the sample's place in its host's
 * timeline; rows start with `host` (several hosts) and `file` (several files). csv of files of
 * several versions has every column any of them has, empty where a version has none.
 */
export async function exportTasksOfFiles(
  plan: TimelinePlan,
  format: ExportFormat,
  out: Writable,
): Promise<ExportResult> {
  const x = new TimelineExport(plan, out);
  for (const t of plan.timelines)
    for (const f of t.files) {
      const fields = taskFields(plan.files[f]!.log!.layout.tstat);
      x.columns(
        f,
        ['sample', 'curtime', 'interval', ...fields.map((k) => k.path)],
        fields.filter((k) => k.kind === 'text' || k.scalar === 'char').map((k) => k.path),
      );
    }
  const csv = format === 'csv' ? csvWriter({ ...x.csvHeader(), cells: () => [] }) : null;
  await x.write(csv?.header() ?? '');
  const shapes = new Map<number, { shape: TaskRecordShape; jsonl: LineWriter }>();
  const onHeader = (f: number, ev: SampleEvent) => {
    if (ev.type !== 'header') return;
    const shape = taskRecordShape(taskFields(ev.log.layout.tstat), ev.strings);
    shapes.set(f, { shape, jsonl: jsonlWriter({ ...shape, keys: [...x.keys, ...shape.keys] }) });
  };
  let samples = 0;
  let rows = 0;
  const recordOf = (ev: SampleEvent) => (ev.type === 'sample' ? ev.sample.index : null);
  for await (const { position, file, event, source } of x.samples(readSamplesOf, recordOf, onHeader)) {
    if (event.type !== 'sample') continue;
    const { shape, jsonl } = shapes.get(file)!;
    samples++;
    for (let r = 0; r < event.sample.tasks.count; r++) {
      const cells = shape.cells(event.sample, r);
      cells[0] = position;
      await x.write(
        csv ? csv.line(x.csvRow<Cell>(file, source, cells, '')) : jsonl.line([...source, ...cells]),
      );
      rows++;
    }
  }
  await x.flush();
  return { samples, rows, problems: x.problems };
}

async function* readSamplesOf(path: string): AsyncGenerator<SampleEvent> {
  const src = await openFile(path);
  yield* readSamples(src.chunks, { totalSize: src.size });
}
