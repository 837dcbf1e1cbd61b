// The filter box language. Tokens are separated by blanks and all must match (AND):
//   java            free text: name or command line contains it (case-insensitive)
//   "two words"     free text with blanks
//   pid:4711,4712   pid (or thread group id) is one of these
//   ppid:1          parent pid is one of these
//   name:/re/i      name matches the regex; name:text matches like free text, name only
//   cmd:/re/        command line matches the regex; cmd:text likewise
//   user:0          real or effective uid is one of these (logs store uids, not names)
//   state:R,S,D     state letter is one of these (E = exited)
// A token may be negated with a leading "-" ("-name:bash").
import type { Filter, FilterClause, TextTest } from './clauses';

/** The language in one paragraph, for the filter box's tooltip and the help. */
export const FILTER_HELP =
  'Free text matches name or command line (case-insensitive). Tokens: pid:N[,N…] ppid:N name:/regex/ cmd:/regex/ user:UID state:R,S,D,Z,E — all must match; prefix with - to exclude.';

export type FilterParse =
  | { readonly ok: true; readonly filter: Filter }
  | { readonly ok: false; readonly message: string; readonly at: number };

interface Token {
  readonly text: string;
  readonly at: number;
}

/** Splits on blanks, keeping "quoted text" and /regex with blanks/flags together. */
export function tokenize(src: string): Token[] | { message: string; at: number } {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (i >= src.length) break;
    const start = i;
    let text = '';
    while (i < src.length && !/\s/.test(src[i]!)) {
      const ch = src[i]!;
      const afterColon = text.endsWith(':') && /^-?(name|cmd):$/.test(text);
      if (ch === '"') {
        const end = src.indexOf('"', i + 1);
        if (end < 0) return { message: 'Unclosed quote " in the filter.', at: i };
        text += src.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '/' && afterColon) {
        // regex: up to the next unescaped '/', then flags
        let j = i + 1;
        let inClass = false;
        for (; j < src.length; j++) {
          const c = src[j]!;
          if (c === '\\') j++;
          else if (c === '[') inClass = true;
          else if (c === ']') inClass = false;
          else if (c === '/' && !inClass) break;
        }
        if (j >= src.length) return { message: 'Unclosed regular expression: add the closing /.', at: i };
        let k = j + 1;
        while (k < src.length && /[a-z]/i.test(src[k]!)) k++;
        text += src.slice(i, k);
        i = k;
      } else {
        text += ch;
        i++;
      }
    }
    out.push({ text, at: start });
  }
  return out;
}

function numbers(
  value: string,
  key: string,
  at: number,
): ReadonlySet<number> | { message: string; at: number } {
  const parts = value.split(',').filter((p) => p !== '');
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p)))
    return { message: `${key}: expects numbers, e.g. ${key}:4711 or ${key}:1,2,3`, at };
  return new Set(parts.map(Number));
}

function textTest(value: string, key: string, at: number): TextTest | { message: string; at: number } {
  const m = /^\/(.*)\/([a-z]*)$/is.exec(value);
  if (!m) {
    if (value === '') return { message: `${key}: needs text or a /regex/`, at };
    return { needle: value.toLowerCase(), re: null };
  }
  const flags = m[2]!;
  if (!/^[imsu]*$/.test(flags))
    return { message: `Regex flags may only be i, m, s, u (got "${flags}").`, at };
  try {
    return { needle: null, re: new RegExp(m[1]!, flags) };
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { message: `Bad regular expression in ${key}: ${why}`, at };
  }
}

const isProblem = (v: unknown): v is { message: string; at: number } =>
  typeof v === 'object' && v !== null && 'message' in v;

export function parseFilter(src: string): FilterParse {
  const toks = tokenize(src);
  if (isProblem(toks)) return { ok: false, ...toks };
  const clauses: FilterClause[] = [];
  for (const { text, at } of toks) {
    let t = text;
    let negate = false;
    if (t.startsWith('-') && t.length > 1 && /^-(pid|ppid|name|cmd|user|state):/.test(t)) {
      negate = true;
      t = t.slice(1);
    }
    const m = /^(pid|ppid|name|cmd|user|state):(.*)$/s.exec(t);
    if (!m) {
      clauses.push({ negate: false, kind: 'text', test: { needle: t.toLowerCase(), re: null } });
      continue;
    }
    const key = m[1] as 'pid' | 'ppid' | 'name' | 'cmd' | 'user' | 'state';
    const value = m[2]!;
    if (key === 'pid' || key === 'ppid' || key === 'user') {
      const n = numbers(value, key, at);
      if (isProblem(n))
        return {
          ok: false,
          ...(key === 'user' && /[a-z]/i.test(value)
            ? { message: 'user: takes numeric uids (atop logs store no user names), e.g. user:0', at }
            : n),
        };
      clauses.push({ negate, kind: key, numbers: n });
    } else if (key === 'state') {
      const letters = value.split(',').filter((p) => p !== '');
      if (letters.length === 0 || !letters.every((l) => /^[A-Za-z]$/.test(l)))
        return { ok: false, message: 'state: expects letters, e.g. state:R,S,D,Z,E', at };
      clauses.push({ negate, kind: 'state', states: new Set(letters.map((l) => l.charCodeAt(0))) });
    } else {
      const tt = textTest(value, key, at);
      if (isProblem(tt)) return { ok: false, ...tt };
      clauses.push({ negate, kind: key, test: tt });
    }
  }
  return { ok: true, filter: { source: src, clauses } };
}
