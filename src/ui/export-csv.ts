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
  const when = `${fmtDateTime(x.time, x.tz).replace(' ', 'T').replace(/:/g, '-')}${x.tz === 'utc' ? 'Z' : ''}`;
  const a = document.createElement('a');
  const url = URL.createObjectURL(blob);
  a.href = url;
  a.download = csvFileName(x.host, when, x.view);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, REVOKE_AFTER_MS);
}
