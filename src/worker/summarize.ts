// What a pool worker does with a run of records (no comlink, no DOM: tests run it in Node):
// inflates each system blob for the timeline's summary, inflates each task blob (which
// checks it: damage shows up while the log opens, not when the sample is picked) and keeps
// from it only what the whole-log search reads: each row's identity (identities.ts) and each
// sample's sorted identity list as the difference to the sample before it, which for a
// server's consecutive samples is a few ids instead of thousands of rows. It also checks the
// cgroup blobs. Text and identities are interned in this worker's own tables; the reading
// worker maps the ids to the log's.
import {
  BlobInflater,
  corruptSample,
  fieldsOf,
  layoutForVersion,
  perCpuTicks,
  recordBlobs,
  recordBodyLength,
  sliceBlobs,
  StringTable,
  SystemStat,
  systemSummary,
  type FileHeader,
  type LeafField,
  type RecordLengths,
  type VersionLayout,
} from '../format/index';
import { Growable } from '../lib/growable';
import { diffSorted, IdentityTable } from './identities';
import { ProcessChunkBuilder } from './process-chunk';
import {
  JOB_META_FIELDS,
  JOB_META_STRIDE,
  SAMPLE_MISSING,
  SAMPLE_OK,
  SUMMARY_FIELDS,
  type LogProblem,
  type SummaryJob,
  type SummaryOutcome,
} from './protocol';

const STRIDE = SUMMARY_FIELDS.length;

interface RowFields {
  readonly name: LeafField | undefined;
  readonly cmd: LeafField | undefined;
  readonly pid: LeafField | undefined;
  readonly tgid: LeafField | undefined;
  readonly state: LeafField | undefined;
  readonly ruid: LeafField | undefined;
  readonly euid: LeafField | undefined;
  readonly ppid: LeafField | undefined;
}

/** Record k of a job: its offset and lengths (JOB_META_FIELDS). */
function jobRecord(meta: Float64Array, k: number): { offset: number } & RecordLengths {
  const m = k * JOB_META_STRIDE;
  return Object.fromEntries(JOB_META_FIELDS.map((f, j) => [f, meta[m + j]!])) as {
    offset: number;
  } & RecordLengths;
}

export class Summarizer {
  private readonly layout: VersionLayout;
  private readonly inflater = new BlobInflater();
  private readonly strings = new StringTable();
  private stringsSent = 0;
  private readonly identities = new IdentityTable();
  private identitiesSent = 0;
  /** Sorted identity lists of the previous and the current sample, and a diff's two halves. */
  private prev = new Int32Array(4096);
  private cur = new Int32Array(4096);
  private added = new Int32Array(4096);
  private removed = new Int32Array(4096);
  private readonly fields: RowFields;
  private sys: Uint8Array;
  private tasks = new Uint8Array(0);
  /** The job's process rows for the process store (process-chunk.ts). */
  private readonly procs: ProcessChunkBuilder;
  /** Name and command line (string ids) of each task row of the sample being identified. */
  private rowText = { name: new Int32Array(4096), cmd: new Int32Array(4096) };

  constructor(private readonly header: FileHeader) {
    const layout = layoutForVersion(header.version);
    if (!layout) throw new Error(`no layout for atop ${header.version}`);
    this.layout = layout;
    const by = new Map(fieldsOf(layout.tstat).map((f) => [f.path, f]));
    this.fields = {
      name: by.get('gen.name'),
      cmd: by.get('gen.cmdline'),
      pid: by.get('gen.pid'),
      tgid: by.get('gen.tgid'),
      state: by.get('gen.state'),
      ruid: by.get('gen.ruid'),
      euid: by.get('gen.euid'),
      ppid: by.get('gen.ppid'),
    };
    this.sys = new Uint8Array(header.sstatlen);
    this.procs = new ProcessChunkBuilder(layout, this.strings);
  }

  run(job: SummaryJob): SummaryOutcome {
    const { meta, blobs, count } = job;
    const values = new Float64Array(count * STRIDE);
    const problems: LogProblem[] = [];
    const rows = new Int32Array(count);
    const plus = new Int32Array(count);
    const minus = new Int32Array(count);
    /** The identity ids of the job's samples (see SearchColumns.ids). */
    const ids = new Growable((n) => new Int32Array(n), 4096);
    /** Rows of the previous sample in this.prev (the first sample is diffed with an empty one). */
    let prevLen = 0;
    const step = (k: number, n: number) => {
      if (this.added.length < n + prevLen) {
        this.added = new Int32Array((n + prevLen) * 2);
        this.removed = new Int32Array((n + prevLen) * 2);
      }
      const [a, r] = diffSorted(this.prev, prevLen, this.cur, n, this.added, this.removed);
      plus[k] = a;
      minus[k] = r;
      ids.put(this.added.subarray(0, a));
      ids.put(this.removed.subarray(0, r));
      [this.prev, this.cur] = [this.cur, this.prev];
      prevLen = n;
    };
    let at = 0;
    for (let k = 0; k < count; k++) {
      const rec = jobRecord(meta, k);
      const { offset } = rec;
      const sample = job.from + k;
      const specs = recordBlobs(rec, this.header, this.layout);
      const [system, tasks, cgroups, cgpids] = specs;
      const body = recordBodyLength(rec, this.header, this.layout);
      const { sblob, pblob, cblob, iblob } = sliceBlobs(blobs.subarray(at, (at += body)), specs);
      const fail = (what: string, reason: string) => {
        values[k * STRIDE] = SAMPLE_MISSING;
        // a damaged sample has no rows: the next one is diffed with an empty list
        step(k, 0);
        problems.push({
          sample,
          gapAfter: null,
          gapBytes: 0,
          error: corruptSample(offset, sample, what, reason),
        });
      };
      const s = this.inflater.inflateInto(sblob, this.sys);
      if (!s.ok) {
        fail(system.name, s.reason);
        continue;
      }
      try {
        this.summarize(values, k * STRIDE);
      } catch (e) {
        fail(system.name, `is unreadable: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const need = tasks.origlen;
      if (this.tasks.length < need) this.tasks = new Uint8Array(Math.max(need, this.tasks.length * 1.5) | 0);
      const t = this.inflater.inflateInto(pblob, this.tasks.subarray(0, need));
      if (!t.ok) {
        fail(tasks.name, t.reason);
        continue;
      }
      if (cgroups && cgpids && cblob && iblob) {
        // checked, not kept: into the inflater's reused buffers
        const c = this.inflater.inflateScratch(cblob, cgroups.origlen, 'system');
        if (!c.ok) {
          fail(cgroups.name, c.reason);
          continue;
        }
        const p = this.inflater.inflateScratch(iblob, cgpids.origlen, 'tasks');
        if (!p.ok) {
          fail(cgpids.name, p.reason);
          continue;
        }
      }
      const ndeviat = rec.ndeviat;
      rows[k] = ndeviat;
      this.identify(ndeviat);
      step(k, ndeviat);
      this.procs.add(sample, this.tasks.subarray(0, need), ndeviat, this.rowText);
    }
    const table = this.strings.values;
    const from = this.stringsSent;
    this.stringsSent = table.length;
    const identities = this.identities.since(this.identitiesSent);
    this.identitiesSent = this.identities.size;
    return {
      from: job.from,
      count,
      values,
      problems,
      spent: blobs,
      processes: this.procs.take(),
      search: {
        rows,
        plus,
        minus,
        ids: ids.view().slice(),
        identities,
        strings: { from, values: table.slice(from) },
      },
    };
  }

  private summarize(values: Float64Array, at: number): void {
    const sys = new SystemStat(this.layout.sstat, this.sys);
    const s = systemSummary(sys, this.header);
    const v: Record<(typeof SUMMARY_FIELDS)[number], number> = {
      ...s,
      status: SAMPLE_OK,
      percputot: perCpuTicks(sys),
    };
    for (let f = 0; f < STRIDE; f++) values[at + f] = v[SUMMARY_FIELDS[f]!];
  }

  /** The sorted identity ids of the `n` tasks in this.tasks, into this.cur. */
  private identify(n: number): void {
    if (this.cur.length < n) {
      this.cur = new Int32Array(n * 2);
      const p = new Int32Array(n * 2);
      p.set(this.prev);
      this.prev = p;
    }
    const u8 = this.tasks;
    const dv = new DataView(u8.buffer, u8.byteOffset, n * this.header.tstatlen);
    const size = this.header.tstatlen;
    const f = this.fields;
    const out = this.cur;
    if (this.rowText.name.length < n)
      this.rowText = { name: new Int32Array(n * 2), cmd: new Int32Array(n * 2) };
    const { name: names, cmd: cmds } = this.rowText;
    const int = (m: LeafField | undefined, row: number) => (m ? dv.getInt32(row + m.offset, true) : 0);
    for (let r = 0; r < n; r++) {
      const row = r * size;
      const name = f.name ? this.strings.intern(u8, row + f.name.offset, f.name.size) : 0;
      const cmd = f.cmd ? this.strings.intern(u8, row + f.cmd.offset, f.cmd.size) : 0;
      names[r] = name;
      cmds[r] = cmd;
      out[r] = this.identities.intern(
        name,
        cmd,
        int(f.pid, row),
        int(f.tgid, row),
        f.state ? u8[row + f.state.offset]! : 0,
        int(f.ruid, row),
        int(f.euid, row),
        int(f.ppid, row),
      );
    }
    out.subarray(0, n).sort();
  }
}
