// The checked-in list of task field names (src/format/layouts/task-fields.ts) is exactly the
// union of struct tstat's members over every version's layout: a field added to a layout
// without regenerating it, or a name typed into the list by hand, fails here.
import { describe, expect, it } from 'vitest';
import { TASK_FIELDS, TASK_TEXT_FIELDS } from '../src/format/layouts/task-fields';
import { taskFieldUnion } from '../tools/task-field-union';

describe('TASK_FIELDS', () => {
  const union = taskFieldUnion();
  it('is the union of every version’s tstat fields, first seen first', () => {
    expect([...TASK_FIELDS]).toEqual(union.all);
  });
  it('lists the text members apart', () => {
    expect([...TASK_TEXT_FIELDS]).toEqual(union.text);
    expect(TASK_TEXT_FIELDS).toContain('gen.cmdline');
    expect(TASK_TEXT_FIELDS).not.toContain('gen.pid');
  });
});
