import { emptyPlace, parsePlace, serializePlace, withView, type Place, type StudyView } from './place';

const STORAGE_KEY = 'nadir.place';
/** Scrolling renders many times a second; the record is written at most this often (and on leaving the page). */
const WRITE_DELAY_MS = 250;

/** The place of this tab: read once at start, changed in memory, written a moment later. */
export interface PlaceStore {
  /** as the page found it: what a reload reopens */
  readonly initial: Place;
  current(): Place;
  update(change: (place: Place) => Place): void;
  /** writes now a change still waiting (the page is being left) */
  flush(): void;
}

type Timers = { set(run: () => void, delayMs: number): unknown; clear(handle: unknown): void };
const windowTimers: Timers = { set: (run, delayMs) => setTimeout(run, delayMs), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

export function createPlaceStore(storage: Pick<Storage, 'getItem' | 'setItem'> | null, timers: Timers = windowTimers): PlaceStore {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // storage refused (privacy settings): a reload then starts afresh
  }
  const initial = parsePlace(stored) ?? emptyPlace();
  let current = initial;
  let pending: unknown = null;
  const flush = () => {
    if (pending === null) return;
    timers.clear(pending);
    pending = null;
    try {
      storage?.setItem(STORAGE_KEY, serializePlace(current));
    } catch {
      // full or refused: only the return after a reload is lost
    }
  };
  return {
    initial,
    current: () => current,
    update(change) {
      current = change(current);
      pending ??= timers.set(flush, WRITE_DELAY_MS);
    },
    flush,
  };
}

/** The views part of the place, as the viewports use it: by Study Instance UID. */
export interface StudyViews {
  viewOf(studyUid: string): StudyView | null;
  remember(studyUid: string, view: StudyView): void;
}

export function studyViewsOf(store: PlaceStore): StudyViews {
  return {
    viewOf: (studyUid) => store.current().views.get(studyUid) ?? null,
    remember: (studyUid, view) => store.update((place) => ({ ...place, views: withView(place.views, studyUid, view) })),
  };
}
