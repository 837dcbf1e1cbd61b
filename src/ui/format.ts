// Number and time formatting the way atop prints its columns (atop's various.c:
// val2memstr, val2cpustr), plus the dates and sizes the rest of the UI shows.

const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;
const TB = GB * 1024;
const PB = TB * 1024;
const EB = PB * 1024;

/**
 * Bytes as atop shows sizes (val2memstr, per-interval mode): up to 999 bytes as "123B",
 * then one decimal in the largest unit that keeps the value at most 999: "472.0K",
 * "48.0M", "2.3G". A negative value (VGROW, RGROW) needs room for its sign, so atop picks
 * the unit from ten times its magnitude.
 */
export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  const v = bytes < 0 ? -bytes * 10 : bytes;
  if (v <= 999) return `${Math.round(bytes)}B`;
  if (v <= 999 * KB) return `${(bytes / KB).toFixed(1)}K`;
  if (v <= 999 * MB) return `${(bytes / MB).toFixed(1)}M`;
  if (v <= 999 * GB) return `${(bytes / GB).toFixed(1)}G`;
  if (v <= 999 * TB) return `${(bytes / TB).toFixed(1)}T`;
  if (v <= 999 * PB) return `${(bytes / PB).toFixed(1)}P`;
  return `${(bytes / EB).toFixed(1)}E`;
}

/** KiB (tstat.mem.*) as atop shows them. */
export const fmtKiB = (kib: number): string => fmtBytes(kib * KB);

/** 512-byte sectors (tstat.dsk.rsz/wsz/cwsz) as atop shows them. */
export const fmtSectors = (sectors: number): string => fmtBytes(sectors * 512);

/**
 * CPU time as atop shows SYSCPU/USRCPU (val2cpustr): below 100 s "12.34s", below 100 min
 * "12m34s", below 100 h "12h34m", else "12d03h". Input in milliseconds.
 */
export function fmtCpuMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 100_000) {
    const s = Math.floor(ms / 1000);
    const cs = Math.floor((ms % 1000) / 10);
    return `${s}.${String(cs).padStart(2, '0')}s`;
  }
  let v = Math.floor((ms + 500) / 1000);
  if (v < 6000) return `${Math.floor(v / 60)}m${String(v % 60).padStart(2, '0')}s`;
  v = Math.floor((v + 30) / 60);
  if (v < 6000) return `${Math.floor(v / 60)}h${String(v % 60).padStart(2, '0')}m`;
  v = Math.floor((v + 30) / 60);
  return `${Math.floor(v / 24)}d${String(v % 24).padStart(2, '0')}h`;
}

/** Clock ticks at `hertz` as CPU time. */
export const fmtTicks = (ticks: number, hertz: number): string =>
  fmtCpuMs((ticks * 1000) / Math.max(1, hertz));

/** A percentage as atop prints process percentages: whole numbers ("94%"). */
export function fmtPct(p: number): string {
  if (!Number.isFinite(p)) return '?';
  return `${Math.round(p)}%`;
}

/** Counters: plain integers; large ones shortened like atop ("12345", "1234K", "12M"). */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const a = Math.abs(n);
  if (a < 100_000) return String(Math.round(n));
  if (a < 100_000_000) return `${Math.round(n / 1000)}K`;
  if (a < 100_000_000_000) return `${Math.round(n / 1_000_000)}M`;
  return `${Math.round(n / 1_000_000_000)}G`;
}

/** Nanoseconds (cpu.rundelay) as milliseconds or seconds, like atop's RDELAY. */
export function fmtNsDelay(ns: number): string {
  if (!Number.isFinite(ns)) return '?';
  const ms = ns / 1e6;
  if (ms < 100) return `${ms.toFixed(2)}ms`;
  return fmtCpuMs(ms);
}

/** An IANA time zone name the browser knows ("Europe/Berlin"), as `zoneName` returns it. */
export type ZoneName = string & { readonly __zone: true };

/** UTC, the browser's own zone, or a named zone. */
export type TimeZoneMode = 'utc' | 'local' | ZoneName;

/** The browser's canonical spelling of an IANA zone name, or null if it knows no such zone. */
export function zoneName(name: string): ZoneName | null {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone as ZoneName;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dtf(tz: TimeZoneMode, withDate: boolean): Intl.DateTimeFormat {
  const key = `${tz}${withDate ? 'd' : 't'}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz === 'utc' ? 'UTC' : tz === 'local' ? undefined : tz,
      hourCycle: 'h23',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(key, f);
  }
  return f;
}

interface DateParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function partsOf(epoch: number, tz: TimeZoneMode): DateParts {
  const out: DateParts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const p of dtf(tz, true).formatToParts(new Date(epoch * 1000)))
    if (p.type in out) out[p.type as keyof DateParts] = p.value;
  return out;
}

/**
 * Where the wall clock repeats an hour (clocks went back), a time alone is ambiguous: it is
 * then followed by its offset ("02:30:00 UTC+02:00", then "02:30:00 UTC+01:00"). The raw log
 * stores seconds since the epoch, so every sample is exact; only its wall-clock name needs
 * the offset.
 */
function withOffset(text: string, epoch: number, tz: TimeZoneMode): string {
  return inRepeatedHour(epoch, tz) ? `${text} ${zoneLabel(tz, epoch)}` : text;
}

/** "2026-11-24 14:55:49" in UTC, the browser's zone or a named one (offset added in a repeated hour). */
export function fmtDateTime(epoch: number, tz: TimeZoneMode): string {
  const p = partsOf(epoch, tz);
  return withOffset(`${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`, epoch, tz);
}

/** "14:55:49" (offset added in a repeated hour). */
export function fmtTime(epoch: number, tz: TimeZoneMode): string {
  const p = partsOf(epoch, tz);
  return withOffset(`${p.hour}:${p.minute}:${p.second}`, epoch, tz);
}

/**
 * Whether the wall-clock time of `epoch` in `tz` also names another moment: the clocks went
 * back and repeat it. Zones move by at most a few hours at a time, so the other moment is
 * within three hours.
 */
export function inRepeatedHour(epoch: number, tz: TimeZoneMode): boolean {
  if (tz === 'utc' || quietAround(epoch, tz)) return false;
  const o = zoneOffsetSeconds(tz, epoch);
  for (const probe of [epoch - 10800, epoch + 10800]) {
    const other = zoneOffsetSeconds(tz, probe);
    if (other === o) continue;
    // the same wall clock under the other offset
    const twin = epoch + o - other;
    if (twin !== epoch && zoneOffsetSeconds(tz, twin) === other) return true;
  }
  return false;
}

/** Half hours (by zone) known to have no clock change within three hours: a table's times cost one lookup. */
const quiet = new Map<string, boolean>();

function quietAround(epoch: number, tz: TimeZoneMode): boolean {
  const slot = Math.floor(epoch / 1800);
  const key = `${tz} ${slot}`;
  let q = quiet.get(key);
  if (q === undefined) {
    const from = slot * 1800 - 10800;
    const to = (slot + 1) * 1800 + 10800;
    const o = zoneOffsetSeconds(tz, from);
    // offsets change at most once in a few hours: equal at both ends and the middle is quiet
    q = o === zoneOffsetSeconds(tz, to) && o === zoneOffsetSeconds(tz, (from + to) / 2);
    if (quiet.size > 4096) quiet.clear();
    quiet.set(key, q);
  }
  return q;
}

/**
 * The clock change between two samples, if the zone's offset differs: "clocks went forward
 * 1h (UTC+01:00 → UTC+02:00)". Null when the offset is the same.
 */
export function clockChange(before: number, after: number, tz: TimeZoneMode): string | null {
  if (tz === 'utc') return null;
  const a = zoneOffsetSeconds(tz, before);
  const b = zoneOffsetSeconds(tz, after);
  if (a === b) return null;
  const dir = b > a ? 'forward' : 'back';
  const d = Math.abs(b - a) / 60;
  const by = `${d >= 60 ? `${Math.floor(d / 60)}h` : ''}${d % 60 ? `${d % 60}m` : ''}`;
  return `clocks went ${dir} ${by} (${zoneLabel(tz, before)} → ${zoneLabel(tz, after)})`;
}

/**
 * "2026-11-24T15:55:49+01:00" ("…Z" in UTC): the wall clock of the zone with its offset, one
 * moment whatever zone the reader is in (ISO 8601 / RFC 3339; spreadsheets and DuckDB read it).
 */
export function fmtIsoTime(epoch: number, tz: TimeZoneMode): string {
  const p = partsOf(epoch, tz);
  const off = tz === 'utc' ? 'Z' : zoneLabel(tz, epoch).slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${off}`;
}

/** "2026-11-24". */
export function fmtDate(epoch: number, tz: TimeZoneMode): string {
  const p = partsOf(epoch, tz);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Zone label shown next to times: "UTC" or e.g. "UTC+01:00". */
export function zoneLabel(tz: TimeZoneMode, epoch: number): string {
  if (tz === 'utc') return 'UTC';
  const off = Math.round(zoneOffsetSeconds(tz, epoch) / 60);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Offset in seconds to add to an epoch to get the wall clock of `tz`. */
export function zoneOffsetSeconds(tz: TimeZoneMode, epoch: number): number {
  if (tz === 'utc') return 0;
  if (tz === 'local') return -new Date(epoch * 1000).getTimezoneOffset() * 60;
  const p = partsOf(epoch, tz);
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000;
  return wall - Math.floor(epoch);
}

/** A duration in seconds: "2s", "10m", "1h10m", "3d4h". */
export function fmtDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  if (sec < 120) return `${Math.round(sec)}s`;
  const m = Math.round(sec / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${String(m % 60).padStart(2, '0')}m` : ''}`;
  const d = Math.floor(h / 24);
  return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
}

/** File sizes for humans: "23.4 MB" (decimal, as file managers show them). */
export function fmtFileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${units[u]!}`;
}

/** Bytes per second for the timeline tooltips. */
export function fmtRate(bytesPerSec: number): string {
  return `${fmtBytes(bytesPerSec)}/s`;
}

/** A wall-clock time typed in a zone: the moment, and whether the zone skips or repeats it. */
export interface WallTime {
  readonly epoch: number;
  /** The clocks went back over it: it names two moments; `epoch` is the first (or the one the offset names). */
  readonly repeated: boolean;
  /** The clocks went forward over it: no moment has that name; `epoch` is where the clock resumed. */
  readonly skipped: boolean;
}

/** Every moment whose wall clock in `tz` reads `wall` (seconds as if UTC): none, one or two. */
function momentsOf(tz: TimeZoneMode, wall: number): number[] {
  if (tz === 'utc') return [wall];
  const offsets = new Set([
    zoneOffsetSeconds(tz, wall - 86400),
    zoneOffsetSeconds(tz, wall),
    zoneOffsetSeconds(tz, wall + 86400),
  ]);
  for (const dt of [-10800, -3600, 3600, 10800]) offsets.add(zoneOffsetSeconds(tz, wall + dt));
  const out = new Set<number>();
  for (const o of offsets) if (zoneOffsetSeconds(tz, wall - o) === o) out.add(wall - o);
  return [...out].sort((a, b) => a - b);
}

function wallTime(
  tz: TimeZoneMode,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offset: number | null,
): WallTime {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  if (offset !== null) return { epoch: wall - offset, repeated: false, skipped: false };
  const at = momentsOf(tz, wall);
  if (at.length > 0) return { epoch: at[0]!, repeated: at.length > 1, skipped: false };
  // in a gap: the moment the clock jumped over it (the offset before the jump applied)
  const before = zoneOffsetSeconds(tz, wall - 86400 / 8);
  return { epoch: wall - before, repeated: false, skipped: true };
}

/** "+02:00", "-0330", "Z" after a typed time: its offset in seconds. */
function offsetOf(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  if (/^z$/i.test(text)) return 0;
  const m = /^(?:UTC)?([+-])(\d{2}):?(\d{2})$/i.exec(text);
  if (!m) return NaN;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

/**
 * A time typed for "jump to" (atop's b key): "03:12", "0312", "03:12:30", "2026-11-23 03:12",
 * "202611230312", optionally followed by an offset ("+02:00", "Z") that picks one moment of
 * a repeated hour. Without a date, the date of `reference` is used. Null if the text is not
 * a time.
 */
export function parseWallTime(text: string, tz: TimeZoneMode, reference: number): WallTime | null {
  const t = text.trim();
  const tail = String.raw`\s*((?:UTC)?[+-]\d{2}:?\d{2}|Z)?$`;
  let m = new RegExp(
    String.raw`^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2})(?::?(\d{2}))?` + tail,
    'i',
  ).exec(t);
  let y: number, mo: number, d: number, h: number, mi: number, s: number, off: string | undefined;
  if (m) {
    [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    off = m[7];
  } else {
    m = new RegExp(String.raw`^(\d{1,2}):?(\d{2})(?::?(\d{2}))?` + tail, 'i').exec(t);
    if (!m) return null;
    h = Number(m[1]);
    mi = Number(m[2]);
    s = Number(m[3] ?? '0');
    off = m[4];
    [y, mo, d] = fmtDate(reference, tz).split('-').map(Number) as [number, number, number];
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const offset = offsetOf(off);
  if (Number.isNaN(offset)) return null;
  return wallTime(tz, y, mo, d, h, mi, s, offset);
}

/** parseWallTime's moment alone: epoch seconds, or null if the text is not a time. */
export function parseJumpTime(text: string, tz: TimeZoneMode, reference: number): number | null {
  return parseWallTime(text, tz, reference)?.epoch ?? null;
}

/**
 * A system figure in its unit (system-figures.ts FigureUnit), compactly, for chart axes and
 * legends: "42%", "1.2G", "3.4M/s", "1.5K/s", "0.56".
 */
export function fmtFigure(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  switch (unit) {
    case '%':
      return `${v < 10 && v !== 0 ? v.toFixed(1) : Math.round(v)}%`;
    case 'B':
      return fmtBytes(v);
    case 'B/s':
      return `${fmtBytes(v)}/s`;
    case 'load':
    case 'ratio':
      return v.toFixed(2);
    case 'ms':
      return `${v.toFixed(2)} ms`;
    case 'MHz':
      return `${Math.round(v)} MHz`;
    case 'Mbit/s':
      return `${Math.round(v)} Mbit/s`;
    case '/s':
      return `${fmtShort(v)}/s`;
    default:
      return fmtShort(v);
  }
}

/** 0.5, 12, 1.2K, 34M: three significant digits at most. */
function fmtShort(v: number): string {
  const a = Math.abs(v);
  if (a < 10) return String(Math.round(v * 10) / 10);
  if (a < 1000) return String(Math.round(v));
  for (const [s, d] of [
    ['K', 1e3],
    ['M', 1e6],
    ['G', 1e9],
    ['T', 1e12],
  ] as const)
    if (a < d * 1000) return `${a < d * 10 ? (v / d).toFixed(1) : Math.round(v / d)}${s}`;
  return `${Math.round(v / 1e15)}P`;
}
