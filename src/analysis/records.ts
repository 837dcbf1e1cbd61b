// A TotalsTable as records with the keys of the `report` contract (README "Command line"):
// the group's keys, the sums, the peaks, samples, first, last, procs, and for a process
// gen.excode when it exited in the range. Shared by the CLI's jsonl and csv writers (and
// any export of the range table) so they have the same keys and values.
import type { Exact } from './exact-sums';
import { sumAt, type TotalsTable } from './totals';

/** null: no value (gen.excode of a process that did not exit in the range). */
export type TotalsCell = number | bigint | string | null;

export function totalsKeys(t: TotalsTable): string[] {
  return [
    ...t.keys.map((k) => k.key),
    ...t.sums.map((s) => s.key),
    ...t.peaks.map((p) => p.key),
    'samples',
    'first',
    'last',
    'procs',
    ...(t.by === 'process' ? ['gen.excode'] : []),
  ];
}

/** Which keys hold text from the monitored machine (names, command lines, paths). */
export function totalsTextKeys(t: TotalsTable): Set<string> {
  return new Set(t.keys.filter((k) => k.text).map((k) => k.key));
}

/** The cells of row `r`, in totalsKeys order. */
export function totalsCells(t: TotalsTable, r: number): TotalsCell[] {
  const out: TotalsCell[] = t.keys.map((k) => (k.num ? k.num[r]! : k.text[r]!));
  for (let c = 0; c < t.sums.length; c++) out.push(sumAt(t, c, r) satisfies Exact);
  for (const p of t.peaks) out.push(p.values[r]!);
  out.push(t.samples[r]!, t.first[r]!, t.last[r]!, t.procs[r]!);
  if (t.by === 'process') out.push(t.exited[r] ? t.excode[r]! : null);
  return out;
}
