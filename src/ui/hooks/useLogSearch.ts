// The filter, applied to every row of the log (not just the interval on screen): runs in the
// worker over its compact search columns whenever the filter changes, and once more when the
// log has finished opening (rows indexed meanwhile count then).
import { useEffect, useState } from 'react';
import type { SearchResult } from '../../worker/protocol';
import type { Filter } from '../../filter/clauses';
import type { LoadState, LogSession } from '../session';

export type LogSearchState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly result: SearchResult; readonly source: string };

interface Answer {
  readonly session: LogSession;
  readonly filter: Filter;
  readonly ready: boolean;
  readonly result: SearchResult;
}

export function useLogSearch(session: LogSession | null, filter: Filter, load: LoadState): LogSearchState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const ready = load === 'ready';
  useEffect(() => {
    if (!session || filter.clauses.length === 0) return;
    let live = true;
    void session.search(filter.clauses).then((result) => {
      if (live) setAnswer({ session, filter, ready, result });
    });
    return () => {
      live = false;
    };
  }, [session, filter, ready]);
  if (!session || filter.clauses.length === 0) return { status: 'idle' };
  // an answer for another question is stale: the new one is on its way
  if (!answer || answer.session !== session || answer.filter !== filter || answer.ready !== ready)
    return { status: 'running' };
  return { status: 'done', result: answer.result, source: filter.source };
}

/** Next (dir 1) or previous (-1) sample after `from` with a match, wrapping; null if none. */
export function nextMatch(perSample: Uint32Array, from: number, dir: 1 | -1): number | null {
  const n = perSample.length;
  for (let k = 1; k <= n; k++) {
    const i = (((from + dir * k) % n) + n) % n;
    if (perSample[i]! > 0) return i;
  }
  return null;
}
