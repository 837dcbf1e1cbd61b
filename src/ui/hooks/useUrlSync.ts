// The URL follows the view, a moment later: effects of a click or keystroke run before the
// frame is painted and a history update costs several ms of it; typing a filter also writes
// the URL once, not per key. Replaced, not pushed: Back leaves the page, as before it opened.
import { useEffect } from 'react';

/** How long the URL waits for the view to settle before it follows it. */
export const URL_WRITE_DELAY_MS = 150;

/** Keeps `location.search` at `query` (with its "?"); null leaves the URL as it is. */
export function useUrlSync(query: string | null): void {
  useEffect(() => {
    if (query === null || query === window.location.search) return;
    const t = setTimeout(() => {
      window.history.replaceState(window.history.state, '', `${query}${window.location.hash}`);
    }, URL_WRITE_DELAY_MS);
    return () => {
      clearTimeout(t);
    };
  }, [query]);
}
