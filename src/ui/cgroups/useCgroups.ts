// The cgroup tree of the selected sample, or cgroup totals over the range (2.11+ logs),
// asked of the worker when the question changes and once more when the log is read.
import { useEffect, useState } from 'react';
import type { CgroupAnswer, SampleSpan } from '../../worker/protocol';
import type { LoadState, LogSession } from '../session';

interface Asked {
  readonly session: LogSession;
  readonly key: string;
  readonly answer: CgroupAnswer;
}

export function useCgroups(
  session: LogSession | null,
  span: SampleSpan | null,
  load: LoadState,
): { answer: CgroupAnswer | null; stale: boolean } {
  const [asked, setAsked] = useState<Asked | null>(null);
  const key = span
    ? `${'sample' in span ? `s${span.sample}` : `${span.from}-${span.to}`}|${load === 'ready'}`
    : '';
  useEffect(() => {
    if (!session || !span) return;
    let live = true;
    void session.cgroups(span).then((answer) => {
      if (live) setAsked({ session, key, answer });
    });
    return () => {
      live = false;
    };
    // the key says everything about the question
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, key]);
  if (!session || !span || asked?.session !== session) return { answer: null, stale: false };
  return { answer: asked.answer, stale: asked.key !== key };
}
