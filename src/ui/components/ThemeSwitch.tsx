// Light, dark, or the OS's choice (prefers-color-scheme).
import { THEMES, type Theme } from '../state/prefs';

const LABEL: Record<Theme, string> = { system: 'Auto', light: 'Light', dark: 'Dark' };

export function ThemeSwitch(p: { theme: Theme; onTheme: (t: Theme) => void }) {
  return (
    <div className="seg" role="group" aria-label="Theme">
      {THEMES.map((t) => (
        <button
          key={t}
          type="button"
          className={`seg-btn${p.theme === t ? ' on' : ''}`}
          aria-pressed={p.theme === t}
          title={t === 'system' ? 'Follow the system’s light or dark setting' : `${LABEL[t]} theme`}
          onClick={() => {
            p.onTheme(t);
          }}
        >
          {LABEL[t]}
        </button>
      ))}
    </div>
  );
}
