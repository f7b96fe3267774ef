import type { ImageSeries, Study } from './studyModel';
import type { BidirectionalMeasurement, ImageReference } from '../../workers/read/model';
import { nearestSliceIndex, positionAlongNormalMm, slicePositionsMm } from './sliceSync';

/** A caliper shown on a series other than the one it was drawn on. */
export interface Projection {
  /** the slice of the shown series it is drawn on */
  image: ImageReference;
  /** the series it was measured on, as the reader knows it ("2: PHANTOM CT ARTERIAL") */
  drawnOnLabel: string;
}

export function seriesLabel(series: { seriesNumber: number | null; description: string; modality: string }): string {
  return `${series.seriesNumber !== null ? `${series.seriesNumber}: ` : ''}${series.description || series.modality || 'Unnamed series'}`;
}

function halfThicknessMm(series: ImageSeries, index: number, positionsMm: readonly (number | null)[]): number {
  const thickness = series.slices[index]?.instance.metadata.sliceThicknessMm;
  if (thickness && thickness > 0) return thickness / 2;
  // No thickness in the header: half the spacing to a neighbour.
  const here = positionsMm[index];
  const neighbour = positionsMm[index + 1] ?? positionsMm[index - 1];
  return here != null && neighbour != null ? Math.abs(neighbour - here) / 2 : 0;
}

/**
 * Where a caliper drawn on another series of the same study shows on `series`: on the slice nearest
 * its plane, when the series shares its frame of reference and every end point lies within half a
 * slice thickness of that slice. Null when it does not show (another frame of reference, another
 * plane, outside the stack).
 */
export function projectCaliper(study: Study, series: ImageSeries, measurement: BidirectionalMeasurement): Projection | null {
  const drawnOn = study.imageSeries.find((candidate) => candidate.seriesInstanceUid === measurement.image.seriesInstanceUid);
  if (!drawnOn || drawnOn.seriesInstanceUid === series.seriesInstanceUid) return null;
  if (series.frameOfReferenceUid === null || drawnOn.frameOfReferenceUid !== series.frameOfReferenceUid) return null;
  const ends = [...measurement.longAxis, ...measurement.shortAxis].map((point) => positionAlongNormalMm(series, point));
  if (ends.some((position) => position === null)) return null;
  const centreMm = (ends as number[]).reduce((sum, position) => sum + position, 0) / ends.length;
  const positionsMm = slicePositionsMm(series);
  const index = nearestSliceIndex(positionsMm, centreMm);
  if (index === null) return null;
  const tolerance = halfThicknessMm(series, index, positionsMm) + 1e-6;
  if ((ends as number[]).some((position) => Math.abs(position - positionsMm[index]!) > tolerance)) return null;
  const slice = series.slices[index]!;
  return {
    image: {
      studyInstanceUid: measurement.image.studyInstanceUid,
      seriesInstanceUid: series.seriesInstanceUid,
      sopInstanceUid: slice.instance.metadata.sopInstanceUid,
      frameNumber: slice.frameNumber,
    },
    drawnOnLabel: seriesLabel(drawnOn),
  };
}
