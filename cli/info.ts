// `info FILE`: what the log is, from an index pass over the record headers (no inflate).
import { endErrorIsGap, readLog, type FormatError, type OpenedLog } from '../src/format/index';
import type { FileSource } from './file-source';

export interface LogInfo {
  readonly log: OpenedLog | null;
  readonly samples: number;
  readonly first: number | null;
  readonly last: number | null;
  readonly tasks: number[];
  /** Everything that went wrong, in file order: skipped byte ranges, then the end error. */
  readonly problems: FormatError[];
  /** The log ends inside its last record: atop may still be writing it. */
  readonly incomplete: boolean;
}

const STILL_WRITING = 'note: the log ends inside its last record; atop may still be writing it.';

export async function logInfo(src: FileSource): Promise<LogInfo> {
  let log: OpenedLog | null = null;
  const tasks: number[] = [];
  let first: number | null = null;
  let last: number | null = null;
  const problems: FormatError[] = [];
  let incomplete = false;
  for await (const ev of readLog(src.chunks, { totalSize: src.size })) {
    if (ev.type === 'header') log = ev.log;
    else if (ev.type === 'record') {
      if (ev.gapBefore) problems.push(ev.gapBefore.error);
      first ??= ev.record.rec.curtime;
      last = ev.record.rec.curtime;
      tasks.push(ev.record.rec.ndeviat);
    } else {
      if (ev.gap && !endErrorIsGap(ev)) problems.push(ev.gap.error);
      incomplete = ev.incompleteLastRecord === true;
      // still reported when atop may just be writing the last record: the output is partial
      if (ev.error) problems.push(ev.error);
    }
  }
  return { log, samples: tasks.length, first, last, tasks, problems, incomplete };
}

const iso = (t: number | null) => (t === null ? '-' : new Date(t * 1000).toISOString().replace('.000Z', 'Z'));

export function formatInfo(i: LogInfo, file: string): string {
  const h = i.log?.header;
  const lines = [`file:        ${file}${i.log?.gzip ? ' (gzip)' : ''}`];
  if (h) {
    lines.push(
      `host:        ${h.nodename}`,
      `kernel:      ${h.sysname} ${h.release} ${h.kernelVersion} ${h.machine}`,
      `atop format: ${h.version} (aversion 0x${h.aversion.toString(16)})`,
      `hertz:       ${h.hertz}`,
      `pagesize:    ${h.pagesize}`,
      `samples:     ${i.samples}`,
      `first:       ${iso(i.first)}${i.first === null ? '' : ` (${i.first})`}`,
      `last:        ${iso(i.last)}${i.last === null ? '' : ` (${i.last})`}`,
    );
    if (i.tasks.length > 0) {
      const sum = i.tasks.reduce((a, b) => a + b, 0);
      lines.push(
        `tasks/sample: min ${Math.min(...i.tasks)}, max ${Math.max(...i.tasks)}, mean ${(sum / i.tasks.length).toFixed(1)}` +
          ` [${i.tasks.length <= 20 ? i.tasks.join(' ') : i.tasks.slice(0, 20).join(' ') + ' …'}]`,
      );
    }
  }
  if (i.incomplete) lines.push(STILL_WRITING);
  return lines.join('\n') + '\n';
}
