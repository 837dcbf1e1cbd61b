// The task rows as a table (table.ts): one row per task per sample, the columns and names of
// the jsonl contract (cli/task-record.ts) plus `host`, with Parquet-friendly types: integers
// as integers of their C width (64-bit exact, also beyond 2^53), `curtime` a UTC timestamp,
// `gen.isproc` a boolean, chars and text as strings.
import type { TaskLeafField, Sample, StringTable } from '../format/index';
import type { ColumnSpec, ColumnType, ColumnValues, RowGroup } from './table';

/** The per-sample columns before the tstat fields. */
export const TASK_LEAD: readonly ColumnSpec[] = [
  { name: 'host', type: 'string' },
  { name: 'sample', type: 'int32' },
  { name: 'curtime', type: 'timestamp' },
  { name: 'interval', type: 'uint32' },
];

function fieldType(f: TaskLeafField): ColumnType {
  if (f.kind === 'text') return 'string';
  if (f.path === 'gen.isproc') return 'boolean';
  if (f.scalar === 'char') return 'string';
  return f.scalar ?? 'uint8';
}

export function taskSchema(fields: readonly TaskLeafField[]): ColumnSpec[] {
  return [...TASK_LEAD, ...fields.map((f) => ({ name: f.path, type: fieldType(f) }))];
}

/** Bytes a value of each type takes in a row group's arrays (table.ts). */
export function valueBytes(t: ColumnType): number {
  switch (t) {
    case 'int64':
    case 'uint64':
    case 'timestamp':
    case 'float64':
      return 8;
    case 'boolean':
      return 1;
    default:
      return 4;
  }
}

/**
 * Builds each sample's rows as a one-sample row group whose arrays all live in one buffer
 * (one transfer to the writer's thread, handed back for reuse), with the sample's own small
 * dictionary for each text column.
 */
export class TaskRowsBuilder {
  readonly schema: ColumnSpec[];
  /** String-table id -> id in the current sample's dictionary, valid where stamp === sample. */
  private readonly local: { map: Int32Array; stamp: Int32Array }[];
  private generation = 0;

  constructor(
    private readonly fields: readonly TaskLeafField[],
    private readonly strings: StringTable,
    private readonly host: string,
  ) {
    this.schema = taskSchema(fields);
    this.local = fields.map(() => ({ map: new Int32Array(0), stamp: new Int32Array(0) }));
  }

  /** Bytes `build` needs for a sample of `rows` tasks. */
  bytesFor(rows: number): number {
    let n = 0;
    for (const c of this.schema) n += align8(rows * valueBytes(c.type));
    return n;
  }

  /** The rows of `s`, in `buffer` (at least bytesFor(rows) bytes). */
  build(s: Sample, buffer: ArrayBuffer): RowGroup {
    const rows = s.tasks.count;
    let at = 0;
    const take = <T>(make: (b: ArrayBuffer, at: number, n: number) => T, width: number): T => {
      const v = make(buffer, at, rows);
      at += align8(rows * width);
      return v;
    };
    const i64 = () => take((b, o, n) => new BigInt64Array(b, o, n), 8);
    const i32 = () => take((b, o, n) => new Int32Array(b, o, n), 4);
    this.generation++;
    const columns: ColumnValues[] = [];
    // lead: host, sample, curtime, interval
    columns.push({ ids: i32().fill(0), values: [this.host] });
    columns.push(i32().fill(s.index));
    columns.push(i64().fill(BigInt(s.rec.curtime) * 1_000_000n));
    columns.push(i32().fill(s.rec.interval | 0));
    this.fields.forEach((f, k) => {
      const type = this.schema[TASK_LEAD.length + k]!.type;
      if (f.kind === 'text') {
        const ids = i32();
        columns.push({ ids, values: this.dictionary(k, s.tasks.text[f.path]!, ids) });
      } else if (type === 'string') {
        // a char: its one-character string ("" for NUL), dictionary by char code
        const ids = i32();
        columns.push({ ids, values: charDictionary(s.tasks.num[f.path]! as Uint8Array, ids) });
      } else if (type === 'boolean') {
        const src = s.tasks.num[f.path]!;
        const out = take((b, o, n) => new Uint8Array(b, o, n), 1);
        for (let r = 0; r < rows; r++) out[r] = src[r] !== 0 ? 1 : 0;
        columns.push(out);
      } else if (valueBytes(type) === 8) {
        const out = i64();
        int64Words(s.tasks.num[f.path] as Float64Array, out);
        const wide = s.tasks.wide[f.path];
        if (wide) for (const [r, v] of wide) out[r] = BigInt.asIntN(64, v);
        columns.push(out);
      } else if (type === 'float32') {
        const out = take((b, o, n) => new Float32Array(b, o, n), 4);
        out.set(s.tasks.num[f.path] as Float32Array);
        columns.push(out);
      } else {
        const out = i32();
        out.set(s.tasks.num[f.path]!);
        columns.push(out);
      }
    });
    return { rows, columns };
  }

  /** The sample's distinct texts of column k, in order of appearance, and each row's id among them. */
  private dictionary(k: number, src: Int32Array, ids: Int32Array): string[] {
    const l = this.local[k]!;
    const n = this.strings.values.length;
    if (l.map.length < n) {
      const grown = Math.max(n, l.map.length * 2);
      l.map = new Int32Array(grown);
      l.stamp = new Int32Array(grown);
    }
    const values: string[] = [];
    const g = this.generation;
    for (let r = 0; r < src.length; r++) {
      const id = src[r]!;
      if (l.stamp[id] !== g) {
        l.stamp[id] = g;
        l.map[id] = values.length;
        values.push(this.strings.values[id]!);
      }
      ids[r] = l.map[id]!;
    }
    return values;
  }
}

const align8 = (n: number) => (n + 7) & ~7;

const TWO32 = 4294967296;

/**
 * int64 columns are decoded as doubles (exact up to 2^53; larger values are in
 * TaskColumns.wide): their 64-bit two's complement words, without a BigInt per value.
 */
function int64Words(src: Float64Array, out: BigInt64Array): void {
  const w = new Int32Array(out.buffer, out.byteOffset, out.length * 2);
  for (let r = 0; r < src.length; r++) {
    const v = src[r]!;
    const hi = Math.floor(v / TWO32);
    w[2 * r] = v - hi * TWO32; // 0 ≤ lo < 2^32, stored as its bits
    w[2 * r + 1] = hi;
  }
}

const CHARS = Array.from({ length: 256 }, (_, c) => (c === 0 ? '' : String.fromCharCode(c)));

function charDictionary(src: Uint8Array, ids: Int32Array): string[] {
  const seen = new Int32Array(256).fill(-1);
  const values: string[] = [];
  for (let r = 0; r < src.length; r++) {
    const c = src[r]!;
    if (seen[c] === -1) {
      seen[c] = values.length;
      values.push(CHARS[c]!);
    }
    ids[r] = seen[c]!;
  }
  return values;
}
