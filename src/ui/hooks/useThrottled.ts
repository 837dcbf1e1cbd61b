import { useEffect, useState } from 'react';

/**
 * `value`, but changing at most every `ms` while `throttle` is on (the last change is never
 * lost); at once when it is off.
 */
export function useThrottled<T>(value: T, ms: number, throttle: boolean): T {
  const [shown, setShown] = useState(value);
  const [at, setAt] = useState(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = throttle ? Math.max(0, at + ms - performance.now()) : 0;
    const t = setTimeout(() => {
      setShown(value);
      setAt(performance.now());
    }, wait);
    return () => {
      clearTimeout(t);
    };
  }, [value, shown, at, ms, throttle]);
  return throttle ? shown : value;
}
