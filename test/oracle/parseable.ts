// Turns `TZ=UTC atop -r FILE -P ALL` output (the oracle) into per-column expectations that a
// decoder test can compare with what we read from the raw file. See docs/atop-format.md §5
// and test/fixtures/layouts/parseable-columns.json.
import columnsJson from '../fixtures/layouts/parseable-columns.json' with { type: 'json' };

export interface ColumnSpec {
  col: number | string; // a string ("9..") marks a repeated last column (CGR P line)
  field?: string;
  printf?: string;
  literal?: string;
  note?: string;
}
export interface ColumnGroup {
  versions: string[];
  lines: ColumnSpec[][];
}
export interface ColumnMap {
  labels: Record<string, ColumnGroup[]>;
}

export const PARSEABLE_COLUMNS: ColumnMap = columnsJson;

export interface OracleLine {
  label: string;
  sample: number; // 0-based: number of SEP lines before this one
  epoch: number;
  interval: number;
  cols: string[]; // cols[0] is the label; "(…)" text columns without their parentheses
  raw: string;
}

export interface Expectation {
  label: string;
  sample: number;
  line: number; // index among the lines of this label in this sample
  entry: number | null; // array index i for per-entry lines (cpu, DSK, NET interfaces, …)
  col: number;
  field: string;
  expected: string;
  printf: string;
}

export interface Skipped {
  label: string;
  col: number;
  field: string;
  reason: string;
}

const isText = (c: ColumnSpec): boolean => c.printf === '(%s)';

export function groupFor(label: string, version: string, map = PARSEABLE_COLUMNS): ColumnGroup | undefined {
  return map.labels[label]?.find((g) => g.versions.includes(version));
}

// NET prints an "upper" line and then one line per interface, CGR a C line per cgroup followed
// by a P line: both shapes are told apart by column 7, which the map gives as a literal.
export function shapeFor(group: ColumnGroup, col7: string | undefined): ColumnSpec[] | undefined {
  if (group.lines.length === 1) return group.lines[0];
  const marks = (s: ColumnSpec[]) => {
    const c = s.find((x) => x.col === 7);
    return c?.literal ?? (c?.field?.startsWith('"') ? c.field.slice(1, -1) : undefined);
  };
  return group.lines.find((s) => marks(s) === col7) ?? group.lines.find((s) => marks(s) === undefined);
}

// A wrongly closed text column shifts everything after it, so the token that lands on a numeric
// column is then usually not a number: checking the printf is what makes the split unique (the
// 1.26 cmdline "…sleep(float(sys.argv[1])) 11 … final (v2) …" has two splits by count alone).
function fits(spec: ColumnSpec, tok: string): boolean {
  if (spec.literal !== undefined) return tok === spec.literal;
  const p = spec.printf ?? '';
  if (/^%(h|l|ll)?d$/.test(p)) return /^-?\d+$/.test(tok);
  if (/^%(l|ll)?u$/.test(p)) return /^\d+$/.test(tok);
  if (p === '%x') return /^[0-9a-f]+$/.test(tok);
  if (p === '%c') return tok.length === 1;
  if (/^%\.\d+f$/.test(p)) return /^-?(\d+\.\d+|nan|inf)$/.test(tok);
  return true;
}

// Non-text columns are one space-free token each. A text column is printed as "(%s)" and may hold
// spaces and ") " itself, so each ") " is a candidate end; we backtrack until the whole line fits
// the shape. The name (≤ 15 bytes) comes first, so shorter candidates are tried first.
export function tokenize(line: string, shape: readonly ColumnSpec[]): string[] | null {
  if (!shape.some(isText)) {
    const toks = line.split(' ');
    const last = shape[shape.length - 1];
    const variadic = last !== undefined && typeof last.col === 'string';
    return toks.length === shape.length || (variadic && toks.length >= shape.length - 1) ? toks : null;
  }
  const out: string[] = [];
  const walk = (pos: number, k: number): boolean => {
    const spec = shape[k];
    if (spec === undefined) return pos === line.length + 1;
    if (pos > line.length) return false;
    if (isText(spec)) {
      if (line[pos] !== '(') return false;
      for (let c = line.indexOf(')', pos + 1); c >= 0; c = line.indexOf(')', c + 1)) {
        if (c + 1 < line.length && line[c + 1] !== ' ') continue;
        out.push(line.slice(pos + 1, c));
        if (walk(c + 2, k + 1)) return true;
        out.pop();
      }
      return false;
    }
    const sp = line.indexOf(' ', pos);
    const end = sp < 0 ? line.length : sp;
    const tok = line.slice(pos, end);
    if (tok === '' || !fits(spec, tok)) return false;
    out.push(tok);
    if (walk(end + 1, k + 1)) return true;
    out.pop();
    return false;
  };
  return walk(0, 0) ? out : null;
}

// Last resort for a line no column map fits: a token opening with "(" runs to the first token
// that closes it.
function looseSplit(line: string): string[] {
  const out: string[] = [];
  let open: string[] | null = null;
  for (const tok of line.split(' ')) {
    if (open === null && tok.startsWith('(')) open = [];
    if (open === null) {
      out.push(tok);
      continue;
    }
    open.push(tok);
    if (tok.endsWith(')')) {
      out.push(open.join(' ').slice(1, -1));
      open = null;
    }
  }
  if (open !== null) out.push(open.join(' ').slice(1));
  return out;
}

const dataLines = (text: string) => text.split('\n').filter((l) => l !== '' && l !== 'RESET' && l !== 'SEP');

function fitsVersion(lines: readonly string[], version: string, map: ColumnMap): boolean {
  return lines.every((l) => {
    const toks = l.split(' ');
    const group = groupFor(toks[0] ?? '', version, map);
    const shape = group && shapeFor(group, toks[6]);
    return shape !== undefined && tokenize(l, shape) !== null;
  });
}

/** Versions (newest first) whose column map fits every line of this `-P` output. */
export function guessVersions(text: string, map = PARSEABLE_COLUMNS): string[] {
  const lines = dataLines(text);
  const versions = [...new Set(Object.values(map.labels).flatMap((gs) => gs.flatMap((g) => g.versions)))];
  const byAge = (v: string) => v.split('.').map(Number) as [number, number];
  versions.sort((a, b) => byAge(b)[0] - byAge(a)[0] || byAge(b)[1] - byAge(a)[1]);
  return versions.filter((v) => fitsVersion(lines, v, map));
}

/**
 * Parses the whole file, read as latin1 (text columns are raw bytes and may end in half a UTF-8
 * character). Give `version` when known; otherwise the newest version whose map fits every line
 * is used, and lines it does not fit are split with any shape of their label that fits.
 */
export function parseParseable(text: string, version?: string, map = PARSEABLE_COLUMNS): OracleLine[] {
  const v = version ?? guessVersions(text, map)[0];
  const out: OracleLine[] = [];
  let sample = 0;
  for (const raw of text.split('\n')) {
    if (raw === 'SEP') sample++;
    if (raw === '' || raw === 'SEP' || raw === 'RESET') continue;
    const toks = raw.split(' ');
    const label = toks[0] ?? '';
    const group = v === undefined ? undefined : groupFor(label, v, map);
    const mine = group && shapeFor(group, toks[6]);
    const others = (map.labels[label] ?? []).toReversed().map((g) => shapeFor(g, toks[6]));
    let cols: string[] | null = null;
    for (const shape of [mine, ...others]) {
      if (shape !== undefined) cols = tokenize(raw, shape);
      if (cols) break;
    }
    cols ??= looseSplit(raw);
    out.push({ label, sample, epoch: Number(cols[2]), interval: Number(cols[5]), cols, raw });
  }
  return out;
}

const PLAIN = /^(tstat|sstat|cstat)\.[A-Za-z0-9_.]+(\[i\])?[A-Za-z0-9_.]*$/;

function whySkip(c: ColumnSpec): string | null {
  const f = c.field ?? '';
  const p = c.printf ?? '';
  if (typeof c.col === 'string') return 'repeated column (one per pid)';
  if (c.col <= 6) return 'header column';
  if (c.literal !== undefined) return `literal "${c.literal}"`;
  if (/%[0-9]*\.[0-9]+f/.test(p)) return `rounded (${p})`;
  if (f.includes(' + ')) return 'sum of members';
  if (!PLAIN.test(f)) return /^[A-Za-z_]\w*$/.test(f) ? 'not a struct member' : 'derived expression';
  if (!/^(%(h|l|ll)?[dux]|%c|%s|\(%s\))$/.test(p)) return `formatted (${p})`;
  return null;
}

/**
 * Which array entry a line describes. atop prints these lines in array order, one per entry,
 * without skipping any (parseable.c loops `for (i=0; i < nr…; i++)` or `…[i].name[0]; i++`), so
 * the position of the line among its label's lines is i; cpu and GPU (and NUM/NUC in 2.7) print
 * i itself. NET prints the "upper" line first (no entry). A CGR P line belongs to the C line
 * before it; the C lines follow the record's cgroup list.
 */
export function entryOf(shape: readonly ColumnSpec[], cols: readonly string[], nth: number): number | null {
  const idx = shape.find((c) => c.field === 'i');
  if (idx !== undefined && typeof idx.col === 'number') return Number(cols[idx.col - 1]);
  return shape.some((c) => c.field?.includes('[i]')) ? nth : null;
}

export function plainFieldExpectations(
  lines: readonly OracleLine[],
  version: string,
  labels: readonly string[],
  map = PARSEABLE_COLUMNS,
): { expectations: Expectation[]; skipped: Skipped[] } {
  const expectations: Expectation[] = [];
  const skipped = new Map<string, Skipped>();
  const skip = (label: string, col: number, field: string, reason: string) => {
    const key = `${label}|${col}|${field}`;
    if (!skipped.has(key)) skipped.set(key, { label, col, field, reason });
  };
  const seen = new Map<string, number>(); // lines per sample|label
  const nth = new Map<string, number>(); // lines per sample|label|shape (entries)
  const bump = (m: Map<string, number>, k: string) => {
    const n = m.get(k) ?? 0;
    m.set(k, n + 1);
    return n;
  };
  for (const l of lines) {
    if (!labels.includes(l.label)) continue;
    const group = groupFor(l.label, version, map);
    const shape = group && shapeFor(group, l.cols[6]);
    if (shape === undefined) {
      skip(l.label, 0, '', `no column map for ${version}`);
      continue;
    }
    const line = bump(seen, `${l.sample}|${l.label}`);
    const si = group!.lines.indexOf(shape);
    let entry = entryOf(shape, l.cols, bump(nth, `${l.sample}|${l.label}|${si}`));
    if (l.label === 'CGR') entry = (nth.get(`${l.sample}|CGR|0`) ?? 1) - 1;

    // Without a fit, only the columns left of the first text column are surely in place.
    const fitted = l.cols.length === shape.length;
    const firstText = shape.find(isText)?.col;
    const trusted = (col: number) =>
      col <= l.cols.length && (fitted || typeof firstText !== 'number' || col < firstText);

    for (const c of shape) {
      const field = c.field ?? (c.literal !== undefined ? `'${c.literal}'` : '');
      const col = typeof c.col === 'number' ? c.col : parseInt(c.col, 10);
      const reason =
        whySkip(c) ?? (trusted(col) ? null : `line has ${l.cols.length} columns, map ${shape.length}`);
      if (reason !== null) skip(l.label, col, field, reason);
      else
        expectations.push({
          label: l.label,
          sample: l.sample,
          line,
          entry,
          col,
          field,
          expected: l.cols[col - 1]!,
          printf: c.printf!,
        });
    }
  }
  return { expectations, skipped: [...skipped.values()] };
}
