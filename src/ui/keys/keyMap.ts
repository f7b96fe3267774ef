import { readKeyAction, type KeyStroke, type ReadKeyAction } from '../read/readKeys';
import { viewerKeyAction, type ViewerKeyAction } from '../viewer/keyboard';

/**
 * Every key of the reading screen, in one map: the viewer's (slices, windows, cine), the read's
 * (measuring, lesions, undo) and the screen's (side panels). A key belongs to one of them only; the
 * test of this map fails when two claim the same key, as C once did (cine and carry forward).
 */
export type KeyAction =
  | { scope: 'viewer'; action: ViewerKeyAction }
  | { scope: 'read'; action: ReadKeyAction }
  | { scope: 'screen'; action: { kind: 'togglePanels' } };

export type KeyScope = KeyAction['scope'];

/** The viewer's and the screen's keys are plain: a modifier leaves the key to the browser. */
const plain = (stroke: KeyStroke) => !stroke.ctrl && !stroke.alt;

/** Each scope's own reading of a stroke, in the order they are asked. */
const SCOPES: readonly ((stroke: KeyStroke) => KeyAction | null)[] = [
  (stroke) => {
    const action = readKeyAction(stroke);
    return action && { scope: 'read', action };
  },
  (stroke) => {
    const action = plain(stroke) ? viewerKeyAction(stroke.key) : null;
    return action && { scope: 'viewer', action };
  },
  (stroke) => (plain(stroke) && stroke.key === '\\' ? { scope: 'screen', action: { kind: 'togglePanels' } } : null),
];

/** Every scope that takes a stroke: more than one is a clash (the key map's test). */
export const claimsOf = (stroke: KeyStroke): KeyAction[] => SCOPES.flatMap((of) => of(stroke) ?? []);

export const keyAction = (stroke: KeyStroke): KeyAction | null => claimsOf(stroke)[0] ?? null;

const TEXT_INPUT_TYPES = new Set(['text', 'number', 'search', 'email', 'password', 'tel', 'url', 'date']);

/** Keys belong to a field the reader is typing in (or a list they are choosing from), not to the screen. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}
