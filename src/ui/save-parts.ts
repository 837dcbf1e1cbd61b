// What "Save as Parquet" writes of a host's files: the index's samples (the worker's merged
// timeline, copies already left out) as runs of consecutive records of one file, in timeline
// order, optionally only those in a time range. The export worker reads exactly these records,
// so several files, overlapping copies and interleaved files come out as the page shows them.
import type { SavePart } from '../worker/protocol';
import type { SampleIndex } from './session';
import type { TimeRange } from './state/view-state';

export function saveParts(index: SampleIndex, range: TimeRange | null): SavePart[] {
  const parts: { file: number; from: number; to: number }[] = [];
  const n = index.length;
  for (let i = 0; i < n; i++) {
    const t = index.get('curtime', i);
    if (range && (t < range.from || t > range.to)) continue;
    const file = index.get('file', i);
    const rec = index.get('record', i);
    const last = parts.at(-1);
    if (last?.file === file && last.to === rec) last.to = rec + 1;
    else parts.push({ file, from: rec, to: rec + 1 });
  }
  return parts;
}
