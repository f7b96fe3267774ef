import { describe, expect, it } from 'vitest';
import { viewerKeyAction } from './keyboard';

describe('reading keys', () => {
  it.each([
    ['ArrowDown', { kind: 'scroll', delta: 1 }],
    ['ArrowUp', { kind: 'scroll', delta: -1 }],
    ['PageDown', { kind: 'scroll', delta: 10 }],
    ['PageUp', { kind: 'scroll', delta: -10 }],
    ['Home', { kind: 'first' }],
    ['End', { kind: 'last' }],
    ['1', { kind: 'preset', preset: 'liver' }],
    ['4', { kind: 'preset', preset: 'bone' }],
    ['r', { kind: 'resetView' }],
    ['c', { kind: 'cine' }],
    ['x', null],
  ])('%s', (key, action) => {
    expect(viewerKeyAction(key)).toEqual(action);
  });
});
