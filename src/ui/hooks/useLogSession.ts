// The open log: a LogSession (its worker, index and samples) per file, read by React through
// its snapshot; opening another file disposes of the one before. A reading worker is started
// ahead of time whenever the page is idle, so the next file does not wait for one.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { IDLE_SNAPSHOT, LogSession, prewarmWorker, type SessionSnapshot } from '../session';

const noSubscribe = () => () => undefined;
const idleSnapshot = (): SessionSnapshot => IDLE_SNAPSHOT;

export interface LogSessionHandle {
  readonly session: LogSession | null;
  readonly snap: SessionSnapshot;
  /** Opens a file in place of the current log; `onOpened(first)` is told first. */
  readonly open: (file: Blob, name: string) => void;
}

export function useLogSession(onOpened: (first: boolean) => void): LogSessionHandle {
  const [session, setSession] = useState<LogSession | null>(null);
  const snap = useSyncExternalStore(
    session ? session.subscribe : noSubscribe,
    session ? session.getSnapshot : idleSnapshot,
  );
  useEffect(() => {
    if (snap.state === 'loading') return;
    const t = setTimeout(prewarmWorker, 300);
    return () => {
      clearTimeout(t);
    };
  }, [snap.state]);
  const open = (file: Blob, name: string) => {
    session?.dispose();
    onOpened(session === null);
    setSession(new LogSession(file, name));
  };
  return { session, snap, open };
}
