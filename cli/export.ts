// The reference text export: every task of every sample through the reference writers (one
// string per cell, writers.ts), in one thread. The CLI runs the byte encoder (text/) instead;
// test/export-text.test.ts holds the two to the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { endErrorIsGap, readSamples, taskFields, type FormatError } from '../src/format/index';
import type { FileSource } from './file-source';
import { taskRecordShape, type TaskRecordShape } from './task-record';
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
