// The open logs: a Workspace (every file dropped at once, one LogSession per host) and the
// session of the host on screen, read by React through their snapshots; opening other files
// disposes of the ones before. A reading worker is started ahead of time whenever the page is
// idle, so the next files do not wait for one.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LogFile } from '../../worker/protocol';
import { IDLE_SNAPSHOT, prewarmWorker, type LogSession, type SessionSnapshot } from '../session';
import { Workspace, type WorkspaceSnapshot } from '../workspace';

const noSubscribe = () => () => undefined;
const idleSnapshot = (): SessionSnapshot => IDLE_SNAPSHOT;
const NO_WORKSPACE: WorkspaceSnapshot = {
  state: 'done',
  sessions: [],
  files: 0,
  totalBytes: 0,
  bytesRead: 0,
  reading: null,
  cancelled: false,
};
const noWorkspace = () => NO_WORKSPACE;

export interface LogSessionHandle {
  readonly workspace: Workspace | null;
  readonly ws: WorkspaceSnapshot;
  /** The session of the host shown (the one asked for, else the first). */
  readonly session: LogSession | null;
  readonly snap: SessionSnapshot;
  /** Hosts in the order they are read (each session's host; null: a single file not yet read). */
  readonly hosts: readonly string[];
  /** Opens files in place of the current logs; `onOpened(first)` is told first. */
  readonly open: (files: readonly LogFile[]) => void;
}

/** The host name a session shows: the probed one, else its first file's header's. */
export function sessionHost(s: LogSession): string {
  return s.host ?? s.getSnapshot().info?.host ?? '';
}

export function useLogSession(onOpened: (first: boolean) => void, host: string | null): LogSessionHandle {
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const ws = useSyncExternalStore(
    workspace ? workspace.subscribe : noSubscribe,
    workspace ? workspace.getSnapshot : noWorkspace,
  );
  const session = ws.sessions.find((s) => s.host !== null && s.host === host) ?? ws.sessions[0] ?? null;
  const snap = useSyncExternalStore(
    session ? session.subscribe : noSubscribe,
    session ? session.getSnapshot : idleSnapshot,
  );
  const busy = ws.state !== 'done';
  useEffect(() => {
    if (busy) return;
    const t = setTimeout(prewarmWorker, 300);
    return () => {
      clearTimeout(t);
    };
  }, [busy]);
  const open = (files: readonly LogFile[]) => {
    if (files.length === 0) return;
    workspace?.dispose();
    onOpened(workspace === null);
    setWorkspace(new Workspace(files));
  };
  const hosts = ws.sessions.map(sessionHost);
  return { workspace, ws, session, snap, hosts, open };
}
