// The CSV export (src/ui/csv.ts): RFC 4180, formula neutralisation, bounded chunks.
import { describe, expect, it } from 'vitest';
import {
  CSV_CHUNK_CHARS,
  csvBlob,
  csvCell,
  csvChunks,
  csvFileName,
  csvLine,
  parseCsv,
  type CsvSource,
} from '../src/ui/csv';

describe('csvCell', () => {
  it('leaves plain text alone', () => {
    expect(csvCell('python3')).toBe('python3');
    expect(csvCell('')).toBe('');
    expect(csvCell('13.4M')).toBe('13.4M');
    expect(csvCell('ë é € 日')).toBe('ë é € 日');
  });

  it('quotes fields with comma, quote, CR or LF and doubles quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+cmd', "'+cmd"],
    ['-e foo', "'-e foo"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcalc', "'\tcalc"],
    ['\rcalc', `"'\rcalc"`],
    ['=1,2', `"'=1,2"`],
    ['-2+3', "'-2+3"],
    ['-12.0K', "'-12.0K"],
  ])('neutralises %j, which a spreadsheet would run', (input, want) => {
    expect(csvCell(input)).toBe(want);
  });

  it('keeps plain negative numbers as numbers', () => {
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('-0.25')).toBe('-0.25');
  });

  it("keeps the table's lone '-' (not applicable), but not other lone signs", () => {
    expect(csvCell('-')).toBe('-');
    expect(csvCell('--')).toBe("'--");
    expect(csvCell('=')).toBe("'=");
    expect(csvCell('+')).toBe("'+");
  });

  it('does not neutralise a formula character that is not first', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(' =b')).toBe(' =b');
  });
});

describe('csvLine and parseCsv', () => {
  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('round-trips hostile command lines', () => {
    const cells = ['sh -c "echo, \'x\'"', 'a\nb', 'x\r\ny', '"', ',', 'é€日', 'tab\there'];
    expect(parseCsv(csvLine(cells))).toEqual([cells]);
  });
});

function source(rows: number, cols = 3): CsvSource {
  return {
    header: Array.from({ length: cols }, (_, c) => `H${c}`),
    rowCount: rows,
    cell: (r, c) => (c === 0 ? String(r) : c === 1 ? `name,${r % 7}` : `=cmd ${r}`),
  };
}

describe('csvChunks', () => {
  it('writes the header, then every row in order', () => {
    const text = [...csvChunks(source(5))].join('');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['H0', 'H1', 'H2']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['0', '1', '2', '3', '4']);
    expect(rows[1]).toEqual(['0', 'name,0', "'=cmd 0"]);
  });

  it('writes only a header for no rows', () => {
    expect([...csvChunks(source(0))].join('')).toBe('H0,H1,H2\r\n');
  });

  it('never builds one giant string: 1,000,000 rows in bounded chunks', () => {
    const n = 1_000_000;
    let chunks = 0;
    let total = 0;
    let longest = 0;
    let lines = 0;
    for (const c of csvChunks(source(n))) {
      chunks++;
      total += c.length;
      longest = Math.max(longest, c.length);
      for (let i = c.indexOf('\r\n'); i >= 0; i = c.indexOf('\r\n', i + 2)) lines++;
    }
    expect(lines).toBe(n + 1);
    // a chunk closes at the first row boundary past the limit: at most one row longer
    expect(longest).toBeLessThan(CSV_CHUNK_CHARS + 100);
    expect(chunks).toBeGreaterThan(total / (CSV_CHUNK_CHARS + 100));
  });

  it('respects a custom chunk size', () => {
    const chunks = [...csvChunks(source(1000), 256)];
    expect(chunks.length).toBeGreaterThan(50);
    for (const c of chunks) expect(c.length).toBeLessThan(256 + 40);
    expect(parseCsv(chunks.join(''))).toHaveLength(1001);
  });

  it('makes a Blob of the chunks', async () => {
    const blob = csvBlob(source(3));
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect(parseCsv(await blob.text())).toHaveLength(4);
  });
});

describe('csvFileName', () => {
  it('names the file after host, sample time and view', () => {
    expect(csvFileName('vm', '2026-11-24T14-55-49Z', 'generic')).toBe(
      'atop_vm_2026-11-24T14-55-49Z_generic.csv',
    );
  });

  it('keeps only characters every file system takes', () => {
    expect(csvFileName('../../etc/passwd', 'a b:c', 'x')).toBe('atop_..-..-etc-passwd_a-b-c_x.csv');
    expect(csvFileName('', '', '')).toBe('atop_unknown_unknown_unknown.csv');
  });
});
