// The task rows as a table (table.ts): one row per task per sample, the columns and names of
// the jsonl contract (cli/task-record.ts) plus `host`, with Parquet-friendly types: integers
// as integers of their C width (64-bit exact, also beyond 2^53), `curtime` a UTC timestamp,
// `gen.isproc` a boolean, chars and text as strings.
import type { TaskLeafField, Sample, StringTable } from '../format/index';
import { TableBuffers } from './buffers';
import { valueBytes, type ColumnSpec, type ColumnType, type RowGroup } from './table';

/** The table's name (file name in a dataset, `atopview.table` in the file's metadata). */
export const TASKS_TABLE = 'tasks';

/** The per-sample columns before the tstat fields. */
export const TASK_LEAD: readonly ColumnSpec[] = [
  { name: 'host', type: 'string', stats: true },
  { name: 'sample', type: 'int32', stats: true },
  { name: 'curtime', type: 'timestamp', stats: true },
  { name: 'interval', type: 'uint32' },
];

/** The task fields readers filter by: min/max statistics per column chunk (parquet.ts). */
const FILTERED = new Set(['gen.pid', 'gen.tgid', 'gen.ppid', 'gen.name']);

function fieldType(f: TaskLeafField): ColumnType {
  if (f.kind === 'text') return 'string';
  if (f.path === 'gen.isproc') return 'boolean';
  if (f.scalar === 'char') return 'string';
  return f.scalar ?? 'uint8';
}

export function taskSchema(fields: readonly TaskLeafField[]): ColumnSpec[] {
  return [
    ...TASK_LEAD,
    ...fields.map((f) => ({
      name: f.path,
      type: fieldType(f),
      ...(FILTERED.has(f.path) && { stats: true }),
    })),
  ];
}

/**
 * Appends the task rows of samples, one after another, to a batch (buffers.ts): a run of
 * samples becomes one Arrow batch. Text columns hold ids into the batch's dictionary, found
 * through a table from the log's string ids (one lookup per distinct string per batch, not
 * per row).
 */
export class TaskRowsBuilder {
  readonly schema: ColumnSpec[];
  private readonly buffers: TableBuffers;
  /** Per tstat field: string-table id (or char code) -> batch dictionary id, valid where stamp === generation. */
  private readonly local: { map: Int32Array; stamp: Int32Array }[];
  private generation = 1;

  constructor(
    private readonly fields: readonly TaskLeafField[],
    private readonly strings: StringTable,
    private readonly host: string | null,
  ) {
    const schema = taskSchema(fields);
    this.schema = host === null ? schema.slice(1) : schema;
    this.buffers = new TableBuffers(this.schema, 1 << 14);
    this.local = fields.map(() => ({ map: new Int32Array(256), stamp: new Int32Array(256) }));
  }

  /** Rows gathered since the last take. */
  get rows(): number {
    return this.buffers.rows;
  }

  /** The rows gathered so far (valid until the next add), then a new batch. */
  take(): RowGroup {
    this.generation++;
    return this.buffers.take();
  }

  add(s: Sample): void {
    const rows = s.tasks.count;
    const b = this.buffers;
    b.reserve(rows);
    const at = b.rows;
    let k = 0;
    if (this.host !== null) b.i32(k++).fill(b.intern(0, this.host), at, at + rows);
    b.i32(k++).fill(s.index, at, at + rows);
    b.i64(k++).fill(BigInt(s.rec.curtime) * 1_000_000n, at, at + rows);
    b.i32(k++).fill(s.rec.interval | 0, at, at + rows);
    this.fields.forEach((f, j) => {
      const col = k + j;
      const type = this.schema[col]!.type;
      if (f.kind === 'text') this.textIds(j, col, s.tasks.text[f.path]!, at);
      else if (type === 'string') this.charIds(j, col, s.tasks.num[f.path] as Uint8Array, at);
      else if (type === 'boolean') {
        const src = s.tasks.num[f.path]!;
        const out = b.bool(col);
        for (let r = 0; r < rows; r++) out[at + r] = src[r] !== 0 ? 1 : 0;
      } else if (valueBytes(type) === 8) {
        int64Words(s.tasks.num[f.path] as Float64Array, b.words64(col), at);
        const wide = s.tasks.wide[f.path];
        if (wide) {
          const out = b.i64(col);
          for (const [r, v] of wide) out[at + r] = BigInt.asIntN(64, v);
        }
      } else (type === 'float32' ? b.f32(col) : b.i32(col)).set(s.tasks.num[f.path]!, at);
    });
    b.commit(rows);
  }

  /** Each row's id in the batch's dictionary of column `col` (tstat field j). */
  private textIds(j: number, col: number, src: Int32Array, at: number): void {
    const l = this.local[j]!;
    const n = this.strings.values.length;
    if (l.map.length < n) {
      const grown = Math.max(n, l.map.length * 2);
      const map = new Int32Array(grown);
      const stamp = new Int32Array(grown);
      map.set(l.map);
      stamp.set(l.stamp);
      this.local[j] = { map, stamp };
    }
    const { map, stamp } = this.local[j]!;
    const g = this.generation;
    const ids = this.buffers.i32(col);
    for (let r = 0; r < src.length; r++) {
      const id = src[r]!;
      if (stamp[id] !== g) {
        stamp[id] = g;
        map[id] = this.buffers.intern(col, this.strings.values[id]!);
      }
      ids[at + r] = map[id]!;
    }
  }

  /** A char: its one-character string ("" for NUL), looked up by char code. */
  private charIds(j: number, col: number, src: Uint8Array, at: number): void {
    const { map, stamp } = this.local[j]!;
    const g = this.generation;
    const ids = this.buffers.i32(col);
    for (let r = 0; r < src.length; r++) {
      const c = src[r]!;
      if (stamp[c] !== g) {
        stamp[c] = g;
        map[c] = this.buffers.intern(col, CHARS[c]!);
      }
      ids[at + r] = map[c]!;
    }
  }
}

const TWO32 = 4294967296;

/**
 * int64 columns are decoded as doubles (exact up to 2^53; larger values are in
 * TaskColumns.wide): their 64-bit two's complement words, without a BigInt per value.
 */
function int64Words(src: Float64Array, w: Int32Array, at: number): void {
  for (let r = 0, o = 2 * at; r < src.length; r++, o += 2) {
    const v = src[r]!;
    const hi = Math.floor(v / TWO32);
    w[o] = v - hi * TWO32; // 0 ≤ lo < 2^32, stored as its bits
    w[o + 1] = hi;
  }
}

const CHARS = Array.from({ length: 256 }, (_, c) => (c === 0 ? '' : String.fromCharCode(c)));
