// Which table the process area shows: the selected interval as it is, or totals — over the
// range when one is selected, or the selected interval accumulated per user / program /
// container / cgroup — or, for the cgroups of a 2.11+ log, the cgroup tree. Asks the
// worker for the totals (useTotals) and turns the answer into a table the columns read.
import { useMemo } from 'react';
import type { LogInfo } from '../../worker/protocol';
import { useTotals, type TotalsState } from '../hooks/useTotals';
import type { LogSession, SessionSnapshot } from '../session';
import type { ViewState } from '../state/view-state';
import type { FieldSet, SampleTable } from '../table/sample';
import { hasCgroupTree, totalsFieldSet, totalsSampleTable, unavailableGroupings } from '../table/totals';

export interface TotalsView {
  /** The table shows totals (a range, or a grouping). */
  readonly on: boolean;
  /** The cgroup tree is shown instead of a table. */
  readonly tree: boolean;
  /** Totals of the one selected interval (a grouping without a range). */
  readonly oneSample: boolean;
  readonly state: TotalsState;
  readonly table: SampleTable | null;
  /** The task fields a totals table has. */
  readonly fields: FieldSet;
  readonly unavailable: ReturnType<typeof unavailableGroupings>;
}

export function useTotalsView(
  session: LogSession | null,
  snap: SessionSnapshot,
  vs: ViewState,
  sel: number | null,
  logFields: FieldSet,
): TotalsView {
  const info: LogInfo | null = snap.info;
  const version = info?.version ?? '';
  const unavailable = useMemo(() => unavailableGroupings(version), [version]);
  const group = unavailable[vs.group] ? 'process' : vs.group;
  const tree = group === 'cgroup' && hasCgroupTree(version);
  const on = !tree && (vs.range !== null || group !== 'process');
  const oneSample = on && vs.range === null;
  const { range } = vs;
  const req = useMemo(
    () =>
      !on
        ? null
        : range
          ? { by: group, span: { from: range.from, to: range.to } }
          : sel !== null
            ? { by: group, span: { sample: sel } }
            : null,
    [on, group, range, sel],
  );
  const state = useTotals(session, req, snap.state);
  const hertz = info?.hertz ?? 100;
  const table = useMemo(
    () => (on && state.answer?.ok ? totalsSampleTable(state.answer, hertz) : null),
    [on, state.answer, hertz],
  );
  // the fields of the table on screen (an answer to an earlier grouping until the new one comes)
  const shownBy = table?.totals?.by ?? group;
  const fields = useMemo(() => totalsFieldSet(shownBy, logFields), [shownBy, logFields]);
  return { on, tree, oneSample, state, table, fields, unavailable };
}
