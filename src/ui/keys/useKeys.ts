import { useEffect, useRef } from 'react';
import { isTyping, keyAction, type KeyAction, type KeyScope } from './keyMap';

type Handler<S extends KeyScope> = (action: Extract<KeyAction, { scope: S }>['action']) => boolean;

/** The components that handle each scope's keys now (the workspace, the viewports, the screen). */
const handlers = new Map<KeyScope, Handler<KeyScope>>();
let listening = false;

/**
 * The one keydown listener of the reading screen: the key map says whose key it is, and that
 * scope's handler (if one is mounted and takes it) acts. A handler returns false when it is not
 * taking keys (a question is open, the report is shown), and the key goes on to the browser.
 */
function onKeyDown(event: KeyboardEvent): void {
  if (isTyping(event.target)) {
    // Escape leaves a field, so the reading keys work again without reaching for the mouse.
    if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
    return;
  }
  const found = keyAction({ key: event.key, ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey, alt: event.altKey });
  const handler = found && handlers.get(found.scope);
  if (found && handler?.(found.action)) event.preventDefault();
}

/** Handles one scope's keys while the component is mounted; the latest `handler` is always used. */
export function useKeys<S extends KeyScope>(scope: S, handler: Handler<S>): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const forward: Handler<KeyScope> = (action) => latest.current(action as Parameters<Handler<S>>[0]);
    handlers.set(scope, forward);
    if (!listening) {
      window.addEventListener('keydown', onKeyDown);
      listening = true;
    }
    return () => {
      if (handlers.get(scope) === forward) handlers.delete(scope);
      if (handlers.size === 0) {
        window.removeEventListener('keydown', onKeyDown);
        listening = false;
      }
    };
  }, [scope]);
}
