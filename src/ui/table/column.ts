// What a process column is: its head (atop's header, tooltip, width, group), the task fields
// it needs to be offered at all, and how it binds to one sample (sort key, cell text,
// tooltip). `column()` builds one and hands its bind only the fields it declared.
import type { TaskFieldPath } from '../../format/tasks';
import type { TimeZoneMode } from '../format';
import {
  reads,
  resolveNeed,
  type FieldReads,
  type FieldSet,
  type Need,
  type NeedFields,
  type SampleTable,
} from './sample';

export interface FormatOptions {
  readonly tz: TimeZoneMode;
}

export interface BoundColumn {
  /** Sort key of a row: a number, or for text columns a string id (sorted by text). */
  key(row: number): number;
  /** What the cell shows (and the CSV contains). */
  text(row: number): string;
  /** Optional exact value for the cell's tooltip. */
  detail?(row: number): string;
}

export type ColumnGroup = 'id' | 'cpu' | 'mem' | 'dsk' | 'net' | 'sched' | 'gpu' | 'misc';

export interface ColumnHead {
  readonly id: string;
  /** atop's column header. */
  readonly header: string;
  readonly title: string;
  readonly group: ColumnGroup;
  readonly align: 'left' | 'right';
  /** Width in px; the last text column may grow. */
  readonly width: number;
}

export interface ColumnSpec extends ColumnHead {
  /** Its sort key is a string id: sorted by the text (and left-aligned, tooltip the text). */
  readonly isText: boolean;
  /** Fields it needs: each entry a field or a list of alternatives (the first present is used). */
  readonly needs: readonly Need[];
  /** Every field `bind` may read: those of `needs` and any it reads only when present. */
  readonly reads: readonly TaskFieldPath[];
  readonly bind: (t: SampleTable, fx: FormatOptions) => BoundColumn;
}

export function columnAvailable(c: ColumnSpec, fields: FieldSet): boolean {
  return c.needs.every((n) => resolveNeed(n, fields) !== null);
}

interface ColumnDecl<N extends readonly Need[], O extends readonly TaskFieldPath[]> extends ColumnHead {
  readonly needs: N;
  /** Fields read when the log has them, without which the column is still offered. */
  readonly optional?: O;
  readonly isText?: boolean;
}

/** A column whose bind can read exactly the fields it declares. */
export function column<const N extends readonly Need[], const O extends readonly TaskFieldPath[] = []>(
  decl: ColumnDecl<N, O>,
  bind: (
    t: SampleTable,
    read: FieldReads<NeedFields<N[number]> | O[number]>,
    fx: FormatOptions,
  ) => BoundColumn,
): ColumnSpec {
  const { needs, optional, isText = false, ...head } = decl;
  const fields = [
    ...new Set([...needs.flatMap((n) => (typeof n === 'string' ? [n] : n)), ...(optional ?? [])]),
  ];
  const read = reads(...fields) as FieldReads<NeedFields<N[number]> | O[number]>;
  return {
    ...head,
    isText,
    needs,
    reads: fields,
    bind: (t, fx) => bind(t, read, fx),
  };
}
