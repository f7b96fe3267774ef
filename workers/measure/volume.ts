import { countOf } from './region';
import type { PixelPoint, SliceImage } from './image';
import { lesionRegion, type LesionRegion, type SegmentOptions } from './segment';

/** Whole-lesion and enhancing volume from the clicked slice out, slice by slice (M-SEG-5). */
export interface VolumeEstimate {
  readonly volumeMl: number;
  readonly enhancingVolumeMl: number;
  /** indices of the slices the lesion was found on, in order */
  readonly sliceIndices: readonly number[];
}

/** M-SEG-5: a region on the next slice continues the lesion when this share of it overlaps the last one. */
const MIN_OVERLAP = 0.3;

const centroidOf = (region: LesionRegion): PixelPoint => {
  let column = 0;
  let row = 0;
  let count = 0;
  region.whole.forEach((value, index) => {
    if (!value) return;
    column += index % region.window.columns;
    row += Math.floor(index / region.window.columns);
    count++;
  });
  return { column: column / count + region.column0, row: row / count + region.row0 };
};

/** Share of `next`'s pixels that lie inside `previous` (both in full-slice coordinates). */
function overlap(previous: LesionRegion, next: LesionRegion): number {
  let inside = 0;
  let total = 0;
  next.whole.forEach((value, index) => {
    if (!value) return;
    total++;
    const column = (index % next.window.columns) + next.column0 - previous.column0;
    const row = Math.floor(index / next.window.columns) + next.row0 - previous.row0;
    if (column >= 0 && row >= 0 && column < previous.window.columns && row < previous.window.rows && previous.whole[row * previous.window.columns + column]) inside++;
  });
  return total ? inside / total : 0;
}

/**
 * Sums region areas × slice spacing over the contiguous slices where the lesion continues: the
 * midpoint rule, exact for a prism and within a few per cent for an ellipsoid cut into 5 or more slices.
 */
export function segmentVolume(slices: readonly SliceImage[], sliceSpacingMm: number, index: number, seed: PixelPoint, options: SegmentOptions = {}): VolumeEstimate | null {
  const first = lesionRegion(slices[index]!, seed, options);
  if (typeof first === 'string') return null;
  const found = new Map<number, LesionRegion>([[index, first]]);
  for (const step of [-1, 1]) {
    let previous = first;
    for (let at = index + step; at >= 0 && at < slices.length; at += step) {
      const next = lesionRegion(slices[at]!, centroidOf(previous), { enhancingThreshold: first.enhancingThreshold });
      if (typeof next === 'string' || overlap(previous, next) < MIN_OVERLAP) break;
      found.set(at, next);
      previous = next;
    }
  }
  const pixelMm2 = slices[index]!.columnSpacingMm * slices[index]!.rowSpacingMm;
  let wholeMm3 = 0;
  let enhancingMm3 = 0;
  for (const region of found.values()) {
    wholeMm3 += countOf(region.whole) * pixelMm2 * sliceSpacingMm;
    enhancingMm3 += (region.enhancing ? countOf(region.enhancing) : 0) * pixelMm2 * sliceSpacingMm;
  }
  return { volumeMl: wholeMm3 / 1000, enhancingVolumeMl: enhancingMm3 / 1000, sliceIndices: [...found.keys()].sort((a, b) => a - b) };
}
