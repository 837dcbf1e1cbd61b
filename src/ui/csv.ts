// CSV export of what the table shows: RFC 4180 (CRLF line ends, fields with comma, quote, CR
// or LF quoted, quotes doubled), and spreadsheet formula neutralisation, because command
// lines and process names are text anyone on the machine could choose. Output is built as
// an array of bounded chunks, so a million rows never become one giant string.

/** Characters a spreadsheet treats as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * Data, not a formula, so it stays as it is: a plain decimal number ("-5", "-0.25") and the
 * lone "-" the table shows for "not applicable" (a sign with nothing after it computes nothing).
 */
const INERT = /^-?\d+(\.\d+)?$|^-$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text of a cell with a leading ' if a spreadsheet could run it as a formula. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !INERT.test(value) ? `'${value}` : value;
}

/** One cell: neutralised, then quoted if needed. */
export function csvCell(value: string): string {
  const v = neutralise(value);
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  let s = '';
  for (let i = 0; i < cells.length; i++) s += (i > 0 ? ',' : '') + csvCell(cells[i]!);
  return s + '\r\n';
}

/** Chunks are cut at row boundaries once they reach this many UTF-16 units. */
export const CSV_CHUNK_CHARS = 64 * 1024;

export interface CsvSource {
  readonly header: readonly string[];
  readonly rowCount: number;
  /** Text of visible row r (0-based, in display order), column c (in display order). */
  cell(row: number, col: number): string;
}

/** The CSV as successive chunks, each at most one row longer than `chunkChars`. */
export function* csvChunks(src: CsvSource, chunkChars = CSV_CHUNK_CHARS): Generator<string> {
  let buf = csvLine(src.header);
  const cols = src.header.length;
  const cells: string[] = new Array<string>(cols);
  for (let r = 0; r < src.rowCount; r++) {
    for (let c = 0; c < cols; c++) cells[c] = src.cell(r, c);
    buf += csvLine(cells);
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}

/** The whole export as a Blob made of bounded chunks. */
export function csvBlob(src: CsvSource, chunkChars = CSV_CHUNK_CHARS): Blob {
  return new Blob([...csvChunks(src, chunkChars)], { type: 'text/csv;charset=utf-8' });
}

/** A part of a file name from text of the monitored machine: safe on every file system. */
export const fileNamePart = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'unknown';

/** "atop_vm_2026-11-24T14-55-49Z_generic.csv": safe on every file system. */
export function csvFileName(host: string, sampleTime: string, view: string): string {
  return `atop_${fileNamePart(host)}_${fileNamePart(sampleTime)}_${fileNamePart(view)}.csv`;
}

/** Parses RFC 4180 text back into rows (for tests and round trips). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
