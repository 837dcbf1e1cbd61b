// What a pool worker does with a run of records (no comlink, no DOM: tests run it in Node):
// inflates each system blob for the timeline's summary, inflates each task blob (which
// checks it: damage shows up while the log opens, not when the sample is picked) and keeps
// from it only the few per-row columns the whole-log search reads, and checks the cgroup
// blobs. Text is interned by its bytes in this worker's own table; the reading worker maps
// the ids to the log's.
import {
  BlobInflater,
  fieldsOf,
  layoutForVersion,
  perCpuTicks,
  StringTable,
  SystemStat,
  systemSummary,
  type FileHeader,
  type LeafField,
  type VersionLayout,
} from '../format/index';
import {
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
}

/** Growable typed column (rows of one job). */
class Col<T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const g = this.make(Math.max(this.length + n, this.data.length * 2));
    g.set(this.data.subarray(0, this.length));
    this.data = g;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const i32 = (n: number) => new Int32Array(n);

export class Summarizer {
  private readonly layout: VersionLayout;
  private readonly inflater = new BlobInflater();
  private readonly strings = new StringTable();
  private stringsSent = 0;
  private readonly fields: RowFields;
  private sys: Uint8Array;
  private tasks = new Uint8Array(0);

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
    };
    this.sys = new Uint8Array(header.sstatlen);
  }

  run(job: SummaryJob): SummaryOutcome {
    const { meta, blobs, count } = job;
    const values = new Float64Array(count * STRIDE);
    const problems: LogProblem[] = [];
    const rows = new Int32Array(count);
    const name = new Col(i32(4096), i32);
    const cmd = new Col(i32(4096), i32);
    const pid = new Col(i32(4096), i32);
    const tgid = new Col(i32(4096), i32);
    const state = new Col(new Uint8Array(4096), (n) => new Uint8Array(n));
    const tstatlen = this.header.tstatlen;
    let at = 0;
    for (let k = 0; k < count; k++) {
      const m = k * JOB_META_STRIDE;
      const [offset, scomplen, pcomplen, ccomplen, icomplen, ndeviat, coriglen, ncgpids] = [
        meta[m]!,
        meta[m + 1]!,
        meta[m + 2]!,
        meta[m + 3]!,
        meta[m + 4]!,
        meta[m + 5]!,
        meta[m + 6]!,
        meta[m + 7]!,
      ];
      const sample = job.from + k;
      const sblob = blobs.subarray(at, (at += scomplen));
      const pblob = blobs.subarray(at, (at += pcomplen));
      const cblob = blobs.subarray(at, (at += ccomplen));
      const iblob = blobs.subarray(at, (at += icomplen));
      const fail = (why: string) => {
        values[k * STRIDE] = SAMPLE_MISSING;
        problems.push({
          sample,
          gapAfter: null,
          gapBytes: 0,
          error: {
            code: 'corrupt-blob',
            offset,
            sample,
            message: `Sample ${sample + 1} (record at offset ${offset}) is corrupt: ${why}.`,
          },
        });
      };
      const s = this.inflater.inflateInto(sblob, this.sys);
      if (!s.ok) {
        fail(`its system blob ${s.reason}`);
        continue;
      }
      try {
        this.summarize(values, k * STRIDE);
      } catch (e) {
        fail(`its system blob is unreadable: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const need = ndeviat * tstatlen;
      if (this.tasks.length < need) this.tasks = new Uint8Array(Math.max(need, this.tasks.length * 1.5) | 0);
      const t = this.inflater.inflateInto(pblob, this.tasks.subarray(0, need));
      if (!t.ok) {
        fail(`its task blob ${t.reason}`);
        continue;
      }
      if (this.layout.cstat && ccomplen > 0) {
        const c = this.inflater.inflate(cblob, coriglen);
        const p = c.ok ? this.inflater.inflate(iblob, ncgpids * 4) : c;
        if (!c.ok) {
          fail(`its cgroup blob ${c.reason}`);
          continue;
        }
        if (!p.ok) {
          fail(`its cgroup pid list ${p.reason}`);
          continue;
        }
      }
      rows[k] = ndeviat;
      for (const c of [name, cmd, pid, tgid]) c.reserve(ndeviat);
      state.reserve(ndeviat);
      this.columns(ndeviat, name, cmd, pid, tgid, state);
    }
    const table = this.strings.values;
    const from = this.stringsSent;
    this.stringsSent = table.length;
    return {
      from: job.from,
      count,
      values,
      problems,
      search: {
        rows,
        name: name.done(),
        cmd: cmd.done(),
        pid: pid.done(),
        tgid: tgid.done(),
        state: state.done(),
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

  /** Appends the search columns of the `n` tasks in this.tasks. */
  private columns(
    n: number,
    name: Col<Int32Array<ArrayBuffer>>,
    cmd: Col<Int32Array<ArrayBuffer>>,
    pid: Col<Int32Array<ArrayBuffer>>,
    tgid: Col<Int32Array<ArrayBuffer>>,
    state: Col<Uint8Array<ArrayBuffer>>,
  ): void {
    const u8 = this.tasks;
    const dv = new DataView(u8.buffer, u8.byteOffset, n * this.header.tstatlen);
    const size = this.header.tstatlen;
    const f = this.fields;
    const base = name.length;
    for (let r = 0; r < n; r++) {
      const row = r * size;
      const o = base + r;
      name.data[o] = f.name ? this.strings.intern(u8, row + f.name.offset, f.name.size) : 0;
      cmd.data[o] = f.cmd ? this.strings.intern(u8, row + f.cmd.offset, f.cmd.size) : 0;
      pid.data[o] = f.pid ? dv.getInt32(row + f.pid.offset, true) : 0;
      tgid.data[o] = f.tgid ? dv.getInt32(row + f.tgid.offset, true) : 0;
      state.data[o] = f.state ? u8[row + f.state.offset]! : 0;
    }
    name.length = cmd.length = pid.length = tgid.length = state.length = base + n;
  }
}
