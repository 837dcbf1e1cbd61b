// The export contract: one record per task per sample with `sample`, `curtime`, `interval`
// and every scalar or text member of struct tstat under its dotted name. Shared by the jsonl
// and csv writers so both have exactly the same columns and values.
import type { Sample, StringTable, TaskLeafField } from '../src/format/index';

/** bigint only for 64-bit values a double cannot hold exactly (still a JSON number). */
export type Cell = number | string | boolean | bigint;

export interface TaskRecordShape {
  readonly keys: readonly string[];
  /** Cells of task `row` of `sample`, in `keys` order. */
  cells(sample: Sample, row: number): Cell[];
  /** Which keys hold text that comes from the monitored machine (name, cmdline …). */
  readonly textKeys: ReadonlySet<string>;
}

/** The contract's keys: the three per-sample ones, then every tstat field in struct order. */
export function taskKeys(fields: readonly TaskLeafField[]): string[] {
  return ['sample', 'curtime', 'interval', ...fields.map((f) => f.path)];
}

export function taskRecordShape(fields: readonly TaskLeafField[], strings: StringTable): TaskRecordShape {
  const keys = taskKeys(fields);
  const textKeys = new Set(fields.filter((f) => f.kind === 'text' || f.scalar === 'char').map((f) => f.path));
  const cells = (sample: Sample, row: number): Cell[] => {
    const out: Cell[] = [sample.index, sample.rec.curtime, sample.rec.interval];
    for (const f of fields) {
      if (f.kind === 'text') {
        out.push(strings.values[sample.tasks.text[f.path]![row]!]!);
        continue;
      }
      const v = sample.tasks.num[f.path]![row]!;
      const exact = sample.tasks.wide[f.path]?.get(row);
      if (exact !== undefined) out.push(exact);
      else if (f.path === 'gen.isproc') out.push(v !== 0);
      else if (f.scalar === 'char') out.push(v === 0 ? '' : String.fromCharCode(v));
      else out.push(v);
    }
    return out;
  };
  return { keys, cells, textKeys };
}
