// Hive-style partition directories: DIR/host=<host>/date=<YYYY-MM-DD>/tasks.parquet, as
// DuckDB (hive_partitioning), Spark, Trino and pyarrow read them.
//
// Escaping: a host name is whatever the machine's uname said (up to 64 bytes of anything), so
// every byte of its UTF-8 outside [A-Za-z0-9-] and a '.' or '_' in first place (Spark and
// DuckDB skip names starting with either; '.' and '..' would leave the directory) become %XX,
// which every one of those readers decodes (Hive's own escaping uses the same %XX form). An
// empty host is Hive's __HIVE_DEFAULT_PARTITION__ (read back as NULL).
const utf8 = new TextEncoder();

export const DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

export function escapePartitionValue(value: string): string {
  if (value === '') return DEFAULT_PARTITION;
  let out = '';
  const bytes = utf8.encode(value);
  bytes.forEach((b, i) => {
    const c = String.fromCharCode(b);
    const plain = /[A-Za-z0-9-]/.test(c) || ((c === '.' || c === '_') && i > 0);
    out += plain ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  });
  return out;
}

/** The UTC calendar date of a time in seconds since the epoch. */
export function utcDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

export function partitionDir(host: string, date: string): string {
  return `host=${escapePartitionValue(host)}/date=${date}`;
}
