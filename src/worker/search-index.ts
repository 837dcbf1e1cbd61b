// The whole-log search: a few compact columns per task row (name and command line as ids
// into one string table, pid, tgid, state) for every sample, filled by the pool while the
// log opens. A regex runs once per distinct string, never per row: each text clause becomes
// a byte per string id, and the row loop only looks those up.
import type { SearchClause, SearchColumns, SearchResult } from './protocol';

/** One job's rows, ids already in this index's table. */
interface Chunk {
  readonly from: number;
  readonly rows: Int32Array;
  readonly name: Int32Array;
  readonly cmd: Int32Array;
  readonly pid: Int32Array;
  readonly tgid: Int32Array;
  readonly state: Uint8Array;
}

/** Clause kinds the columns can answer (ppid and user would need more bytes per row). */
const SUPPORTED = new Set<SearchClause['kind']>(['text', 'name', 'cmd', 'pid', 'state']);

/** Rows the index keeps at most (~17 bytes each): beyond, later samples are not searchable. */
export const SEARCH_MAX_ROWS = 8_000_000;

export class SearchIndex {
  readonly strings: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  /** Per source (pool worker): its local id → id here. */
  private readonly maps = new Map<number, Int32Array>();
  private readonly chunks: Chunk[] = [];
  private samples = 0;
  private rowsKept = 0;
  /** Samples [0, coveredTo) are all in; later ones may be missing when the cap was hit. */
  full = false;

  constructor(private readonly maxRows = SEARCH_MAX_ROWS) {}

  get rows(): number {
    return this.rowsKept;
  }

  /** Adds a job's columns; `source` names the table its ids come from. */
  add(source: number, from: number, c: SearchColumns): void {
    let map = this.maps.get(source) ?? new Int32Array(1024);
    const need = c.strings.from + c.strings.values.length;
    if (need > map.length) {
      const g = new Int32Array(Math.max(need, map.length * 2));
      g.set(map);
      map = g;
    }
    this.maps.set(source, map);
    c.strings.values.forEach((s, k) => {
      let id = this.ids.get(s);
      if (id === undefined) {
        id = this.strings.length;
        this.strings.push(s);
        this.ids.set(s, id);
      }
      map[c.strings.from + k] = id;
    });
    this.samples = Math.max(this.samples, from + c.rows.length);
    if (this.rowsKept + c.name.length > this.maxRows) {
      this.full = true;
      return;
    }
    for (const col of [c.name, c.cmd]) for (let r = 0; r < col.length; r++) col[r] = map[col[r]!]!;
    this.rowsKept += c.name.length;
    this.chunks.push({ from, ...c });
  }

  search(clauses: readonly SearchClause[], samples: number, now: () => number): SearchResult {
    const t0 = now();
    const bad = clauses.find((c) => !SUPPORTED.has(c.kind));
    if (bad)
      return {
        ok: false,
        message: `${bad.kind}: is not searchable across the whole log (name:, cmd:, pid:, state: and text are).`,
      };
    const n = this.strings.length;
    const textMask = (c: SearchClause): Uint8Array => {
      const m = new Uint8Array(n);
      const t = c.test;
      if (!t) return m;
      for (let id = 0; id < n; id++) {
        const s = this.strings[id]!;
        let hit: boolean;
        if (t.re) {
          t.re.lastIndex = 0;
          hit = t.re.test(s);
        } else hit = s.toLowerCase().includes(t.needle ?? '');
        m[id] = hit ? 1 : 0;
      }
      return m;
    };
    const tests = clauses.map((c) => {
      const neg = c.negate ? 1 : 0;
      switch (c.kind) {
        case 'name': {
          const m = textMask(c);
          return (ch: Chunk, r: number) => (m[ch.name[r]!]! ^ neg) === 1;
        }
        case 'cmd': {
          const m = textMask(c);
          return (ch: Chunk, r: number) => (m[ch.cmd[r]!]! ^ neg) === 1;
        }
        case 'text': {
          const m = textMask(c);
          return (ch: Chunk, r: number) => ((m[ch.name[r]!]! | m[ch.cmd[r]!]!) ^ neg) === 1;
        }
        case 'pid': {
          const set = c.numbers ?? new Set<number>();
          return (ch: Chunk, r: number) => (set.has(ch.pid[r]!) || set.has(ch.tgid[r]!)) !== c.negate;
        }
        default: {
          const set = c.states ?? new Set<number>();
          return (ch: Chunk, r: number) => set.has(ch.state[r]!) !== c.negate;
        }
      }
    });
    const perSample = new Uint32Array(Math.max(samples, this.samples));
    let rows = 0;
    let covered = 0;
    for (const ch of this.chunks) {
      let r = 0;
      for (let k = 0; k < ch.rows.length; k++) {
        const end = r + ch.rows[k]!;
        let hits = 0;
        if (tests.length === 1) {
          const t = tests[0]!;
          for (; r < end; r++) if (t(ch, r)) hits++;
        } else
          for (; r < end; r++) {
            let all = true;
            for (const t of tests)
              if (!t(ch, r)) {
                all = false;
                break;
              }
            if (all) hits++;
          }
        perSample[ch.from + k] = hits;
        rows += hits;
      }
      covered += ch.rows.length;
    }
    let matching = 0;
    for (const v of perSample) if (v > 0) matching++;
    return { ok: true, perSample, rows, samples: matching, covered, ms: now() - t0 };
  }
}
