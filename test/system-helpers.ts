// Shared by the system tests: every capture with its own atop's -P output (the shared
// fixtures, the external logs and the system-screen capture), and one sample's sstat read
// through the core's compiled plan by dotted path ("cpu.all.stime", "dsk.dsk[2].nread").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chunksOf,
  readExact,
  readSystemSamples,
  readText,
  sstatPlan,
  sstatView,
  type OpenedLog,
  type RecordHeader,
  type SstatPlan,
} from '../src/format/index';
import { FIXTURES, fixtureDirs, type FixtureDir } from './helpers';
import type { SampleValues, Value } from './oracle/system-columns';

/** The capture recorded by tools/capture-system-screen.sh, with atop's text screen. */
export const SCREEN_CAPTURE: FixtureDir = {
  name: 'screen/atop-2.8-load',
  dir: join(FIXTURES, 'screen/atop-2.8-load'),
  version: '2.8',
};

export const systemCaptures = (): FixtureDir[] => [...fixtureDirs(), SCREEN_CAPTURE];

export interface SystemLog {
  readonly log: OpenedLog;
  readonly plan: SstatPlan;
  /** Each sample's inflated struct sstat (a copy) and record header, in file order. */
  readonly samples: { readonly index: number; readonly rec: RecordHeader; readonly sstat: Uint8Array }[];
}

export async function readSystemLog(file: string): Promise<SystemLog> {
  const u8 = readFileSync(file);
  let log: OpenedLog | null = null;
  const samples: SystemLog['samples'] = [];
  for await (const ev of readSystemSamples(chunksOf(u8, 4096), { totalSize: u8.length })) {
    if (ev.type === 'header') log = ev.log;
    else if (ev.type === 'system')
      samples.push({ index: ev.sample.index, rec: ev.sample.rec, sstat: ev.sample.sstat.slice() });
    else if (ev.type === 'skipped' || ev.error) throw new Error(`${file}: ${JSON.stringify(ev)}`);
  }
  return { log: log!, plan: sstatPlan(log!.layout.sstat), samples };
}

/** Members of one blob by path, exactly (bigint beyond 2^53, text as UTF-8). */
export function planValues(plan: SstatPlan, sstat: Uint8Array): SampleValues {
  const dv = sstatView(plan, sstat);
  return {
    get(path: string): Value | undefined {
      const m = /^(.+)\[(\d+)\]\.(.+)$/.exec(path);
      const array = m ? plan.array(m[1]!) : undefined;
      const slot = m ? array?.field(m[3]!) : plan.leaf(path);
      if (!slot) return undefined;
      const base = array ? array.offset + Number(m![2]) * array.elemsize : 0;
      if (array && Number(m![2]) >= array.capacity) return undefined;
      return slot.kind === 'text' ? readText(sstat, base, slot) : readExact(dv, base, slot);
    },
  };
}

/** The oracle's array of entries behind each label's per-entry lines (NET: its 2nd shape). */
export const LABEL_ARRAYS: Readonly<Record<string, readonly [array: string, shape: number]>> = {
  cpu: ['cpu.cpu', 0],
  LVM: ['dsk.lvm', 0],
  MDD: ['dsk.mdd', 0],
  DSK: ['dsk.dsk', 0],
  NFM: ['nfs.nfsmounts.nfsmnt', 0],
  NET: ['intf.intf', 1],
  IFB: ['ifb.ifb', 0],
  GPU: ['gpu.gpu', 0],
  NUM: ['memnuma.numa', 0],
  NUC: ['cpunuma.numa', 0],
  LLC: ['llc.perllc', 0],
};

/** atop reads text columns as raw bytes; the oracle is read as latin1, our text as UTF-8. */
export function latin1ToUtf8(s: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

// ---- atop's text screen (screen.full.txt of the system-screen capture)

interface Shown {
  readonly value: number;
  /** One unit of the last digit atop printed, in the value's unit. */
  readonly unit: number;
}

const POW: Readonly<Record<string, number>> = { K: 1, M: 2, G: 3, T: 4, P: 5 };
const decimals = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

/** A value as atop's val2valstr / val2memstr / makenetspeed / sysprt_DSKAVIO print it. */
export function parseShown(text: string): Shown | null {
  const t = text.trim();
  let m = /^(-?\d+(?:\.\d+)?)%?$/.exec(t);
  if (m) return { value: Number(m[1]), unit: 10 ** -decimals(m[1]!) };
  m = /^(\d+)e(\d+)$/.exec(t); // 1540e3: 1,540,000 … 1,540,999
  if (m) return { value: Number(m[1]) * 10 ** Number(m[2]), unit: 10 ** Number(m[2]) };
  m = /^(\d+(?:\.\d+)?)([KMGTP])$/.exec(t); // memory, binary units
  if (m) {
    const scale = 1024 ** POW[m[2]!]!;
    return { value: Number(m[1]) * scale, unit: 10 ** -decimals(m[1]!) * scale };
  }
  m = /^(\d+(?:\.\d+)?) ?([KMGT])bps$/.exec(t); // bit/s, decimal units
  if (m) {
    const scale = 1000 ** POW[m[2]!]!;
    return { value: Number(m[1]) * scale, unit: 10 ** -decimals(m[1]!) * scale };
  }
  m = /^(\d+(?:\.\d+)?) ?(ms|µs|ns)$/.exec(t); // in ms
  if (m) {
    const scale = { ms: 1, µs: 1e-3, ns: 1e-6 }[m[2] as 'ms' | 'µs' | 'ns'];
    return { value: Number(m[1]) * scale, unit: 10 ** -decimals(m[1]!) * scale };
  }
  m = /^(\d+(?:\.\d+)?)(MHz|GHz)$/.exec(t); // in MHz
  if (m) {
    const scale = m[2] === 'GHz' ? 1000 : 1;
    return { value: Number(m[1]) * scale, unit: 10 ** -decimals(m[1]!) * scale };
  }
  return null;
}

export interface ScreenLine {
  readonly label: string;
  /** "name value" items between the bars, blanks left out. */
  readonly items: readonly string[];
}

export function screens(text: string): ScreenLine[][] {
  const out: ScreenLine[][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('ATOP - ')) out.push([]);
    const m = /^([A-Za-z]{3}) \|(.*)\|$/.exec(line);
    if (m && out.length > 0)
      out.at(-1)!.push({
        label: m[1]!,
        items: m[2]!
          .split('|')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      });
  }
  return out;
}
