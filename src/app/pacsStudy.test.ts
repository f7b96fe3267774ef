import { describe, expect, it } from 'vitest';
import { firstPair } from './pacsStudy';

describe('firstPair: the studies a PACS opening describes first', () => {
  const uids = ['1.1', '1.2', '1.3', '1.4'];

  it.each([
    ['no kept choice: the first and the last (oldest and newest from a search)', null, ['1.1', '1.4'], ['1.2', '1.3']],
    ['the kept baseline and follow-up', { baselineUid: '1.2', followUpUid: '1.3' }, ['1.2', '1.3'], ['1.1', '1.4']],
    ['a kept baseline without a follow-up: the last other study', { baselineUid: '1.2', followUpUid: null }, ['1.2', '1.4'], ['1.1', '1.3']],
    ['a kept follow-up no longer opened: the last other study', { baselineUid: '1.4', followUpUid: '9.9' }, ['1.3', '1.4'], ['1.1', '1.2']],
    ['a kept baseline no longer opened: the default', { baselineUid: '9.9', followUpUid: '1.2' }, ['1.1', '1.4'], ['1.2', '1.3']],
  ] as const)('%s', (_, kept, first, rest) => {
    expect(firstPair(uids, kept)).toEqual({ first, rest });
  });

  it('opens one study or two at once', () => {
    expect(firstPair(['1.1'], null)).toEqual({ first: ['1.1'], rest: [] });
    expect(firstPair(['1.1', '1.2'], null)).toEqual({ first: ['1.1', '1.2'], rest: [] });
    expect(firstPair([], null)).toEqual({ first: [], rest: [] });
  });
});
