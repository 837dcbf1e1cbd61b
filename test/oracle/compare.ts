// Compares oracle expectations (atop's own -P output) with our decode, value by value.
import { isTaskFieldPath, type LogContents } from '../../src/format/index';
import type { Expectation } from './parseable';

export interface Mismatch {
  readonly e: Expectation;
  readonly ours: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The oracle is read as latin1 (raw bytes); our text is UTF-8 with U+FFFD for broken bytes. */
function asOurs(latin1: string): string {
  return utf8.decode(Uint8Array.from(latin1, (c) => c.charCodeAt(0)));
}

function format(v: number, printf: string): string {
  if (/x$/.test(printf)) return (v >>> 0).toString(16);
  if (/c$/.test(printf)) return String.fromCharCode(v);
  return String(v);
}

export function ourValue(c: LogContents, e: Expectation): string | undefined {
  const s = c.samples[e.sample];
  if (!s) return undefined;
  if (e.field.startsWith('tstat.')) {
    const path = e.field.slice('tstat.'.length);
    const row = e.line;
    if (row >= s.tasks.count || !isTaskFieldPath(path)) return undefined;
    const t = s.tasks.text[path];
    if (t) return c.strings.values[t[row]!];
    const exact = s.tasks.wide[path]?.get(row);
    if (exact !== undefined) return exact.toString();
    const n = s.tasks.num[path];
    return n ? format(n[row]!, e.printf) : undefined;
  }
  if (e.field.startsWith('sstat.')) {
    const path = e.field.slice('sstat.'.length).replaceAll('[i]', `[${e.entry ?? 0}]`);
    if (!s.system.has(path)) return undefined;
    const m = /%s$/.test(e.printf) || /\(%s\)/.test(e.printf);
    return m ? s.system.text(path) : format(s.system.num(path), e.printf);
  }
  return undefined;
}

export function compare(c: LogContents, expectations: readonly Expectation[]): Mismatch[] {
  const out: Mismatch[] = [];
  for (const e of expectations) {
    const ours = ourValue(c, e);
    const want = /s\)?$/.test(e.printf) ? asOurs(e.expected) : e.expected;
    if (ours !== want) out.push({ e, ours: String(ours) });
  }
  return out;
}
