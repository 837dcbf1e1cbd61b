// The bar across the top: the name, what acts on the whole log (time zone, saving), opening
// another file or the sample log, the keyboard help, and the (hidden) file input every "Open file…" button clicks.
import type { ChangeEvent, ReactNode, Ref } from 'react';
import type { Theme } from '../state/prefs';
import { OpenButtons, type OpenActions } from './OpenButtons';
import { ThemeSwitch } from './ThemeSwitch';

interface Props extends OpenActions {
  /** A log is open: offer to open another one here (the landing card offers the first). */
  readonly hasLog: boolean;
  readonly fileInput: Ref<HTMLInputElement>;
  readonly onHelp: () => void;
  readonly theme: Theme;
  readonly onTheme: (t: Theme) => void;
  /** Back to the default view and preferences. */
  readonly onReset: () => void;
  /** One or more files picked together. */
  readonly onFiles: (f: File[]) => void;
  /** What acts on the open log as a whole (the time zone, saving it), left of the open buttons. */
  readonly children?: ReactNode;
}

export function TopBar({
  fileInput,
  hasLog,
  onHelp,
  onFiles,
  theme,
  onTheme,
  onReset,
  children,
  ...open
}: Props) {
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    if (files.length > 0) onFiles(files);
    e.target.value = '';
  };
  return (
    <header className="topbar">
      <h1 className="brand">
        atop<span>view</span>
      </h1>
      {/* with a log open the bar's room goes to what acts on it */}
      {!hasLog && <span className="tagline">atop raw logs, read in your browser</span>}
      <span className="spacer" />
      {children}
      {hasLog && <OpenButtons primary={false} {...open} />}
      <button
        type="button"
        className="btn"
        onClick={onReset}
        title="Default view, columns, sort, filter, toggles, zone and theme (forgets your column sets)"
      >
        Reset view
      </button>
      <ThemeSwitch theme={theme} onTheme={onTheme} />
      <button
        type="button"
        className="btn icon-btn"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={onHelp}
      >
        ?
      </button>
      <input
        ref={fileInput}
        type="file"
        className="visually-hidden"
        aria-label="Open atop raw log"
        data-testid="file-input"
        multiple
        onChange={onPick}
      />
    </header>
  );
}
