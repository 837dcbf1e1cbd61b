// The filter box (key /): the language is filter/parse.ts. A text that does not parse is
// named inline while the table keeps the last filter that did.
import type { Ref } from 'react';
import { FILTER_HELP } from '../../filter/parse';

interface Props {
  readonly text: string;
  readonly error: string | null;
  readonly ref: Ref<HTMLInputElement>;
  readonly onChange: (text: string) => void;
}

export function FilterBox({ ref, ...p }: Props) {
  return (
    <div className="filter">
      <input
        ref={ref}
        type="search"
        aria-label="Filter processes"
        placeholder="Filter: java   pid:4711   name:/^ssh/   state:D"
        title={FILTER_HELP}
        value={p.text}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={p.error !== null}
        aria-describedby={p.error ? 'filter-error' : undefined}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      {p.error && (
        <div id="filter-error" className="field-error filter-error" role="alert">
          {p.error} — the table still shows the previous filter.
        </div>
      )}
    </div>
  );
}
