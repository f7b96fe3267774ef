// Helpers for the sample-data tests: read a phantom image and measure a lesion along a known axis.
import { readFileSync } from 'node:fs';
import { readPart10 } from '../../scripts/sample-data/dcmjs';
import type { DicomDataset } from '../../scripts/sample-data/dcmjs';

export interface PhantomImage {
  dataset: DicomDataset;
  rows: number;
  columns: number;
  pixelSpacingMm: number;
  originX: number;
  originY: number;
  /** Modality values: HU for CT (rescaled), raw signal for MR. */
  values: Float32Array;
}

export function readImage(path: string): PhantomImage {
  const bytes = readFileSync(path);
  const dataset = readPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const rows = Number(dataset.Rows);
  const columns = Number(dataset.Columns);
  const pixelData = (dataset.PixelData as ArrayBuffer[])[0];
  if (!pixelData) throw new Error(`${path}: no pixel data`);
  const stored = new Uint16Array(pixelData);
  const slope = dataset.RescaleSlope === undefined ? 1 : Number(dataset.RescaleSlope);
  const intercept = dataset.RescaleIntercept === undefined ? 0 : Number(dataset.RescaleIntercept);
  const values = new Float32Array(rows * columns);
  for (let p = 0; p < values.length; p++) values[p] = (stored[p] ?? 0) * slope + intercept;
  const position = dataset.ImagePositionPatient as number[];
  const spacing = dataset.PixelSpacing as number[];
  return {
    dataset, rows, columns, pixelSpacingMm: Number(spacing[0]), originX: Number(position[0]), originY: Number(position[1]), values,
  };
}

/** Bilinear interpolation at patient (x, y). */
export function sample(image: PhantomImage, x: number, y: number): number {
  const fi = (x - image.originX) / image.pixelSpacingMm;
  const fj = (y - image.originY) / image.pixelSpacingMm;
  const i = Math.floor(fi);
  const j = Math.floor(fj);
  const ti = fi - i;
  const tj = fj - j;
  const at = (ii: number, jj: number) => image.values[Math.min(image.rows - 1, Math.max(0, jj)) * image.columns + Math.min(image.columns - 1, Math.max(0, ii))] ?? 0;
  return (at(i, j) * (1 - ti) + at(i + 1, j) * ti) * (1 - tj) + (at(i, j + 1) * (1 - ti) + at(i + 1, j + 1) * ti) * tj;
}

/**
 * Extent of an object along a line through `centre` in direction `(dx, dy)`: from `startMm` outside the
 * centre on each side, walk inwards until `inside(value)` first holds. Returns the distance between the
 * two first-inside points (each refined to the middle of the last step).
 */
export function extentAlong(
  image: PhantomImage, centre: [number, number], direction: [number, number], startMm: number, inside: (value: number) => boolean,
): number {
  const step = 0.05;
  const norm = Math.hypot(direction[0], direction[1]);
  const ux = direction[0] / norm;
  const uy = direction[1] / norm;
  let total = 0;
  for (const side of [1, -1]) {
    let found = Number.NaN;
    for (let t = startMm; t >= 0; t -= step) {
      if (inside(sample(image, centre[0] + side * t * ux, centre[1] + side * t * uy))) {
        found = t + step / 2;
        break;
      }
    }
    total += found;
  }
  return total;
}

/** Mean of the pixel values whose centres satisfy `predicate(x, y)` (patient coordinates). */
export function meanWhere(image: PhantomImage, predicate: (x: number, y: number) => boolean): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let j = 0; j < image.rows; j++) {
    const y = image.originY + j * image.pixelSpacingMm;
    for (let i = 0; i < image.columns; i++) {
      const x = image.originX + i * image.pixelSpacingMm;
      if (predicate(x, y)) {
        sum += image.values[j * image.columns + i] ?? 0;
        count++;
      }
    }
  }
  return { mean: count > 0 ? sum / count : Number.NaN, count };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inPool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
