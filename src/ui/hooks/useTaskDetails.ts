// The details panel's content: every field of one task, fetched from the worker when asked.
import { useState } from 'react';
import type { TaskResult } from '../../worker/protocol';
import type { LogSession } from '../session';

export interface TaskDetails {
  readonly title: string;
  readonly pid: number | null;
  /** Null while the worker answers. */
  readonly result: TaskResult | null;
}

interface Asked extends TaskDetails {
  readonly session: LogSession;
  readonly key: string;
}

export interface TaskDetailsHandle {
  readonly details: TaskDetails | null;
  readonly open: (sample: number, row: number, title: string, pid: number | null) => void;
  readonly close: () => void;
}

export function useTaskDetails(session: LogSession | null): TaskDetailsHandle {
  const [asked, setAsked] = useState<Asked | null>(null);
  return {
    details: asked?.session === session ? asked : null,
    open: (sample, row, title, pid) => {
      if (!session) return;
      const key = `${sample}:${row}`;
      setAsked({ session, key, title, pid, result: null });
      void session.task(sample, row).then((result) => {
        // an answer for a panel since closed or replaced is dropped
        setAsked((d) => (d && d.session === session && d.key === key ? { ...d, result } : d));
      });
    },
    close: () => {
      setAsked(null);
    },
  };
}
