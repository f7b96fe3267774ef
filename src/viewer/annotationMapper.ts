import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { Slice } from '../state/studyModel';
import type { BidirectionalMeasurement, Point3 } from '../../workers/read/model';

export type MeasurementPart = 'whole' | 'enhancing';

export type MappedMeasurement = { ok: true; measurement: BidirectionalMeasurement } | { ok: false; reason: string };

const distanceMm = (a: Point3, b: Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const point = (value: ArrayLike<number>): Point3 => [value[0] ?? 0, value[1] ?? 0, value[2] ?? 0];

/**
 * The one place where a Cornerstone bidirectional annotation becomes a domain measurement. World
 * coordinates are patient coordinates in mm only when the image has pixel spacing; without it they
 * are pixels, and the measurement is refused rather than labelled mm.
 */
export function annotationToMeasurement(annotation: ToolTypes.Annotation, sliceOf: (imageId: string) => Slice | undefined): MappedMeasurement {
  const imageId = annotation.metadata?.referencedImageId;
  const slice = imageId ? sliceOf(imageId) : undefined;
  if (!slice) return { ok: false, reason: 'the measurement is not on an image of a loaded series' };
  const { metadata } = slice.instance;
  if (!metadata.pixelSpacingMm || !metadata.imagePositionPatient || !metadata.imageOrientationPatient) {
    return { ok: false, reason: 'this image has no pixel spacing or geometry, so lengths cannot be given in mm' };
  }
  const points = annotation.data.handles?.points;
  if (!points || points.length < 4) return { ok: false, reason: 'the bidirectional measurement is incomplete' };
  const [long0, long1, short0, short1] = points.map(point) as [Point3, Point3, Point3, Point3];
  const longAxisMm = distanceMm(long0, long1);
  const shortAxisMm = distanceMm(short0, short1);
  if (!Number.isFinite(longAxisMm) || !Number.isFinite(shortAxisMm)) return { ok: false, reason: 'the axes are not finite lengths (the image geometry is implausible)' };
  if (longAxisMm === 0) return { ok: false, reason: 'the long axis has no length' };
  return {
    ok: true,
    measurement: {
      // The long axis is the longer one, whichever line the reader drew first.
      ...(shortAxisMm > longAxisMm
        ? { longAxisMm: shortAxisMm, shortAxisMm: longAxisMm, longAxis: [short0, short1], shortAxis: [long0, long1] }
        : { longAxisMm, shortAxisMm, longAxis: [long0, long1], shortAxis: [short0, short1] }),
      image: {
        studyInstanceUid: metadata.studyInstanceUid,
        seriesInstanceUid: metadata.seriesInstanceUid,
        sopInstanceUid: metadata.sopInstanceUid,
        frameNumber: slice.frameNumber,
      },
    },
  };
}
