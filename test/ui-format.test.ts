// Units and times as atop prints them (src/ui/format.ts).
import { describe, expect, it } from 'vitest';
import {
  fmtBytes,
  fmtCount,
  fmtCpuMs,
  fmtDateTime,
  fmtKiB,
  fmtPct,
  fmtSectors,
  fmtTicks,
  parseJumpTime,
  parseWallTime,
  inRepeatedHour,
  clockChange,
  fmtTime,
  zoneLabel,
  zoneName,
  zoneOffsetSeconds,
} from '../src/ui/format';

describe('sizes as atop shows them (val2memstr)', () => {
  it.each([
    [0, '0B'],
    [999, '999B'],
    [1000, '1.0K'],
    [483328, '472.0K'], // docs/atop-format.md §4: rsz 944 sectors shown as 472.0K
    [999 * 1024, '999.0K'],
    [999 * 1024 + 1, '1.0M'],
    [48 * 1024 ** 2, '48.0M'],
    [2.25 * 1024 ** 3, '2.3G'],
    [5 * 1024 ** 4, '5.0T'],
  ])('%d bytes → %s', (bytes, want) => {
    expect(fmtBytes(bytes)).toBe(want);
  });

  it('gives negative growth room for its sign', () => {
    expect(fmtBytes(-50)).toBe('-50B');
    expect(fmtBytes(-200 * 1024)).toBe('-0.2M');
  });

  it('converts KiB and sectors', () => {
    expect(fmtKiB(13740)).toBe('13.4M');
    expect(fmtSectors(944)).toBe('472.0K');
  });
});

describe('CPU time as atop shows it (val2cpustr)', () => {
  it.each([
    [0, '0.00s'],
    [10, '0.01s'],
    [1850, '1.85s'],
    [99_990, '99.99s'],
    [100_000, '1m40s'],
    [5_999_000, '99m59s'],
    [6_000_000, '1h40m'],
    [360_000_000, '4d04h'],
  ])('%d ms → %s', (ms, want) => {
    expect(fmtCpuMs(ms)).toBe(want);
  });
  it('takes ticks at the log hertz', () => {
    expect(fmtTicks(185, 100)).toBe('1.85s');
    expect(fmtTicks(185, 1000)).toBe('0.18s');
  });
});

describe('other figures', () => {
  it('prints percentages and counts like atop', () => {
    expect(fmtPct(94.18)).toBe('94%');
    expect(fmtPct(0.4)).toBe('0%');
    expect(fmtCount(99_999)).toBe('99999');
    expect(fmtCount(1_234_567)).toBe('1235K');
  });
  it('prints times in UTC', () => {
    expect(fmtDateTime(1795532149, 'utc')).toBe('2026-11-24 14:55:49');
  });
});

describe('jump to time (b)', () => {
  const ref = Date.UTC(2026, 10, 23, 1, 0, 0) / 1000;
  it.each([
    ['03:12', Date.UTC(2026, 10, 23, 3, 12, 0)],
    ['0312', Date.UTC(2026, 10, 23, 3, 12, 0)],
    ['3:12:30', Date.UTC(2026, 10, 23, 3, 12, 30)],
    ['2026-11-24 03:12', Date.UTC(2026, 10, 24, 3, 12, 0)],
    ['202611240312', Date.UTC(2026, 10, 24, 3, 12, 0)],
  ])('%s', (text, ms) => {
    expect(parseJumpTime(text, 'utc', ref)).toBe(ms / 1000);
  });
  it.each(['', 'noon', '25:00', '12:61', '2026-13-01 00:00'])('rejects %j', (text) => {
    expect(parseJumpTime(text, 'utc', ref)).toBeNull();
  });
});

describe('a named time zone (IANA, through Intl)', () => {
  const berlin = zoneName('Europe/Berlin')!;
  // 2026-11-24 02:12:30 UTC (winter, UTC+1) and 2026-07-01 12:00:00 UTC (summer, UTC+2)
  const winter = Date.UTC(2026, 10, 24, 2, 12, 30) / 1000;
  const summer = Date.UTC(2026, 6, 1, 12, 0, 0) / 1000;
  it('knows the names the browser knows, in its spelling', () => {
    expect(berlin).toBe('Europe/Berlin');
    expect(zoneName('america/new_york')).toBe('America/New_York');
    expect(zoneName('Mars/Olympus')).toBeNull();
    expect(zoneName('')).toBeNull();
  });
  it('shows times on the zone’s wall clock, daylight saving included', () => {
    expect(fmtDateTime(winter, berlin)).toBe('2026-11-24 03:12:30');
    expect(zoneLabel(berlin, winter)).toBe('UTC+01:00');
    expect(zoneOffsetSeconds(berlin, summer)).toBe(7200);
    expect(zoneLabel(zoneName('America/St_Johns')!, winter)).toBe('UTC-03:30');
  });
  it('reads a typed time on the zone’s wall clock', () => {
    expect(parseJumpTime('03:12:30', berlin, winter)).toBe(winter);
    expect(parseJumpTime('2026-07-01 14:00', berlin, winter)).toBe(summer);
  });
});

describe('daylight saving inside a log', () => {
  const berlin = zoneName('Europe/Berlin')!;
  // 2026-10-25: at 01:00 UTC Berlin goes from UTC+02:00 back to UTC+01:00 (02:00–03:00 twice);
  // 2026-03-29: at 01:00 UTC it goes forward (02:00–03:00 never happens)
  const back = Date.UTC(2026, 9, 25, 1, 0, 0) / 1000;
  const forward = Date.UTC(2026, 2, 29, 1, 0, 0) / 1000;
  it('shows the offset of times in the repeated hour, and only there', () => {
    expect(fmtTime(back - 1800, berlin)).toBe('02:30:00 UTC+02:00');
    expect(fmtTime(back + 1800, berlin)).toBe('02:30:00 UTC+01:00');
    expect(fmtDateTime(back + 3600 + 1800, berlin)).toBe('2026-10-25 03:30:00');
    expect(fmtTime(back - 3600 - 1800, berlin)).toBe('01:30:00');
    expect(inRepeatedHour(back - 1, berlin)).toBe(true);
    expect(inRepeatedHour(back + 3599, berlin)).toBe(true);
    expect(inRepeatedHour(back + 3600, berlin)).toBe(false);
    expect(inRepeatedHour(back - 3601, berlin)).toBe(false);
    expect(fmtTime(back - 1800, 'utc')).toBe('00:30:00');
  });
  it('names the clock change between two samples', () => {
    expect(clockChange(back - 60, back + 60, berlin)).toBe('clocks went back 1h (UTC+02:00 → UTC+01:00)');
    expect(clockChange(forward - 60, forward + 60, berlin)).toBe(
      'clocks went forward 1h (UTC+01:00 → UTC+02:00)',
    );
    expect(clockChange(back + 60, back + 120, berlin)).toBeNull();
    expect(clockChange(back - 60, back + 60, 'utc')).toBeNull();
  });
  it('reads a typed time in a repeated hour as its first moment, or the one its offset names', () => {
    expect(parseWallTime('2026-10-25 02:30', berlin, back)).toEqual({
      epoch: back - 1800,
      repeated: true,
      skipped: false,
    });
    expect(parseWallTime('2026-10-25 02:30 +01:00', berlin, back)?.epoch).toBe(back + 1800);
    expect(parseWallTime('02:30+0200', berlin, back)?.epoch).toBe(back - 1800);
    expect(parseWallTime('02:30Z', berlin, back)?.epoch).toBe(Date.UTC(2026, 9, 25, 2, 30) / 1000);
    expect(parseWallTime('02:30 +1', berlin, back)).toBeNull();
  });
  it('says a typed time in the skipped hour does not exist', () => {
    const w = parseWallTime('2026-03-29 02:30', berlin, forward);
    expect(w).toMatchObject({ skipped: true, repeated: false });
    // where the clock resumed: 02:30 on the old offset is 03:30 on the new one
    expect(w?.epoch).toBe(forward + 1800);
    expect(parseWallTime('2026-03-29 03:30', berlin, forward)).toEqual({
      epoch: forward + 1800,
      repeated: false,
      skipped: false,
    });
  });
});
