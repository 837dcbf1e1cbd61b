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
import {
  inTimelineOrder,
  namedProblem,
  sourceCells,
  sourceKeys,
  UnionColumns,
  type TimelinePlan,
} from './timeline';
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
  const keys = sourceKeys(plan);
  const problems: FormatError[] = plan.files.flatMap((f) =>
    f.error ? [namedProblem(plan, f, f.error)] : [],
  );
  const union = new UnionColumns();
  union.add(keys);
  const textKeys = new Set<string>(keys);
  const fileKeys = new Map<number, number[]>();
  for (const t of plan.timelines)
    for (const f of t.files) {
      const log = plan.files[f]!.log!;
      const fields = taskFields(log.layout.tstat);
      const shapeKeys = ['sample', 'curtime', 'interval', ...fields.map((x) => x.path)];
      fileKeys.set(f, union.add(shapeKeys));
      for (const x of fields) if (x.kind === 'text' || x.scalar === 'char') textKeys.add(x.path);
    }
  const csv = format === 'csv' ? csvWriter({ keys: union.keys, textKeys, cells: () => [] }) : null;
  let buf = csv?.header() ?? '';
  const flush = async () => {
    if (buf.length === 0) return;
    const more = out.write(buf);
    buf = '';
    if (!more) await once(out, 'drain');
  };
  let samples = 0;
  let rows = 0;
  for (const t of plan.timelines) {
    const shapes = new Map<number, { shape: TaskRecordShape; jsonl: LineWriter }>();
    const fileProblems = new Map<number, FormatError[]>();
    const other = (f: number, ev: SampleEvent) => {
      const file = plan.files[f]!;
      const mine = fileProblems.get(f) ?? [];
      fileProblems.set(f, mine);
      if (ev.type === 'header') {
        const shape = taskRecordShape(taskFields(ev.log.layout.tstat), ev.strings);
        const withSource = { ...shape, keys: [...keys, ...shape.keys] };
        shapes.set(f, { shape, jsonl: jsonlWriter(withSource) });
      } else if (ev.type === 'skipped') {
        mine.push(ev.error);
        problems.push(namedProblem(plan, file, ev.error));
      } else if (ev.type === 'end' && ev.error && !(endErrorIsGap(ev) && mine.includes(ev.gap!.error)))
        problems.push(namedProblem(plan, file, ev.error));
    };
    const stream = inTimelineOrder(
      t,
      (f) => readSamplesOf(plan.files[f]!.path),
      (ev) => (ev.type === 'sample' ? ev.sample.index : null),
      other,
    );
    for await (const { position, file, event } of stream) {
      if (event.type !== 'sample') continue;
      const { shape, jsonl } = shapes.get(file)!;
      const source = sourceCells(keys, t, plan.files[file]!);
      const at = fileKeys.get(file)!;
      samples++;
      for (let r = 0; r < event.sample.tasks.count; r++) {
        const cells = shape.cells(event.sample, r);
        cells[0] = position;
        if (csv) {
          const line: Cell[] = new Array<Cell>(union.keys.length).fill('');
          source.forEach((c, k) => (line[k] = c));
          cells.forEach((c, k) => (line[at[k]!] = c));
          buf += csv.line(line);
        } else buf += jsonl.line([...source, ...cells]);
        rows++;
        if (buf.length > FLUSH_AT) await flush();
      }
    }
  }
  await flush();
  return { samples, rows, problems };
}

async function* readSamplesOf(path: string): AsyncGenerator<SampleEvent> {
  const src = await openFile(path);
  yield* readSamples(src.chunks, { totalSize: src.size });
}
