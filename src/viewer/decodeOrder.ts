/**
 * In which order the slices of the open series are decoded: what the reader looks at first.
 * Pure, so that the order is one table-tested rule (decodeOrder.test.ts) and the queue that follows
 * it (decodeQueue.ts) only keeps the books.
 */

/** One series as the queue sees it; `focusIndex` is the slice its viewport shows, or scrolled to last. */
export interface SeriesDecodeState {
  sliceCount: number;
  focusIndex: number;
  /** shown in a viewport now; a series the reader left is finished after every shown one */
  shown: boolean;
  /** slices whose decoding has started or finished: never handed out again */
  started: ReadonlySet<number>;
}

/** A slice of the `series`-th entry of the list given to decodeOrder. */
export interface SliceRef {
  series: number;
  index: number;
}

/** Slice indices from `focus` outward, the nearer first and, at equal distance, the next (toward the feet) first. */
export function outwardFrom(focus: number, count: number): number[] {
  const start = Math.max(0, Math.min(count - 1, Math.round(focus)));
  const order: number[] = count > 0 ? [start] : [];
  for (let distance = 1; order.length < count; distance++) {
    if (start + distance < count) order.push(start + distance);
    if (start - distance >= 0) order.push(start - distance);
  }
  return order;
}

/**
 * The slices still to decode, first first:
 *  1. the slices of the shown series by their distance from the series' focus, so that the focus
 *     slice of every viewport (the baseline's, then the follow-up's) comes before any viewport
 *     fills in, and both can then be scrolled near where they stand equally soon; at equal
 *     distance the series given first (the baseline) first, and the next slice (toward the feet)
 *     before the previous one;
 *  2. the series no viewport shows any more, outward from where they were left, one after the other.
 * Stateless: the queue asks again after every slice, and a scroll or a new viewport reorders the rest.
 */
export function decodeOrder(series: readonly SeriesDecodeState[]): SliceRef[] {
  const shown: (SliceRef & { distance: number; rank: number })[] = [];
  const left: SliceRef[] = [];
  series.forEach((entry, position) => {
    const outward = outwardFrom(entry.focusIndex, entry.sliceCount);
    const focus = outward[0]!;
    outward.forEach((index, rank) => {
      if (entry.started.has(index)) return;
      if (entry.shown) shown.push({ series: position, index, distance: Math.abs(index - focus), rank });
      else left.push({ series: position, index });
    });
  });
  shown.sort((a, b) => a.distance - b.distance || a.series - b.series || a.rank - b.rank);
  return [...shown.map(({ series: position, index }) => ({ series: position, index })), ...left];
}
