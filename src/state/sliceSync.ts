import type { ImageSeries } from './studyModel';
import { slicePositionMm } from '../dicom/sortSlices';

/** Each slice's position along its normal, in mm (null when the header gives no geometry). */
export function slicePositionsMm(series: ImageSeries): (number | null)[] {
  return series.slices.map((slice) => slicePositionMm(slice.instance.metadata));
}

/** The slice whose position is nearest to a target position; null when the series has no geometry. */
export function nearestSliceIndex(positionsMm: readonly (number | null)[], targetMm: number): number | null {
  let best: number | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  positionsMm.forEach((position, index) => {
    if (position === null) return;
    const distance = Math.abs(position - targetMm);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}

function centreMm(positions: readonly (number | null)[]): number | null {
  const known = positions.filter((position): position is number => position !== null);
  return known.length === 0 ? null : (Math.min(...known) + Math.max(...known)) / 2;
}

/**
 * The starting offset (follow-up position minus baseline position). A follow-up has its own frame of
 * reference and table shift, so only the same frame of reference means "no offset"; otherwise the
 * centres of the two stacks are aligned and the reader corrects it.
 */
export function defaultOffsetMm(baseline: ImageSeries, followUp: ImageSeries): number {
  if (baseline.frameOfReferenceUid !== null && baseline.frameOfReferenceUid === followUp.frameOfReferenceUid) return 0;
  const baselineCentre = centreMm(slicePositionsMm(baseline));
  const followUpCentre = centreMm(slicePositionsMm(followUp));
  return baselineCentre === null || followUpCentre === null ? 0 : followUpCentre - baselineCentre;
}

/** Where the follow-up should be when the baseline shows a slice, and the reverse. */
export function linkedSliceIndex(
  fromPositionsMm: readonly (number | null)[],
  fromIndex: number,
  toPositionsMm: readonly (number | null)[],
  offsetFromToMm: number,
): number | null {
  const position = fromPositionsMm[fromIndex];
  return position === null || position === undefined ? null : nearestSliceIndex(toPositionsMm, position + offsetFromToMm);
}

/** A point's position along the series' slice normal, in mm (null without geometry). */
export function positionAlongNormalMm(series: ImageSeries, point: readonly [number, number, number]): number | null {
  const orientation = series.slices[0]?.instance.metadata.imageOrientationPatient;
  if (!orientation) return null;
  const [r0, r1, r2, c0, c1, c2] = orientation;
  const normal = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0];
  return normal[0]! * point[0] + normal[1]! * point[1] + normal[2]! * point[2];
}

/**
 * Why an offset cannot be taken, or null. It is refused when it moves the baseline's stack entirely
 * off the follow-up's (no slice of one would face a slice of the other): a typo such as 120 for 12,
 * which would otherwise send every linked scroll to the end of the follow-up without a word.
 */
export function offsetProblem(offsetMm: number, baselinePositionsMm: readonly (number | null)[], followUpPositionsMm: readonly (number | null)[]): string | null {
  if (!Number.isFinite(offsetMm)) return 'the offset must be a number of mm';
  const range = (positions: readonly (number | null)[]) => {
    const known = positions.filter((position): position is number => position !== null);
    return known.length === 0 ? null : { low: Math.min(...known), high: Math.max(...known) };
  };
  const [base, follow] = [range(baselinePositionsMm), range(followUpPositionsMm)];
  if (!base || !follow) return null; // no geometry: the offset is not used to place anything
  const [low, high] = [base.low + offsetMm, base.high + offsetMm];
  if (high < follow.low || low > follow.high) {
    const span = `${(follow.low - base.high).toFixed(1)} to ${(follow.high - base.low).toFixed(1)} mm`;
    return `an offset of ${offsetMm} mm puts the baseline beyond the follow-up's slices: it can be from ${span}`;
  }
  return null;
}
