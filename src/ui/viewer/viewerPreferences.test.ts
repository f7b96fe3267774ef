import { describe, expect, it } from 'vitest';
import { loadViewerPreferences, saveViewerPreferences } from './viewerPreferences';

function memoryStore(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

describe('viewer preferences', () => {
  it('defaults to the PACS wheel direction and 10 fps', () => {
    expect(loadViewerPreferences(memoryStore())).toEqual({ wheelInverted: false, cineFps: 10 });
  });

  it('keeps what was saved', () => {
    const store = memoryStore();
    saveViewerPreferences(store, { wheelInverted: true, cineFps: 20 });
    expect(loadViewerPreferences(store)).toEqual({ wheelInverted: true, cineFps: 20 });
  });

  it.each([
    ['not JSON', '{'],
    ['wrong types', '{"wheelInverted":"yes","cineFps":7}'],
  ])('falls back to the defaults on a stored value that is %s', (_, stored) => {
    expect(loadViewerPreferences(memoryStore({ 'nadir.viewer-preferences': stored }))).toEqual({ wheelInverted: false, cineFps: 10 });
  });
});
