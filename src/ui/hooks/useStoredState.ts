// A bit of page state remembered in this browser (localStorage), not in the URL: whether a
// panel is open, the event thresholds. Unreadable or missing values give the default.
import { useEffect, useState } from 'react';

export function useStoredState<T>(
  key: string,
  initial: T,
  valid: (v: unknown) => v is T,
): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      const v: unknown = raw === null ? undefined : JSON.parse(raw);
      return valid(v) ? v : initial;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // private mode or full: the value lives for this page only
    }
  }, [key, value]);
  return [value, setValue];
}
