// Every key the page answers to, in one table: what it does (a command the page handles),
// whether it needs an open log, and the help line the ? dialog shows. atop's own letters mean
// here what they mean in atop where that makes sense; a command without a handler yet (the
// accumulations u p j G) is listed and says so when pressed, so adding the view is adding
// its handler.
import { VIEWS, type ViewId } from './table/views';

export type KeyCommand =
  | 'help'
  | 'close'
  | 'next'
  | 'prev'
  | 'first'
  | 'last'
  | 'jump'
  | 'match-next'
  | 'match-prev'
  | 'filter'
  | 'view'
  | 'group-user'
  | 'group-program'
  | 'group-container'
  | 'group-cgroup'
  | 'threads'
  | 'active'
  | 'exited'
  | 'pause';

export interface KeyBinding {
  /** KeyboardEvent.key values (case matters, as in atop). */
  readonly keys: readonly string[];
  readonly command: KeyCommand;
  /** For 'view': which one. */
  readonly view?: ViewId;
  /** What the help says it does. */
  readonly help: string;
  /** Only with a log open (the help and Esc work on the landing page too). */
  readonly needsLog: boolean;
}

const viewKeys: KeyBinding[] = VIEWS.map((v) => ({
  keys: [v.key],
  command: 'view',
  view: v.id,
  help: `${v.label} columns`,
  needsLog: true,
}));

export const KEY_TABLE: readonly KeyBinding[] = [
  { keys: ['t'], command: 'next', help: 'next interval (as in atop)', needsLog: true },
  { keys: ['T'], command: 'prev', help: 'previous interval', needsLog: true },
  { keys: ['Home'], command: 'first', help: 'first interval', needsLog: true },
  { keys: ['End'], command: 'last', help: 'last interval', needsLog: true },
  { keys: ['b'], command: 'jump', help: 'jump to a time (in the zone shown)', needsLog: true },
  { keys: [']'], command: 'match-next', help: 'next sample with a filter match', needsLog: true },
  { keys: ['['], command: 'match-prev', help: 'previous sample with a filter match', needsLog: true },
  { keys: ['/'], command: 'filter', help: 'focus the filter', needsLog: true },
  ...viewKeys,
  { keys: ['y'], command: 'threads', help: 'show or hide threads (atop y)', needsLog: true },
  { keys: ['a'], command: 'active', help: 'all processes or active ones only (atop a)', needsLog: true },
  {
    keys: ['X', 'E'],
    command: 'exited',
    help: 'show or hide exited processes (atop X; E before 2.11, which swapped the letters)',
    needsLog: true,
  },
  { keys: ['u'], command: 'group-user', help: 'accumulate per user (atop u)', needsLog: true },
  { keys: ['p'], command: 'group-program', help: 'accumulate per program (atop p)', needsLog: true },
  { keys: ['j'], command: 'group-container', help: 'accumulate per container (atop j)', needsLog: true },
  { keys: ['G'], command: 'group-cgroup', help: 'accumulate per cgroup (atop G)', needsLog: true },
  {
    keys: ['z'],
    command: 'pause',
    help: 'nothing: atop pauses its live view with z; a log does not run on, so there is nothing to pause',
    needsLog: true,
  },
  { keys: ['?'], command: 'help', help: 'this help', needsLog: false },
  { keys: ['Escape'], command: 'close', help: 'close panels and dialogs', needsLog: false },
];

const BY_KEY = new Map(KEY_TABLE.flatMap((b) => b.keys.map((k) => [k, b] as const)));

/** The binding of a key, if any. */
export function bindingOf(key: string): KeyBinding | undefined {
  return BY_KEY.get(key);
}

/** How the help shows a binding's keys ("X / E", "Esc"). */
export function keyLabel(b: KeyBinding): string {
  return b.keys.map((k) => (k === 'Escape' ? 'Esc' : k)).join(' / ');
}
