// atop's keys on the whole page: t / T step, Home / End, b jump to a time, ] / [ the next and
// previous match, / the filter, a view's letter its view, u p j G the accumulated views; ? the
// help and Esc to close.
// Keys typed into a text field are the field's.
import { useEffect, useEffectEvent } from 'react';

export interface KeyActions {
  /** A log with samples is open: the keys that move through it work. */
  readonly active: boolean;
  closeDialogs(): void;
  toggleHelp(): void;
  /** Moves the selection by `by` samples. */
  step(by: number): void;
  first(): void;
  last(): void;
  jump(): void;
  match(dir: 1 | -1): void;
  focusFilter(): void;
  /** Switches to the view with this key; false if there is none here. */
  view(key: string): boolean;
  /** Rows accumulated per user, program, container or cgroup (atop u p j G), or back. */
  group(by: 'user' | 'program' | 'container' | 'cgroup'): void;
}

/** atop's accumulation keys. */
const GROUP_KEYS = new Map([
  ['u', 'user'],
  ['p', 'program'],
  ['j', 'container'],
  ['G', 'cgroup'],
] as const);

/** Input types that take no typed text: atop's keys work while one has focus. */
const KEYLESS_INPUTS = new Set(['file', 'checkbox', 'radio', 'button', 'submit', 'reset']);

/**
 * Whether keys typed at `el` are text for it. Not so for the file input, which keeps focus
 * after a file is picked: `t` right after opening a log must step, as in atop.
 */
function typesText(el: HTMLElement): boolean {
  if (el instanceof HTMLInputElement) return !KEYLESS_INPUTS.has(el.type);
  return el.closest('textarea, select, [contenteditable="true"]') !== null;
}

/** Does what key `e` asks; whether it was one of ours. */
function dispatchKey(e: KeyboardEvent, a: KeyActions): boolean {
  switch (e.key) {
    case 'Escape':
      a.closeDialogs();
      return false; // others (a field, a popover) may close on it too
    case '?':
      a.toggleHelp();
      return true;
  }
  if (!a.active) return false;
  switch (e.key) {
    case 't':
      a.step(1);
      return true;
    case 'T':
      a.step(-1);
      return true;
    case 'Home':
      a.first();
      return true;
    case 'End':
      a.last();
      return true;
    case 'b':
      a.jump();
      return true;
    case ']':
      a.match(1);
      return true;
    case '[':
      a.match(-1);
      return true;
    case '/':
      a.focusFilter();
      return true;
    default: {
      const by = GROUP_KEYS.get(e.key as 'u');
      if (by) {
        a.group(by);
        return true;
      }
      return a.view(e.key);
    }
  }
}

export function useAtopKeys(actions: KeyActions): void {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = e.target instanceof HTMLElement ? e.target : null;
    if (el && typesText(el)) return;
    if (dispatchKey(e, actions)) e.preventDefault();
  });
  useEffect(() => {
    const h = (e: KeyboardEvent) => {
      onKey(e);
    };
    window.addEventListener('keydown', h);
    return () => {
      window.removeEventListener('keydown', h);
    };
  }, []);
}
