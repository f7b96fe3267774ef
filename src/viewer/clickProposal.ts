import { imageLoader } from '@cornerstonejs/core';
import { transfer, wrap, type Remote } from 'comlink';
import type { Slice } from '../state/studyModel';
import type { BidirectionalMeasurement, Point3 } from '../../workers/read/model';
import type { Chord } from '../../workers/measure/chords';
import type { PixelPoint } from '../../workers/measure/image';
import { NO_PROPOSAL_TEXT, type SegmentOptions } from '../../workers/measure/segment';
import type { MeasureApi } from '../../workers/measure/measure.worker';
import { modalityValueAt, planeOf } from './imagePixels';
import type { ImagePlane } from './keyImageGeometry';

/** What a click in click-to-measure mode proposes: the lesion's calipers, or why there are none. */
export type ProposalResult =
  | {
      ok: true;
      at: Point3;
      whole: BidirectionalMeasurement;
      viable: BidirectionalMeasurement | null;
      /** the level above which tissue counted as enhancing, and the surrounding tissue's, in `unit` */
      enhancingThreshold: number;
      backgroundLevel: number;
      unit: 'HU' | 'signal';
    }
  | { ok: false; at: Point3; reason: string };

const dot = (a: Point3, b: Point3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const distanceMm = (a: Point3, b: Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

const toPixel = (plane: ImagePlane, point: Point3): PixelPoint => {
  const offset: Point3 = [point[0] - plane.origin[0], point[1] - plane.origin[1], point[2] - plane.origin[2]];
  return { column: dot(offset, plane.rowCosines) / plane.columnSpacingMm, row: dot(offset, plane.columnCosines) / plane.rowSpacingMm };
};

const toWorld = (plane: ImagePlane, point: PixelPoint): Point3 => {
  const along = (axis: 0 | 1 | 2) => plane.origin[axis] + point.column * plane.columnSpacingMm * plane.rowCosines[axis] + point.row * plane.rowSpacingMm * plane.columnCosines[axis];
  return [along(0), along(1), along(2)];
};

let measureWorker: Remote<MeasureApi> | null = null;
const measurer = () => (measureWorker ??= wrap<MeasureApi>(new Worker(new URL('../../workers/measure/measure.worker.ts', import.meta.url), { type: 'module' })));

/**
 * Click-to-measure on the image a viewport shows (docs/measurement.md): the pure algorithm of
 * workers/measure on the decoded image's modality values, its answer turned back into patient mm.
 */
export async function proposeOnImage(imageId: string, slice: Slice, at: Point3, options: SegmentOptions = {}): Promise<ProposalResult> {
  const plane = planeOf(imageId, slice);
  if (!plane) return { ok: false, at, reason: 'this image has no pixel spacing or geometry, so lengths cannot be given in mm' };
  const image = await imageLoader.loadAndCacheImage(imageId);
  const valueAt = modalityValueAt(image);
  if (!valueAt) return { ok: false, at, reason: 'click-to-measure needs a greyscale image' };
  const values = new Float32Array(image.rows * image.columns);
  for (let index = 0; index < values.length; index++) values[index] = valueAt(index);
  const slice2d = { values, rows: image.rows, columns: image.columns, columnSpacingMm: plane.columnSpacingMm, rowSpacingMm: plane.rowSpacingMm };
  const result = await measurer().segment(transfer(slice2d, [values.buffer]), toPixel(plane, at), options);
  if (result.kind === 'none') return { ok: false, at, reason: NO_PROPOSAL_TEXT[result.reason] };
  const { metadata } = slice.instance;
  const reference = { studyInstanceUid: metadata.studyInstanceUid, seriesInstanceUid: metadata.seriesInstanceUid, sopInstanceUid: metadata.sopInstanceUid, frameNumber: slice.frameNumber };
  const measured = (axes: { long: Chord; short: Chord }): BidirectionalMeasurement => {
    const longAxis: [Point3, Point3] = [toWorld(plane, axes.long.from), toWorld(plane, axes.long.to)];
    const shortAxis: [Point3, Point3] = [toWorld(plane, axes.short.from), toWorld(plane, axes.short.to)];
    return { longAxisMm: distanceMm(...longAxis), shortAxisMm: distanceMm(...shortAxis), longAxis, shortAxis, image: reference };
  };
  return {
    ok: true,
    at,
    whole: measured(result.whole),
    viable: result.viable ? measured(result.viable) : null,
    enhancingThreshold: result.enhancingThreshold,
    backgroundLevel: result.backgroundLevel,
    unit: metadata.modality === 'CT' && metadata.densityCalibrated ? 'HU' : 'signal',
  };
}
