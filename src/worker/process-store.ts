// Every process row of the log, kept by the reading worker as the pool's chunks
// (process-chunk.ts) and a registry of raw processes (analysis/processes.ts): what range
// totals, the u / p / j / G groupings and process lifelines are answered from, without
// inflating a task blob again. A query walks the chunks' change logs: idle processes are a
// few bytes a chunk and their zero counters cost nothing, busy ones a pair of varints per
// changed value. The totals it finds are handed to a TotalsAccumulator as one partial
// result, so identity, grouping, order and the figures are the `report` command's, exactly.
import {
  EXITED,
  ExactSums,
  FRESH,
  GROUP_SPEC,
  LifelineCollector,
  POINT_BOOT,
  POINT_LIVE,
  POINT_NEW,
  ProcessRegistry,
  TotalsAccumulator,
  label,
  nameRank,
  totalsFields,
  type GroupBy,
  type Incarnation,
  type LifelinePartial,
  type ProcessList,
  type TimeRange,
  type TotalsFields,
  type TotalsPartial,
  type TotalsTable,
} from '../analysis/index';
import { KeyIndex, withRoom } from '../analysis/key-index';
import { Table } from '../analysis/table';
import { RRBOOT, type VersionLayout } from '../format/index';
import { ByteReader } from '../lib/varint';
import {
  EXITED_FIELD,
  storeLayout,
  type ProcessChunk,
  type StoreLayout,
  type WideCell,
} from './process-chunk';

/** What the store reads of the log's sample index. */
export interface SampleInfo {
  curtime(i: number): number;
  flags(i: number): number;
  /** The denominator of the sample's CPU percentages, and its CPUs (for lifelines). */
  percputot(i: number): number;
  nrcpu(i: number): number;
}

interface StoredChunk {
  readonly samples: Int32Array;
  /** Raw process (registry entry) of each entry. */
  readonly procs: Int32Array;
  readonly bytes: Uint8Array;
  readonly wide: readonly WideCell[];
  /** Lowest and highest sample index. */
  readonly first: number;
  readonly last: number;
}

/** The grouping's fields, or why the store cannot total by it. */
export function canTotal(
  log: VersionLayout,
  by: GroupBy,
): { ok: true; fields: TotalsFields } | { ok: false; reason: string } {
  const f = totalsFields(log, by);
  if (!f.ok) return f;
  if (f.fields.cgroupSections)
    return { ok: false, reason: `atop ${log.version} logs keep cgroups as their own tree` };
  return f;
}

/** The totals table of a walk's result: identity, grouping and order as the report's. */
export function finishTotals(fields: TotalsFields, range: TimeRange, part: TotalsPartial): TotalsTable {
  const acc = new TotalsAccumulator(fields, range);
  acc.merge(part);
  return acc.finish();
}

/** For rows of a raw process with from ≤ sample ≤ to, key `key` is `value` (not its base). */
interface KeyException {
  readonly key: number;
  readonly from: number;
  readonly to: number;
  readonly value: number;
}

/** Which samples a query counts: 1 per sample index that is in it. */
export type SampleMask = Uint8Array;

/**
 * One entry of a chunk as a walk decodes it: the sample of each row, and each field of its
 * mask as runs of equal values (rows [start, start + len) hold value); fields outside the
 * mask are 0 in every row.
 */
class Entry {
  n = 0;
  mask = 0;
  sample = new Int32Array(64);
  k = new Int32Array(64);
  /** Runs of field f are runs [first[f], first[f + 1]). */
  first: Int32Array;
  runStart = new Int32Array(256);
  runLen = new Int32Array(256);
  runVal = new Float64Array(256);
  constructor(nf: number) {
    this.first = new Int32Array(nf + 1);
  }
  /** Room for n rows, keeping those read so far. */
  rowRoom(n: number): void {
    if (n <= this.sample.length) return;
    const cap = Math.max(n, this.sample.length * 2);
    const sample = new Int32Array(cap);
    sample.set(this.sample);
    const k = new Int32Array(cap);
    k.set(this.k);
    this.sample = sample;
    this.k = k;
  }
  /** Room for n runs, keeping those read so far. */
  runRoom(n: number): void {
    if (n <= this.runLen.length) return;
    const cap = Math.max(n, this.runLen.length * 2);
    const s = new Int32Array(cap);
    s.set(this.runStart);
    const l = new Int32Array(cap);
    l.set(this.runLen);
    const v = new Float64Array(cap);
    v.set(this.runVal);
    this.runStart = s;
    this.runLen = l;
    this.runVal = v;
  }
  /** Field f of row j. */
  value(f: number, j: number): number {
    if (f < 0 || (this.mask & (1 << f)) === 0) return 0;
    for (let r = this.first[f]!; r < this.first[f + 1]!; r++)
      if (j < this.runStart[r]! + this.runLen[r]!) return this.runVal[r]!;
    return 0;
  }
}

export class ProcessStore {
  readonly layout: StoreLayout;
  readonly registry = new ProcessRegistry();
  private readonly chunks: StoredChunk[] = [];
  private ordered = true;
  /** Per key, per raw process: the key's value at its first row seen (text: registry ids). */
  private keyBase: Float64Array[];
  private keyKnown = new Uint8Array(1024);
  private readonly exceptions = new Map<number, KeyException[]>();
  private rowsKept = 0;
  private bytesKept = 0;
  /** pid → raw processes, rebuilt when processes were added. */
  private byPid: Map<number, number[]> | null = null;
  private byPidSize = -1;
  /** Field positions in the change log. */
  private readonly at: {
    readonly rmem: number;
    readonly vmem: number;
    readonly nthr: number;
    readonly excode: number;
    readonly exited: number;
    /** sum index of each field (-1: not summed) */
    readonly sum: Int32Array;
  };

  constructor(
    layout: VersionLayout,
    private readonly info: SampleInfo,
  ) {
    this.layout = storeLayout(layout);
    const f = this.layout.fields;
    this.keyBase = this.layout.keys.map(() => new Float64Array(1024));
    this.at = {
      rmem: f.indexOf('mem.rmem'),
      vmem: f.indexOf('mem.vmem'),
      nthr: f.indexOf('gen.nthr'),
      excode: f.indexOf('gen.excode'),
      exited: f.indexOf(EXITED_FIELD),
      sum: Int32Array.from(f, (p) => this.layout.sums.indexOf(p)),
    };
  }

  /** Task rows (processes only) kept. */
  get rows(): number {
    return this.rowsKept;
  }

  /** Bytes the store holds: chunks, registry columns and key tables (strings not counted). */
  get bytes(): number {
    const perProc = 4 + 8 + 4 + 4 + 8 + 8 + 1 + 4 + 4 + 8 + 4 + 8 + 4 + 8;
    return (
      this.bytesKept +
      this.registry.size * perProc +
      this.keyBase.reduce((n, k) => n + k.byteLength, 0) +
      this.keyKnown.byteLength +
      this.exceptions.size * 64
    );
  }

  /**
   * Adds a pool job's chunk. Its text ids are the pool worker's: `local` maps them to ids
   * of `strings` (the search index's list of the log's strings).
   */
  add(c: ProcessChunk, local: Int32Array, strings: readonly string[]): void {
    if (c.samples.length === 0) return;
    const P = c.procs;
    const n = P.pid.length;
    const boot = (i: number) => (this.info.flags(i) & RRBOOT) !== 0;
    for (let i = 0; i < n; i++) {
      P.name[i] = local[P.name[i]!]!;
      P.cmdline[i] = local[P.cmdline[i]!]!;
      P.firstCur[i] = this.info.curtime(P.firstIdx[i]!);
      P.lastCur[i] = this.info.curtime(P.lastIdx[i]!);
      if ((P.flags[i]! & FRESH) !== 0 && boot(P.firstIdx[i]!)) P.flags[i]! &= ~FRESH;
    }
    const ids = this.registry.merge(P, strings);
    const size = this.registry.size;
    this.keyKnown = withRoom(this.keyKnown, size);
    this.keyBase = this.keyBase.map((b) => withRoom(b, size));
    const keys = this.layout.keys;
    const nk = keys.length;
    const value = (q: number, v: number) =>
      keys[q]!.text ? this.registry.strings.from(strings, local[v]!) : v;
    let ch = 0;
    for (let i = 0; i < n; i++) {
      const e = ids[i]!;
      const firstKnown = this.keyKnown[e] === 1;
      this.keyKnown[e] = 1;
      for (let q = 0; q < nk; q++) {
        let v = value(q, c.keyBase[i * nk + q]!);
        if (!firstKnown) this.keyBase[q]![e] = v;
        // pieces of constant value, from this entry's first row to its last
        let from = P.firstIdx[i]!;
        let j = ch;
        for (;;) {
          while (j < c.changeEntry.length && c.changeEntry[j] === i && c.changeKey[j] !== q) j++;
          const more = j < c.changeEntry.length && c.changeEntry[j] === i;
          const to = more ? c.samples[c.changeK[j]!]! - 1 : P.lastIdx[i]!;
          if (v !== this.keyBase[q]![e]) this.except(e, { key: q, from, to, value: v });
          if (!more) break;
          from = to + 1;
          v = value(q, c.changeValue[j]!);
          j++;
        }
      }
      while (ch < c.changeEntry.length && c.changeEntry[ch] === i) ch++;
    }
    let first = Infinity;
    let last = -Infinity;
    for (const s of c.samples) {
      first = Math.min(first, s);
      last = Math.max(last, s);
    }
    const prev = this.chunks[this.chunks.length - 1];
    if (prev && prev.first > first) this.ordered = false;
    this.chunks.push({
      samples: c.samples,
      procs: ids,
      bytes: c.bytes,
      wide: c.wide,
      first,
      last,
    });
    this.bytesKept += c.bytes.byteLength + ids.byteLength + c.samples.byteLength;
    this.rowsKept += c.rows;
    this.byPid = null;
  }

  private except(e: number, x: KeyException): void {
    const list = this.exceptions.get(e);
    if (list) list.push(x);
    else this.exceptions.set(e, [x]);
  }

  /** Chunks in sample order. */
  private inOrder(): readonly StoredChunk[] {
    if (!this.ordered) {
      this.chunks.sort((a, b) => a.first - b.first);
      this.ordered = true;
    }
    return this.chunks;
  }

  /**
   * A per-row key (a StoreLayout key path: gen.ppid, gen.ruid …) of process (pid, btime) at
   * its last row; text keys as their text. Undefined if the store has no such process or key.
   */
  lastKey(pid: number, btime: number, path: string): number | string | undefined {
    const e = this.registry.find(pid, btime);
    const q = this.layout.keys.findIndex((k) => k.path === path);
    if (e < 0 || q < 0) return undefined;
    const v = this.keyAt(e, q, this.registry.cols.lastIdx[e]!);
    return this.layout.keys[q]!.text ? this.registry.strings.values[v] : v;
  }

  /** Key q of raw process e in sample s. */
  private keyAt(e: number, q: number, s: number): number {
    const list = this.exceptions.get(e);
    if (list) for (const x of list) if (x.key === q && x.from <= s && s <= x.to) return x.value;
    return this.keyBase[q]![e]!;
  }

  /** Decodes the next entry of `r` into `x`. */
  private readEntry(r: ByteReader, c: StoredChunk, x: Entry): void {
    const nf = this.layout.fields.length;
    let runs = r.uint();
    let k = 0;
    let n = 0;
    while (runs-- > 0) {
      k += r.int();
      const len = r.uint();
      x.rowRoom(n + len);
      for (let j = 0; j < len; j++, k++, n++) {
        x.k[n] = k;
        x.sample[n] = c.samples[k]!;
      }
    }
    x.n = n;
    const mask = r.uint();
    x.mask = mask;
    let nr = 0;
    for (let f = 0; f < nf; f++) {
      x.first[f] = nr;
      if ((mask & (1 << f)) === 0) continue;
      for (let j = 0; j < n; nr++) {
        if (nr >= x.runLen.length) x.runRoom(nr + 1);
        const len = r.uint();
        x.runStart[nr] = j;
        x.runLen[nr] = len;
        x.runVal[nr] = r.int();
        j += len;
      }
    }
    x.first[nf] = nr;
  }

  /** The log's totals over the samples of `mask`, grouped by `by` (the report's figures). */
  totals(
    log: VersionLayout,
    by: GroupBy,
    mask: SampleMask,
    range: TimeRange,
  ): { ok: true; table: TotalsTable } | { ok: false; reason: string } {
    const f = canTotal(log, by);
    if (!f.ok) return f;
    return { ok: true, table: finishTotals(f.fields, range, this.partial(by, mask)) };
  }

  /** Every process of the log, resolved (pid + start time, first and last sample, exit, name). */
  processes(): ProcessList {
    return this.registry.list();
  }

  /** The walk, all at once. */
  partial(by: GroupBy, mask: SampleMask): TotalsPartial {
    const it = this.walk(by, mask);
    for (;;) {
      const r = it.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The walk: per group, the sums, peaks, samples, first / last, exits and members. Yields
   * the share of the chunks walked after each chunk, so a caller can pause, report
   * progress or stop.
   */
  *walk(by: GroupBy, mask: SampleMask): Generator<number, TotalsPartial, void> {
    const lay = this.layout;
    const ns = lay.sums.length;
    const nf = lay.fields.length;
    const at = this.at;
    const byProcess = by === 'process';
    const keyPath =
      by === 'program'
        ? 'gen.name'
        : by === 'user'
          ? 'gen.ruid'
          : by === 'container'
            ? lay.keys.find((k) => k.path === 'gen.utsname' || k.path === 'gen.container')?.path
            : by === 'cgroup'
              ? 'gen.cgpath'
              : undefined;
    const keyQ = keyPath ? lay.keys.findIndex((k) => k.path === keyPath) : -1;
    const nameQ = lay.keys.findIndex((k) => k.path === 'gen.name');
    const cmdQ = lay.keys.findIndex((k) => k.path === 'gen.cmdline');
    const reg = this.registry;
    const pc = reg.cols;

    const groupKeys = new KeyIndex(256);
    const groups = new Table(GROUP_SPEC, 256);
    const sums = new ExactSums(256 * ns);
    let peaks = new Float64Array(256 * 2).fill(-Infinity);
    let gFirst = new Int32Array(256);
    let gLast = new Int32Array(256);
    let gExit = new Int32Array(256);
    let stamp = new Int32Array(256).fill(-1);
    let seen: Uint32Array = new Uint32Array(256);
    let words = 1;
    const members = new KeyIndex(256);
    const groupOfRaw = new Int32Array(reg.size).fill(-1);
    const lastMember = new Int32Array(reg.size).fill(-1);
    const group = (k0: number, k1: number): number => {
      const g = groupKeys.upsert(k0, k1);
      if (!groupKeys.added) return g;
      groups.push();
      const G = groups.cols;
      G.k0[g] = k0;
      G.k1[g] = k1;
      G.seen[g] = -1;
      G.nameRank[g] = G.cmdRank[g] = -1;
      sums.ensure((g + 1) * ns);
      peaks = withRoom(peaks, (g + 1) * 2, -Infinity);
      gFirst = withRoom(gFirst, g + 1);
      gLast = withRoom(gLast, g + 1);
      gExit = withRoom(gExit, g + 1);
      gExit[g] = -1;
      stamp = withRoom(stamp, g + 1, -1);
      seen = grownU32(seen, (g + 1) * words);
      return g;
    };
    const groupOf = (e: number, s: number): number => {
      if (byProcess) return group(pc.pid[e]!, pc.btime[e]!);
      return group(keyQ >= 0 ? this.keyAt(e, keyQ, s) : 0, 0);
    };

    const x = new Entry(nf);
    /** Per row of the entry: its group (-1: not in the query), and the rows counted before it. */
    let rowG = new Int32Array(64);
    let before = new Int32Array(65);
    let serial = 0;
    const all = this.inOrder();
    for (let ci = 0; ci < all.length; ci++) {
      const c = all[ci]!;
      let any = false;
      for (const s of c.samples) if (mask[s]) any = true;
      if (!any) continue;
      if (serial > 0) yield ci / all.length;
      serial++;
      const cw = Math.max(1, Math.ceil(c.samples.length / 32));
      if (cw > words) {
        words = cw;
        seen = new Uint32Array(Math.max(256, groups.size) * words);
        stamp.fill(-1);
      }
      const r = new ByteReader(c.bytes);
      for (let i = 0; i < c.procs.length; i++) {
        const e = c.procs[i]!;
        this.readEntry(r, c, x);
        const n = x.n;
        if (rowG.length < n) {
          rowG = new Int32Array(n * 2);
          before = new Int32Array(n * 2 + 1);
        }
        let m = 0;
        for (let j = 0; j < n; j++) {
          before[j] = m;
          if (mask[x.sample[j]!]) m++;
        }
        before[n] = m;
        if (m === 0) continue;
        const varies = this.exceptions.has(e);
        let g0 = groupOfRaw[e]!;
        if (!varies && g0 < 0) groupOfRaw[e] = g0 = groupOf(e, x.sample[0]!);
        // samples, first and last per group: a group counts a sample once, whichever of
        // its processes (entries) has rows there
        for (let j = 0; j < n; j++) {
          const s = x.sample[j]!;
          if (!mask[s]) {
            rowG[j] = -1;
            continue;
          }
          const g = varies ? groupOf(e, s) : g0;
          rowG[j] = g;
          if (stamp[g] !== serial) {
            stamp[g] = serial;
            seen.fill(0, g * words, g * words + words);
          }
          const k = x.k[j]!;
          const w = g * words + (k >>> 5);
          const bit = 1 << (k & 31);
          if ((seen[w]! & bit) === 0) {
            seen[w]! |= bit;
            const G = groups.cols;
            if (G.samples[g]!++ === 0) {
              gFirst[g] = s;
              gLast[g] = s;
            } else {
              if (s < gFirst[g]!) gFirst[g] = s;
              if (s > gLast[g]!) gLast[g] = s;
            }
          }
        }
        // exits in the query: the last of them gives the group's exit status
        let bestRank = -1;
        let bestSample = -1;
        let bestCmdRank = -1;
        let bestCmdSample = -1;
        const exits = (x.mask & (1 << at.exited)) !== 0;
        for (let j = 0; j < n; j++) {
          const g = rowG[j]!;
          if (g < 0) continue;
          const s = x.sample[j]!;
          const live = !exits || x.value(at.exited, j) === 0;
          if (!live && s >= gExit[g]!) {
            gExit[g] = s;
            const G = groups.cols;
            G.flags[g]! |= EXITED;
            G.excode[g] = x.value(at.excode, j);
          }
          if (byProcess) {
            const rank = nameRank(live, s);
            if (rank > bestRank) {
              bestRank = rank;
              bestSample = s;
            }
            if (varies && cmdQ >= 0 && rank > bestCmdRank && this.keyAt(e, cmdQ, s) !== 0) {
              bestCmdRank = rank;
              bestCmdSample = s;
            }
          } else if (lastMember[e] !== g) {
            lastMember[e] = g;
            members.upsert(g, e);
          }
        }
        if (byProcess && bestSample >= 0) {
          const name = nameQ >= 0 ? this.keyAt(e, nameQ, bestSample) : 0;
          // the command line of the best row that has one (a row may lack it)
          if (!varies) {
            bestCmdSample = bestSample;
            bestCmdRank = bestRank;
          }
          const cmd = cmdQ >= 0 && bestCmdSample >= 0 ? this.keyAt(e, cmdQ, bestCmdSample) : 0;
          label(
            groups.cols,
            group(pc.pid[e]!, pc.btime[e]!),
            name,
            bestRank,
            cmd,
            cmd !== 0 ? bestCmdRank : -1,
          );
        }
        // sums: a run of equal values in one group adds value × rows; peaks: its value
        for (let f = 0; f < nf; f++) {
          const c0 = at.sum[f]!;
          const p = f === at.rmem ? 0 : f === at.vmem ? 1 : -1;
          if (c0 < 0 && p < 0) continue;
          if ((x.mask & (1 << f)) === 0) {
            // 0 in every row: no sum, a peak of 0
            if (p >= 0)
              for (let j = 0; j < n; j++) {
                const g = rowG[j]!;
                if (g >= 0 && peaks[g * 2 + p]! < 0) peaks[g * 2 + p] = 0;
              }
            continue;
          }
          for (let q = x.first[f]!; q < x.first[f + 1]!; q++) {
            const a = x.runStart[q]!;
            const b = a + x.runLen[q]!;
            const count = before[b]! - before[a]!;
            if (count === 0) continue;
            const v = x.runVal[q]!;
            if (varies) {
              for (let j = a; j < b; j++) {
                const g = rowG[j]!;
                if (g < 0) continue;
                if (p >= 0) peaks[g * 2 + p] = Math.max(peaks[g * 2 + p]!, v);
                else sums.add(g * ns + c0, v);
              }
            } else if (p >= 0) {
              if (v > peaks[g0 * 2 + p]!) peaks[g0 * 2 + p] = v;
            } else {
              const t = v * count;
              if (t <= Number.MAX_SAFE_INTEGER && t >= -Number.MAX_SAFE_INTEGER) sums.add(g0 * ns + c0, t);
              else sums.addBig(g0 * ns + c0, BigInt(v) * BigInt(count));
            }
          }
        }
      }
      // values beyond 2^52, exactly
      for (const w of c.wide) {
        const s = c.samples[w.k]!;
        const c0 = at.sum[w.field]!;
        if (!mask[s] || c0 < 0) continue;
        const e = c.procs[w.entry]!;
        const g = this.exceptions.has(e) ? groupOf(e, s) : groupOfRaw[e]!;
        sums.addBig(g * ns + c0, w.value);
      }
    }

    const ng = groups.size;
    const G = groups.cols;
    for (let g = 0; g < ng; g++) {
      G.first[g] = this.info.curtime(gFirst[g]!);
      G.last[g] = this.info.curtime(gLast[g]!);
    }
    const memberGroup = new Int32Array(members.size);
    const memberProc = new Int32Array(members.size);
    for (let i = 0; i < members.size; i++) {
      memberGroup[i] = members.key0(i);
      memberProc[i] = members.key1(i);
    }
    return {
      by,
      sumKeys: lay.sums,
      strings: reg.strings.values,
      procs: reg.trimmed(),
      groups: groups.trimmed(),
      sums: sums.values.slice(0, ng * ns),
      big: [...sums.big],
      peaks: peaks.slice(0, ng * 2),
      memberGroup,
      memberProc,
    };
  }

  /**
   * Every process that had `pid`, with a point per sample in which it has a row; samples
   * as `position` names them (the page's timeline positions; the store's are slots).
   */
  lifeline(pid: number, hertz: number, position: (slot: number) => number = (s) => s): Incarnation[] {
    if (!this.byPid || this.byPidSize !== this.registry.size) {
      const m = new Map<number, number[]>();
      const P = this.registry.cols;
      for (let e = 0; e < this.registry.size; e++) {
        const list = m.get(P.pid[e]!);
        if (list) list.push(e);
        else m.set(P.pid[e]!, [e]);
      }
      this.byPid = m;
      this.byPidSize = this.registry.size;
    }
    const raws = this.byPid.get(pid) ?? [];
    const collector = new LifelineCollector(pid);
    if (raws.length === 0) return [];
    const P = this.registry.cols;
    const want = new Set(raws);
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of raws) {
      lo = Math.min(lo, P.firstIdx[e]!);
      hi = Math.max(hi, P.lastIdx[e]!);
    }
    const x = new Entry(this.layout.fields.length);
    const at = this.at;
    const pts: number[][] = [];
    const field = (path: string) => this.layout.fields.indexOf(path);
    const fu = field('cpu.utime');
    const fs = field('cpu.stime');
    const fr = field('dsk.rsz');
    const fw = field('dsk.wsz');
    for (const c of this.inOrder()) {
      if (c.last < lo || c.first > hi) continue;
      const r = new ByteReader(c.bytes);
      for (let i = 0; i < c.procs.length; i++) {
        this.readEntry(r, c, x);
        const e = c.procs[i]!;
        if (!want.has(e)) continue;
        const val = (f: number, j: number) => {
          const w = c.wide.length
            ? c.wide.find((y) => y.entry === i && y.k === x.k[j] && y.field === f)
            : undefined;
          return w ? Number(w.value) : x.value(f, j);
        };
        for (let j = 0; j < x.n; j++) {
          const s = x.sample[j]!;
          const live = val(at.exited, j) === 0;
          const excode = val(at.excode, j);
          pts.push([
            position(s),
            this.info.curtime(s),
            ((this.info.flags(s) & RRBOOT) !== 0 ? POINT_BOOT : 0) |
              (live ? POINT_LIVE : 0) |
              (excode < 0 ? POINT_NEW : 0),
            P.btime[e]!,
            excode,
            live ? 0 : P.elaps[e]!,
            val(fu, j),
            val(fs, j),
            val(at.rmem, j),
            val(fr, j),
            val(fw, j),
            val(at.nthr, j),
            this.info.percputot(s),
            this.info.nrcpu(s),
          ]);
        }
      }
    }
    const col = <T extends Int32Array | Float64Array | Uint8Array>(
      k: number,
      make: new (n: number) => T,
    ): T => {
      const a = new make(pts.length);
      pts.forEach((p, i) => (a[i] = p[k]!));
      return a;
    };
    const partial: LifelinePartial = {
      sample: col(0, Int32Array),
      curtime: col(1, Float64Array),
      flags: col(2, Uint8Array),
      btime: col(3, Float64Array),
      excode: col(4, Int32Array),
      elaps: col(5, Float64Array),
      utime: col(6, Float64Array),
      stime: col(7, Float64Array),
      rmem: col(8, Float64Array),
      rsz: col(9, Float64Array),
      wsz: col(10, Float64Array),
      nthr: col(11, Int32Array),
      percputot: col(12, Float64Array),
      nrcpu: col(13, Int32Array),
    };
    collector.merge(partial);
    return collector.finish(hertz);
  }
}

function grownU32(a: Uint32Array, n: number): Uint32Array {
  if (n <= a.length) return a;
  const g = new Uint32Array(Math.max(n, a.length * 2));
  g.set(a);
  return g;
}
