import { describe, expect, it } from 'vitest';
import { claimsOf, keyAction } from './keyMap';

const stroke = (key: string, modifiers: Partial<{ ctrl: boolean; shift: boolean; alt: boolean }> = {}) => ({ key, ctrl: false, shift: false, alt: false, ...modifiers });
const printable = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\\/[];\',.-=`'];
const named = ['Escape', 'Enter', ' ', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', 'Delete', 'Backspace', 'Tab'];

describe('one key map for the reading screen', () => {
  it('gives every key to one scope at most, with and without Ctrl, Shift and Alt', () => {
    const clashes = [...printable, ...named].flatMap((key) =>
      [{}, { ctrl: true }, { shift: true }, { alt: true }, { ctrl: true, shift: true }].flatMap((modifiers) => {
        const claims = claimsOf(stroke(key, modifiers));
        return claims.length > 1 ? [`${JSON.stringify(modifiers)} ${key}: ${claims.map((claim) => claim.scope).join(', ')}`] : [];
      }),
    );
    expect(clashes).toEqual([]);
  });

  it.each([
    ['C plays cine (the viewer’s), never carrying anything forward', stroke('c'), { scope: 'viewer', action: { kind: 'cine' } }],
    ['F carries the non-target statuses forward', stroke('f'), { scope: 'read', action: { kind: 'carryForward' } }],
    ['M arms click-to-measure', stroke('m'), { scope: 'read', action: { kind: 'mode', mode: 'click' } }],
    ['↓ is the next slice', stroke('ArrowDown'), { scope: 'viewer', action: { kind: 'scroll', delta: 1 } }],
    ['\\ hides the side panels', stroke('\\'), { scope: 'screen', action: { kind: 'togglePanels' } }],
    ['Ctrl+Z undoes', stroke('z', { ctrl: true }), { scope: 'read', action: { kind: 'undo' } }],
    ['Ctrl+R is the browser’s (reload), not reset view', stroke('r', { ctrl: true }), null],
    ['Alt+1 is the browser’s, not the liver window', stroke('1', { alt: true }), null],
  ])('%s', (_name, input, expected) => {
    expect(keyAction(input)).toEqual(expected);
  });
});
