// Every column of atop's system lines (-P CPU cpu CPL MEM SWP PAG PSI LVM MDD DSK NFM NFC
// NFS NET IFB NUM NUC LLC GPU), evaluated from values we read and printed the way atop's
// parseable.c prints it, so nothing is skipped: the column map's C-like expressions (sums,
// "x != -1 ? x : 0", "avque/io_ms", "frag * 100.0") are evaluated, "%.2f" is printed with C's
// rounding, and freq/freqperc are calc_freqscale() of parseable.c. Where the values come
// from is the caller's: the core's sstat plan (system-oracle.test.ts) or the CLI's system
// export (cli-system.test.ts).
import { groupFor, shapeFor, entryOf, type OracleLine } from './parseable';

/** atop -P's system labels, in the order atop prints them. */
export const SYSTEM_LABELS =
  'CPU cpu CPL MEM SWP PAG PSI LVM MDD DSK NFM NFC NFS NET IFB NUM NUC LLC GPU'.split(' ');

export type Value = number | bigint | string;

/** The members of one sample, by dotted sstat path; entry paths as "dsk.dsk[3].nread". */
export interface SampleValues {
  get(path: string): Value | undefined;
}

export interface SystemCheck {
  readonly label: string;
  readonly sample: number;
  readonly line: number;
  readonly entry: number | null;
  readonly col: number;
  readonly field: string;
  readonly expected: string;
  readonly ours: string | undefined;
}

// ---- a tiny evaluator for the column map's expressions ----

type Tok = { t: 'id' | 'num' | 'str' | 'op'; v: string };

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:([A-Za-z_][\w.]*(?:\[i\][\w.]*)?)|(\d+\.\d+|\d+)|'([^']*)'|"([^"]*)"|(!=|[-+*/?:>]))/gy;
  for (let m = re.exec(s); m && m[0] !== ''; m = re.exec(s)) {
    if (m[1] !== undefined) out.push({ t: 'id', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'num', v: m[2] });
    else if (m[3] !== undefined || m[4] !== undefined) out.push({ t: 'str', v: (m[3] ?? m[4])! });
    else out.push({ t: 'op', v: m[5]! });
  }
  return out;
}

type Env = (id: string) => Value | undefined;

const num = (v: Value): number => (typeof v === 'string' ? NaN : Number(v));
const arith = (a: Value, b: Value, op: string): Value => {
  if (typeof a === 'bigint' && typeof b === 'bigint' && op !== '/')
    return op === '+' ? a + b : op === '-' ? a - b : a * b;
  const x = num(a);
  const y = num(b);
  return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
};

function evaluate(expr: string, env: Env): Value | undefined {
  const toks = lex(expr);
  let p = 0;
  const peek = () => toks[p];
  const atom = (): Value | undefined => {
    const k = toks[p++];
    if (!k) return undefined;
    if (k.t === 'op' && k.v === '-') {
      const v = atom();
      return v === undefined ? undefined : arith(0n, v, '-');
    }
    if (k.t === 'num') return k.v.includes('.') ? Number(k.v) : BigInt(k.v);
    if (k.t === 'str') return k.v;
    if (k.t === 'id') return env(k.v);
    return undefined;
  };
  const product = (): Value | undefined => {
    let v = atom();
    while (peek()?.t === 'op' && (peek()!.v === '*' || peek()!.v === '/')) {
      const op = toks[p++]!.v;
      const r = atom();
      v = v === undefined || r === undefined ? undefined : arith(v, r, op);
    }
    return v;
  };
  const sum = (): Value | undefined => {
    let v = product();
    while (peek()?.t === 'op' && peek()!.v === '+') {
      p++;
      const r = product();
      v = v === undefined || r === undefined ? undefined : arith(v, r, '+');
    }
    return v;
  };
  const compare = (): Value | undefined => {
    const v = sum();
    const op = peek();
    if (op?.t !== 'op' || (op.v !== '!=' && op.v !== '>')) return v;
    p++;
    const r = sum();
    if (v === undefined || r === undefined) return undefined;
    return BigInt(op.v === '!=' ? num(v) !== num(r) : num(v) > num(r));
  };
  const ternary = (): Value | undefined => {
    const c = compare();
    if (peek()?.v !== '?') return c;
    p++;
    const a = ternary();
    p++; // ':'
    const b = ternary();
    return c === undefined ? undefined : num(c) !== 0 ? a : b;
  };
  const v = ternary();
  return p === toks.length ? v : undefined;
}

// ---- printf as atop's C library does it ----

/** printf("%.<d>f"): the nearest decimal, exact ties to even (JS toFixed rounds them up). */
export function cFixed(x: number, d: number): string {
  const s = x.toFixed(d);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  if (exp === 0 || exp === 0x7ff) return s;
  const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const shift = 1075 - exp; // |x| = mant / 2^shift
  if (shift <= 0) return s;
  const scaled = mant * 10n ** BigInt(d);
  const den = 1n << BigInt(shift);
  if (2n * (scaled % den) !== den) return s; // not a tie: toFixed is right
  let q = scaled / den;
  if (q % 2n === 1n) q += 1n;
  const digits = q.toString().padStart(d + 1, '0');
  const body = d === 0 ? digits : `${digits.slice(0, -d)}.${digits.slice(-d)}`;
  return (x < 0 ? '-' : '') + body;
}

function printf(v: Value, spec: string): string {
  if (/^%(h|l|ll)?[dui]$/.test(spec)) return typeof v === 'number' ? String(Math.trunc(v)) : String(v);
  if (spec === '%c') return typeof v === 'string' ? v : String.fromCharCode(Number(v));
  if (spec === '%s') return String(v);
  const f = /^%(\d*)\.(\d+)f(%%)?$/.exec(spec);
  if (f) return cFixed(num(v), Number(f[2])) + (f[3] ? '%' : '');
  const pad = /^(\w*)%0(\d+)d$/.exec(spec);
  if (pad) return (pad[1] ?? '') + String(v).padStart(Number(pad[2]), '0');
  throw new Error(`no printf for ${spec}`);
}

/** calc_freqscale() of parseable.c: average frequency and its % of the maximum. */
function freqScale(maxfreq: number, cnt: number, ticks: number): [freq: number, perc: number] {
  if (maxfreq && ticks) {
    const freq = Math.trunc(cnt / ticks);
    return [freq, Math.trunc((100 * freq) / maxfreq)];
  }
  if (maxfreq) return [cnt, Math.trunc((100 * cnt) / maxfreq)];
  return [cnt, 100];
}

function freqOf(s: SampleValues, label: string, entry: number | null): [number, number] | undefined {
  const n = (p: string) => Number(s.get(p) ?? NaN);
  if (label === 'cpu' && entry !== null)
    return freqScale(
      n(`cpu.cpu[${entry}].freqcnt.maxfreq`),
      n(`cpu.cpu[${entry}].freqcnt.cnt`),
      n(`cpu.cpu[${entry}].freqcnt.ticks`),
    );
  // CPU: cnt and ticks summed over the CPUs, the maximum of the first
  let cnt = 0;
  let ticks = 0;
  for (let i = 0; i < n('cpu.nrcpu'); i++) {
    cnt += n(`cpu.cpu[${i}].freqcnt.cnt`);
    ticks += n(`cpu.cpu[${i}].freqcnt.ticks`);
  }
  return freqScale(n('cpu.cpu[0].freqcnt.maxfreq'), cnt, ticks);
}

export interface HeaderValues {
  readonly hertz: number;
  readonly pagesize: number;
}

/**
 * One check per column of every system line of the oracle (header columns 1–6 excepted),
 * and per sample and label the number of lines atop printed.
 */
export function systemChecks(
  lines: readonly OracleLine[],
  version: string,
  header: HeaderValues,
  sampleValues: (sample: number) => SampleValues | undefined,
): { checks: SystemCheck[]; lineCounts: Map<string, number> } {
  const checks: SystemCheck[] = [];
  const lineCounts = new Map<string, number>();
  for (const l of lines) {
    if (!SYSTEM_LABELS.includes(l.label)) continue;
    const group = groupFor(l.label, version);
    const shape = group && shapeFor(group, l.cols[6]);
    if (!group || !shape) throw new Error(`no column map for ${l.label} in ${version}`);
    // the line's position among this shape's lines of the sample (NET: upper / interfaces)
    const key = `${l.sample}|${l.label}|${group.lines.indexOf(shape)}`;
    const line = lineCounts.get(key) ?? 0;
    lineCounts.set(key, line + 1);
    const entry = entryOf(shape, l.cols, line);
    const values = sampleValues(l.sample);
    for (const c of shape) {
      if (typeof c.col !== 'number' || c.col <= 6) continue;
      const field = c.field ?? `"${c.literal ?? ''}"`;
      const env: Env = (id) => {
        if (id === 'hertz') return BigInt(header.hertz);
        if (id === 'pagesize') return BigInt(header.pagesize);
        if (id === 'i') return entry === null ? undefined : BigInt(entry);
        if (id === 'freq' || id === 'freqperc') {
          const fr = values && freqOf(values, l.label, entry);
          return fr && BigInt(fr[id === 'freq' ? 0 : 1]);
        }
        if (!id.startsWith('sstat.') || !values) return undefined;
        const path = id.slice('sstat.'.length).replaceAll('[i]', `[${entry ?? 0}]`);
        const v = values.get(path);
        return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
      };
      const v = evaluate(field, env);
      checks.push({
        label: l.label,
        sample: l.sample,
        line,
        entry,
        col: c.col,
        field,
        expected: l.cols[c.col - 1] ?? '',
        ours: v === undefined ? undefined : printf(v, c.printf ?? '%s'),
      });
    }
  }
  return { checks, lineCounts };
}
