// `export FILE --what system`: struct sstat of every sample (system-record.ts), streamed to
// a file or stdout with backpressure. Only the system blobs are inflated.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { readSystemSamples, sstatPlan, type FormatError, type SystemEvent } from '../src/format/index';
import type { ExportFormat } from './export';
import { openFile, type FileSource } from './file-source';
import { TimelineExport, type TimelinePlan } from './timeline';
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

/**
 * `export FILE FILE… --what system`: several files as one stream in time order per host
 * (cli/timeline.ts), `sample` the place in the host's timeline, rows starting with `host`
 * (several hosts) and `file` (several files); csv of several versions has every column any of
 * them has, empty where a version has none.
 */
export async function exportSystemOfFiles(
  plan: TimelinePlan,
  format: ExportFormat,
  out: Writable,
): Promise<SystemExportResult> {
  const x = new TimelineExport(plan, out);
  const shapes = new Map<number, SystemRecordShape>();
  for (const t of plan.timelines)
    for (const f of t.files) {
      const shape = systemRecordShape(sstatPlan(plan.files[f]!.log!.layout.sstat));
      shapes.set(f, shape);
      x.columns(f, shape.keys, shape.textKeys);
    }
  const { keys, textKeys } = x.csvHeader();
  const untrusted = keys.map((k) => textKeys.has(k));
  if (format === 'csv') await x.write(keys.map((k) => csvCell(k, false)).join(',') + '\r\n');
  let samples = 0;
  const recordOf = (ev: SystemEvent) => (ev.type === 'system' ? ev.sample.index : null);
  for await (const { position, file, event, source } of x.samples(
    systemSamplesOf,
    recordOf,
    () => undefined,
  )) {
    if (event.type !== 'system') continue;
    samples++;
    const shape = shapes.get(file)!;
    if (format === 'csv') {
      const cells = shape.cells(event.sample);
      cells[0] = position;
      const line = x.csvRow<Cell>(file, source, cells, '');
      await x.write(line.map((c, i) => csvCell(c, untrusted[i]!)).join(',') + '\r\n');
    } else {
      // the shape's own line after its "sample": the source keys and the timeline's sample first
      const own = shape.json(event.sample);
      const head = x.keys.map((k, i) => `${JSON.stringify(k)}:${JSON.stringify(source[i])},`).join('');
      await x.write(`{${head}"sample":${position}${own.slice(own.indexOf(',"curtime":'))}`);
    }
  }
  await x.flush();
  return { samples, problems: x.problems };
}

async function* systemSamplesOf(path: string): AsyncGenerator<SystemEvent> {
  const src = await openFile(path);
  yield* readSystemSamples(src.chunks, { totalSize: src.size });
}
