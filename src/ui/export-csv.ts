// Export CSV: exactly the rows and columns the table shows, in order, saved as a download
// named after the host, the sample's time and the view.
import { csvBlob, csvFileName } from './csv';
import { fmtDateTime, type TimeZoneMode } from './format';
import type { BoundColumn, ColumnSpec } from './table/column';

export interface TableExport {
  readonly columns: readonly ColumnSpec[];
  readonly bound: ReadonlyMap<string, BoundColumn>;
  /** Row indices in display order. */
  readonly rows: Int32Array;
  readonly host: string;
  /** curtime of the sample shown. */
  readonly time: number;
  readonly tz: TimeZoneMode;
  readonly view: string;
}

/** How long the download's object URL stays valid (the browser reads it asynchronously). */
const REVOKE_AFTER_MS = 30_000;

export function downloadTableCsv(x: TableExport): void {
  const cols = x.columns.map((s) => x.bound.get(s.id)!);
  const blob = csvBlob({
    header: x.columns.map((s) => s.header),
    rowCount: x.rows.length,
    cell: (r, c) => cols[c]!.text(x.rows[r]!),
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
