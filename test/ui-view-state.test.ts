// The page's state (src/ui/state/reducer.ts) and what the page shows of it
// (src/ui/state/selectors.ts): which sample a link or a pick selects, what switching views does
// to the sort, the filter that stays while a broken one is typed, columns and sort in force.
import { describe, expect, it } from 'vitest';
import { initialPageState, reducer, type PageState } from '../src/ui/state/reducer';
import {
  effectiveSort,
  offeredColumns,
  linkTimeMissing,
  selectedSample,
  viewsFor,
  visibleColumns,
  type LogProgress,
} from '../src/ui/state/selectors';
import { DEFAULT_VIEW_STATE as D } from '../src/ui/state/view-state';
import type { BoundColumn } from '../src/ui/table/column';
import { VIEW_BY_ID } from '../src/ui/table/views';
import { layoutForVersion } from '../src/format/version';
import { taskFields } from '../src/format/tasks';

/** The task fields of a version, as the worker reports them (engine.ts logInfo). */
const fieldsOf = (version: string) =>
  new Set<string>(taskFields(layoutForVersion(version)!.tstat).map((f) => f.path));

describe('the selected sample', () => {
  // curtimes of a log being read: 100, 110, 120, 120 (a repeated time), 140
  const times = [100, 110, 120, 120, 140];
  const log = (samples: number, loading = false): LogProgress => ({
    samples,
    loading,
    indexOfTime: (t) => times.slice(0, samples).indexOf(t),
    nearestTime: (t) => {
      let best = -1;
      for (let i = 0; i < samples; i++)
        if (best < 0 || Math.abs(times[i]! - t) < Math.abs(times[best]! - t)) best = i;
      return best;
    },
  });

  it('is the first sample unless something else is named', () => {
    expect(selectedSample(D, log(5))).toBe(0);
    expect(selectedSample(D, log(0))).toBeNull();
  });
  it('follows a link’s time once the log has it, before its sample number', () => {
    expect(selectedSample({ sample: 4, time: 110 }, log(5))).toBe(1);
    // not read that far yet: the first sample, not the number (it may mean another sample)
    expect(selectedSample({ sample: 4, time: 140 }, log(3, true))).toBe(0);
    expect(selectedSample({ sample: 4, time: 140 }, log(5, true))).toBe(4);
  });
  it('opens the sample nearest to a link’s time the files do not have, once all is read', () => {
    expect(selectedSample({ sample: 2, time: 999 }, log(5, true))).toBe(0);
    expect(linkTimeMissing({ sample: 2, time: 999 }, log(5, true))).toBe(false);
    expect(selectedSample({ sample: 2, time: 999 }, log(5))).toBe(4);
    expect(selectedSample({ sample: 2, time: 12 }, log(5))).toBe(0);
    expect(selectedSample({ sample: 0, time: 124 }, log(5))).toBe(2);
    expect(selectedSample({ sample: 0, time: 135 }, log(5))).toBe(4);
    expect(linkTimeMissing({ sample: 2, time: 999 }, log(5))).toBe(true);
    expect(linkTimeMissing({ sample: 2, time: 110 }, log(5))).toBe(false);
    expect(selectedSample({ sample: 9, time: null }, log(5))).toBe(0);
  });
  it('is by position once picked, even where a time repeats', () => {
    let s: PageState = initialPageState({ ...D, sample: 0, time: 120 });
    expect(selectedSample(s.view, log(5))).toBe(2);
    s = reducer(s, { type: 'sample-picked', sample: 3 });
    expect(s.view).toMatchObject({ sample: 3, time: null });
    expect(selectedSample(s.view, log(5))).toBe(3);
  });
});

describe('opening a log', () => {
  const linked = initialPageState({ ...D, sample: 4, time: 140, selection: { pid: 1, btime: 2 } });
  it('keeps a link’s sample for the first log, not the process', () => {
    expect(reducer(linked, { type: 'log-opened', first: true }).view).toEqual({ ...D, sample: 4, time: 140 });
  });
  it('starts the next log at its first sample, with the rest of the view kept', () => {
    const s = reducer(
      { ...linked, view: { ...linked.view, filter: 'java' } },
      { type: 'log-opened', first: false },
    );
    expect(s.view).toEqual({ ...D, filter: 'java' });
  });
  it('closes the jump box and the notice', () => {
    const open = { ...linked, jumpOpen: true, notice: 'x' };
    expect(reducer(open, { type: 'log-opened', first: false })).toMatchObject({
      jumpOpen: false,
      notice: null,
    });
  });
});

describe('the filter', () => {
  it('keeps the last filter that parsed while the text does not', () => {
    let s = initialPageState(D);
    s = reducer(s, { type: 'filter-typed', text: 'name:/^ssh/' });
    const good = s.filter;
    expect(good.clauses).toHaveLength(1);
    s = reducer(s, { type: 'filter-typed', text: 'name:/^ssh(/' });
    expect(s.view.filter).toBe('name:/^ssh(/');
    expect(s.filter).toBe(good);
    expect(s.filterError).toMatch(/Bad regular expression in name/);
    s = reducer(s, { type: 'filter-typed', text: '' });
    expect(s.filter.clauses).toEqual([]);
    expect(s.filterError).toBeNull();
  });
  it('opens a link with a broken filter with none applied and the error named', () => {
    const s = initialPageState({ ...D, filter: 'pid:abc' });
    expect(s.filter.clauses).toEqual([]);
    expect(s.filterError).toMatch(/pid: expects numbers/);
  });
});

describe('views, columns and sort', () => {
  const f213 = fieldsOf('2.13');
  const f126 = fieldsOf('1.26');

  it('switching view takes atop’s sort of that view unless the sort column is in it', () => {
    let s = initialPageState(D);
    s = reducer(s, { type: 'view-picked', view: 'memory', fields: f213 });
    expect(s.view.sort).toEqual({ column: 'mem', desc: true });
    s = reducer(s, { type: 'sort-picked', sort: { column: 'rsize', desc: false } });
    s = reducer(s, { type: 'view-picked', view: 'command', fields: f213 });
    expect(s.view).toMatchObject({ view: 'command', sort: { column: 'rsize', desc: false }, columns: null });
    s = reducer(s, { type: 'view-picked', view: 'disk', fields: f213 });
    expect(s.view.sort).toEqual({ column: 'dsk', desc: true });
  });

  it('offers only what the version has: no thread columns or GPU view in 1.26', () => {
    const ids = offeredColumns(f126).map((c) => c.id);
    expect(ids).toContain('cmdline');
    expect(ids).not.toContain('tgid');
    expect(viewsFor('gpu', f126).view.id).toBe('generic');
    expect(viewsFor('gpu', f213).view.id).toBe('gpu');
  });

  it('shows the chosen columns the log has, in their order, else the view’s', () => {
    const offered = offeredColumns(f126);
    const generic = VIEW_BY_ID.get('generic')!;
    expect(visibleColumns(['cmdline', 'tgid', 'pid'], generic, offered, f126)).toEqual(['cmdline', 'pid']);
    expect(visibleColumns(['tgid'], generic, offered, f126)).toEqual(
      visibleColumns(null, generic, offered, f126),
    );
  });

  it('sorts by CPU% when the chosen column is not bound for this sample', () => {
    const bound = new Map<string, BoundColumn>([['rsize', { key: () => 0, text: () => '' }]]);
    expect(effectiveSort({ column: 'rsize', desc: false }, bound)).toEqual({ column: 'rsize', desc: false });
    expect(effectiveSort({ column: 'gpubusy', desc: false }, bound)).toEqual(D.sort);
  });
});

describe('dialogs', () => {
  it('? toggles the help; Esc closes help and the jump box', () => {
    let s = initialPageState(D);
    s = reducer(s, { type: 'help-shown', open: 'toggle' });
    s = reducer(s, { type: 'jump-shown', open: true });
    expect(s).toMatchObject({ helpOpen: true, jumpOpen: true });
    s = reducer(s, { type: 'dialogs-closed' });
    expect(s).toMatchObject({ helpOpen: false, jumpOpen: false });
    expect(s.view).toBe(D);
  });
});
