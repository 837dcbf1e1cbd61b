// A table as the Parquet writer takes it: a schema of typed columns and row groups of column
// arrays. Any table plugs in: the task rows (task-rows.ts) and, later, the system tables. No
// DOM, no Node APIs: the page's worker writes the same tables.

export type ColumnType =
  | 'int64'
  | 'uint64'
  | 'int32'
  | 'uint32'
  | 'int16'
  | 'uint16'
  | 'int8'
  | 'uint8'
  | 'float32'
  | 'float64'
  | 'boolean'
  /** Text, dictionary-encoded. */
  | 'string'
  /** A point in time, UTC: microseconds since the epoch. */
  | 'timestamp';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

/** Text as ids into a list of distinct values (a row group's dictionary). */
export interface DictColumn {
  readonly ids: Int32Array;
  readonly values: readonly string[];
}

/**
 * One column's values in a row group, by type: 64-bit integers and timestamps as
 * BigInt64Array (uint64 as its bits), the narrower integers as Int32Array (uint32 as its
 * bits), floats as Float32Array / Float64Array, booleans as 0/1 bytes, strings as DictColumn.
 */
export type ColumnValues = BigInt64Array | Int32Array | Float32Array | Float64Array | Uint8Array | DictColumn;

export interface RowGroup {
  readonly rows: number;
  /** In schema order. */
  readonly columns: readonly ColumnValues[];
}

/** Where the bytes of a file go: a Node file, a browser file handle, memory. */
export interface ByteSink {
  write(bytes: Uint8Array): void | Promise<void>;
}
