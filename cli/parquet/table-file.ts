// One Parquet file of a table being written: the writer (src/export/parquet.ts) over a file
// that takes its final name only once complete (file-sink.ts).
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ParquetTableWriter } from '../../src/export/parquet';
import { sameColumns, type ColumnSpec } from '../../src/export/table';
import { AtomicFileSink } from './file-sink';

export interface WrittenFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export class TableFile {
  private constructor(
    readonly path: string,
    readonly table: string,
    readonly schema: readonly ColumnSpec[],
    /** The log whose header gave the schema (for the message when another log's differs). */
    readonly firstFile: string,
    private readonly partitioned: boolean,
    private readonly sink: AtomicFileSink,
    readonly writer: ParquetTableWriter,
  ) {}

  static async open(
    path: string,
    table: string,
    schema: readonly ColumnSpec[],
    rowsPerGroup: number,
    firstFile: string,
    partitioned: boolean,
  ): Promise<TableFile> {
    await mkdir(dirname(path), { recursive: true });
    const sink = await AtomicFileSink.create(path);
    const writer = new ParquetTableWriter(schema, sink, {
      rowsPerGroup,
      metadata: new Map([['atopview.table', table]]),
    });
    return new TableFile(path, table, schema, firstFile, partitioned, sink, writer);
  }

  /** Throws unless `schema` (of `file`, atop format `version`) is this file's. */
  checkSchema(schema: readonly ColumnSpec[], file: string, version: string, what: string): void {
    if (!sameColumns(this.schema, schema)) throw this.mismatch(file, version, what);
  }

  /** The error for a log whose columns differ from those of the log this file was opened for. */
  mismatch(file: string, version: string, what: string): Error {
    return new Error(
      `${file} is atop format ${version}, its ${what} differ from ${this.firstFile}'s: one Parquet file ` +
        (this.partitioned
          ? 'holds one format, and both logs have samples of the same host and day'
          : 'holds one format; export to a directory (a dataset) instead'),
    );
  }

  /** Writes the footer and gives the file its name. */
  async commit(): Promise<WrittenFile> {
    await this.writer.finish();
    await this.sink.commit();
    return { path: this.path, rows: this.writer.rows, bytes: this.sink.bytes };
  }

  /** Drops the temporary file. */
  abort(): Promise<void> {
    return this.sink.abort();
  }
}
