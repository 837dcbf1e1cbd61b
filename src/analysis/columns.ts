// Reading the decoded task columns by path, and giving the text of rows ids of one's own:
// an accumulator is fed by one StringTable (one worker) but merges partial results of many,
// so it keeps its own list of strings and translates ids as it reads them.
import type { NumericColumn, TaskColumns } from '../format/index';

type ByPath<T> = Readonly<Record<string, T | undefined>>;

export function numColumn(tasks: TaskColumns, path: string): NumericColumn | undefined {
  return (tasks.num as ByPath<NumericColumn>)[path];
}

export function textColumn(tasks: TaskColumns, path: string): Int32Array | undefined {
  return (tasks.text as ByPath<Int32Array>)[path];
}

export function wideValues(tasks: TaskColumns, path: string): ReadonlyMap<number, bigint> | undefined {
  return (tasks.wide as ByPath<ReadonlyMap<number, bigint>>)[path];
}

/** Strings by id (0 is ""), each stored once. */
export class Interner {
  readonly values: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  /** Our id of each id of the string list last given to `from` (-1: not looked up yet). */
  private xlat = new Int32Array(0);
  private source: readonly string[] | null = null;

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  /**
   * Our id for id `theirs` of `strings` (a StringTable's values, which only grow, or a
   * partial result's list). Cached per id while the same list is given.
   */
  from(strings: readonly string[], theirs: number): number {
    if (strings !== this.source) {
      this.source = strings;
      this.xlat = new Int32Array(Math.max(64, strings.length)).fill(-1);
    } else if (theirs >= this.xlat.length) {
      const x = new Int32Array(Math.max(theirs + 1, this.xlat.length * 2)).fill(-1);
      x.set(this.xlat);
      this.xlat = x;
    }
    let ours = this.xlat[theirs]!;
    if (ours < 0) this.xlat[theirs] = ours = this.id(strings[theirs] ?? '');
    return ours;
  }
}
