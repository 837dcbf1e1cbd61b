// `export FILE --format jsonl|csv`: the byte encoder (encode.ts) on worker threads, one part
// of the records each (export/pool.ts), written in file order. Same bytes as the reference
// pipeline (export.ts + writers.ts), which the tests compare it with.
import type { Writable } from 'node:stream';
import { taskFields, layoutForVersion } from '../../src/format/index';
import { walkInOrder, type WalkResult } from '../export/pool';
import { taskKeys } from '../task-record';
import { TaskTextEncoder, type TextFormat } from './encode';

/** Resolves once `out` has taken the bytes (the memory may then be reused). */
function write(out: Writable, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(bytes, (e) => {
      if (e) reject(e);
      else resolve();
    });
  });
}

export async function exportText(
  file: string,
  format: TextFormat,
  out: Writable,
  jobs: number,
): Promise<WalkResult> {
  return walkInOrder<Uint8Array>(
    file,
    jobs,
    { kind: 'text', format },
    {
      async header(h) {
        if (format !== 'csv') return;
        const layout = layoutForVersion(h.version)!;
        const fields = taskFields(layout.tstat);
        await write(out, TaskTextEncoder.header(taskKeys(fields), format)!);
      },
      async sample(_, bytes) {
        if (bytes.length > 0) await write(out, bytes);
      },
    },
  );
}
