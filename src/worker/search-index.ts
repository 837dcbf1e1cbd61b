// The whole-log search, over what the pool built while the log opened (summarize.ts): a table
// of distinct row identities (name and command line as ids into one string table, pid, tgid,
// state, real and effective user, parent pid) and every sample as the sorted list of its
// rows' identities, stored as the difference to the sample before it. A search tests each distinct string once (a regex never
// runs per row), then each identity once, then walks the differences with a running count:
// its cost and the index's size follow how much the log changes, not how many rows it has.
import { IdentityTable } from './identities';
import { textMatches, type FilterClause } from '../filter/clauses';
import type { SearchColumns, SearchResult } from './protocol';

/** One job's samples, identity ids already in this index's table. */
interface Chunk {
  readonly from: number;
  readonly rows: Int32Array;
  readonly plus: Int32Array;
  readonly minus: Int32Array;
  readonly ids: Int32Array;
}

/** Clause kinds the index can answer: all of the filter language's. */
const SUPPORTED = new Set<FilterClause['kind']>(['text', 'name', 'cmd', 'pid', 'ppid', 'user', 'state']);

/**
 * Identity ids the index keeps at most (4 bytes each): beyond, later samples are not
 * searchable. A day of a busy server needs well under a million.
 */
export const SEARCH_MAX_IDS = 32_000_000;

export class SearchIndex {
  readonly strings: string[] = [''];
  private readonly stringIds = new Map<string, number>([['', 0]]);
  readonly identities = new IdentityTable();
  /** Per source (pool worker): its local string id → id here, its identity id → id here. */
  private readonly stringMaps = new Map<number, Int32Array>();
  private readonly identityMaps = new Map<number, Int32Array>();
  private readonly chunks: Chunk[] = [];
  private samples = 0;
  private idsKept = 0;
  private rowsKept = 0;
  /** Some samples were left out because the cap was hit. */
  full = false;

  constructor(private readonly maxIds = SEARCH_MAX_IDS) {}

  /** Task rows the index covers. */
  get rows(): number {
    return this.rowsKept;
  }

  /** Bytes the index holds (tables, maps and chunks; strings not counted). */
  get bytes(): number {
    let n = this.identities.bytes;
    for (const m of [...this.stringMaps.values(), ...this.identityMaps.values()]) n += m.byteLength;
    for (const c of this.chunks) n += c.rows.byteLength * 3 + c.ids.byteLength;
    return n;
  }

  /** The ids here of the strings of source `source` (a pool worker's string ids, as sent so far). */
  stringMap(source: number): Int32Array {
    return ensure(this.stringMaps, source, 0);
  }

  /** Adds a job's samples; `source` names the tables its ids come from. */
  add(source: number, from: number, c: SearchColumns): void {
    const smap = ensure(this.stringMaps, source, c.strings.from + c.strings.values.length);
    c.strings.values.forEach((s, k) => {
      let id = this.stringIds.get(s);
      if (id === undefined) {
        id = this.strings.length;
        this.strings.push(s);
        this.stringIds.set(s, id);
      }
      smap[c.strings.from + k] = id;
    });
    const it = c.identities;
    const imap = ensure(this.identityMaps, source, it.from + it.name.length);
    for (let k = 0; k < it.name.length; k++)
      imap[it.from + k] = this.identities.intern(
        smap[it.name[k]!]!,
        smap[it.cmd[k]!]!,
        it.pid[k]!,
        it.tgid[k]!,
        it.state[k]!,
        it.ruid[k]!,
        it.euid[k]!,
        it.ppid[k]!,
      );
    this.samples = Math.max(this.samples, from + c.rows.length);
    if (this.idsKept + c.ids.length > this.maxIds) {
      this.full = true;
      return;
    }
    const ids = c.ids;
    for (let r = 0; r < ids.length; r++) ids[r] = imap[ids[r]!]!;
    this.idsKept += ids.length;
    for (const n of c.rows) this.rowsKept += n;
    this.chunks.push({ from, rows: c.rows, plus: c.plus, minus: c.minus, ids });
  }

  search(clauses: readonly FilterClause[], samples: number, now: () => number): SearchResult {
    const t0 = now();
    const bad = clauses.find((c) => !SUPPORTED.has(c.kind));
    if (bad)
      return {
        ok: false,
        message: `${bad.kind}: is not searchable across the whole log.`,
      };
    const match = this.matchingIdentities(clauses);
    const perSample = new Uint32Array(Math.max(samples, this.samples));
    let rows = 0;
    let covered = 0;
    for (const ch of this.chunks) {
      let at = 0;
      let hits = 0;
      for (let k = 0; k < ch.rows.length; k++) {
        for (let end = at + ch.plus[k]!; at < end; at++) hits += match[ch.ids[at]!]!;
        for (let end = at + ch.minus[k]!; at < end; at++) hits -= match[ch.ids[at]!]!;
        perSample[ch.from + k] = hits;
        rows += hits;
      }
      covered += ch.rows.length;
    }
    let matching = 0;
    for (const v of perSample) if (v > 0) matching++;
    return { ok: true, perSample, rows, samples: matching, covered, ms: now() - t0 };
  }

  /** 1 per identity that every clause accepts, else 0. */
  private matchingIdentities(clauses: readonly FilterClause[]): Uint8Array {
    const n = this.strings.length;
    const textMask = (c: FilterClause): Uint8Array => {
      const m = new Uint8Array(n);
      const t = c.test;
      if (!t) return m;
      for (let id = 0; id < n; id++) m[id] = textMatches(t, this.strings[id]!) ? 1 : 0;
      return m;
    };
    const it = this.identities;
    const size = it.size;
    const match = new Uint8Array(size).fill(1);
    for (const c of clauses) {
      const neg = c.negate ? 1 : 0;
      switch (c.kind) {
        case 'name':
        case 'cmd': {
          const m = textMask(c);
          const col = c.kind === 'name' ? it.name : it.cmd;
          for (let i = 0; i < size; i++) match[i]! &= m[col[i]!]! ^ neg;
          break;
        }
        case 'text': {
          const m = textMask(c);
          for (let i = 0; i < size; i++) match[i]! &= (m[it.name[i]!]! | m[it.cmd[i]!]!) ^ neg;
          break;
        }
        case 'pid': {
          const set = c.numbers ?? new Set<number>();
          for (let i = 0; i < size; i++)
            if ((set.has(it.pid[i]!) || set.has(it.tgid[i]!)) === c.negate) match[i] = 0;
          break;
        }
        case 'ppid': {
          const set = c.numbers ?? new Set<number>();
          for (let i = 0; i < size; i++) if (set.has(it.ppid[i]!) === c.negate) match[i] = 0;
          break;
        }
        case 'user': {
          // the real or the effective user, as the interval's filter (ui/table/rows.ts)
          const set = c.numbers ?? new Set<number>();
          for (let i = 0; i < size; i++)
            if ((set.has(it.ruid[i]!) || set.has(it.euid[i]!)) === c.negate) match[i] = 0;
          break;
        }
        case 'state': {
          const set = c.states ?? new Set<number>();
          for (let i = 0; i < size; i++) if (set.has(it.state[i]!) === c.negate) match[i] = 0;
        }
      }
    }
    return match;
  }
}

/** The source's id map, grown to hold `need` entries. */
function ensure(maps: Map<number, Int32Array>, source: number, need: number): Int32Array {
  let map = maps.get(source) ?? new Int32Array(1024);
  if (need > map.length) {
    const g = new Int32Array(Math.max(need, map.length * 2));
    g.set(map);
    map = g;
  }
  maps.set(source, map);
  return map;
}
