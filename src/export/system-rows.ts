// The system figures as tables (table.ts), the Parquet side of the system export contract
// (cli/system-record.ts): `system`, one row per sample with every member of struct sstat
// outside the per-device arrays; and per array a table of its entries in use (as many as the
// version's count member says), one row per entry per sample, keyed by the sample and the
// entry's index: `system_cpu` (cpu.cpu), `system_disk` (dsk.dsk) … Columns are named as the
// jsonl keys (dotted sstat paths; within an entry, the path within the entry; but see
// CASE_RENAMES) with the C type's
// width: 64-bit counters INT64 (exact beyond 2^53, copied as their bits), float members FLOAT,
// chars and text strings. No DOM, no Node APIs.
import {
  entriesInUse,
  readText,
  sstatView,
  type DeviceArray,
  type LeafSlot,
  type SstatPlan,
  type SystemSample,
} from '../format/index';
import { TableBuffers } from './buffers';
import type { ColumnSpec, ColumnType } from './table';

/** The table of the members outside the arrays. */
export const SYSTEM_TABLE = 'system';

/** Table of each per-device array of struct sstat (layouts/system-meta.ts lists them per version). */
export const DEVICE_TABLES: Readonly<Record<string, string>> = {
  'cpu.cpu': 'system_cpu',
  'intf.intf': 'system_interface',
  'dsk.dsk': 'system_disk',
  'dsk.mdd': 'system_mdd',
  'dsk.lvm': 'system_lvm',
  'nfs.nfsmounts.nfsmnt': 'system_nfsmount',
  'cfs.cont': 'system_container',
  'gpu.gpu': 'system_gpu',
  'ifb.ifb': 'system_ifb',
  'memnuma.numa': 'system_memnuma',
  'cpunuma.numa': 'system_cpunuma',
  'llc.perllc': 'system_llc',
};

const LEAD: readonly ColumnSpec[] = [
  { name: 'host', type: 'string', stats: true },
  { name: 'sample', type: 'int32', stats: true },
  { name: 'curtime', type: 'timestamp', stats: true },
  { name: 'interval', type: 'uint32' },
];

/** A device table's key after the sample's: the entry's index in its array (CPU number in 2.13's cpu.cpu). */
const ENTRY: ColumnSpec = { name: 'entry', type: 'int32', stats: true };

/**
 * Members whose names differ from another's only by case: DuckDB, Spark (by default) and Hive
 * compare column names without case (DuckDB reads the second as `Itime_1`, Spark refuses the
 * file), so in Parquet they carry what atop means by them (struct cpustat: itime idle, Itime
 * irq; stime system, Stime softirq). The jsonl keys stay atop's.
 */
export const CASE_RENAMES: Readonly<Record<string, string>> = { Itime: 'Itime_irq', Stime: 'Stime_softirq' };

/** The Parquet column of a member path: the last component renamed if it is in CASE_RENAMES. */
export function columnName(path: string): string {
  const dot = path.lastIndexOf('.');
  const last = path.slice(dot + 1);
  const renamed = CASE_RENAMES[last];
  return renamed === undefined ? path : path.slice(0, dot + 1) + renamed;
}

function leafType(slot: LeafSlot): ColumnType {
  if (slot.kind === 'text' || slot.scalar === 'char') return 'string';
  return slot.scalar;
}

/** Writes one member of the struct at `base` into row `row` of column `col`. */
type Put = (b: TableBuffers, dv: DataView, u8: Uint8Array, base: number, row: number) => void;

const CHARS = Array.from({ length: 256 }, (_, c) => (c === 0 ? '' : String.fromCharCode(c)));

function putter(slot: LeafSlot, col: number): Put {
  if (slot.kind === 'text')
    return (b, _dv, u8, base, row) => {
      b.i32(col)[row] = b.intern(col, readText(u8, base, slot));
    };
  const at = slot.offset;
  switch (slot.scalar) {
    case 'char':
      return (b, dv, _u8, base, row) => {
        b.i32(col)[row] = b.intern(col, CHARS[dv.getUint8(base + at)]!);
      };
    case 'int64':
    case 'uint64':
      // the value's bits: exact at any size
      return (b, dv, _u8, base, row) => {
        const w = b.words64(col);
        w[2 * row] = dv.getInt32(base + at, true);
        w[2 * row + 1] = dv.getInt32(base + at + 4, true);
      };
    case 'float32':
      return (b, dv, _u8, base, row) => {
        b.f32(col)[row] = dv.getFloat32(base + at, true);
      };
    default:
      // up to 32 bits: uint32 above 2^31 is stored as its bits (the Arrow column reads them unsigned)
      return (b, dv, _u8, base, row) => {
        b.i32(col)[row] = slot.get(dv, base);
      };
  }
}

/** One of the system tables of a format version. */
export interface SystemTable {
  readonly name: string;
  readonly schema: readonly ColumnSpec[];
  /** The per-device array it holds, null for `system`. */
  readonly array: DeviceArray | null;
}

/** The tables of a version's struct sstat: `system`, then one per per-device array, in struct order. */
export function systemTables(plan: SstatPlan, withHost: boolean): SystemTable[] {
  const lead = withHost ? LEAD : LEAD.slice(1);
  const columns = (leaves: readonly LeafSlot[]) =>
    leaves.map((l) => ({ name: columnName(l.path), type: leafType(l) }));
  const tables: SystemTable[] = [
    { name: SYSTEM_TABLE, schema: [...lead, ...columns(plan.leaves)], array: null },
  ];
  for (const a of plan.arrays) {
    const name = DEVICE_TABLES[a.path];
    if (name === undefined) throw new Error(`no table name for the per-device array ${a.path}`);
    tables.push({ name, schema: [...lead, ENTRY, ...columns(a.fields)], array: a });
  }
  for (const t of tables) {
    const names = new Set(t.schema.map((c) => c.name.toLowerCase()));
    if (names.size !== t.schema.length)
      throw new Error(`${t.name}: two columns have the same name but for case (add it to CASE_RENAMES)`);
  }
  return tables;
}

/** Fills the system tables' buffers from each sample's struct sstat. */
export class SystemRowsBuilder {
  readonly tables: SystemTable[];
  readonly buffers: TableBuffers[];
  private readonly puts: Put[][];
  private readonly lead: number;

  constructor(
    private readonly plan: SstatPlan,
    private readonly host: string | null,
  ) {
    this.tables = systemTables(plan, host !== null);
    this.buffers = this.tables.map((t) => new TableBuffers(t.schema, 256));
    this.lead = host === null ? 3 : 4;
    this.puts = this.tables.map((t) => {
      const first = this.lead + (t.array ? 1 : 0);
      return (t.array ? t.array.fields : plan.leaves).map((l, k) => putter(l, first + k));
    });
  }

  add(s: SystemSample): void {
    const dv = sstatView(this.plan, s.sstat);
    this.tables.forEach((t, k) => {
      const b = this.buffers[k]!;
      const puts = this.puts[k]!;
      const n = t.array ? entriesInUse(t.array, dv) : 1;
      b.reserve(n);
      for (let i = 0; i < n; i++) {
        const row = b.rows + i;
        this.putLead(b, s, row);
        let base = 0;
        if (t.array) {
          b.i32(this.lead)[row] = i;
          base = t.array.offset + i * t.array.elemsize;
        }
        for (const put of puts) put(b, dv, s.sstat, base, row);
      }
      b.commit(n);
    });
  }

  private putLead(b: TableBuffers, s: SystemSample, row: number): void {
    let k = 0;
    if (this.host !== null) b.i32(k++)[row] = b.intern(0, this.host);
    b.i32(k++)[row] = s.index;
    b.i64(k++)[row] = BigInt(s.rec.curtime) * 1_000_000n;
    b.i32(k)[row] = s.rec.interval | 0;
  }
}
