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

export function keyAction(stroke: KeyStroke): KeyAction | null {
  const read = readKeyAction(stroke);
  if (read) return { scope: 'read', action: read };
  // the viewer's and the screen's keys are plain: a modifier leaves the key to the browser
  if (stroke.ctrl || stroke.alt) return null;
  const viewer = viewerKeyAction(stroke.key);
  if (viewer) return { scope: 'viewer', action: viewer };
  if (stroke.key === '\\') return { scope: 'screen', action: { kind: 'togglePanels' } };
  return null;
}

/** Every scope that would take a stroke on its own: more than one is a clash. */
export function claimsOf(stroke: KeyStroke): KeyScope[] {
  const claims: KeyScope[] = [];
  if (readKeyAction(stroke)) claims.push('read');
  if (!stroke.ctrl && !stroke.alt && viewerKeyAction(stroke.key)) claims.push('viewer');
  if (!stroke.ctrl && !stroke.alt && stroke.key === '\\') claims.push('screen');
  return claims;
}

const TEXT_INPUT_TYPES = new Set(['text', 'number', 'search', 'email', 'password', 'tel', 'url', 'date']);

/** Keys belong to a field the reader is typing in (or a list they are choosing from), not to the screen. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}
