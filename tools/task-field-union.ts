// The task fields the layouts define: the union over every version of struct tstat's leaf
// members, first seen first. Shared by the generator (tools/gen-task-fields.ts) and the test
// that holds the checked-in list to it.
import { VERSION_LAYOUTS } from '../src/format/layouts/versions';
import { fieldsOf } from '../src/format/version';

export function taskFieldUnion(): { all: string[]; text: string[] } {
  const all = new Set<string>();
  const text = new Set<string>();
  for (const layout of VERSION_LAYOUTS)
    for (const f of fieldsOf(layout.tstat)) {
      all.add(f.path);
      if (f.kind === 'text') text.add(f.path);
    }
  return { all: [...all], text: [...text] };
}
