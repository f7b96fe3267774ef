import type { Point3 } from '../../workers/read/model';

/**
 * Where an image lies in patient space, and the projection between the two (DICOM PS3.3
 * C.7.6.2.1.1): the key images, the density region and the SR's pixel coordinates all use it.
 */

/** Where an image lies in patient space. */
export interface ImagePlane {
  /** ImagePositionPatient: the centre of the first transmitted pixel, mm */
  origin: Point3;
  /** ImageOrientationPatient[0..2]: the direction in which the column index grows */
  rowCosines: Point3;
  /** ImageOrientationPatient[3..5]: the direction in which the row index grows */
  columnCosines: Point3;
  /** PixelSpacing[1]: distance between the centres of adjacent columns, mm */
  columnSpacingMm: number;
  /** PixelSpacing[0]: distance between the centres of adjacent rows, mm */
  rowSpacingMm: number;
  rows: number;
  columns: number;
}

/** Pixel coordinates: x is the column, y the row; (0, 0) is the centre of the first pixel. */
export type PixelPoint = readonly [number, number];

const dot = (a: Point3, b: Point3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

export function patientToPixel(plane: ImagePlane, point: Point3): PixelPoint {
  const offset: Point3 = [point[0] - plane.origin[0], point[1] - plane.origin[1], point[2] - plane.origin[2]];
  return [dot(offset, plane.rowCosines) / plane.columnSpacingMm, dot(offset, plane.columnCosines) / plane.rowSpacingMm];
}

/** Distance (mm) of a point from the image plane: a caliper far from it was not measured on this image. */
export function distanceFromPlaneMm(plane: ImagePlane, point: Point3): number {
  const [r, c] = [plane.rowCosines, plane.columnCosines];
  const normal: Point3 = [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]];
  return Math.abs(dot([point[0] - plane.origin[0], point[1] - plane.origin[1], point[2] - plane.origin[2]], normal));
}

