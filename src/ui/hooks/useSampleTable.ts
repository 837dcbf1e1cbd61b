// The selected sample's columns, fetched from the worker whenever the selection moves. Until
// the new one arrives the table keeps showing the previous one (dimmed: `stale`), so stepping
// through time never flashes an empty table.
import { useEffect, useState } from 'react';
import type { FormatError } from '../../format/errors';
import type { LogSession, SampleLoad } from '../session';
import type { SampleTable } from '../table/sample';

interface Loaded {
  readonly session: LogSession;
  readonly index: number;
  readonly res: SampleLoad;
}

interface Shown {
  readonly session: LogSession;
  readonly index: number;
  readonly table: SampleTable;
}

export interface SampleView {
  /** The sample on screen (the selected one, or the last one decoded while it loads). */
  readonly table: SampleTable | null;
  /** Its index. */
  readonly index: number | null;
  /** The table shows another sample than the selected one. */
  readonly stale: boolean;
  /** Why the selected sample cannot be shown, if it cannot. */
  readonly error: FormatError | null;
}

export function useSampleTable(session: LogSession | null, selected: number | null): SampleView {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(() => {
    if (!session || selected === null) return;
    let live = true;
    void session.sample(selected).then((res) => {
      if (!live) return;
      setLoaded({ session, index: selected, res });
      if (res.ok) setShown({ session, index: selected, table: res.table });
    });
    return () => {
      live = false;
    };
  }, [session, selected]);
  // what belongs to a log opened before this one is never shown
  const current = loaded?.session === session ? loaded : null;
  const now = shown?.session === session ? shown : null;
  return {
    table: now?.table ?? null,
    index: now?.index ?? null,
    stale: now !== null && now.index !== selected,
    error: current && current.index === selected && !current.res.ok ? current.res.error : null,
  };
}
