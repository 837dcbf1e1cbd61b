// The system export contract (`export FILE --what system`): one record per sample with
// `sample`, `curtime`, `interval`, then every member of that version's struct sstat in
// struct order under its dotted path, each per-device array (cpu.cpu, dsk.dsk, intf.intf …)
// as a list of its entries in use (as many as the version's count member says), keyed by
// the member path within the entry. Reserved members (*future*) are left out. jsonl has
// everything; csv has the scalar members only (arrays do not fit in a row).
import {
  entriesInUse,
  readExact,
  readText,
  sstatView,
  type DeviceArray,
  type LeafSlot,
  type SstatPlan,
  type SystemSample,
} from '../src/format/index';
import type { Cell } from './task-record';

/**
 * A float32 as the shortest decimal that reads back as the same float32 (5.12, not
 * 5.119999885559082): exact, and what atop's own printf shows. Not-a-number → null.
 */
export function float32Text(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  for (let p = 1; p <= 9; p++) {
    const n = Number(v.toPrecision(p));
    if (Math.fround(n) === v) return String(n);
  }
  return String(v);
}

/** One member's value as the task export writes it: exact integers, char as a string. */
function leafCell(slot: LeafSlot, dv: DataView, u8: Uint8Array, base: number): Cell {
  if (slot.kind === 'text') return readText(u8, base, slot);
  if (slot.scalar === 'char') {
    const c = slot.get(dv, base);
    return c === 0 ? '' : String.fromCharCode(c);
  }
  if (slot.scalar === 'float32') return float32Text(slot.get(dv, base));
  return readExact(dv, base, slot);
}

function jsonValue(slot: LeafSlot, c: Cell): string {
  // floats are already JSON number text; bigint is written as its digits (still a number)
  if (slot.kind === 'scalar' && slot.scalar === 'float32') return c as string;
  return typeof c === 'bigint' ? c.toString() : JSON.stringify(c);
}

function entriesJson(a: DeviceArray, dv: DataView, u8: Uint8Array): string {
  const keys = a.fields.map((f, i) => (i === 0 ? '{' : ',') + JSON.stringify(f.path) + ':');
  const out: string[] = [];
  for (let i = 0, n = entriesInUse(a, dv); i < n; i++) {
    const base = a.offset + i * a.elemsize;
    let s = '';
    a.fields.forEach((f, k) => (s += keys[k]! + jsonValue(f, leafCell(f, dv, u8, base))));
    out.push(s + '}');
  }
  return '[' + out.join(',') + ']';
}

export interface SystemRecordShape {
  /** csv columns: sample, curtime, interval and the scalar members, in struct order. */
  readonly keys: readonly string[];
  /** Which keys hold text or characters from the monitored machine. */
  readonly textKeys: ReadonlySet<string>;
  /** csv cells of one sample, in `keys` order. */
  cells(s: SystemSample): Cell[];
  /** The jsonl line of one sample (with its newline). */
  json(s: SystemSample): string;
}

export function systemRecordShape(plan: SstatPlan): SystemRecordShape {
  const keys = ['sample', 'curtime', 'interval', ...plan.leaves.map((l) => l.path)];
  const textKeys = new Set(
    plan.leaves.filter((l) => l.kind === 'text' || l.scalar === 'char').map((l) => l.path),
  );
  const prefixes = plan.items.map(
    (it) => ',' + JSON.stringify(it.kind === 'leaf' ? it.leaf.path : it.array.path) + ':',
  );
  const head = (s: SystemSample): Cell[] => [s.index, s.rec.curtime, s.rec.interval];
  return {
    keys,
    textKeys,
    cells(s) {
      const dv = sstatView(plan, s.sstat);
      // a float that is not a number has no csv text: an empty cell
      const cells = plan.leaves.map((l) => leafCell(l, dv, s.sstat, 0));
      return [...head(s), ...cells.map((c) => (c === 'null' ? '' : c))];
    },
    json(s) {
      const dv = sstatView(plan, s.sstat);
      const [sample, curtime, interval] = head(s);
      let line = `{"sample":${sample},"curtime":${curtime},"interval":${interval}`;
      plan.items.forEach((it, k) => {
        line +=
          prefixes[k]! +
          (it.kind === 'leaf'
            ? jsonValue(it.leaf, leafCell(it.leaf, dv, s.sstat, 0))
            : entriesJson(it.array, dv, s.sstat));
      });
      return line + '}\n';
    },
  };
}
