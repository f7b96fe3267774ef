/** The reader's viewer preferences, kept in this browser (preferences, not secrets: localStorage). */
export interface ViewerPreferences {
  /** wheel down moves toward the head instead of the feet */
  wheelInverted: boolean;
  /** cine frame rate, frames per second */
  cineFps: number;
}

export const CINE_RATES_FPS = [5, 10, 15, 20] as const;
const DEFAULTS: ViewerPreferences = { wheelInverted: false, cineFps: 10 };
const KEY = 'nadir.viewer-preferences';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export function loadViewerPreferences(store: KeyValueStore): ViewerPreferences {
  try {
    const stored = JSON.parse(store.getItem(KEY) ?? '{}') as Partial<ViewerPreferences>;
    return {
      wheelInverted: typeof stored.wheelInverted === 'boolean' ? stored.wheelInverted : DEFAULTS.wheelInverted,
      cineFps: CINE_RATES_FPS.find((rate) => rate === stored.cineFps) ?? DEFAULTS.cineFps,
    };
  } catch {
    return DEFAULTS;
  }
}

export function saveViewerPreferences(store: KeyValueStore, preferences: ViewerPreferences): void {
  try {
    store.setItem(KEY, JSON.stringify(preferences));
  } catch {
    // Storage full or disabled: the preference holds for this page only.
  }
}
