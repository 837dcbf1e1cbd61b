// `export FILE --what system`: struct sstat of every sample (system-record.ts), streamed to
// a file or stdout with backpressure. Only the system blobs are inflated.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { readSystemSamples, sstatPlan, type FormatError } from '../src/format/index';
import type { ExportFormat } from './export';
import type { FileSource } from './file-source';
import { systemRecordShape, type SystemRecordShape } from './system-record';
import type { Cell } from './task-record';
import { csvCell } from './writers';

export interface SystemExportResult {
  readonly samples: number;
  /** Samples whose system blob is damaged, gaps, and the reason the walk ended early. */
  readonly problems: FormatError[];
}

const FLUSH_AT = 1 << 16;

export async function exportSystem(
  src: FileSource,
  format: ExportFormat,
  out: Writable,
): Promise<SystemExportResult> {
  let shape: SystemRecordShape | null = null;
  let untrusted: boolean[] = [];
  let buf = '';
  let samples = 0;
  const problems: FormatError[] = [];
  const csvLine = (cells: readonly Cell[]) =>
    cells.map((c, i) => csvCell(c, untrusted[i]!)).join(',') + '\r\n';
  for await (const ev of readSystemSamples(src.chunks, { totalSize: src.size })) {
    if (ev.type === 'header') {
      shape = systemRecordShape(sstatPlan(ev.log.layout.sstat));
      untrusted = shape.keys.map((k) => shape!.textKeys.has(k));
      if (format === 'csv') buf += shape.keys.map((k) => csvCell(k, false)).join(',') + '\r\n';
    } else if (ev.type === 'system') {
      samples++;
      buf += format === 'csv' ? csvLine(shape!.cells(ev.sample)) : shape!.json(ev.sample);
      if (buf.length > FLUSH_AT) {
        const more = out.write(buf);
        buf = '';
        if (!more) await once(out, 'drain');
      }
    } else if (ev.type === 'skipped') problems.push(ev.error);
    else if (ev.error && !problems.includes(ev.error)) problems.push(ev.error);
  }
  if (buf.length > 0 && !out.write(buf)) await once(out, 'drain');
  return { samples, problems };
}
