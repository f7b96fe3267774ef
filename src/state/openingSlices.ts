import type { Point3 } from '../../workers/read/model';
import type { Place, StudyView } from './place';
import { nearestSliceIndex, positionAlongNormalMm, slicePositionsMm } from './sliceSync';
import type { ImageSeries, Study } from './studyModel';
import { orderByDate, reconcileTimepoints } from './timepoints';

/** A view's zoom and pan as the stack viewer keeps them: the camera's scale and centre. */
type ZoomPan = NonNullable<StudyView['zoomPan']>;

/** Where a viewport stands: kept when the reader switches to another series of the same frame of reference. */
export interface ViewportPlace {
  seriesUid: string;
  frameOfReferenceUid: string | null;
  /** a point of the slice shown (the centre of the view), in patient coordinates */
  pointMm: Point3 | null;
  zoomPan: ZoomPan | null;
  /** the slice shown of `seriesUid`: the same series opens on it again (a reload, the viewer recreated) */
  sliceIndex?: number;
}

/** A kept view as a viewport's starting place: the same series, on the same slice, zoom and pan. */
export const placeOfView = (view: StudyView | null | undefined): ViewportPlace | null =>
  view ? { seriesUid: view.seriesUid, frameOfReferenceUid: null, pointMm: null, zoomPan: view.zoomPan, sliceIndex: view.sliceIndex } : null;

/** The series a viewport opens on: the one kept while the study has it, or else the study's first. */
export const openingSeries = (study: Study, place: ViewportPlace | null): ImageSeries | null =>
  study.imageSeries.find((series) => series.seriesInstanceUid === place?.seriesUid) ?? study.imageSeries[0] ?? null;

/** The slice of the new series nearest the place kept, and its zoom and pan when the frame of reference is the same. */
export function startingSlice(series: ImageSeries, place: ViewportPlace | null): { index: number; zoomPan: ZoomPan | null } {
  const middle = Math.floor(series.slices.length / 2);
  if (place?.seriesUid === series.seriesInstanceUid && place.sliceIndex !== undefined) return { index: place.sliceIndex, zoomPan: place.zoomPan };
  if (!place || place.frameOfReferenceUid === null || place.frameOfReferenceUid !== series.frameOfReferenceUid || !place.pointMm) return { index: middle, zoomPan: null };
  const positionMm = positionAlongNormalMm(series, place.pointMm);
  const index = positionMm === null ? null : nearestSliceIndex(slicePositionsMm(series), positionMm);
  return { index: index ?? middle, zoomPan: place.zoomPan };
}

/**
 * The slices the reading view's two viewports open on when it first shows `studies` with the place
 * kept: the baseline's, then the follow-up's, chosen by the same functions the view uses. The
 * opening decodes them while the view is still being drawn (App.tsx): the first image does not wait
 * for the page to be built.
 */
export function openingSlices(studies: readonly Study[], place: Place): { series: ImageSeries; index: number }[] {
  const ordered = orderByDate(studies);
  const current = reconcileTimepoints(ordered, place.timepoints);
  if (!current) return [];
  return [current.baselineUid, current.followUpUid].flatMap((uid) => {
    const study = ordered.find((candidate) => candidate.studyInstanceUid === uid);
    const kept = placeOfView(uid === null ? null : place.views.get(uid));
    const series = study ? openingSeries(study, kept) : null;
    return series ? [{ series, index: startingSlice(series, kept).index }] : [];
  });
}
