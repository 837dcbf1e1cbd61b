// The task fields the page asks the worker for: exactly what its code reads. Every reader of
// a sample declares its fields (sample.ts `reads`), so a field read but not asked for cannot
// happen, and one asked for but never read is not asked for.
import type { TaskFieldPath } from '../../format/tasks';
import { COLUMNS } from './catalogue';
import { ROW_READS } from './rows';
import { DERIVED_READS } from './sample';
import { SELECTION_READS } from './selection';

export const WANTED_FIELDS: readonly TaskFieldPath[] = [
  ...new Set([
    ...COLUMNS.flatMap((c) => c.reads),
    ...ROW_READS.fields,
    ...DERIVED_READS.fields,
    ...SELECTION_READS.fields,
  ]),
];
