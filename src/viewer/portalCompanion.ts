import type { Slice } from '../state/studyModel';
import type { Point3 } from '../../workers/read/model';
import { namesPortalPhase } from '../../workers/measure/proposedDensity';
import type { RegisteredSeries } from './imageIndex';
import { planeOf } from './imagePixels';

/** A slice of the portal venous series through a point: where click-to-measure reads the mean HU. */
export interface PortalSlice {
  imageId: string;
  slice: Slice;
  seriesDescription: string;
}

/** Without a slice thickness, a slice "through" a point is within this distance of it. */
const DEFAULT_HALF_THICKNESS_MM = 1.5;

const distanceFromPlaneMm = (imageId: string, slice: Slice, at: Point3): number => {
  const plane = planeOf(imageId, slice);
  if (!plane) return Infinity;
  const [r, c] = [plane.rowCosines, plane.columnCosines];
  const normal: Point3 = [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]];
  return Math.abs((at[0] - plane.origin[0]) * normal[0] + (at[1] - plane.origin[1]) * normal[1] + (at[2] - plane.origin[2]) * normal[2]);
};

/**
 * M-SEG-6 (docs/measurement.md): Choi reads attenuation on the portal venous phase. A click on an
 * arterial series takes the lesion's mean HU from the same study's portal venous CT series, in the
 * same frame of reference (the same patient position), on its slice through the clicked point.
 */
export function portalSliceThrough(registered: readonly RegisteredSeries[], clicked: Slice, at: Point3): PortalSlice | null {
  const { studyInstanceUid, frameOfReferenceUid } = clicked.instance.metadata;
  if (!frameOfReferenceUid) return null;
  for (const { series, imageIds } of registered) {
    const first = series.slices[0]?.instance.metadata;
    if (!first || series.modality !== 'CT' || first.studyInstanceUid !== studyInstanceUid || series.frameOfReferenceUid !== frameOfReferenceUid) continue;
    if (!namesPortalPhase(series.description)) continue;
    let found: { index: number; distanceMm: number } | null = null;
    for (let index = 0; index < series.slices.length; index++) {
      const distanceMm = distanceFromPlaneMm(imageIds[index]!, series.slices[index]!, at);
      if (!found || distanceMm < found.distanceMm) found = { index, distanceMm };
    }
    if (!found) continue;
    const slice = series.slices[found.index]!;
    const halfThicknessMm = (slice.instance.metadata.sliceThicknessMm ?? 2 * DEFAULT_HALF_THICKNESS_MM) / 2;
    if (found.distanceMm <= halfThicknessMm) return { imageId: imageIds[found.index]!, slice, seriesDescription: series.description };
  }
  return null;
}
