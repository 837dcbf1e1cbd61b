// The selected process's lifeline, asked of the worker whenever the selection changes, and
// once more when the log has finished opening (its later samples are in the store then).
import { useEffect, useState } from 'react';
import type { LifelineAnswer } from '../../worker/protocol';
import type { LoadState, LogSession } from '../session';
import type { ProcessKey } from '../table/selection';

interface Asked {
  readonly session: LogSession;
  readonly key: string;
  readonly answer: LifelineAnswer | null;
}

export function useLifeline(
  session: LogSession | null,
  process: ProcessKey | null,
  load: LoadState,
): LifelineAnswer | null {
  const [asked, setAsked] = useState<Asked | null>(null);
  const key = process ? `${process.pid}-${process.btime}-${load === 'ready'}` : '';
  useEffect(() => {
    if (!session || !process) return;
    let live = true;
    void session.lifeline(process.pid, process.btime).then((answer) => {
      if (live) setAsked({ session, key, answer });
    });
    return () => {
      live = false;
    };
    // the key says everything about the question
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, key]);
  if (!session || !process || asked?.session !== session) return null;
  // the last answer stays while a new one is on its way (no flicker when stepping)
  return asked.answer;
}
