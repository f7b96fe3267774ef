import { describe, expect, it } from 'vitest';
import type { Point3 } from '../../workers/read/model';
import type { ImagePlane } from './keyImageGeometry';
import { ellipseStatistics, type GreyscalePixels } from './roiStatistics';

// An axial 100 × 100 image, 0.5 mm pixels, first pixel centre at (−25, −25, 10) mm.
const plane: ImagePlane = { origin: [-25, -25, 10], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], columnSpacingMm: 0.5, rowSpacingMm: 0.5, rows: 100, columns: 100 };
const at = (column: number, row: number): Point3 => [-25 + column * 0.5, -25 + row * 0.5, 10];
/** Handles as Cornerstone orders them: bottom, top, left, right. */
const ellipse = (column: number, row: number, radiusX: number, radiusY: number) =>
  [at(column, row - radiusY), at(column, row + radiusY), at(column - radiusX, row), at(column + radiusX, row)] as const;

function image(valueOf: (column: number, row: number) => number): GreyscalePixels {
  return { rows: 100, columns: 100, valueAt: (index) => valueOf(index % 100, Math.floor(index / 100)) };
}

describe('mean attenuation inside an ellipse', () => {
  it('averages exactly the pixels whose centres are inside', () => {
    // a 40 HU disc of radius 10 pixels on a −100 HU background; the ROI has radius 8: only the disc
    const disc = image((column, row) => (Math.hypot(column - 50, row - 50) <= 10 ? 40 : -100));
    const inside = ellipseStatistics(plane, ellipse(50, 50, 8, 8), disc)!;
    expect(inside.meanHU).toBe(40);
    expect(inside.standardDeviationHU).toBe(0);
    // pixel centres within radius 8 of a pixel centre: 197 (Gauss circle problem, N(8))
    expect(inside.pixelCount).toBe(197);
    expect(inside.areaMm2).toBeCloseTo(197 * 0.25, 10);
  });

  it('follows the ellipse, not its bounding box', () => {
    const byColumn = image((column) => column);
    const wide = ellipseStatistics(plane, ellipse(50, 50, 20, 2), byColumn)!;
    expect(wide.meanHU).toBeCloseTo(50, 10); // symmetric about column 50
    const corners = image((column, row) => (Math.abs(column - 50) > 14 && Math.abs(row - 50) > 14 ? 1000 : 0));
    expect(ellipseStatistics(plane, ellipse(50, 50, 20, 20), corners)!.meanHU).toBe(0); // the box's corners are outside
  });

  it('gives the spread of the values, and clips at the image edge', () => {
    const checker = image((column, row) => ((column + row) % 2 === 0 ? 0 : 100));
    const stats = ellipseStatistics(plane, ellipse(50, 50, 10, 10), checker)!;
    // 317 pixel centres within radius 10 (N(10)); 156 of them on odd squares (column + row odd)
    expect(stats.pixelCount).toBe(317);
    expect(stats.meanHU).toBeCloseTo((156 * 100) / 317, 10);
    expect(stats.standardDeviationHU).toBeCloseTo(100 * Math.sqrt((156 / 317) * (161 / 317)), 10);
    const edge = ellipseStatistics(plane, ellipse(0, 0, 5, 5), image(() => 7))!;
    expect(edge.meanHU).toBe(7);
    expect(edge.pixelCount).toBeLessThan(30);
  });

  it('refuses a degenerate ellipse', () => {
    expect(ellipseStatistics(plane, ellipse(50, 50, 0, 5), image(() => 1))).toBeNull();
  });
});
