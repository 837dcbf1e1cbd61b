// Everything dropped at once: the files grouped by host and ranked (format/timeline/merge.ts
// rankFiles, on what a worker's probe of each file says), one LogSession per host, read one
// after another so there is one progress bar (bytes of all files) and one Cancel for all.
// A single file skips the probe: its session starts at once.
import { rankFiles } from '../format/timeline/merge';
import type { LogFile } from '../worker/protocol';
import { LogSession, probeFiles, reserveWorker } from './session';

export interface WorkspaceSnapshot {
  /** probing: asking what the files are; loading: a session is reading; done: all have ended. */
  readonly state: 'probing' | 'loading' | 'done';
  /** One per host, in the order they are read (hosts by their earliest sample). */
  readonly sessions: readonly LogSession[];
  readonly files: number;
  readonly totalBytes: number;
  /** Bytes of all files read so far. */
  readonly bytesRead: number;
  /** The session reading now, or null. */
  readonly reading: LogSession | null;
  readonly cancelled: boolean;
}

export class Workspace {
  private snap: WorkspaceSnapshot;
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(readonly files: readonly LogFile[]) {
    this.snap = {
      state: files.length > 1 ? 'probing' : 'loading',
      sessions: [],
      files: files.length,
      totalBytes: files.reduce((n, f) => n + f.blob.size, 0),
      bytesRead: 0,
      reading: null,
      cancelled: false,
    };
    void this.run();
  }

  /** Disposed meanwhile (read through a getter: it changes across awaits). */
  private get gone(): boolean {
    return this.disposed;
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): WorkspaceSnapshot => this.snap;

  private update(p: Partial<WorkspaceSnapshot>): void {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    for (const l of this.listeners) l();
  }

  private async run(): Promise<void> {
    const sessions = await this.plan();
    if (this.disposed) {
      for (const s of sessions) s.dispose();
      return;
    }
    for (const s of sessions)
      this.unsubscribe.push(
        s.subscribe(() => {
          this.update({ bytesRead: sessions.reduce((n, x) => n + x.getSnapshot().bytesRead, 0) });
        }),
      );
    this.update({ state: 'loading', sessions });
    for (const s of sessions) {
      if (this.gone) return;
      if (this.snap.cancelled) {
        s.cancel();
        continue;
      }
      this.update({ reading: s });
      await s.start();
    }
    this.update({ state: 'done', reading: null });
  }

  /** The sessions: one per host, each with its files in rank order. */
  private async plan(): Promise<LogSession[]> {
    const slot = reserveWorker();
    if (this.files.length === 1) return [new LogSession(this.files, null, slot)];
    let probes;
    try {
      probes = await probeFiles(
        slot,
        this.files.map((f) => f.blob),
      );
    } catch {
      // the worker could not answer: read everything as one host, the session says what failed
      return [new LogSession(this.files, null, slot)];
    }
    const readable = probes.flatMap((p, i) => (p.ok ? [{ i, host: p.host, first: p.first }] : []));
    const unreadable = probes.flatMap((p, i) => (p.ok ? [] : [i]));
    const hosts = rankFiles(readable).map((h) => ({
      host: h.host,
      files: h.files.map((k) => readable[k]!.i),
    }));
    // files that are no atop log are read with the first host, whose session reports them
    if (hosts.length === 0) return [new LogSession(this.files, null, slot)];
    hosts[0]!.files.push(...unreadable);
    return hosts.map(
      (h, k) =>
        new LogSession(
          h.files.map((i) => this.files[i]!),
          h.host,
          k === 0 ? slot : null,
        ),
    );
  }

  /** Stops the session reading and every one still waiting. */
  cancel(): void {
    this.update({ cancelled: true });
    this.snap.reading?.cancel();
  }

  dispose(): void {
    this.disposed = true;
    for (const u of this.unsubscribe) u();
    for (const s of this.snap.sessions) s.dispose();
  }
}
