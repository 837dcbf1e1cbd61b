// The zone times are shown in. atop stores seconds since the epoch and no zone, so the page
// cannot know the machine's: the person picks UTC, the browser's zone or any IANA zone the
// browser knows (Intl.supportedValuesOf).
import { useMemo } from 'react';
import { zoneName, type TimeZoneMode, type ZoneName } from '../format';

/** The IANA zones the browser knows, in its spelling. */
function knownZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    // a browser without the list: the zones of a link still show
    return [];
  }
}

const browserZone = () => new Intl.DateTimeFormat().resolvedOptions().timeZone;

export const NO_ZONE_NOTE =
  'atop logs store times as seconds since 1970 (UTC) and no time zone: pick the zone of the machine to see its wall clock.';

export function TimeZoneSelect(p: { tz: TimeZoneMode; onTz: (tz: TimeZoneMode) => void }) {
  const zones = useMemo(() => {
    const all = knownZones().filter((z) => z !== 'UTC');
    // a zone from a link the list lacks (an alias) is still offered
    if (p.tz !== 'utc' && p.tz !== 'local' && !all.includes(p.tz)) all.unshift(p.tz);
    return all;
  }, [p.tz]);
  return (
    <label className="tz-pick" title={NO_ZONE_NOTE}>
      <span className="tz-label">Zone</span>
      <select
        aria-label="Time zone"
        value={p.tz}
        onChange={(e) => {
          const v = e.target.value;
          p.onTz(v === 'utc' || v === 'local' ? v : (zoneName(v) ?? ('utc' as const)));
        }}
      >
        <option value="utc">UTC</option>
        <option value="local">Browser ({browserZone()})</option>
        {zones.map((z) => (
          <option key={z} value={z as ZoneName}>
            {z}
          </option>
        ))}
      </select>
    </label>
  );
}
