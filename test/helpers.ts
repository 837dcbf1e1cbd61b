// Shared by the tests: fixture discovery (one folder per capture), reading logs, and comparing
// what was decoded. Comparisons go through the bytes (memcmp) and report where two results
// first differ: expect(Array.from(x)).toEqual(Array.from(y)) on a megabyte system blob of
// every sample costs minutes on a slow machine and says nothing useful when it fails.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  chunksOf,
  readAllSamples,
  taskFieldEntries,
  type LogContents,
  type Sample,
  type TaskColumns,
} from '../src/format/index';
import { Rng } from './fuzz/mutate';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface FixtureDir {
  /** e.g. "atop-2.8" or "external/2.7.1" */
  readonly name: string;
  readonly dir: string;
  /** format version, e.g. "2.8" */
  readonly version: string;
}

export function fixtureDirs(): FixtureDir[] {
  const own = readdirSync(join(FIXTURES, 'atop'))
    .filter((d) => d.startsWith('atop-'))
    .map((d) => ({ name: d, dir: join(FIXTURES, 'atop', d), version: d.slice('atop-'.length) }));
  const extRoot = join(FIXTURES, 'external/atoparser');
  const ext = readdirSync(extRoot)
    .filter((d) => existsSync(join(extRoot, d, 'sample.raw')))
    .map((d) => {
      const meta = JSON.parse(readFileSync(join(extRoot, d, 'meta.json'), 'utf8')) as {
        format_version: string;
      };
      return { name: `external/${d}`, dir: join(extRoot, d), version: meta.format_version };
    });
  return [...own, ...ext];
}

export async function readFixture(path: string, chunk = 4096): Promise<LogContents> {
  const u8 = readFileSync(path);
  return readAllSamples(chunksOf(u8, chunk), { totalSize: u8.length });
}

/** `n` random-looking bytes, the same for the same seed (damage for the recovery tests and bench). */
export function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A deterministic PRNG in [0, 1) (the fuzz harness's mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Any typed array (what decoded columns and blobs are). */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

const bytesOf = (a: TypedArray) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * -1 when a and b hold the same elements (Object.is, so NaN equals NaN and 0 is not -0), else
 * the first index where they differ, or the shorter length when one is a prefix of the other.
 * Compares the bytes first; only a mismatch is looked at element by element.
 */
export function firstDifference(a: TypedArray, b: TypedArray): number {
  if (a.length === b.length && a.constructor === b.constructor && bytesOf(a).equals(bytesOf(b))) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : n;
}

/** Null when `got` equals `want` (same type, same elements), else where and how it differs. */
export function arrayDifference(got: TypedArray, want: TypedArray): string | null {
  if (got.constructor !== want.constructor) return `${got.constructor.name}, want ${want.constructor.name}`;
  const i = firstDifference(got, want);
  if (i < 0) return null;
  const at = (a: TypedArray) => (i >= a.length ? 'nothing' : Object.is(a[i], -0) ? '-0' : String(a[i]));
  return `index ${i}: ${at(got)}, want ${at(want)} (lengths ${got.length} and ${want.length})`;
}

/** Null when two task tables hold the same values (text compared as strings, each through its own table). */
export function tasksDifference(
  got: TaskColumns,
  gotStrings: readonly string[],
  want: TaskColumns,
  wantStrings: readonly string[],
): string | null {
  if (got.count !== want.count) return `${got.count} tasks, want ${want.count}`;
  const keys = (o: object) => Object.keys(o).sort().join(',');
  if (keys(got.num) !== keys(want.num)) return `numeric columns ${keys(got.num)}, want ${keys(want.num)}`;
  if (keys(got.text) !== keys(want.text)) return `text columns ${keys(got.text)}, want ${keys(want.text)}`;
  for (const [k, col] of taskFieldEntries(want.num)) {
    const d = arrayDifference(got.num[k]!, col);
    if (d !== null) return `${k}: ${d}`;
  }
  for (const [k, col] of taskFieldEntries(want.text)) {
    const mine = got.text[k]!;
    for (let i = 0; i < col.length; i++)
      if (gotStrings[mine[i]!] !== wantStrings[col[i]!])
        return `${k} row ${i}: ${JSON.stringify(gotStrings[mine[i]!])}, want ${JSON.stringify(wantStrings[col[i]!])}`;
  }
  for (const k of new Set([...taskFieldEntries(got.wide), ...taskFieldEntries(want.wide)].map(([f]) => f))) {
    const [a, b] = [got.wide[k], want.wide[k]];
    if (a?.size !== b?.size || [...(a ?? [])].some(([row, v]) => b?.get(row) !== v))
      return `${k}: 64-bit values ${String([...(a ?? [])])}, want ${String([...(b ?? [])])}`;
  }
  return null;
}

export interface SampleComparison {
  /** Compare index and offset (default true). */
  readonly position?: boolean;
  /** Compare the record header (default true). */
  readonly rec?: boolean;
}

/** Null when two decoded samples are the same, else the first difference found. */
export function sampleDifference(
  got: Sample,
  gotStrings: readonly string[],
  want: Sample,
  wantStrings: readonly string[],
  o: SampleComparison = {},
): string | null {
  if (o.position !== false && (got.index !== want.index || got.offset !== want.offset))
    return `sample ${got.index} at offset ${got.offset}, want sample ${want.index} at offset ${want.offset}`;
  if (o.rec !== false) {
    const [a, b] = [got.rec.fields, want.rec.fields];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (a[k] !== b[k]) return `record header ${k}: ${a[k]}, want ${b[k]}`;
  }
  const sys = arrayDifference(got.system.bytes, want.system.bytes);
  if (sys !== null) return `system blob: ${sys}`;
  const tasks = tasksDifference(got.tasks, gotStrings, want.tasks, wantStrings);
  if (tasks !== null) return `tasks: ${tasks}`;
  if (JSON.stringify(got.cgroups) !== JSON.stringify(want.cgroups)) return 'cgroups differ';
  return null;
}

/**
 * Null when `got`'s samples are `want`'s samples number `wanted` (default: all of them, in
 * order), else the first difference.
 */
export function samplesDifference(
  got: LogContents,
  want: LogContents,
  wanted: readonly number[] = want.samples.map((_, i) => i),
  o: SampleComparison = {},
): string | null {
  if (got.samples.length !== wanted.length) return `${got.samples.length} samples, want ${wanted.length}`;
  for (const [k, w] of wanted.entries()) {
    const d = sampleDifference(got.samples[k]!, got.strings.values, want.samples[w]!, want.strings.values, o);
    if (d !== null) return `sample ${k + 1} (want the reference's sample ${w + 1}): ${d}`;
  }
  return null;
}
