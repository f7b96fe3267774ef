/**
 * One slice as the measurement algorithms see it: modality values (HU on CT, signal on MR) in row-major
 * order, and the physical size of a pixel step. A point is (column, row) in continuous pixel units, the
 * centre of pixel (i, j) at (i, j). Spacing is per axis because pixels need not be square.
 */
export interface SliceImage {
  readonly values: Float32Array;
  readonly columns: number;
  readonly rows: number;
  /** distance between the centres of two adjacent columns (DICOM PixelSpacing[1]) */
  readonly columnSpacingMm: number;
  /** distance between the centres of two adjacent rows (DICOM PixelSpacing[0]) */
  readonly rowSpacingMm: number;
}

/** A point on a slice in continuous pixel units. */
export interface PixelPoint {
  readonly column: number;
  readonly row: number;
}

/** A region of a slice: one flag per pixel. */
export type Mask = Uint8Array;

/**
 * The mask of the pixels whose index passes `test`. A plain loop: `Uint8Array.from(values, fn)` goes
 * through the iterator protocol and was 30 times slower, most of click-to-measure's time.
 */
export function maskWhere(length: number, test: (index: number) => boolean): Mask {
  const mask: Mask = new Uint8Array(length);
  for (let index = 0; index < length; index++) if (test(index)) mask[index] = 1;
  return mask;
}

export const pixelIndex = (image: Pick<SliceImage, 'columns'>, column: number, row: number): number => row * image.columns + column;

export const inBounds = (image: Pick<SliceImage, 'columns' | 'rows'>, column: number, row: number): boolean =>
  column >= 0 && row >= 0 && column < image.columns && row < image.rows;

/** Distance in mm between two points of the slice. */
export const distanceMm = (image: SliceImage, a: PixelPoint, b: PixelPoint): number =>
  Math.hypot((b.column - a.column) * image.columnSpacingMm, (b.row - a.row) * image.rowSpacingMm);

/**
 * 3 × 3 mean. The phantom's and a CT's noise (sd ≈ 10 HU) would otherwise move a threshold crossing by
 * a pixel; a symmetric kernel leaves the half-way crossing of a straight edge where it was.
 */
export function boxSmooth(image: SliceImage): Float32Array {
  const { values, columns, rows } = image;
  const out = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let sum = 0;
      let count = 0;
      for (let dr = -1; dr <= 1; dr++) {
        const r = row + dr;
        if (r < 0 || r >= rows) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const c = column + dc;
          if (c < 0 || c >= columns) continue;
          sum += values[r * columns + c]!;
          count++;
        }
      }
      out[row * columns + column] = sum / count;
    }
  }
  return out;
}

/** Bilinear value at a continuous point, clamped to the image. */
export function sampleBilinear(values: Float32Array, image: Pick<SliceImage, 'columns' | 'rows'>, point: PixelPoint): number {
  const column = Math.min(Math.max(point.column, 0), image.columns - 1);
  const row = Math.min(Math.max(point.row, 0), image.rows - 1);
  const c0 = Math.min(Math.floor(column), image.columns - 2 < 0 ? 0 : image.columns - 2);
  const r0 = Math.min(Math.floor(row), image.rows - 2 < 0 ? 0 : image.rows - 2);
  const c1 = Math.min(c0 + 1, image.columns - 1);
  const r1 = Math.min(r0 + 1, image.rows - 1);
  const fc = column - c0;
  const fr = row - r0;
  const top = r0 * image.columns;
  const bottom = r1 * image.columns;
  return (values[top + c0]! * (1 - fc) + values[top + c1]! * fc) * (1 - fr) + (values[bottom + c0]! * (1 - fc) + values[bottom + c1]! * fc) * fr;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
