// The process store's input, built by a pool worker from the task blobs it inflates anyway
// (summarize.ts): for one job (a run of consecutive samples) every process row, packed per
// process. The reading worker keeps these chunks (process-store.ts) and answers range
// totals, groupings and lifelines from them without inflating a blob again.
//
// Packing: a job's rows are sorted by process (pid + start time) and each process is
// written as a change log of its rows over the job's samples, in LEB128 varints:
//
//   runs of samples present   count, then (gap, length) pairs
//   which fields are not 0    a bit mask over STREAM_FIELDS
//   each of those fields      (rows, zigzag value) pairs until its rows are covered
//
// A process that idles (most of a server's) costs ~14 bytes a job: its presence, the mask
// and one pair each for its constant RSIZE, VSIZE and threads; its CPU, disk, fault and
// network counters are 0 and cost nothing. Only process rows are kept (gen.isproc; thread
// rows repeat their process's counters). What varies per row but is not a number — name,
// command line, user, container, cgroup — is each process's value at its first row in the
// job plus the rows where it changes (rare: an exec). A value beyond ±2^52, which a double
// cannot carry through the zigzag code, is written as 0 and kept exactly aside (`wide`).
import { fieldsOf, type StringTable, type TaskColumns, type VersionLayout } from '../format/index';
import type { StructType } from '../format/layout/dsl';
import { numColumn, textColumn, wideValues } from '../analysis/columns';
import { projectTstat, totalsFields } from '../analysis/fields';
import { EXITED, FRESH, LIVE } from '../analysis/identity';
import { KeyIndex } from '../analysis/key-index';
import { label, nameRank, PROC_SPEC } from '../analysis/processes';
import { Table } from '../analysis/table';
import { ByteWriter } from '../lib/varint';
import type { ProcessChunk, WideCell } from './protocol';

export type { ProcessChunk, WideCell } from './protocol';

/** A row's state is E (it exited in the interval): a 0/1 field of the change log. */
export const EXITED_FIELD = 'state.E';

/** The gauges first: an idle process's mask is then a small number (one byte). */
const GAUGES = ['mem.rmem', 'mem.vmem', 'gen.nthr'] as const;

/** Group keys and labels that vary per row; `text` keys are string ids. */
export interface StoreKey {
  readonly path: string;
  readonly text: boolean;
}

/** What the store keeps of a log's version: both sides derive it from the layout. */
export interface StoreLayout {
  /** The counters the range totals sum (the report's, totalsFields). */
  readonly sums: readonly string[];
  /** Change-log fields, in mask bit order: gauges, sums, gen.excode, EXITED_FIELD. */
  readonly fields: readonly string[];
  readonly keys: readonly StoreKey[];
  /** struct tstat projected on what the builder reads. */
  readonly tstat: StructType;
}

const layouts = new WeakMap<VersionLayout, StoreLayout>();

export function storeLayout(layout: VersionLayout): StoreLayout {
  let s = layouts.get(layout);
  if (s) return s;
  const f = totalsFields(layout, 'process');
  if (!f.ok) throw new Error(f.reason);
  const have = new Set(fieldsOf(layout.tstat).map((x) => x.path));
  const sums = f.fields.sums;
  const keys: StoreKey[] = [
    { path: 'gen.name', text: true },
    { path: 'gen.cmdline', text: true },
    { path: 'gen.ruid', text: false },
    { path: have.has('gen.utsname') ? 'gen.utsname' : 'gen.container', text: true },
    { path: 'gen.cgpath', text: true },
    // labels of a process row in the range table
    { path: 'gen.ppid', text: false },
    { path: 'gen.euid', text: false },
  ].filter((k) => have.has(k.path));
  const fields = [...GAUGES.filter((g) => have.has(g)), ...sums, 'gen.excode', EXITED_FIELD];
  const read = [
    'gen.pid',
    'gen.btime',
    'gen.state',
    'gen.excode',
    'gen.elaps',
    'gen.isproc',
    ...fields.filter((p) => p !== EXITED_FIELD),
    ...keys.map((k) => k.path),
  ].filter((p) => have.has(p));
  s = { sums, fields, keys, tstat: projectTstat(layout.tstat, [...new Set(read)]) };
  layouts.set(layout, s);
  return s;
}

/** The typed arrays of a chunk (for transfer: buffersOf). */
export function chunkArrays(c: ProcessChunk): ArrayBufferView[] {
  return [
    c.samples,
    ...Object.values(c.procs),
    c.bytes,
    c.keyBase,
    c.changeEntry,
    c.changeK,
    c.changeKey,
    c.changeValue,
  ];
}

const STATE_E = 'E'.charCodeAt(0);
/** Beyond this a value's zigzag code is no longer an exact double. */
const MAX_PACKED = 2 ** 52;

/** Grows a typed array to hold n values. */
function room<T extends Float64Array | Int32Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const g = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  g.set(a);
  return g;
}

/** Scalar kinds read straight from a task row (LeafField.scalar). */
const KIND: Readonly<Record<string, number>> = {
  int64: 0,
  uint64: 1,
  int32: 2,
  uint32: 3,
  int16: 4,
  uint16: 5,
  int8: 6,
  uint8: 7,
  char: 7,
  float32: 8,
};

/**
 * Reads scalar members of task rows straight from an inflated blob, through typed views
 * when the blob and the struct are aligned (they are: a fresh buffer, sizes in words),
 * else a DataView. A value beyond ±2^52 is read exactly too (`exact`).
 */
class RowReader {
  private i32: Int32Array = new Int32Array(0);
  private u8: Uint8Array = new Uint8Array(0);
  private dv: DataView = new DataView(new ArrayBuffer(0));
  private aligned = false;

  /** The blob as 32-bit words, when it is aligned (else null). */
  get words(): Int32Array | null {
    return this.aligned ? this.i32 : null;
  }

  bind(u8: Uint8Array): void {
    this.u8 = u8;
    this.aligned = u8.byteOffset % 4 === 0;
    if (this.aligned) this.i32 = new Int32Array(u8.buffer, u8.byteOffset, u8.byteLength >>> 2);
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  num(at: number, kind: number): number {
    if (this.aligned && (at & 3) === 0) {
      const w = at >>> 2;
      switch (kind) {
        case 0:
          return (this.i32[w]! >>> 0) + this.i32[w + 1]! * 4294967296;
        case 1:
          return (this.i32[w]! >>> 0) + (this.i32[w + 1]! >>> 0) * 4294967296;
        case 2:
          return this.i32[w]!;
        case 3:
          return this.i32[w]! >>> 0;
      }
    }
    const dv = this.dv;
    switch (kind) {
      case 0:
        return dv.getUint32(at, true) + dv.getInt32(at + 4, true) * 4294967296;
      case 1:
        return dv.getUint32(at, true) + dv.getUint32(at + 4, true) * 4294967296;
      case 2:
        return dv.getInt32(at, true);
      case 3:
        return dv.getUint32(at, true);
      case 4:
        return dv.getInt16(at, true);
      case 5:
        return dv.getUint16(at, true);
      case 6:
        return dv.getInt8(at);
      case 7:
        return this.u8[at]!;
      default:
        return dv.getFloat32(at, true);
    }
  }

  /** The exact value of a 64-bit member. */
  exact(at: number, kind: number): bigint {
    return kind === 0 ? this.dv.getBigInt64(at, true) : this.dv.getBigUint64(at, true);
  }
}

/** Where a member is in a row and how to read it (-1: the version has no such member). */
interface Member {
  readonly offset: number;
  readonly size: number;
  readonly kind: number;
}

const NONE: Member = { offset: -1, size: 0, kind: 7 };

export class ProcessChunkBuilder {
  private readonly store: StoreLayout;
  private readonly nf: number;
  private readonly nk: number;
  private readonly size: number;
  private readonly reader = new RowReader();
  private readonly m: {
    readonly pid: Member;
    readonly btime: Member;
    readonly state: Member;
    readonly excode: Member;
    readonly elaps: Member;
    readonly isproc: Member;
    readonly fields: readonly Member[];
    readonly keys: readonly Member[];
  };
  /** Offset (-1: none) and kind of each change-log field. */
  private readonly fieldOff: Int32Array;
  private readonly fieldKind: Int8Array;
  /** Word offset in a row of each field that is an aligned int64 (-1: read it by its kind). */
  private readonly fieldWord: Int32Array;
  private readonly nameKey: number;
  private readonly cmdKey: number;
  private samples: number[] = [];
  private entries = new KeyIndex(2048);
  private procs = new Table(PROC_SPEC, 2048);
  /** Per position among a sample's process rows: the entry there last time (rows keep their order). */
  private posEntry = new Int32Array(4096).fill(-1);
  /** Staged rows of the job, in sample order: identity, then every field and key. */
  private rows = 0;
  private rowEntry = new Int32Array(1 << 14);
  private rowK = new Int32Array(1 << 14);
  private rowPid = new Float64Array(1 << 14);
  private rowBtime = new Float64Array(1 << 14);
  private rowElaps = new Float64Array(1 << 14);
  /** Per staged row: its fields that are not 0; per entry: the same over its rows. */
  private rowMask = new Int32Array(1 << 14);
  private entryMask = new Int32Array(2048);
  /** The staged rows' change-log fields, row-major: row r's field f at r × nf + f. */
  private vals: Float64Array;
  private keyVals: Float64Array[];
  private wide: WideCell[] = [];
  private readonly out = new ByteWriter(1 << 16);

  constructor(
    layout: VersionLayout,
    private readonly strings: StringTable,
  ) {
    this.store = storeLayout(layout);
    this.nf = this.store.fields.length;
    this.nk = this.store.keys.length;
    this.size = layout.tstat.size;
    const by = new Map(fieldsOf(layout.tstat).map((f) => [f.path, f]));
    const member = (path: string): Member => {
      const f = by.get(path);
      return f
        ? { offset: f.offset, size: f.size, kind: f.kind === 'text' ? -1 : (KIND[f.scalar!] ?? 7) }
        : NONE;
    };
    this.m = {
      pid: member('gen.pid'),
      btime: member('gen.btime'),
      state: member('gen.state'),
      excode: member('gen.excode'),
      elaps: member('gen.elaps'),
      isproc: member('gen.isproc'),
      fields: this.store.fields.map(member),
      keys: this.store.keys.map((k) => member(k.path)),
    };
    this.fieldOff = Int32Array.from(this.m.fields, (x) => x.offset);
    this.fieldKind = Int8Array.from(this.m.fields, (x) => x.kind);
    this.fieldWord = Int32Array.from(this.m.fields, (x) =>
      x.kind === 0 && x.offset >= 0 && x.offset % 4 === 0 ? x.offset >>> 2 : -1,
    );
    this.nameKey = this.store.keys.findIndex((key) => key.path === 'gen.name');
    this.cmdKey = this.store.keys.findIndex((key) => key.path === 'gen.cmdline');
    this.vals = new Float64Array((1 << 14) * this.nf);
    this.keyVals = Array.from({ length: this.nk }, () => new Float64Array(1 << 14));
  }

  private stage(n: number): void {
    const need = this.rows + n;
    if (need <= this.rowEntry.length) return;
    this.rowEntry = room(this.rowEntry, need);
    this.rowK = room(this.rowK, need);
    this.rowPid = room(this.rowPid, need);
    this.rowBtime = room(this.rowBtime, need);
    this.rowElaps = room(this.rowElaps, need);
    this.rowMask = room(this.rowMask, need);
    this.vals = room(this.vals, need * this.nf);
    for (let q = 0; q < this.nk; q++) this.keyVals[q] = room(this.keyVals[q]!, need);
  }

  /**
   * The process rows of the `n` tasks in `u8` (n × tstatlen inflated bytes) of sample
   * `index`, read straight from the bytes (no columns are made). `text`: the name and
   * command line ids of every row, where the caller has interned them already.
   */
  add(
    index: number,
    u8: Uint8Array,
    n: number,
    text?: { readonly name: Int32Array; readonly cmd: Int32Array },
  ): void {
    if (u8.length < n * this.size) return; // a short blob: the sample cannot be shown either
    const k = this.samples.length;
    this.samples.push(index);
    this.stage(n);
    const rd = this.reader;
    rd.bind(u8);
    const { m, nf, nk, size, fieldOff, fieldKind } = this;
    // the common case read inline: an aligned 64-bit counter
    const i32 = rd.words;
    const wordRows = i32 !== null && size % 4 === 0;
    const fieldWord = this.fieldWord;
    const vals = this.vals;
    const from = this.rows;
    let row = from;
    for (let r = 0, base = 0; r < n; r++, base += size) {
      if (m.isproc.offset >= 0 && u8[base + m.isproc.offset] === 0) continue;
      this.rowPid[row] = rd.num(base + m.pid.offset, m.pid.kind);
      this.rowBtime[row] = rd.num(base + m.btime.offset, m.btime.kind);
      this.rowElaps[row] = m.elaps.offset >= 0 ? rd.num(base + m.elaps.offset, m.elaps.kind) : 0;
      const live = u8[base + m.state.offset] !== STATE_E;
      let nz = 0;
      const at = row * nf;
      // rows start on a word when the blob does and a row is whole words long (always, in
      // practice): then an aligned int64 member is read as two words, its place known ahead
      const baseW = wordRows ? base >>> 2 : -1;
      for (let f = 0; f < nf; f++) {
        const off = fieldOff[f]!;
        const fw = fieldWord[f]!;
        let v: number;
        if (baseW >= 0 && fw >= 0) {
          const w = baseW + fw;
          v = (i32![w]! >>> 0) + i32![w + 1]! * 4294967296;
        } else if (off < 0) v = live ? 0 : 1;
        else v = rd.num(base + off, fieldKind[f]!);
        if (v !== 0) {
          nz |= 1 << f;
          if (v > MAX_PACKED || v < -MAX_PACKED) {
            this.wide.push({ entry: row, k, field: f, value: rd.exact(base + off, fieldKind[f]!) });
            v = 0;
          }
        }
        vals[at + f] = v;
      }
      this.rowMask[row] = nz;
      for (let q = 0; q < nk; q++) {
        const x = m.keys[q]!;
        this.keyVals[q]![row] =
          text && q === this.nameKey
            ? text.name[r]!
            : text && q === this.cmdKey
              ? text.cmd[r]!
              : x.kind < 0
                ? this.strings.intern(u8, base + x.offset, x.size)
                : rd.num(base + x.offset, x.kind);
      }
      row++;
    }
    this.commit(index, k, from, row);
  }

  /** The same from decoded columns (at least the store layout's fields). */
  addColumns(index: number, t: TaskColumns): void {
    const k = this.samples.length;
    this.samples.push(index);
    const n = t.count;
    this.stage(n);
    const pid = numColumn(t, 'gen.pid')!;
    const btime = numColumn(t, 'gen.btime')!;
    const elaps = numColumn(t, 'gen.elaps');
    const isproc = numColumn(t, 'gen.isproc');
    const state = numColumn(t, 'gen.state')!;
    const { fields, keys } = this.store;
    const cols = fields.map((f) => (f === EXITED_FIELD ? null : numColumn(t, f)));
    const wides = fields.map((f) => wideValues(t, f));
    const keyCols = keys.map((key) => (key.text ? textColumn(t, key.path) : numColumn(t, key.path)));
    const from = this.rows;
    let row = from;
    for (let r = 0; r < n; r++) {
      if (isproc && isproc[r] === 0) continue;
      this.rowPid[row] = pid[r]!;
      this.rowBtime[row] = btime[r]!;
      this.rowElaps[row] = elaps ? elaps[r]! : 0;
      const live = state[r] !== STATE_E;
      let nz = 0;
      for (let f = 0; f < this.nf; f++) {
        const col = cols[f];
        let v = col ? col[r]! : live ? 0 : 1;
        if (v !== 0) nz |= 1 << f;
        if (v > MAX_PACKED || v < -MAX_PACKED) {
          this.wide.push({ entry: row, k, field: f, value: wides[f]?.get(r) ?? BigInt(v) });
          v = 0;
        }
        this.vals[row * this.nf + f] = v;
      }
      this.rowMask[row] = nz;
      for (let q = 0; q < this.nk; q++) this.keyVals[q]![row] = keyCols[q]?.[r] ?? 0;
      row++;
    }
    this.commit(index, k, from, row);
  }

  /** Gives staged rows [from, to) of sample `index` their entries, and the entries their identity. */
  private commit(index: number, k: number, from: number, to: number): void {
    const ex = this.store.fields.length - 1; // EXITED_FIELD
    const xc = ex - 1; // gen.excode
    const nf = this.nf;
    const vals = this.vals;
    const nameV = this.nameKey >= 0 ? this.keyVals[this.nameKey]! : null;
    const cmdV = this.cmdKey >= 0 ? this.keyVals[this.cmdKey]! : null;
    this.posEntry = room(this.posEntry, to - from);
    const pos = this.posEntry;
    let c = this.procs.cols;
    for (let row = from; row < to; row++) {
      const pid = this.rowPid[row]!;
      const btime = this.rowBtime[row]!;
      const live = vals[row * nf + ex] === 0;
      let e = pos[row - from]!;
      if (e < 0 || c.pid[e] !== pid || c.btime[e] !== btime) {
        e = this.entries.upsert(pid, btime);
        pos[row - from] = e;
        if (this.entries.added) {
          this.procs.push();
          c = this.procs.cols;
          this.entryMask = room(this.entryMask, e + 1);
          this.entryMask[e] = 0;
          c.pid[e] = pid;
          c.btime[e] = btime;
          c.firstIdx[e] = index;
          c.flags[e] = live && vals[row * nf + xc]! < 0 ? FRESH : 0;
          c.exitIdx[e] = -1;
          c.nameRank[e] = c.cmdRank[e] = -1;
        }
      }
      c.lastIdx[e] = index;
      if (live) c.flags[e]! |= LIVE;
      else {
        c.flags[e]! |= EXITED;
        c.exitIdx[e] = index;
        c.excode[e] = vals[row * nf + xc]!;
        c.elaps[e] = this.rowElaps[row]!;
      }
      this.rowEntry[row] = e;
      this.rowK[row] = k;
      this.entryMask[e]! |= this.rowMask[row]!;
      const rank = nameRank(live, index);
      const cmd = cmdV ? cmdV[row]! : 0;
      label(c, e, nameV ? nameV[row]! : 0, rank, cmd, cmd !== 0 ? rank : -1);
    }
    this.rows = to;
  }

  /** Whether the job has rows. */
  get empty(): boolean {
    return this.samples.length === 0;
  }

  /** The job's chunk, and the builder ready for the next job. */
  take(): ProcessChunk {
    const ne = this.procs.size;
    const nrows = this.rows;
    const rowEntry = this.rowEntry;
    const rowK = this.rowK;
    // rows by entry, each entry's in sample order (a counting sort keeps the order)
    const start = new Int32Array(ne + 1);
    for (let i = 0; i < nrows; i++) start[rowEntry[i]! + 1]!++;
    for (let e = 0; e < ne; e++) start[e + 1]! += start[e]!;
    const at = start.slice(0, ne);
    const order = new Int32Array(nrows);
    for (let i = 0; i < nrows; i++) order[at[rowEntry[i]!]!++] = i;
    const ks = new Int32Array(nrows);
    for (let i = 0; i < nrows; i++) ks[i] = rowK[order[i]!]!;

    const w = this.out;
    const nf = this.nf;
    const vals = this.vals;
    const nk = this.nk;
    const col = new Float64Array(nrows);
    const masks = this.entryMask;
    const keyBase = new Float64Array(ne * nk);
    const changes: number[] = [];
    for (let e = 0; e < ne; e++) {
      const a = start[e]!;
      const b = start[e + 1]!;
      // runs of samples present
      let runs = 0;
      for (let i = a; i < b; i++) if (i === a || ks[i] !== ks[i - 1]! + 1) runs++;
      w.uint(runs);
      let end = 0;
      for (let i = a; i < b;) {
        const k0 = ks[i]!;
        let j = i + 1;
        while (j < b && ks[j] === ks[j - 1]! + 1) j++;
        // a process listed twice in one sample (it happens) repeats a sample: gap -1
        w.int(k0 - end);
        w.uint(j - i);
        end = k0 + (j - i);
        i = j;
      }
      const mask = masks[e]!;
      w.uint(mask);
      for (let f = 0; f < nf; f++) {
        if ((mask & (1 << f)) === 0) continue;
        for (let i = a; i < b; i++) col[i] = vals[order[i]! * nf + f]!;
        for (let i = a; i < b;) {
          const x = col[i]!;
          let j = i + 1;
          while (j < b && col[j] === x) j++;
          w.uint(j - i);
          w.int(x);
          i = j;
        }
      }
      // keys: the first row's, then where they change
      for (let q = 0; q < nk; q++) {
        const v = this.keyVals[q]!;
        let prev = v[order[a]!]!;
        keyBase[e * nk + q] = prev;
        for (let i = a + 1; i < b; i++) {
          const x = v[order[i]!]!;
          if (x !== prev) changes.push(e, ks[i]!, q, x);
          prev = x;
        }
      }
    }
    const nc = changes.length / 4;
    const chunk: ProcessChunk = {
      samples: Int32Array.from(this.samples),
      rows: nrows,
      procs: this.procs.trimmed(),
      bytes: w.take(),
      keyBase,
      changeEntry: Int32Array.from({ length: nc }, (_, i) => changes[i * 4]!),
      changeK: Int32Array.from({ length: nc }, (_, i) => changes[i * 4 + 1]!),
      changeKey: Uint8Array.from({ length: nc }, (_, i) => changes[i * 4 + 2]!),
      changeValue: Float64Array.from({ length: nc }, (_, i) => changes[i * 4 + 3]!),
      // staged rows named the row; the chunk names the entry
      wide: this.wide.map((x) => ({ ...x, entry: rowEntry[x.entry]! })),
    };
    this.samples = [];
    this.entries = new KeyIndex(Math.max(2048, ne));
    this.procs = new Table(PROC_SPEC, Math.max(2048, ne));
    this.posEntry.fill(-1);
    this.rows = 0;
    this.wide = [];
    return chunk;
  }
}
