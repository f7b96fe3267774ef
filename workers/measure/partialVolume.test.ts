import { describe, expect, it } from 'vitest';
import { paintedSlice } from '../../tests/fixtures/paintedSlice';
import { partialAreaPixels, sectionAreasMm2 } from './partialVolume';
import { countOf } from './region';
import { lesionRegion } from './segment';

const LIVER_HU = 60;
const NECROSIS_HU = 12;
const VIABLE_HU = 150;
const NOISE_SD = 10;
const PIXEL_MM = 0.8;
const ellipseMm2 = (a: number, b: number) => Math.PI * a * b;

function regionAt(ellipses: Parameters<typeof paintedSlice>[0]['ellipses'], seed = 3) {
  const image = paintedSlice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses, seed });
  const region = lesionRegion(image, { column: 80 / PIXEL_MM, row: 80 / PIXEL_MM });
  if (typeof region === 'string') throw new Error(`no region: ${region}`);
  return region;
}

describe('M-SEG-7: a section\'s area counts its edge pixels at their share of lesion', () => {
  it.each([
    { name: 'a 6 × 5 mm section (the end of an 11 × 9 mm lesion)', a: 3, b: 2.5 },
    { name: 'an 11 × 9 mm section', a: 5.5, b: 4.5 },
    { name: 'a 30 × 20 mm section', a: 15, b: 10 },
  ])('$name, necrotic in the liver: within 4 % of the ellipse\'s area', ({ a, b }) => {
    const region = regionAt([{ cxMm: 80, cyMm: 80, semiAMm: a, semiBMm: b, degrees: 20, value: NECROSIS_HU }]);
    expect(Math.abs(sectionAreasMm2(region).whole / ellipseMm2(a, b) - 1)).toBeLessThan(0.04);
  });

  it('a 5 × 4 mm viable nodule in a necrotic lesion: its area within 8 %, where the thresholded pixels give half of it', () => {
    const region = regionAt([
      { cxMm: 80, cyMm: 80, semiAMm: 8, semiBMm: 6, degrees: 0, value: NECROSIS_HU },
      { cxMm: 78, cyMm: 80, semiAMm: 2.5, semiBMm: 2, degrees: 0, value: VIABLE_HU },
    ]);
    const truth = ellipseMm2(2.5, 2);
    expect(countOf(region.enhancing!) * PIXEL_MM * PIXEL_MM).toBeLessThan(0.7 * truth);
    expect(Math.abs(sectionAreasMm2(region).enhancing / truth - 1)).toBeLessThan(0.08);
    expect(Math.abs(sectionAreasMm2(region).whole / ellipseMm2(8, 6) - 1)).toBeLessThan(0.04);
  });

  it('pure surroundings in the band add noise around zero, not a bias: the mean over 12 noise seeds is within 1.5 %', () => {
    const areas = Array.from({ length: 12 }, (_, seed) => sectionAreasMm2(regionAt([{ cxMm: 80, cyMm: 80, semiAMm: 4, semiBMm: 4, degrees: 0, value: NECROSIS_HU }], seed + 1)).whole);
    const mean = areas.reduce((sum, area) => sum + area, 0) / areas.length;
    expect(Math.abs(mean / ellipseMm2(4, 4) - 1)).toBeLessThan(0.015);
  });

  it('a pixel where inside and outside hardly differ counts as the mask says (no division by a noise-sized contrast)', () => {
    const image = { values: Float32Array.from([60, 61, 60, 60, 61, 60, 60, 61, 60]), columns: 3, rows: 3, columnSpacingMm: 1, rowSpacingMm: 1 };
    const mask = Uint8Array.from([0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(partialAreaPixels(image, mask, { outside: 60, insideNear: () => 60.5, minContrast: 30 })).toBe(3);
  });

  it('a bright vessel in the band next to a necrotic lesion is cut to a share of −1, not its full −19.6', () => {
    const image = { values: Float32Array.from([60, 12, 1000]), columns: 3, rows: 1, columnSpacingMm: 1, rowSpacingMm: 1 };
    const mask = Uint8Array.from([0, 1, 0]);
    // (1000 − 60) / (12 − 60) is −19.6: cut to −1. The lesion's own pixel is 1; the liver pixel 0.
    expect(partialAreaPixels(image, mask, { outside: 60, insideNear: () => 12, minContrast: 30 })).toBeCloseTo(0, 6);
  });
});
