// The page's keys (keys.ts) on the whole page: each key's command goes to its handler.
// Keys typed into a text field are the field's.
import { useEffect, useEffectEvent } from 'react';
import { bindingOf, type KeyBinding, type KeyCommand } from '../keys';

/** A command's handler; false: not done here (the key is left to others). */
export type KeyHandler = (b: KeyBinding) => unknown;

export interface KeyActions {
  /** A log with samples is open: the keys that move through it work. */
  readonly active: boolean;
  readonly handlers: Partial<Record<KeyCommand, KeyHandler>>;
  /** A key of the table whose command has no handler yet. */
  readonly unavailable: (b: KeyBinding) => void;
}

/** Input types that take no typed text: atop's keys work while one has focus. */
const KEYLESS_INPUTS = new Set(['file', 'checkbox', 'radio', 'button', 'submit', 'reset']);

/**
 * Whether keys typed at `el` are text for it. Not so for the file input, which keeps focus
 * after a file is picked: `t` right after opening a log must step, as in atop.
 */
export function typesText(el: HTMLElement): boolean {
  if (el instanceof HTMLInputElement) return !KEYLESS_INPUTS.has(el.type);
  return el.closest('textarea, select, [contenteditable="true"], [role="combobox"]') !== null;
}

/** Does what key `e` asks; whether it was one of ours. */
function dispatchKey(e: KeyboardEvent, a: KeyActions): boolean {
  const b = bindingOf(e.key);
  if (!b || (b.needsLog && !a.active)) return false;
  const h = a.handlers[b.command];
  if (!h) {
    a.unavailable(b);
    return true;
  }
  const done = h(b) !== false;
  // others (a field, a popover) may close on Esc too
  return done && b.command !== 'close';
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
