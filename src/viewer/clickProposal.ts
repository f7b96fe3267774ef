import { imageLoader } from '@cornerstonejs/core';
import { transfer, wrap, type Remote } from 'comlink';
import type { Slice } from '../state/studyModel';
import type { BidirectionalMeasurement, LesionVolume, Point3 } from '../../workers/read/model';
import type { Chord } from '../../workers/measure/chords';
import type { PixelPoint, SliceImage } from '../../workers/measure/image';
import { MAX_RADIUS_MM, NO_PROPOSAL_TEXT, type SegmentOptions } from '../../workers/measure/segment';
import { proposedDensity, type ProposedDensity } from '../../workers/measure/proposedDensity';
import type { MeasureApi } from '../../workers/measure/measure.worker';
import { lesionMaskOf } from '../../workers/measure/volume';
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
      /** M-SEG-6: the lesion's mean HU for Choi, or why none is proposed */
      density: ProposedDensity;
    }
  | { ok: false; at: Point3; reason: string };

const dot = (a: Point3, b: Point3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Point3, b: Point3): Point3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
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
export async function proposeOnImage(imageId: string, slice: Slice, at: Point3, options: SegmentOptions = {}, densityFrom?: DensitySlice): Promise<ProposalResult> {
  const plane = planeOf(imageId, slice);
  if (!plane) return { ok: false, at, reason: 'this image has no pixel spacing or geometry, so lengths cannot be given in mm' };
  const values = await modalityValuesOf(imageId);
  if (!values) return { ok: false, at, reason: 'click-to-measure needs a greyscale image' };
  const densityValues = densityFrom ? await valuesOnPlane(densityFrom, plane) : null;
  const slice2d = { values, rows: plane.rows, columns: plane.columns, columnSpacingMm: plane.columnSpacingMm, rowSpacingMm: plane.rowSpacingMm };
  const buffers = densityValues ? [values.buffer, densityValues.buffer] : [values.buffer];
  const result = await measurer().segment(transfer(slice2d, buffers), toPixel(plane, at), densityValues ? { ...options, densityValues } : options);
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
    density: densityFrom && densityValues ? densityMeasuredOn(densityFrom, result.meanLevel) : proposedDensity(metadata, result.meanLevel),
  };
}

/** The portal venous slice a click on an arterial one reads its mean HU from (M-SEG-6). */
export interface DensitySlice {
  imageId: string;
  slice: Slice;
  seriesDescription: string;
}

const densityMeasuredOn = (from: DensitySlice, meanLevel: number): ProposedDensity =>
  Number.isFinite(meanLevel) ? { kind: 'measured', meanHU: meanLevel, seriesDescription: from.seriesDescription } : { kind: 'notProposed', reason: 'notOnPortalSeries' };

/** A decoded greyscale image's modality values (HU on CT), or null for colour. */
async function modalityValuesOf(imageId: string): Promise<Float32Array | null> {
  const image = await imageLoader.loadAndCacheImage(imageId);
  const valueAt = modalityValueAt(image);
  if (!valueAt) return null;
  const values = new Float32Array(image.rows * image.columns);
  for (let index = 0; index < values.length; index++) values[index] = valueAt(index);
  return values;
}

/**
 * Another slice's values on this plane's pixel grid, through patient coordinates (nearest pixel; NaN
 * off that slice): the portal venous phase under the pixels of the arterial one.
 */
async function valuesOnPlane(from: DensitySlice, plane: ImagePlane): Promise<Float32Array | null> {
  const source = planeOf(from.imageId, from.slice);
  const values = source ? await modalityValuesOf(from.imageId) : null;
  if (!source || !values) return null;
  const onPlane = new Float32Array(plane.rows * plane.columns).fill(NaN);
  for (let row = 0; row < plane.rows; row++) {
    for (let column = 0; column < plane.columns; column++) {
      const pixel = toPixel(source, toWorld(plane, { column, row }));
      const [c, r] = [Math.round(pixel.column), Math.round(pixel.row)];
      if (c >= 0 && r >= 0 && c < source.columns && r < source.rows) onPlane[row * plane.columns + column] = values[r * source.columns + c]!;
    }
  }
  return onPlane;
}

/** A lesion reaches at most MAX_RADIUS_MM from the click; the slices and the part of each slice it can occupy. */
const REACH_MM = MAX_RADIUS_MM + 12;

/** The image's modality values in a window of `bounds`, as the measuring worker reads a slice. */
async function windowOf(imageId: string, plane: ImagePlane, bounds: { column0: number; row0: number; columns: number; rows: number }): Promise<SliceImage | null> {
  const image = await imageLoader.loadAndCacheImage(imageId);
  const valueAt = modalityValueAt(image);
  if (!valueAt || image.rows !== plane.rows || image.columns !== plane.columns) return null;
  const values = new Float32Array(bounds.rows * bounds.columns);
  for (let row = 0; row < bounds.rows; row++) {
    for (let column = 0; column < bounds.columns; column++) values[row * bounds.columns + column] = valueAt((row + bounds.row0) * image.columns + column + bounds.column0);
  }
  return { values, rows: bounds.rows, columns: bounds.columns, columnSpacingMm: plane.columnSpacingMm, rowSpacingMm: plane.rowSpacingMm };
}

/**
 * Click-to-measure in 3D (docs/measurement.md, M-SEG-5): the lesion under the click followed over the
 * neighbouring slices of its stack. Only the slices and the part of each that a lesion of
 * MAX_RADIUS_MM can reach go to the worker (a few MB, not the whole series). Null when the stack has
 * no regular geometry or the lesion is not found.
 */
export async function proposeVolume(stack: { imageIds: readonly string[]; index: number; sliceOf(imageId: string): Slice | undefined }, at: Point3, options: SegmentOptions): Promise<LesionVolume | null> {
  const planes = stack.imageIds.map((imageId) => {
    const slice = stack.sliceOf(imageId);
    return slice ? planeOf(imageId, slice) : null;
  });
  const plane = planes[stack.index];
  const neighbour = planes[stack.index + 1] ?? planes[stack.index - 1];
  if (!plane || !neighbour) return null;
  const normal = cross(plane.rowCosines, plane.columnCosines);
  const spacingMm = Math.abs(dot([neighbour.origin[0] - plane.origin[0], neighbour.origin[1] - plane.origin[1], neighbour.origin[2] - plane.origin[2]], normal));
  if (!(spacingMm > 0.1)) return null;
  const reachSlices = Math.ceil(REACH_MM / spacingMm);
  const first = Math.max(0, stack.index - reachSlices);
  const last = Math.min(stack.imageIds.length - 1, stack.index + reachSlices);
  const seed = toPixel(plane, at);
  const column0 = Math.max(0, Math.floor(seed.column - REACH_MM / plane.columnSpacingMm));
  const row0 = Math.max(0, Math.floor(seed.row - REACH_MM / plane.rowSpacingMm));
  const bounds = {
    column0,
    row0,
    columns: Math.min(plane.columns, Math.ceil(seed.column + REACH_MM / plane.columnSpacingMm)) - column0,
    rows: Math.min(plane.rows, Math.ceil(seed.row + REACH_MM / plane.rowSpacingMm)) - row0,
  };
  if (bounds.columns <= 0 || bounds.rows <= 0) return null;
  const slices: SliceImage[] = [];
  for (let index = first; index <= last; index++) {
    const own = planes[index];
    const image = own ? await windowOf(stack.imageIds[index]!, own, bounds) : null;
    if (!image) break;
    slices.push(image);
  }
  if (slices.length <= stack.index - first) return null;
  const estimate = await measurer().volume(transfer(slices, slices.map((slice) => slice.values.buffer)), spacingMm, stack.index - first, { column: seed.column - column0, row: seed.row - row0 }, options);
  if (!estimate) return null;
  const series = stack.sliceOf(stack.imageIds[stack.index]!)?.instance.metadata;
  const imageAt = (index: number) => {
    const slice = stack.sliceOf(stack.imageIds[first + index]!);
    return slice ? { sopInstanceUid: slice.instance.metadata.sopInstanceUid, frameNumber: slice.frameNumber } : undefined;
  };
  const mask = series ? lesionMaskOf(estimate.masks, series, imageAt, bounds) : null;
  return { volumeMl: estimate.volumeMl, enhancingVolumeMl: estimate.enhancingVolumeMl, sliceCount: estimate.sliceIndices.length, ...(mask ? { mask } : {}) };
}
