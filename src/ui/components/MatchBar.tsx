// What the filter finds across the whole log: rows and samples matching, and buttons (keys
// ] and [) to step to the next and previous sample with a match. The timeline marks them.
import type { LogSearchState } from '../hooks/useLogSearch';

interface Props {
  readonly search: LogSearchState;
  readonly samples: number;
  readonly onStep: (dir: 1 | -1) => void;
}

export function MatchBar({ search, samples, onStep }: Props) {
  if (search.status === 'idle') return null;
  let text: string;
  let found = false;
  if (search.status === 'running') text = 'Searching the whole log…';
  else if (!search.result.ok) text = `Whole log: ${search.result.message}`;
  else {
    const r = search.result;
    found = r.samples > 0;
    text =
      `Whole log: ${r.rows.toLocaleString('en')} ${r.rows === 1 ? 'row' : 'rows'} in ` +
      `${r.samples.toLocaleString('en')} of ${samples.toLocaleString('en')} samples match` +
      (r.covered < samples ? ` (${r.covered.toLocaleString('en')} samples searched so far)` : '');
  }
  return (
    <div className="match-bar" role="group" aria-label="Matches in the whole log">
      <span data-testid="log-matches" aria-live="polite">
        {text}
      </span>
      <button
        type="button"
        className="btn"
        disabled={!found}
        onClick={() => {
          onStep(-1);
        }}
        title="Previous sample with a match ([)"
        aria-keyshortcuts="["
      >
        Previous match
      </button>
      <button
        type="button"
        className="btn"
        disabled={!found}
        onClick={() => {
          onStep(1);
        }}
        title="Next sample with a match (])"
        aria-keyshortcuts="]"
      >
        Next match
      </button>
    </div>
  );
}
