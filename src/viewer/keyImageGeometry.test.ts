import { describe, expect, it } from 'vitest';
import type { Point3 } from '../../workers/read/model';
import { cropAround, distanceFromPlaneMm, patientToPixel, pixelToOutput, renderCrop, windowToGray, type ImagePlane } from './keyImageGeometry';

/** The phantom's axial CT geometry (ground-truth.json). */
const axial: ImagePlane = {
  origin: [-199.609375, -199.609375, -20],
  rowCosines: [1, 0, 0],
  columnCosines: [0, 1, 0],
  columnSpacingMm: 0.78125,
  rowSpacingMm: 0.78125,
  rows: 512,
  columns: 512,
};

/** A sagittal plane with non-square pixels: columns run anterior→posterior, rows head→feet. */
const sagittal: ImagePlane = {
  origin: [10, -100, 50],
  rowCosines: [0, 1, 0],
  columnCosines: [0, 0, -1],
  columnSpacingMm: 0.5,
  rowSpacingMm: 2,
  rows: 100,
  columns: 400,
};

describe('key image geometry', () => {
  it('projects patient coordinates to pixel centres (first pixel at 0, 0)', () => {
    expect(patientToPixel(axial, axial.origin)).toEqual([0, 0]);
    expect(patientToPixel(axial, [-199.609375 + 10 * 0.78125, -199.609375 + 5 * 0.78125, -20])).toEqual([10, 5]);
    // the image centre of a 512 matrix centred on the origin of patient space
    expect(patientToPixel(axial, [0, 0, -20])).toEqual([255.5, 255.5]);
  });

  it('uses the row cosines with the column spacing and the column cosines with the row spacing', () => {
    const [x, y] = patientToPixel(sagittal, [10, -100 + 30, 50 - 40]);
    expect(x).toBeCloseTo(60, 10); // 30 mm along the row direction / 0.5 mm
    expect(y).toBeCloseTo(20, 10); // 40 mm along the column direction / 2 mm
  });

  it('measures how far a point is from the plane', () => {
    expect(distanceFromPlaneMm(axial, [12, -40, -20])).toBeCloseTo(0, 10);
    expect(distanceFromPlaneMm(axial, [12, -40, -25])).toBeCloseTo(5, 10);
    expect(distanceFromPlaneMm(sagittal, [13, 0, 0])).toBeCloseTo(3, 10);
  });

  it('crops a square of 2.5 × the long axis centred on the calipers', () => {
    const longAxis: Point3[] = [
      [-20, 0, -20],
      [20, 0, -20],
    ];
    const crop = cropAround(axial, longAxis, 40);
    expect(crop.sideMm).toBeCloseTo(100, 10);
    expect(crop.width).toBeCloseTo(100 / 0.78125, 10);
    const [centreX, centreY] = pixelToOutput(crop, 200, patientToPixel(axial, [0, 0, -20]));
    expect(centreX).toBeCloseTo(100, 10);
    expect(centreY).toBeCloseTo(100, 10);
    const [endX] = pixelToOutput(crop, 200, patientToPixel(axial, [20, 0, -20]));
    expect(endX).toBeCloseTo(100 + 200 * (20 / 100), 10);
  });

  it('never crops less than 60 mm, and always holds every caliper end', () => {
    expect(cropAround(axial, [[0, 0, -20], [8, 0, -20]], 8).sideMm).toBe(60);
    // an enhancing caliper far from a small whole-lesion caliper widens the square
    const spread = cropAround(axial, [[-50, 0, -20], [50, 0, -20]], 10);
    expect(spread.sideMm).toBeCloseTo(120, 10);
  });

  it('keeps the crop square in millimetres on non-square pixels', () => {
    const crop = cropAround(sagittal, [[10, -80, 0], [10, -60, 0]], 20);
    expect(crop.width * sagittal.columnSpacingMm).toBeCloseTo(crop.height * sagittal.rowSpacingMm, 10);
  });

  it('applies the DICOM linear window', () => {
    const window = { center: 40, width: 400 };
    expect(windowToGray(-1000, window)).toBe(0);
    expect(windowToGray(-160, window)).toBe(0);
    expect(windowToGray(40, window)).toBe(128);
    expect(windowToGray(239, window)).toBe(255);
    expect(windowToGray(3000, window)).toBe(255);
    expect(windowToGray(0, { center: 0, width: 0 })).toBe(255);
  });

  it('resamples the crop: a bright pixel lands where the geometry says, outside the image is black', () => {
    const columns = 20;
    const rows = 10;
    const values = new Float32Array(columns * rows).fill(-1000);
    values[4 * columns + 15] = 1000; // row 4, column 15
    const image = { rows, columns, valueAt: (index: number) => values[index]! };
    // pixel-edge crop of columns 10..30 and rows 0..20: the right half and the lower half are outside
    const crop = { left: 10, top: 0, width: 20, height: 20, sideMm: 20 };
    const rgba = renderCrop(image, crop, 20, { center: 0, width: 100 });
    const grayAt = (x: number, y: number) => rgba[(y * 20 + x) * 4]!;
    expect(grayAt(5, 4)).toBe(255);
    expect(grayAt(4, 4)).toBe(0);
    expect(grayAt(15, 15)).toBe(0);
    expect(rgba[(15 * 20 + 15) * 4 + 3]).toBe(255);
    const inverted = renderCrop(image, crop, 20, { center: 0, width: 100 }, true);
    expect(inverted[(4 * 20 + 4) * 4]).toBe(255);
  });
});
