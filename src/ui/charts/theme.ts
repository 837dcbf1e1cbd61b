// Canvas charts read their colours from CSS variables once when they are made: this says
// when the variables may have changed (the system's light/dark preference, or a theme set
// on the root element), so charts can be made again.
import { useSyncExternalStore } from 'react';

let version = 0;
const listeners = new Set<() => void>();
let watching = false;

function watch(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  const bump = () => {
    version++;
    for (const l of listeners) l();
  };
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', bump);
  new MutationObserver(bump).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['class', 'data-theme', 'style'],
  });
}

function subscribe(l: () => void): () => void {
  watch();
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Changes whenever the page's colours may have. */
export function useThemeVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}
