import type { ImageContext } from '../../../workers/read/importChecks';
import { distanceFromPlaneMm, patientToPixel } from '../imagePlane';
import type { Study } from '../../state/studyModel';
import { planeOfImage } from './exportRead';

/** A pixel's worth of slack around the image: a caliper end may sit on its edge. */
const EDGE_PIXELS = 1;

/** What the import checks may know of the loaded studies: which images are there, and where they lie. */
export function imageContextOf(studies: readonly Study[]): ImageContext {
  const loaded = new Set(studies.flatMap((study) => study.imageSeries.flatMap((series) => series.slices.map((slice) => `${series.seriesInstanceUid}|${slice.instance.metadata.sopInstanceUid}`))));
  const studyUids = new Set(studies.map((study) => study.studyInstanceUid));
  return {
    isStudyLoaded: (studyInstanceUid) => studyUids.has(studyInstanceUid),
    isLoaded: (image) => loaded.has(`${image.seriesInstanceUid}|${image.sopInstanceUid}`),
    distanceFromImageMm(image, point) {
      const plane = planeOfImage(studies, image);
      if (!plane) return null;
      const [column, row] = patientToPixel(plane, point);
      const inside = column >= -0.5 - EDGE_PIXELS && column <= plane.columns - 0.5 + EDGE_PIXELS && row >= -0.5 - EDGE_PIXELS && row <= plane.rows - 0.5 + EDGE_PIXELS;
      return inside ? distanceFromPlaneMm(plane, point) : Number.POSITIVE_INFINITY;
    },
  };
}
