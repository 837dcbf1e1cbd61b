// `export FILE --what system`: struct sstat of every sample (system-record.ts), streamed to
// a file or stdout with backpressure. Only the system blobs are inflated.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { readSystemSamples, sstatPlan, type FormatError, type SystemEvent } from '../src/format/index';
import type { ExportFormat } from './export';
import { openFile, type FileSource } from './file-source';
import {
  inTimelineOrder,
  namedProblem,
  sourceCells,
  sourceKeys,
  UnionColumns,
  type TimelinePlan,
} from './timeline';
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
  const keys = sourceKeys(plan);
  const problems: FormatError[] = plan.files.flatMap((f) =>
    f.error ? [namedProblem(plan, f, f.error)] : [],
  );
  const union = new UnionColumns();
  union.add(keys);
  const textKeys = new Set<string>(keys);
  const shapes = new Map<number, { shape: SystemRecordShape; at: number[] }>();
  for (const t of plan.timelines)
    for (const f of t.files) {
      const shape = systemRecordShape(sstatPlan(plan.files[f]!.log!.layout.sstat));
      shapes.set(f, { shape, at: union.add(shape.keys) });
      for (const k of shape.textKeys) textKeys.add(k);
    }
  let buf = format === 'csv' ? union.keys.map((k) => csvCell(k, false)).join(',') + '\r\n' : '';
  const untrusted = union.keys.map((k) => textKeys.has(k));
  let samples = 0;
  for (const t of plan.timelines) {
    const seen = new Map<number, FormatError[]>();
    const other = (f: number, ev: SystemEvent) => {
      const mine = seen.get(f) ?? [];
      seen.set(f, mine);
      if (ev.type === 'skipped') {
        mine.push(ev.error);
        problems.push(namedProblem(plan, plan.files[f]!, ev.error));
      } else if (ev.type === 'end' && ev.error && !mine.includes(ev.error))
        problems.push(namedProblem(plan, plan.files[f]!, ev.error));
    };
    const stream = inTimelineOrder(
      t,
      (f) => systemSamplesOf(plan.files[f]!.path),
      (ev) => (ev.type === 'system' ? ev.sample.index : null),
      other,
    );
    for await (const { position, file, event } of stream) {
      if (event.type !== 'system') continue;
      samples++;
      const { shape, at } = shapes.get(file)!;
      const source = sourceCells(keys, t, plan.files[file]!);
      if (format === 'csv') {
        const line: Cell[] = new Array<Cell>(union.keys.length).fill('');
        source.forEach((c, k) => (line[k] = c));
        shape.cells(event.sample).forEach((c, k) => (line[at[k]!] = c));
        line[at[0]!] = position;
        buf += line.map((c, i) => csvCell(c, untrusted[i]!)).join(',') + '\r\n';
      } else {
        // the shape's own line after its "sample": the source keys and the timeline's sample first
        const own = shape.json(event.sample);
        const head = keys.map((k, i) => `${JSON.stringify(k)}:${JSON.stringify(source[i])},`).join('');
        buf += `{${head}"sample":${position}${own.slice(own.indexOf(',"curtime":'))}`;
      }
      if (buf.length > FLUSH_AT) {
        const more = out.write(buf);
        buf = '';
        if (!more) await once(out, 'drain');
      }
    }
  }
  if (buf.length > 0 && !out.write(buf)) await once(out, 'drain');
  return { samples, problems };
}

async function* systemSamplesOf(path: string): AsyncGenerator<SystemEvent> {
  const src = await openFile(path);
  yield* readSystemSamples(src.chunks, { totalSize: src.size });
}
