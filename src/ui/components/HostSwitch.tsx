// Several hosts were opened: each is its own timeline, one shown at a time.
export function HostSwitch(p: { hosts: readonly string[]; host: string; onHost: (h: string) => void }) {
  if (p.hosts.length < 2) return null;
  return (
    <label className="host-switch">
      <span>Host</span>
      <select
        aria-label="Host"
        value={p.host}
        onChange={(e) => {
          p.onHost(e.target.value);
        }}
      >
        {p.hosts.map((h) => (
          <option key={h} value={h}>
            {h || '(no name)'}
          </option>
        ))}
      </select>
      <span className="muted">{p.hosts.length} hosts</span>
    </label>
  );
}
