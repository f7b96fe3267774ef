import { describe, expect, it } from 'vitest';
import { readKeyAction } from './readKeys';

const stroke = (key: string, modifiers: Partial<{ ctrl: boolean; shift: boolean; alt: boolean }> = {}) => ({ key, ctrl: false, shift: false, alt: false, ...modifiers });

describe('the read keys', () => {
  it.each([
    ['B measures the whole lesion', stroke('b'), { kind: 'mode', mode: 'whole' }],
    ['E measures the viable part', stroke('E'), { kind: 'mode', mode: 'enhancing' }],
    ['H draws a density ellipse', stroke('h'), { kind: 'mode', mode: 'density' }],
    ['Esc goes back to window/level', stroke('Escape'), { kind: 'mode', mode: 'windowLevel' }],
    ['Ctrl+Z undoes', stroke('z', { ctrl: true }), { kind: 'undo' }],
    ['Ctrl+Shift+Z redoes', stroke('Z', { ctrl: true, shift: true }), { kind: 'redo' }],
    ['Ctrl+Y redoes', stroke('y', { ctrl: true }), { kind: 'redo' }],
    ['N and P walk the lesions', stroke('p'), { kind: 'nextLesion', step: -1 }],
    ['U goes to the next lesion not measured here', stroke('u'), { kind: 'nextUnmeasured' }],
    ['F carries the non-target statuses forward', stroke('f'), { kind: 'carryForward' }],
    ['Ctrl+B is the browser’s', stroke('b', { ctrl: true }), null],
    ['Alt+N is the browser’s', stroke('n', { alt: true }), null],
    ['ArrowDown is the viewer’s', stroke('ArrowDown'), null],
  ])('%s', (_name, input, expected) => {
    expect(readKeyAction(input)).toEqual(expected);
  });
});
