// The view state in the URL (src/ui/state/url.ts): links written by every earlier version
// open the view they opened then, the current version round-trips every field, and nothing a
// URL can hold crashes the page or is misread.
import { describe, expect, it } from 'vitest';
import { zoneName } from '../src/ui/format';
import { queryOfViewState, UPGRADERS, URL_VERSION, viewStateFromQuery } from '../src/ui/state/url';
import { DEFAULT_VIEW_STATE as D, type ViewState } from '../src/ui/state/view-state';

const berlin = zoneName('Europe/Berlin')!;

describe('version 1 links (written by atopview before version 2)', () => {
  // each written by the version 1 serializer (src/ui/urlState.ts before this change)
  it.each<[string, string, ViewState]>([
    ['sample and time', '?v=1&s=3&t=1795532151', { ...D, sample: 2, time: 1795532151 }],
    [
      'a filter with a regex, quotes and a negation',
      '?v=1&q=name%3A%2F%5Epython3%24%2F+%22two+words%22+-cmd%3A%2Fa+b%2Fi',
      { ...D, filter: 'name:/^python3$/ "two words" -cmd:/a b/i' },
    ],
    ['sort ascending', '?v=1&sort=rsize.asc', { ...D, sort: { column: 'rsize', desc: false } }],
    [
      'a view with its own columns',
      '?v=1&view=memory&cols=pid%2Cname%2Crsize%2Ccmdline',
      { ...D, view: 'memory', columns: ['pid', 'name', 'rsize', 'cmdline'] },
    ],
    [
      'every toggle off its default',
      '?v=1&thr=1&exit=0&active=1',
      { ...D, toggles: { threads: true, exited: false, activeOnly: true } },
    ],
    ['local time', '?v=1&tz=local', { ...D, tz: 'local' }],
    [
      'the link e2e/app.spec.ts shares',
      '?v=1&s=3&t=1795532151&q=name%3A%2F%5Epython3%24%2F&sort=rsize.desc&view=memory&thr=1&tz=local',
      {
        ...D,
        sample: 2,
        time: 1795532151,
        filter: 'name:/^python3$/',
        sort: { column: 'rsize', desc: true },
        view: 'memory',
        toggles: { ...D.toggles, threads: true },
        tz: 'local',
      },
    ],
    [
      'all of it at once',
      '?v=1&s=1&t=1795532100&q=state%3AD%2CR+pid%3A4711&sort=dsk.desc&view=disk&thr=1&tz=local',
      {
        ...D,
        sample: 0,
        time: 1795532100,
        filter: 'state:D,R pid:4711',
        sort: { column: 'dsk', desc: true },
        view: 'disk',
        toggles: { ...D.toggles, threads: true },
        tz: 'local',
      },
    ],
  ])('%s', (_, link, want) => {
    expect(viewStateFromQuery(link)).toEqual(want);
  });

  it('reads only what version 1 read: keys version 2 added mean nothing in a v1 link', () => {
    const v = viewStateFromQuery(
      '?v=1&s=2&tz=Europe%2FBerlin&range=10-20&zoom=1-99&sel=7-8&group=user&host=h&charts=cpu',
    );
    // version 1 read any tz but "local" as UTC and knew no ranges, selection, grouping, hosts or charts
    expect(v).toEqual({ ...D, sample: 1 });
  });

  it('opens the same view once written back in the current version', () => {
    const link =
      '?v=1&s=3&t=1795532151&q=name%3A%2F%5Epython3%24%2F&sort=rsize.asc&view=memory&thr=1&tz=local';
    const v = viewStateFromQuery(link);
    const now = queryOfViewState(v);
    expect(now).toBe(
      '?v=2&s=3&t=1795532151&q=name%3A%2F%5Epython3%24%2F&sort=rsize.asc&view=memory&thr=1&tz=local',
    );
    expect(viewStateFromQuery(now)).toEqual(v);
  });
});

describe('the upgrader table', () => {
  it('has a step into every version after the first', () => {
    for (let n = 2; n <= URL_VERSION; n++) expect(UPGRADERS[n], `upgrader to v${n}`).toBeTypeOf('function');
  });
});

describe('version 2', () => {
  const full: ViewState = {
    sample: 41,
    time: 1795532151,
    range: { from: 1795530000, to: 1795533600 },
    zoom: { from: 1795500000, to: 1795600000 },
    filter: 'java pid:4711 name:/^a b$/ "x, y"',
    sort: { column: 'rsize', desc: false },
    view: 'memory',
    columns: ['pid', 'name', 'rsize'],
    toggles: { threads: true, exited: false, activeOnly: true },
    tz: berlin,
    host: 'db-01.example',
    group: 'container',
    selection: { pid: 4711, btime: 1795000000 },
    charts: ['cpu', 'mem', 'dsk'],
  };

  it('round-trips every field', () => {
    expect(viewStateFromQuery(queryOfViewState(full))).toEqual(full);
  });

  it.each<[string, Partial<ViewState>]>([
    ['a range', { range: { from: 5, to: 5 } }],
    ['a zoom', { zoom: { from: 0, to: 86400 } }],
    ['local time', { tz: 'local' }],
    ['a zone', { tz: berlin }],
    ['a host', { host: 'web 01/α' }],
    ['a grouping', { group: 'cgroup' }],
    ['a selected process', { selection: { pid: 1, btime: 0 } }],
    ['no charts at all', { charts: [] }],
    ['charts in order', { charts: ['net', 'cpu'] }],
    ['sample 1 without a time', { sample: 0 }],
  ])('round-trips %s alone', (_, patch) => {
    const v = { ...D, ...patch };
    expect(viewStateFromQuery(queryOfViewState(v))).toEqual(v);
  });

  it('is versioned and leaves defaults out', () => {
    expect(queryOfViewState(D)).toBe('?v=2');
    expect(queryOfViewState(full)).toBe(
      '?v=2&s=42&t=1795532151&range=1795530000-1795533600&zoom=1795500000-1795600000' +
        '&q=java+pid%3A4711+name%3A%2F%5Ea+b%24%2F+%22x%2C+y%22&sort=rsize.asc&view=memory' +
        '&cols=pid%2Cname%2Crsize&thr=1&exit=0&active=1&group=container&sel=4711-1795000000' +
        '&tz=Europe%2FBerlin&host=db-01.example&charts=cpu%2Cmem%2Cdsk',
    );
  });

  it('opens the defaults for a link without a version or of a later one', () => {
    expect(viewStateFromQuery('')).toEqual(D);
    expect(viewStateFromQuery('?s=4&q=x')).toEqual(D);
    expect(viewStateFromQuery('?v=0&s=4')).toEqual(D);
    expect(viewStateFromQuery('?v=3&s=4&q=x')).toEqual(D);
    expect(viewStateFromQuery('?v=99999999999999999999&s=4')).toEqual(D);
    expect(viewStateFromQuery('?v=two&s=4')).toEqual(D);
  });

  it('leaves at its default whatever it cannot read', () => {
    const odd = viewStateFromQuery(
      '?v=2&s=0&t=-5&range=20-10&zoom=x-1&sort=evil.up&view=nope&cols=pid,zzz,pid' +
        '&thr=yes&tz=Mars%2FOlympus&group=galaxy&sel=12&host=&charts=CPU,ok,ok',
    );
    expect(odd).toEqual({ ...D, columns: ['pid'], charts: ['ok'] });
  });

  it('names a zone the way the browser spells it, and UTC as UTC', () => {
    expect(viewStateFromQuery('?v=2&tz=europe%2Fberlin').tz).toBe('Europe/Berlin');
    expect(viewStateFromQuery('?v=2&tz=Etc%2FUTC').tz).toBe('utc');
    expect(viewStateFromQuery('?v=2&tz=utc').tz).toBe('utc');
  });

  it('bounds what a URL can make it hold', () => {
    const v = viewStateFromQuery(
      `?v=2&q=${'a'.repeat(5000)}&host=${'h'.repeat(400)}&cols=${'pid,'.repeat(500)}`,
    );
    expect(v.filter).toHaveLength(2000);
    expect(v.host).toHaveLength(255);
    expect(v.columns).toEqual(['pid']);
  });
});
