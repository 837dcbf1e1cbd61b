// Preferences (src/ui/state/prefs.ts) kept in localStorage, how the page state uses them
// (column sets per view, chart picks, theme, "Reset view"), and the key table (src/ui/keys.ts).
import { describe, expect, it } from 'vitest';
import { bindingOf, KEY_TABLE, keyLabel } from '../src/ui/keys';
import {
  DEFAULT_PREFS,
  loadPrefs,
  parsePrefs,
  PREFS_KEY,
  savePrefs,
  withColumns,
  type Preferences,
} from '../src/ui/state/prefs';
import { initialPageState, reducer } from '../src/ui/state/reducer';
import { DEFAULT_VIEW_STATE as D } from '../src/ui/state/view-state';
import { VIEWS } from '../src/ui/table/views';

/** localStorage's part the page uses, in memory. */
function memoryStore() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

const mine: Preferences = {
  theme: 'dark',
  columns: { memory: ['pid', 'name', 'rsize'], disk: ['pid', 'rddsk'] },
  charts: ['cpu', 'mem'],
};

describe('preferences in localStorage', () => {
  it('round-trip, and the defaults are stored as nothing', () => {
    const store = memoryStore();
    savePrefs(store, mine);
    expect(JSON.parse(store.m.get(PREFS_KEY)!)).toEqual(mine);
    expect(loadPrefs(store)).toEqual(mine);
    savePrefs(store, DEFAULT_PREFS);
    expect(store.m.has(PREFS_KEY)).toBe(false);
    expect(loadPrefs(store)).toEqual(DEFAULT_PREFS);
  });

  it('keep what is valid of a damaged or foreign entry, field by field', () => {
    expect(parsePrefs('not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('[1,2]')).toEqual({ ...DEFAULT_PREFS, charts: null });
    expect(
      parsePrefs(
        JSON.stringify({
          theme: 'purple',
          columns: { memory: ['pid', 'nope', 'pid', 7, 'rsize'], nosuchview: ['pid'], disk: [] },
          charts: ['cpu', 'Bad Id!', 'cpu'],
        }),
      ),
    ).toEqual({ theme: 'system', columns: { memory: ['pid', 'rsize'] }, charts: ['cpu'] });
  });

  it('survive a storage that refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(loadPrefs(refusing)).toEqual(DEFAULT_PREFS);
    expect(() => {
      savePrefs(refusing, mine);
    }).not.toThrow();
  });

  it('a view’s column set is replaced or dropped alone', () => {
    expect(withColumns(mine, 'memory', null).columns).toEqual({ disk: ['pid', 'rddsk'] });
    expect(withColumns(mine, 'generic', ['pid']).columns).toEqual({ ...mine.columns, generic: ['pid'] });
  });
});

describe('preferences in the page state', () => {
  it('a link without columns gets the person’s set for its view; one with columns keeps its own', () => {
    expect(initialPageState({ ...D, view: 'memory' }, mine).view.columns).toEqual(['pid', 'name', 'rsize']);
    expect(initialPageState({ ...D, view: 'memory', columns: ['pid'] }, mine).view.columns).toEqual(['pid']);
    expect(initialPageState(D, mine).view).toMatchObject({ columns: null, charts: ['cpu', 'mem'] });
  });

  it('picking columns remembers them for the view; switching views brings each view’s set', () => {
    let s = initialPageState(D, DEFAULT_PREFS);
    s = reducer(s, { type: 'columns-picked', columns: ['pid', 'cpu'] });
    expect(s.prefs.columns).toEqual({ generic: ['pid', 'cpu'] });
    s = reducer(s, { type: 'view-picked', view: 'memory', fields: new Set(['gen.pid', 'mem.rmem']) });
    expect(s.view.columns).toBeNull();
    s = reducer(s, { type: 'view-picked', view: 'generic', fields: new Set(['gen.pid']) });
    expect(s.view.columns).toEqual(['pid', 'cpu']);
    s = reducer(s, { type: 'columns-picked', columns: null });
    expect(s.prefs.columns).toEqual({});
  });

  it('"Reset view" restores the default view and preferences, on the same host and moment', () => {
    let s = initialPageState(
      { ...D, view: 'memory', filter: 'pid:1', tz: 'local', host: 'b', sample: 4, time: 140 },
      mine,
    );
    s = reducer(s, { type: 'theme-picked', theme: 'light' });
    s = reducer(s, { type: 'view-reset' });
    expect(s.view).toEqual({ ...D, host: 'b', sample: 4, time: 140 });
    expect(s.prefs).toEqual(DEFAULT_PREFS);
    expect(s.filter.clauses).toEqual([]);
  });

  it('atop’s y, a and X / E flip the row toggles; another host keeps the moment', () => {
    let s = initialPageState(D);
    s = reducer(s, { type: 'toggle-flipped', toggle: 'threads' });
    s = reducer(s, { type: 'toggle-flipped', toggle: 'exited' });
    expect(s.view.toggles).toEqual({ threads: true, exited: false, activeOnly: false });
    s = reducer({ ...s, view: { ...s.view, sample: 7 } }, { type: 'host-picked', host: 'h2', time: 1234 });
    expect(s.view).toMatchObject({ host: 'h2', sample: null, time: 1234 });
  });
});

describe('the key table', () => {
  it('holds atop’s keys, each once, with X and E both for exited processes', () => {
    const keys = KEY_TABLE.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of [
      't',
      'T',
      'b',
      'u',
      'p',
      'j',
      'G',
      'y',
      'a',
      'X',
      'E',
      'z',
      '?',
      ...VIEWS.map((v) => v.key),
    ])
      expect(bindingOf(k), k).toBeDefined();
    expect(bindingOf('X')).toBe(bindingOf('E'));
    expect(bindingOf('E')!.command).toBe('exited');
    expect(bindingOf('e')).toMatchObject({ command: 'view', view: 'gpu' });
    expect(bindingOf('u')!.command).toBe('group-user');
    expect(bindingOf('?')!.needsLog).toBe(false);
    expect(keyLabel(bindingOf('X')!)).toBe('X / E');
    expect(keyLabel(bindingOf('Escape')!)).toBe('Esc');
    expect(bindingOf('q')).toBeUndefined();
  });
});
