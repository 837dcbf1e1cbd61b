// What a pool worker does with a run of records (no comlink, no DOM: tests run it in Node):
// inflates each system blob and computes atop's system figures of it into the job's series
// (SeriesBuilder: the one pass over each sstat the charts, events and export read), inflates
// each task blob (which checks it: damage shows up while the log opens, not when the sample
// is picked) and keeps from it only what the whole-log search reads: each row's identity
// (identities.ts) and each sample's sorted identity list as the difference to the sample
// before it, which for a server's consecutive samples is a few ids instead of thousands of
// rows; while it walks the rows it also counts the processes that exited with a non-zero
// code or a signal (the events track). It also checks the cgroup blobs. Text and identities
// are interned in this worker's own tables; the reading worker maps the ids to the log's.
import {
  BlobInflater,
  corruptSample,
  exitCode,
  fieldsOf,
  layoutForVersion,
  recordBlobs,
  recordBodyLength,
  SeriesBuilder,
  sliceBlobs,
  StringTable,
  systemFigures,
  type FileHeader,
  type Frame,
  type SystemFigures,
  type LeafField,
  type RecordLengths,
  type VersionLayout,
} from '../format/index';
import { Growable } from '../lib/growable';
import { diffSorted, IdentityTable } from './identities';
import { ProcessChunkBuilder } from './process-chunk';
import {
  FAILED_EXIT_NAMES,
  JOB_META_FIELDS,
  jobMetaFields,
  SAMPLE_MISSING,
  SAMPLE_OK,
  SUMMARY_FIELDS,
  type FailedExits,
  type LogProblem,
  type SummaryJob,
  type SummaryOutcome,
} from './protocol';

const STRIDE = SUMMARY_FIELDS.length;
const SUMMARY_AT = Object.fromEntries(SUMMARY_FIELDS.map((f, k) => [f, k])) as Record<
  (typeof SUMMARY_FIELDS)[number],
  number
>;
/** gen.state of a process that exited in the interval. */
const EXITED = 'E'.charCodeAt(0);

interface RowFields {
  readonly name: LeafField | undefined;
  readonly cmd: LeafField | undefined;
  readonly pid: LeafField | undefined;
  readonly tgid: LeafField | undefined;
  readonly state: LeafField | undefined;
  readonly ruid: LeafField | undefined;
  readonly euid: LeafField | undefined;
  readonly ppid: LeafField | undefined;
  readonly excode: LeafField | undefined;
}

export class Summarizer {
  private header!: FileHeader;
  private layout!: VersionLayout;
  private readonly inflater = new BlobInflater();
  /** Text and identities outlive a file: a host's logs are one table for the search. */
  private readonly strings = new StringTable();
  private stringsSent = 0;
  private readonly identities = new IdentityTable();
  private identitiesSent = 0;
  /** Sorted identity lists of the previous and the current sample, and a diff's two halves. */
  private prev = new Int32Array(4096);
  private cur = new Int32Array(4096);
  private added = new Int32Array(4096);
  private removed = new Int32Array(4096);
  private fields!: RowFields;
  private sys = new Uint8Array(0);
  private tasks = new Uint8Array(0);
  /** The job's process rows for the process store (process-chunk.ts). */
  private procs!: ProcessChunkBuilder;
  /** Name and command line (string ids) of each task row of the sample being identified. */
  private rowText = { name: new Int32Array(4096), cmd: new Int32Array(4096) };
  private figs!: SystemFigures;
  /** The job's numbers per record (jobMetaFields) and where the figures' record members are. */
  private meta!: readonly string[];
  /** The record header members the figures read, of the record being summarised. */
  private readonly rec: Record<string, number> = {};
  private memTotal: ((f: Frame) => number) | null = null;
  /** Failed exits of the sample being walked (identify). */
  private exits: { count: number; names: string[] } = { count: 0, names: [] };

  constructor(header: FileHeader) {
    this.setHeader(header);
  }

  /** The next jobs are records of a file with this header (a host's files may differ in version). */
  setHeader(header: FileHeader): void {
    const layout = layoutForVersion(header.version);
    if (!layout) throw new Error(`no layout for atop ${header.version}`);
    this.header = header;
    this.layout = layout;
    this.figs = systemFigures(layout, header);
    this.meta = jobMetaFields(this.figs.recordFields);
    const mem = this.figs.fixed.findIndex((f) => f.key === 'mem.total');
    this.memTotal = mem >= 0 ? this.figs.fixedFns[mem]! : null;
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
      excode: by.get('gen.excode'),
    };
    if (this.sys.length !== header.sstatlen) this.sys = new Uint8Array(header.sstatlen);
    // a file of another version: its rows are packed by its own layout
    this.procs = new ProcessChunkBuilder(layout, this.strings);
  }

  run(job: SummaryJob): SummaryOutcome {
    const { meta, blobs, count } = job;
    const values = new Float64Array(count * STRIDE);
    const problems: LogProblem[] = [];
    const series = new SeriesBuilder(this.figs, job.from, count);
    const failedExits: FailedExits[] = [];
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
    const stride = this.meta.length;
    for (let k = 0; k < count; k++) {
      const rec = this.record(meta, k * stride);
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
          file: job.file,
          gapAfter: null,
          gapBytes: 0,
          error: corruptSample(offset, sample, what, reason),
        });
      };
      const s = this.inflater.inflateInto(sblob, this.sys);
      if (!s.ok) {
        series.skip();
        fail(system.name, s.reason);
        continue;
      }
      try {
        this.summarize(series.add(this.sys, this.rec), values, k * STRIDE);
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
      const exits = this.exits;
      values[k * STRIDE + SUMMARY_AT.failedExits] = exits.count;
      if (exits.count > 0) failedExits.push({ sample, count: exits.count, names: exits.names });
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
      series: series.finish(),
      failedExits,
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

  /** Record k's offset and lengths, and its members the figures read into this.rec. */
  private record(meta: Float64Array, m: number): { offset: number } & RecordLengths {
    const out: Record<string, number> = {};
    this.meta.forEach((f, j) => {
      if (j < JOB_META_FIELDS.length) out[f] = meta[m + j]!;
      else this.rec[f] = meta[m + j]!;
    });
    return out as { offset: number } & RecordLengths;
  }

  /** The index fields of a sample from its figures' shared values. */
  private summarize(f: Frame, values: Float64Array, at: number): void {
    values[at + SUMMARY_AT.status] = SAMPLE_OK;
    values[at + SUMMARY_AT.nrcpu] = f.nrcpu;
    // all CPUs' ticks over nrcpu, not truncated as atop's percputot is (task CPU% as atop shows it)
    values[at + SUMMARY_AT.percputot] = f.cputot / f.nrcpu;
    values[at + SUMMARY_AT.memTotal] = this.memTotal ? this.memTotal(f) : 0;
  }

  /**
   * The sorted identity ids of the `n` tasks in this.tasks, into this.cur; the failed exits
   * among them into this.exits.
   */
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
    const exits: { count: number; names: string[] } = { count: 0, names: [] };
    this.exits = exits;
    for (let r = 0; r < n; r++) {
      const row = r * size;
      const name = f.name ? this.strings.intern(u8, row + f.name.offset, f.name.size) : 0;
      const cmd = f.cmd ? this.strings.intern(u8, row + f.cmd.offset, f.cmd.size) : 0;
      const state = f.state ? u8[row + f.state.offset]! : 0;
      names[r] = name;
      cmds[r] = cmd;
      out[r] = this.identities.intern(
        name,
        cmd,
        int(f.pid, row),
        int(f.tgid, row),
        state,
        int(f.ruid, row),
        int(f.euid, row),
        int(f.ppid, row),
      );
      // bit 31 of excode only says the task is new: the code is exitCode's
      if (state === EXITED && f.excode && exitCode(dv.getInt32(row + f.excode.offset, true)) !== 0) {
        exits.count++;
        if (exits.names.length < FAILED_EXIT_NAMES) exits.names.push(this.strings.values[name] ?? '');
      }
    }
    out.subarray(0, n).sort();
  }
}
