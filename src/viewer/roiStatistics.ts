import type { Point3 } from '../../workers/read/model';
import { patientToPixel, type ImagePlane } from './keyImageGeometry';

/** Mean attenuation inside an elliptical region of one image (Choi: the lesion's density in HU). */
export interface RoiStatistics {
  meanHU: number;
  standardDeviationHU: number;
  pixelCount: number;
  areaMm2: number;
}

export interface GreyscalePixels {
  rows: number;
  columns: number;
  /** modality value (HU for CT) of the pixel at row * columns + column */
  valueAt(index: number): number;
}

/**
 * The pixels whose centres lie inside the ellipse spanned by its centre and two conjugate semi-axes:
 * the ellipse is the image of the unit circle under [a b], so a pixel centre p is inside when the
 * (s, t) with p − c = s·a + t·b has s² + t² ≤ 1. Handles are Cornerstone's, in patient coordinates:
 * the ends of the two axes (bottom, top, left, right).
 */
export function ellipseStatistics(plane: ImagePlane, handles: readonly [Point3, Point3, Point3, Point3], pixels: GreyscalePixels): RoiStatistics | null {
  const [bottom, top, left, right] = handles.map((point) => patientToPixel(plane, point));
  const centre = [(bottom![0] + top![0] + left![0] + right![0]) / 4, (bottom![1] + top![1] + left![1] + right![1]) / 4] as const;
  const a = [(top![0] - bottom![0]) / 2, (top![1] - bottom![1]) / 2] as const;
  const b = [(right![0] - left![0]) / 2, (right![1] - left![1]) / 2] as const;
  const determinant = a[0] * b[1] - a[1] * b[0];
  if (Math.abs(determinant) < 1e-9) return null;
  const reach = [Math.abs(a[0]) + Math.abs(b[0]), Math.abs(a[1]) + Math.abs(b[1])];
  const [fromColumn, toColumn] = [Math.max(0, Math.floor(centre[0] - reach[0]!)), Math.min(pixels.columns - 1, Math.ceil(centre[0] + reach[0]!))];
  const [fromRow, toRow] = [Math.max(0, Math.floor(centre[1] - reach[1]!)), Math.min(pixels.rows - 1, Math.ceil(centre[1] + reach[1]!))];
  let count = 0;
  let sum = 0;
  let sumOfSquares = 0;
  for (let row = fromRow; row <= toRow; row++) {
    for (let column = fromColumn; column <= toColumn; column++) {
      const [dx, dy] = [column - centre[0], row - centre[1]];
      const s = (dx * b[1] - dy * b[0]) / determinant;
      const t = (a[0] * dy - a[1] * dx) / determinant;
      if (s * s + t * t > 1) continue;
      const value = pixels.valueAt(row * pixels.columns + column);
      count += 1;
      sum += value;
      sumOfSquares += value * value;
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  return {
    meanHU: mean,
    standardDeviationHU: Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean)),
    pixelCount: count,
    areaMm2: count * plane.rowSpacingMm * plane.columnSpacingMm,
  };
}
