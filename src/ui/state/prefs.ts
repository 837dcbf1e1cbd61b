// What a person sets up once and keeps across logs and visits: the theme, their own column
// set per view, their chart picks. Kept in localStorage (never in a link: a link says what
// to look at, not how the reader likes it). Anything unreadable there is ignored, field by
// field, so a damaged or older entry never breaks the page.
import { COLUMN_BY_ID } from '../table/catalogue';
import { VIEW_BY_ID, type ViewId } from '../table/views';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Preferences {
  /** 'system' follows prefers-color-scheme. */
  readonly theme: Theme;
  /** The columns chosen for a view, in order (absent: the view's own). */
  readonly columns: Readonly<Partial<Record<ViewId, readonly string[]>>>;
  /** System chart ids in order, or null for the default set. */
  readonly charts: readonly string[] | null;
}

export const DEFAULT_PREFS: Preferences = { theme: 'system', columns: {}, charts: null };

/** The localStorage key (versioned: a later shape gets a new key). */
export const PREFS_KEY = 'atopview.prefs.v1';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const CHART_ID = /^[a-z0-9-]{1,32}$/;

function stringList(v: unknown, ok: (s: string) => boolean, max: number): string[] | null {
  if (!Array.isArray(v)) return null;
  const out = v.filter((x): x is string => typeof x === 'string' && ok(x));
  return [...new Set(out)].slice(0, max);
}

/** The preferences a stored text holds (defaults for what it does not hold or holds wrong). */
export function parsePrefs(text: string | null): Preferences {
  if (text === null) return DEFAULT_PREFS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_PREFS;
  }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_PREFS;
  const r = raw as Record<string, unknown>;
  const theme = THEMES.find((t) => t === r.theme) ?? DEFAULT_PREFS.theme;
  const columns: Partial<Record<ViewId, string[]>> = {};
  if (typeof r.columns === 'object' && r.columns !== null)
    for (const [view, list] of Object.entries(r.columns as Record<string, unknown>)) {
      const ids = stringList(list, (id) => COLUMN_BY_ID.has(id), 100);
      if (VIEW_BY_ID.has(view as ViewId) && ids && ids.length > 0) columns[view as ViewId] = ids;
    }
  const charts = r.charts === null ? null : stringList(r.charts, (id) => CHART_ID.test(id), 32);
  return { theme, columns, charts };
}

export function loadPrefs(store: Store | null): Preferences {
  try {
    return parsePrefs(store?.getItem(PREFS_KEY) ?? null);
  } catch {
    // storage refused (privacy mode, a sandboxed frame)
    return DEFAULT_PREFS;
  }
}

/** Stores the preferences; the defaults are stored as nothing at all. */
export function savePrefs(store: Store | null, p: Preferences): void {
  try {
    const isDefault = p.theme === 'system' && Object.keys(p.columns).length === 0 && p.charts === null;
    if (isDefault) store?.removeItem(PREFS_KEY);
    else store?.setItem(PREFS_KEY, JSON.stringify(p));
  } catch {
    // full or refused: the page works on without remembering
  }
}

/** The same preferences with a view's column set (null: back to the view's own). */
export function withColumns(p: Preferences, view: ViewId, columns: readonly string[] | null): Preferences {
  const next = Object.fromEntries(Object.entries(p.columns).filter(([v]) => v !== view));
  if (columns !== null) next[view] = columns;
  return { ...p, columns: next };
}

/** The browser's localStorage, or null where there is none. */
export function browserStore(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
