import { decodeOrder, type SeriesDecodeState } from './decodeOrder';

export interface SeriesLoadListener {
  /** `sliceIndex`: the slice just tried; absent for the count a listener gets when it starts listening */
  onProgress(decoded: number, total: number, sliceIndex?: number): void;
  /** A slice that could not be decoded, by its index in the series; each failure is told once. */
  onSliceError(index: number, message: string): void;
}

/** A viewport's hold on a series' decoding. */
export interface SeriesDecoding {
  /** Resolves when every slice of the series has been tried. */
  readonly done: Promise<void>;
  /** The viewport moved to this slice: it and its neighbours come next. */
  focus(index: number): void;
  /** The viewport no longer shows the series: what is left of it waits behind every shown series. */
  leave(): void;
}

export interface DecodeQueue<Key extends object> {
  /** Starts (or joins) the decoding of a series, its `focusIndex` slice first. */
  open(key: Key, sliceCount: number, focusIndex: number, listener: SeriesLoadListener): SeriesDecoding;
  /**
   * The series was closed: none of its slices not yet started is decoded, and its listeners hear no
   * more (the slices in flight finish, unheard). Opened again, it starts afresh.
   */
  close(key: Key): void;
  /** Whether a slice is being decoded or waits to be. */
  busy(): boolean;
}

/** Decodes one slice; rejects with the reason it could not. */
export type DecodeSlice<Key> = (key: Key, index: number) => Promise<void>;

interface Entry<Key> {
  key: Key;
  state: { sliceCount: number; focusIndex: number; started: Set<number> };
  finished: number;
  listeners: Set<SeriesLoadListener>;
  /** failures that happened while no viewport listened: told to the next one */
  untold: { index: number; message: string }[];
  done: Promise<void>;
  resolveDone(): void;
}

/**
 * Decodes the slices of the open series with at most `concurrency` slices in flight, always taking
 * next what decodeOrder puts first at that moment: a viewport that scrolls, opens or leaves changes
 * what comes next without cancelling what is already decoding. Few in flight, so that a slice asked
 * for now waits behind few others in the decoders' own first-come queue.
 */
export function createDecodeQueue<Key extends object>(
  decode: DecodeSlice<Key>,
  concurrency: number,
  describeError: (error: unknown) => string,
  /** told each time the last slice there was to decode has been tried */
  onIdle: () => void = () => undefined,
): DecodeQueue<Key> {
  /** the series with slices still to decode, in the order they were opened */
  const entries: Entry<Key>[] = [];
  // Weak: a finished series is remembered (never decoded twice, its failures never told twice) only as
  // long as the study it belongs to is open.
  const byKey = new WeakMap<Key, Entry<Key>>();
  let inFlight = 0;

  const state = (entry: Entry<Key>): SeriesDecodeState => ({ ...entry.state, shown: entry.listeners.size > 0 });
  const hasSlicesLeft = (entry: Entry<Key>) => entry.state.started.size < entry.state.sliceCount;

  const settle = (entry: Entry<Key>, index: number, error: unknown) => {
    entry.finished += 1;
    if (error !== null) {
      const failure = { index, message: describeError(error) };
      if (entry.listeners.size === 0) entry.untold.push(failure);
      entry.listeners.forEach((listener) => listener.onSliceError(failure.index, failure.message));
    }
    entry.listeners.forEach((listener) => listener.onProgress(entry.finished, entry.state.sliceCount, index));
    if (entry.finished === entry.state.sliceCount) {
      remove(entry);
      entry.resolveDone();
    }
  };

  const remove = (entry: Entry<Key>) => {
    const position = entries.indexOf(entry);
    if (position >= 0) entries.splice(position, 1);
  };

  const pump = () => {
    while (inFlight < concurrency) {
      // Series all handed out are left out: the order is asked for again after every slice.
      const open = entries.filter(hasSlicesLeft);
      const next = decodeOrder(open.map(state))[0];
      if (!next) {
        if (inFlight === 0) onIdle();
        return;
      }
      const entry = open[next.series]!;
      entry.state.started.add(next.index);
      inFlight += 1;
      let failure: unknown = null;
      decode(entry.key, next.index)
        .catch((error: unknown) => (failure = error ?? 'failed'))
        .then(() => {
          inFlight -= 1;
          settle(entry, next.index, failure);
          pump();
        });
    }
  };

  const entryOf = (key: Key, sliceCount: number, focusIndex: number): Entry<Key> => {
    const known = byKey.get(key);
    if (known) {
      known.state.focusIndex = focusIndex;
      return known;
    }
    let resolveDone = () => {};
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const entry: Entry<Key> = { key, state: { sliceCount, focusIndex, started: new Set() }, finished: 0, listeners: new Set(), untold: [], done, resolveDone };
    if (sliceCount === 0) resolveDone();
    else entries.push(entry);
    byKey.set(key, entry);
    return entry;
  };

  // Slices are handed out a microtask after a series is opened: viewports opened in one turn (the
  // baseline and the follow-up, in one React commit) are ordered together, and the follow-up's first
  // slice goes out right after the baseline's, not behind the baseline's neighbours.
  let pumpScheduled = false;
  const pumpSoon = () => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    queueMicrotask(() => {
      pumpScheduled = false;
      pump();
    });
  };

  return {
    open(key, sliceCount, focusIndex, listener) {
      const entry = entryOf(key, sliceCount, focusIndex);
      // Listening entries keep their place, so a series opened earlier (the baseline) stays ahead.
      entry.listeners.add(listener);
      entry.untold.splice(0).forEach((failure) => listener.onSliceError(failure.index, failure.message));
      listener.onProgress(entry.finished, sliceCount);
      pumpSoon();
      return {
        done: entry.done,
        focus(index) {
          entry.state.focusIndex = index;
          pump();
        },
        leave() {
          entry.listeners.delete(listener);
        },
      };
    },
    close(key) {
      const entry = byKey.get(key);
      if (!entry) return;
      byKey.delete(key);
      remove(entry);
      entry.listeners.clear();
      entry.untold = [];
    },
    busy() {
      return inFlight > 0 || entries.some(hasSlicesLeft);
    },
  };
}
