import type { Point3 } from '../../workers/read/model';
import { patientToPixel, type ImagePlane, type PixelPoint } from '../dicom/imagePlane';

/**
 * The arithmetic of a key image, kept apart from Cornerstone so that it can be checked in Node:
 * patient coordinates to pixels (DICOM PS3.3 C.7.6.2.1.1), the crop around a lesion, the linear VOI
 * window (PS3.3 C.11.2.1.2.1) and the resampling of the crop.
 */

export { distanceFromPlaneMm, patientToPixel, type ImagePlane, type PixelPoint } from '../dicom/imagePlane';

/** A square (in mm) region of the image, in pixel-edge coordinates: the first pixel spans [0, 1). */
export interface Crop {
  left: number;
  top: number;
  /** in source pixels */
  width: number;
  height: number;
  sideMm: number;
}

export interface CropOptions {
  /** the side is this many times the longest long axis shown */
  factor: number;
  minimumSideMm: number;
}

export const DEFAULT_CROP: CropOptions = { factor: 2.5, minimumSideMm: 60 };

/**
 * The square around the calipers: centred on their bounding box, its side the larger of
 * `factor` × the longest long axis, the minimum, and the calipers' own extent with a margin.
 */
export function cropAround(plane: ImagePlane, points: readonly Point3[], longestAxisMm: number, options: CropOptions = DEFAULT_CROP): Crop {
  const pixels = points.map((point) => patientToPixel(plane, point));
  const xs = pixels.map(([x]) => x);
  const ys = pixels.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = pixels.length > 0 ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] : [0, plane.columns - 1, 0, plane.rows - 1];
  const extentMm = Math.max((maxX - minX) * plane.columnSpacingMm, (maxY - minY) * plane.rowSpacingMm);
  const sideMm = Math.max(options.minimumSideMm, options.factor * longestAxisMm, extentMm * 1.2);
  const width = sideMm / plane.columnSpacingMm;
  const height = sideMm / plane.rowSpacingMm;
  // pixel centre coordinates → edge coordinates: + 0.5
  const centreX = (minX + maxX) / 2 + 0.5;
  const centreY = (minY + maxY) / 2 + 0.5;
  return { left: centreX - width / 2, top: centreY - height / 2, width, height, sideMm };
}

/** Where a pixel-centre coordinate lands on an output canvas of the given size showing the crop. */
export function pixelToOutput(crop: Crop, outputSize: number, point: PixelPoint): PixelPoint {
  return [((point[0] + 0.5 - crop.left) * outputSize) / crop.width, ((point[1] + 0.5 - crop.top) * outputSize) / crop.height];
}

export interface VoiWindowValues {
  center: number;
  width: number;
}

/** DICOM linear VOI function to an 8-bit grey level. */
export function windowToGray(value: number, window: VoiWindowValues): number {
  const width = Math.max(1, window.width);
  const low = window.center - 0.5 - (width - 1) / 2;
  const high = window.center - 0.5 + (width - 1) / 2;
  if (value <= low) return 0;
  if (value > high) return 255;
  return Math.round(((value - (window.center - 0.5)) / (width - 1) + 0.5) * 255);
}

export interface GrayImage {
  rows: number;
  columns: number;
  /** modality values (HU for CT), row by row */
  valueAt(index: number): number;
}

/**
 * Resamples the crop (bilinear) into an RGBA square of `outputSize` pixels, windowed to grey.
 * Outside the image is black.
 */
export function renderCrop(image: GrayImage, crop: Crop, outputSize: number, window: VoiWindowValues, invert = false): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(outputSize * outputSize * 4);
  const sample = (column: number, row: number) => image.valueAt(row * image.columns + column);
  for (let outY = 0; outY < outputSize; outY++) {
    const y = crop.top + ((outY + 0.5) * crop.height) / outputSize - 0.5;
    for (let outX = 0; outX < outputSize; outX++) {
      const x = crop.left + ((outX + 0.5) * crop.width) / outputSize - 0.5;
      const offset = (outY * outputSize + outX) * 4;
      rgba[offset + 3] = 255;
      if (x < -0.5 || y < -0.5 || x > image.columns - 0.5 || y > image.rows - 0.5) continue;
      const x0 = Math.min(Math.max(Math.floor(x), 0), image.columns - 1);
      const y0 = Math.min(Math.max(Math.floor(y), 0), image.rows - 1);
      const x1 = Math.min(x0 + 1, image.columns - 1);
      const y1 = Math.min(y0 + 1, image.rows - 1);
      const fx = Math.min(Math.max(x - x0, 0), 1);
      const fy = Math.min(Math.max(y - y0, 0), 1);
      const top = sample(x0, y0) * (1 - fx) + sample(x1, y0) * fx;
      const bottom = sample(x0, y1) * (1 - fx) + sample(x1, y1) * fx;
      const gray = windowToGray(top * (1 - fy) + bottom * fy, window);
      const level = invert ? 255 - gray : gray;
      rgba[offset] = level;
      rgba[offset + 1] = level;
      rgba[offset + 2] = level;
    }
  }
  return rgba;
}
