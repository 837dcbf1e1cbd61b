// jsonl and RFC 4180 csv lines for the task records.
import type { Cell, TaskRecordShape } from './task-record';

export interface LineWriter {
  header(): string | null;
  line(cells: readonly Cell[]): string;
}

export function jsonlWriter(shape: TaskRecordShape): LineWriter {
  const prefixes = shape.keys.map((k, i) => (i === 0 ? '{' : ',') + JSON.stringify(k) + ':');
  return {
    header: () => null,
    line(cells) {
      let s = '';
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i]!;
        s += prefixes[i]! + (typeof c === 'bigint' ? c.toString() : JSON.stringify(c));
      }
      return s + '}\n';
    },
  };
}

/** Quotes per RFC 4180; text from the monitored machine that a spreadsheet would run as a
 * formula (= + - @ tab CR first) gets a leading apostrophe. Numbers are left as they are. */
export function csvCell(v: Cell, untrusted: boolean): string {
  let s = String(v);
  if (untrusted && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) || (untrusted && s !== s.trim()) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

export function csvWriter(shape: TaskRecordShape): LineWriter {
  const untrusted = shape.keys.map((k) => shape.textKeys.has(k));
  return {
    header: () => shape.keys.map((k) => csvCell(k, false)).join(',') + '\r\n',
    line: (cells) => cells.map((c, i) => csvCell(c, untrusted[i]!)).join(',') + '\r\n',
  };
}
