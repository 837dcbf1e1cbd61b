// Export CSV: exactly the rows and columns the table shows, in order, after three columns
// that say where they come from (host, file, and the sample's time in the zone shown, with
// its offset, so no row is ambiguous across a clock change or another reader's zone), saved
// as a download named after the host, the sample's time and the view.
import { csvBlob, csvFileName } from './csv';
import { fmtDateTime, fmtIsoTime, type TimeZoneMode } from './format';
import type { BoundColumn, ColumnSpec } from './table/column';

export interface TableExport {
  readonly columns: readonly ColumnSpec[];
  readonly bound: ReadonlyMap<string, BoundColumn>;
  /** Row indices in display order. */
  readonly rows: Int32Array;
  readonly host: string;
  /** The file the sample was read from. */
  readonly file: string;
  /** curtime of the sample shown. */
  readonly time: number;
  readonly tz: TimeZoneMode;
  readonly view: string;
}

/** The columns every export starts with. */
export const SOURCE_COLUMNS = ['host', 'file', 'time'] as const;

/** How long the download's object URL stays valid (the browser reads it asynchronously). */
const REVOKE_AFTER_MS = 30_000;

export function downloadTableCsv(x: TableExport): void {
  const cols = x.columns.map((s) => x.bound.get(s.id)!);
  const source = [x.host, x.file, fmtIsoTime(x.time, x.tz)];
  const n = source.length;
  const blob = csvBlob({
    header: [...SOURCE_COLUMNS, ...x.columns.map((s) => s.header)],
    rowCount: x.rows.length,
    cell: (r, c) => (c < n ? source[c]! : cols[c - n]!.text(x.rows[r]!)),
  });
  downloadBlob(blob, csvFileName(x.host, fileTime(x.time, x.tz), x.view));
}

/** A time for a file name: "2026-11-24T14-55-49Z" (UTC) or the zone's wall clock. */
export function fileTime(epoch: number, tz: TimeZoneMode): string {
  return `${fmtDateTime(epoch, tz).replace(' ', 'T').replace(/:/g, '-')}${tz === 'utc' ? 'Z' : ''}`;
}

/** Saves a Blob as a download named `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  const url = URL.createObjectURL(blob);
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, REVOKE_AFTER_MS);
}
