// The theme in force on <html data-theme>: the one picked, else the OS's (prefers-color-scheme,
// followed live). The stylesheet has one set of colour variables per theme (app.css).
import { useEffect } from 'react';
import type { Theme } from './state/prefs';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function resolvedTheme(theme: Theme): 'light' | 'dark' {
  if (theme !== 'system') return theme;
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = resolvedTheme(theme);
}

export function useTheme(theme: Theme): void {
  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system') return;
    const mq = matchMedia(DARK_QUERY);
    const follow = () => {
      applyTheme('system');
    };
    mq.addEventListener('change', follow);
    return () => {
      mq.removeEventListener('change', follow);
    };
  }, [theme]);
}
