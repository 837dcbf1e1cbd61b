// The filter language's parsed form, shared by the page (rows.ts filters one interval) and
// the worker (search-index.ts searches the whole log): one definition of what a clause is and
// of what it means for text to match. DOM-free, so it runs in both and in Node tests. The
// syntax that produces clauses is parse.ts.

/** How a text clause tests a string. */
export interface TextTest {
  /** Lowercased needle, or null for a regex. */
  readonly needle: string | null;
  readonly re: RegExp | null;
}

export type ClauseKind = 'text' | 'name' | 'cmd' | 'pid' | 'ppid' | 'user' | 'state';

export interface FilterClause {
  readonly negate: boolean;
  readonly kind: ClauseKind;
  /** For text/name/cmd. */
  readonly test?: TextTest;
  /** For pid/ppid/user. */
  readonly numbers?: ReadonlySet<number>;
  /** For state: char codes. */
  readonly states?: ReadonlySet<number>;
}

export interface Filter {
  readonly source: string;
  readonly clauses: readonly FilterClause[];
}

export const EMPTY_FILTER: Filter = { source: '', clauses: [] };

/** Whether `s` passes a text test: the regex anywhere in it, or the needle case-insensitively. */
export function textMatches(t: TextTest, s: string): boolean {
  if (t.re) {
    t.re.lastIndex = 0;
    return t.re.test(s);
  }
  return s.toLowerCase().includes(t.needle ?? '');
}
