// Totals over a span (a range, or the selected interval grouped): asked of the worker
// whenever the question changes, and once more when the log has finished opening (samples
// indexed meanwhile count then). A newer question cancels the one in flight; until its
// answer comes the last answer stays on screen (stale), with the share done so far.
import { useEffect, useRef, useState } from 'react';
import type { GroupBy, SampleSpan, TotalsAnswer } from '../../worker/protocol';
import type { LoadState, LogSession } from '../session';

export interface TotalsRequest {
  readonly by: GroupBy;
  readonly span: SampleSpan;
}

export interface TotalsState {
  /** The latest answer (possibly to an earlier question: `stale`). */
  readonly answer: TotalsAnswer | null;
  readonly stale: boolean;
  readonly running: boolean;
  /** The person stopped the last question. */
  readonly cancelled: boolean;
  /** Share of the walk done (0..1) while running. */
  readonly progress: number;
  readonly cancel: () => void;
}

interface Keyed<T> {
  readonly session: LogSession;
  readonly key: string;
  readonly value: T;
}

let nextId = 1;

const keyOf = (r: TotalsRequest | null, ready: boolean) =>
  r ? `${r.by}|${'sample' in r.span ? `s${r.span.sample}` : `${r.span.from}-${r.span.to}`}|${ready}` : '';

export function useTotals(
  session: LogSession | null,
  req: TotalsRequest | null,
  load: LoadState,
): TotalsState {
  const [answer, setAnswer] = useState<Keyed<TotalsAnswer> | null>(null);
  const [progress, setProgress] = useState<Keyed<number> | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  /** The query in flight, for Cancel. */
  const inFlight = useRef<{ id: number; session: LogSession } | null>(null);
  const key = keyOf(req, load === 'ready');
  useEffect(() => {
    if (!session || !req) return;
    const id = nextId++;
    let live = true;
    inFlight.current = { id, session };
    void session
      .totals({ id, by: req.by, span: req.span }, (done) => {
        if (live) setProgress({ session, key, value: done });
      })
      .then((value) => {
        if (!live || (!value.ok && value.cancelled)) return;
        setAnswer({ session, key, value });
      });
    return () => {
      live = false;
      session.cancelTotals(id);
    };
    // the key says everything about the question
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, key]);
  const mine = answer?.session === session && req ? answer : null;
  const stopped = cancelled === key;
  const running = req !== null && session !== null && mine?.key !== key && !stopped;
  return {
    answer: mine?.value ?? null,
    stale: mine !== null && mine.key !== key,
    running,
    cancelled: stopped,
    progress: progress?.session === session && progress.key === key ? progress.value : 0,
    cancel: () => {
      const f = inFlight.current;
      if (f && f.session === session) f.session.cancelTotals(f.id);
      setCancelled(key);
    },
  };
}
