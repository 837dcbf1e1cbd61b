// The cgroup v2 tree of 2.11+ logs (atop's G view, its -P CGR lines): one sample's tree, or
// the totals per cgroup over a span of samples with the pids seen in each. Cgroup sections
// are small next to the task blob, so they are inflated when asked for (a sample's from
// the engine's decoded sample, a span's record by record) rather than kept.
import { CgroupTotals, cgroupTree } from '../analysis/index';
import {
  decodeCgroupSections,
  type CgroupEntry,
  type DecodeContext,
  type RawRecord,
  type Result,
} from '../format/index';
import type { CgroupAnswer, SampleSpan } from './protocol';
import { countSpan, type IndexReader, type WalkControl } from './totals-query';

export interface CgroupSource {
  /** The first file's (does the log keep cgroups at all). */
  readonly ctx: DecodeContext | null;
  /** The sample index by slot. */
  readonly index: IndexReader;
  /** The cgroup sections of the sample at a timeline position, as the engine decoded it (null: none). */
  sampleCgroups(pos: number): Promise<Result<readonly CgroupEntry[] | null>>;
  /** The record of a slot, and the decoding context of its file. */
  record(slot: number): Promise<RawRecord | undefined>;
  ctxOf(slot: number): DecodeContext | null;
}

export async function answerCgroups(
  src: CgroupSource,
  span: SampleSpan,
  ctl: WalkControl,
): Promise<CgroupAnswer> {
  if (!src.ctx?.layout.cstat)
    return { ok: false, message: 'This log keeps no cgroup tree (atop writes one from 2.11 on).' };
  if ('sample' in span) {
    const c = await src.sampleCgroups(span.sample);
    if (!c.ok) return { ok: false, message: c.error.message };
    return { ok: true, kind: 'sample', sample: span.sample, tree: cgroupTree(c.value ?? []) };
  }
  const count = countSpan(src.index, span);
  const totals = new CgroupTotals({ from: span.from, to: span.to });
  const pids = new Map<string, Set<number>>();
  let slice = ctl.now();
  for (let i = 0; i < count.mask.length; i++) {
    if (!count.mask[i]) continue;
    const r = await src.record(i);
    const ctx = src.ctxOf(i);
    if (!r || !ctx?.layout.cstat) continue;
    const c = decodeCgroupSections(ctx, r);
    if (!c.ok || !c.value) continue;
    totals.add({ index: i, curtime: r.rec.curtime, flags: r.rec.flags }, c.value);
    for (const e of c.value) {
      let set = pids.get(e.path);
      if (!set) pids.set(e.path, (set = new Set()));
      for (const p of e.pids) if (p !== 0) set.add(p);
    }
    if (ctl.now() - slice > ctl.sliceMs) {
      ctl.progress?.(i / count.mask.length);
      await ctl.pause();
      if (ctl.stopped()) return { ok: false, message: 'cancelled' };
      slice = ctl.now();
    }
  }
  const table = totals.finish();
  return {
    ok: true,
    kind: 'span',
    table,
    pids: table.path.map((p) => Int32Array.from([...(pids.get(p) ?? [])].sort((a, b) => a - b))),
    counted: count.counted,
    interval: count.interval,
  };
}
