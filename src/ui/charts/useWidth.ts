import { useEffect, useState, type RefObject } from 'react';

/** The element's width in CSS pixels, following resizes. */
export function useWidth(ref: RefObject<HTMLElement | null>, initial = 800): number {
  const [w, setW] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      setW(Math.max(100, Math.floor(el.clientWidth)));
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
    };
  }, [ref]);
  return w;
}
