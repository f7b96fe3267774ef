import { describe, expect, it } from 'vitest';
import { boundingBox, boxRunsOf, decodeRuns, encodeRuns } from './maskRuns';

/** A grid `columns` × `rows` with the pixels where `inside(column, row)` set. */
const grid = (columns: number, rows: number, inside: (column: number, row: number) => boolean) =>
  Uint8Array.from({ length: columns * rows }, (_, index) => (inside(index % columns, Math.floor(index / columns)) ? 1 : 0));

/** The box's pixels of a full-grid mask, as decodeRuns gives them. */
const crop = (mask: Uint8Array, columns: number, box: { column0: number; row0: number; columns: number; rows: number }) =>
  Uint8Array.from({ length: box.columns * box.rows }, (_, index) => mask[(box.row0 + Math.floor(index / box.columns)) * columns + box.column0 + (index % box.columns)]!);

describe('a mask as its bounding box and run lengths', () => {
  it('round-trips a disc with a hole exactly, and the box is the tightest one', () => {
    const mask = grid(40, 30, (c, r) => (c - 20) ** 2 + (r - 14) ** 2 <= 81 && (c - 20) ** 2 + (r - 14) ** 2 > 4);
    const box = boundingBox(mask, 40)!;
    expect(box).toEqual({ column0: 11, row0: 5, columns: 19, rows: 19 });
    const runs = encodeRuns(mask, 40, box);
    expect(decodeRuns({ ...box, runs })).toEqual(crop(mask, 40, box));
    // alternately outside and inside: the inside runs sum to the mask's pixels
    expect(runs.filter((_, index) => index % 2 === 1).reduce((a, b) => a + b, 0)).toBe(mask.reduce((a, b) => a + b, 0));
  });

  it('a region touching the image edge (first pixel set, last column set) starts with an empty outside run and round-trips', () => {
    const mask = grid(16, 12, (c, r) => r < 5 && c < 4 || c === 15);
    const encoded = boxRunsOf(mask, 16)!;
    expect(encoded).toMatchObject({ column0: 0, row0: 0, columns: 16, rows: 12 });
    expect(encoded.runs[0]).toBe(0);
    expect(decodeRuns(encoded)).toEqual(mask);
  });

  it('an empty mask has no box; a mask over another box keeps only its pixels inside that box', () => {
    expect(boxRunsOf(new Uint8Array(20), 5)).toBeNull();
    const mask = grid(10, 10, (c, r) => c >= 2 && c <= 5 && r >= 2 && r <= 5);
    const inner = { column0: 3, row0: 3, columns: 2, rows: 2 };
    expect(decodeRuns({ ...inner, runs: encodeRuns(mask, 10, inner) })).toEqual(new Uint8Array([1, 1, 1, 1]));
  });

  it('the box is moved by the offset of the window the mask was found in', () => {
    const mask = grid(8, 8, (c, r) => c === 3 && r === 4);
    expect(boxRunsOf(mask, 8, { column0: 100, row0: 200 })).toEqual({ column0: 103, row0: 204, columns: 1, rows: 1, runs: [0, 1] });
  });

  it('runs that overflow their box are refused, not cut', () => {
    expect(() => decodeRuns({ columns: 2, rows: 2, runs: [1, 4] })).toThrow(/overflow/);
    expect(() => decodeRuns({ columns: 2, rows: 2, runs: [-1, 2] })).toThrow(/overflow/);
  });

  it('a 5 cm spherical lesion on 0.7 mm pixels and 1 mm slices (50 slices) is under 40 kB as JSON (its 512 × 512 slices as bitmaps would be 13 MB)', () => {
    const spacingMm = 0.7;
    const radiusMm = 25;
    const size = Math.ceil((2 * radiusMm) / spacingMm) + 4;
    const slices = [];
    let boxPixels = 0;
    for (let zMm = -radiusMm + 0.5; zMm < radiusMm; zMm += 1) {
      const r2 = radiusMm ** 2 - zMm ** 2;
      const mask = grid(size, size, (c, r) => ((c - size / 2) * spacingMm) ** 2 + ((r - size / 2) * spacingMm) ** 2 <= r2);
      const encoded = boxRunsOf(mask, size)!;
      boxPixels += encoded.columns * encoded.rows;
      slices.push({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.12345678901234567890123456789012345', frameNumber: null, ...encoded, enhancing: encoded.runs });
    }
    const bytes = JSON.stringify({ studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', slices }).length;
    console.log(`5 cm sphere, 50 slices, whole + enhancing runs: ${(bytes / 1024).toFixed(1)} kB of JSON (box bitmaps, one byte per pixel: ${(boxPixels / 1024).toFixed(0)} kB)`);
    expect(slices).toHaveLength(50);
    expect(bytes).toBeLessThan(40_000);
  });
});
