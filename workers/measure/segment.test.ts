import { describe, expect, it } from 'vitest';
import { paintedSlice as slice } from '../../tests/fixtures/paintedSlice';
import type { SliceImage } from './image';
import { segmentLesion, type LesionProposal } from './segment';

const clickAt = (image: SliceImage, xMm: number, yMm: number) => ({ column: xMm / image.columnSpacingMm, row: yMm / image.rowSpacingMm });

function proposed(image: SliceImage, xMm: number, yMm: number): LesionProposal {
  const result = segmentLesion(image, clickAt(image, xMm, yMm));
  if (result.kind !== 'proposal') throw new Error(`no proposal: ${result.reason}`);
  return result;
}

const LIVER_HU = 60;
const NOISE_SD = 10;

describe('click-to-measure on one slice: the long axis is the longest chord, the short axis the longest perpendicular one', () => {
  it.each([
    { name: 'a 40 × 30 mm ellipse along the columns', semiA: 20, semiB: 15, degrees: 0 },
    { name: 'a 40 × 30 mm ellipse turned 25°', semiA: 20, semiB: 15, degrees: 25 },
    { name: 'a 30 × 20 mm ellipse turned −35°', semiA: 15, semiB: 10, degrees: -35 },
    { name: 'an 11 × 9 mm ellipse (near the measurable limit)', semiA: 5.5, semiB: 4.5, degrees: 0 },
    { name: 'a 24 × 17 mm ellipse turned 70°', semiA: 12, semiB: 8.5, degrees: 70 },
  ])('$name: within 0.5 mm, in mm, with the short axis perpendicular', ({ semiA, semiB, degrees }) => {
    const image = slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: semiA, semiBMm: semiB, degrees, value: 170 }] });
    const { whole } = proposed(image, 80, 80);
    expect(whole.long.lengthMm).toBeCloseTo(2 * semiA, 0);
    expect(Math.abs(whole.long.lengthMm - 2 * semiA)).toBeLessThan(0.5);
    expect(Math.abs(whole.short.lengthMm - 2 * semiB)).toBeLessThan(0.5);
    const along = (chord: typeof whole.long) => [(chord.to.column - chord.from.column) * image.columnSpacingMm, (chord.to.row - chord.from.row) * image.rowSpacingMm];
    const [lx, ly] = along(whole.long);
    const [sx, sy] = along(whole.short);
    expect(Math.abs(lx! * sx! + ly! * sy!) / (whole.long.lengthMm * whole.short.lengthMm)).toBeLessThan(0.02);
  });

  it('measures in mm on anisotropic pixels (0.6 mm columns, 1.2 mm rows)', () => {
    const image = slice({ columnSpacingMm: 0.6, rowSpacingMm: 1.2, columns: 260, rows: 130, background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [{ cxMm: 78, cyMm: 78, semiAMm: 20, semiBMm: 12, degrees: 60, value: 170 }] });
    const { whole } = proposed(image, 78, 78);
    expect(Math.abs(whole.long.lengthMm - 40)).toBeLessThan(0.8);
    expect(Math.abs(whole.short.lengthMm - 24)).toBeLessThan(0.8);
  });

  it('measures a hypodense lesion as well as a hyperdense one', () => {
    const image = slice({ background: 110, noiseSd: NOISE_SD, ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 15, semiBMm: 10, degrees: 10, value: 15 }] });
    const { whole, viable } = proposed(image, 80, 80);
    expect(Math.abs(whole.long.lengthMm - 30)).toBeLessThan(0.5);
    expect(viable).toBeNull();
  });

  it('says when a region touches the image border, and still measures what is in the image', () => {
    const image = slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [{ cxMm: 3, cyMm: 80, semiAMm: 15, semiBMm: 10, degrees: 0, value: 170 }] });
    const result = proposed(image, 6, 80);
    expect(result.touchesImageEdge).toBe(true);
    expect(result.whole.long.lengthMm).toBeGreaterThan(10);
    expect(result.whole.long.lengthMm).toBeLessThan(30);
  });
});

describe('click-to-measure proposes the viable part of a lesion after embolization', () => {
  // A 39 × 29 mm necrotic lesion (12 HU) with a 15 × 10 mm enhancing nodule (170 HU) 9 mm off its centre, in liver (60 HU).
  const necrotic = { cxMm: 80, cyMm: 80, semiAMm: 19.5, semiBMm: 14.5, degrees: 25, value: 12 };
  const nodule = { cxMm: 80 + 9 * Math.cos((25 * Math.PI) / 180), cyMm: 80 + 9 * Math.sin((25 * Math.PI) / 180), semiAMm: 7.5, semiBMm: 5, degrees: 25, value: 170 };
  const image = slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [necrotic, nodule] });

  it.each([
    { where: 'on the necrosis', xMm: 80 - 8, yMm: 80 },
    { where: 'on the enhancing nodule', xMm: nodule.cxMm, yMm: nodule.cyMm },
  ])('a click $where gives the whole lesion and the nodule as its viable part', ({ xMm, yMm }) => {
    const { whole, viable } = proposed(image, xMm, yMm);
    expect(Math.abs(whole.long.lengthMm - 39)).toBeLessThan(1);
    expect(Math.abs(whole.short.lengthMm - 29)).toBeLessThan(1);
    expect(viable).not.toBeNull();
    expect(Math.abs(viable!.long.lengthMm - 15)).toBeLessThan(1.5);
    expect(Math.abs(viable!.short.lengthMm - 10)).toBeLessThan(1.5);
  });

  it('takes a set enhancing threshold: above the nodule, no viable part is proposed', () => {
    const result = segmentLesion(image, clickAt(image, 72, 80), { enhancingThreshold: 400 });
    expect(result.kind === 'proposal' && result.viable).toBe(null);
  });
});

describe('click-to-measure gives the lesion\'s mean level, its partial-volume edge left out (M-SEG-6)', () => {
  // necrosis and nodule as above: the mean is over the whole lesion (Choi 2007), not the viable part alone
  const necrotic = { cxMm: 80, cyMm: 80, semiAMm: 19.5, semiBMm: 14.5, degrees: 25, value: 12 };
  const nodule = { cxMm: 80, cyMm: 80, semiAMm: 7.5, semiBMm: 5, degrees: 25, value: 170 };
  const area = (e: { semiAMm: number; semiBMm: number }) => Math.PI * e.semiAMm * e.semiBMm;
  const mixed = (12 * (area(necrotic) - area(nodule)) + 170 * area(nodule)) / area(necrotic);

  it.each([
    { name: 'a uniform 30 × 20 mm lesion of 95 HU in liver of 60', ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 15, semiBMm: 10, degrees: 0, value: 95 }], expected: 95, within: 2 },
    { name: 'a hypodense 26 HU lesion in liver of 60', ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 15, semiBMm: 10, degrees: 30, value: 26 }], expected: 26, within: 2 },
    // the area-weighted mean of necrosis and nodule, less a little of the rim the edge takes with it
    { name: 'a necrotic lesion with an enhancing centre', ellipses: [necrotic, nodule], expected: mixed, within: 5 },
    { name: 'a 44 × 32 mm nodule in a 55 × 42 mm lesion: a necrotic rim', ellipses: [{ ...necrotic, semiAMm: 27.5, semiBMm: 21 }, { ...nodule, semiAMm: 22, semiBMm: 16 }], expected: (12 * (27.5 * 21 - 22 * 16) + 170 * 22 * 16) / (27.5 * 21), within: 5 },
    // a small node in fat: its edge pixels would take it 10 HU toward fat
    { name: 'a 12 × 8 mm node of 55 HU in fat of −100', ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 6, semiBMm: 4, degrees: 0, value: 55 }], background: -100, expected: 55, within: 3, clickXMm: 80 },
  ])('$name', ({ ellipses, expected, within, background = LIVER_HU, clickXMm = 90 }) => {
    const image = slice({ background, noiseSd: NOISE_SD, ellipses });
    expect(Math.abs(proposed(image, clickXMm, 80).meanLevel - expected)).toBeLessThan(within);
  });

  it('reads the level from other values on the same grid when given (the portal phase), over the region found on this one', () => {
    // arterial: the lesion bright against the liver; portal: the same lesion at 40 HU, nearly the liver's 60
    const arterial = slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 15, semiBMm: 10, degrees: 0, value: 170 }] });
    const portal = slice({ background: LIVER_HU, noiseSd: NOISE_SD, seed: 11, ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 15, semiBMm: 10, degrees: 0, value: 40 }] });
    const result = segmentLesion(arterial, clickAt(arterial, 80, 80), { densityValues: portal.values });
    expect(result.kind === 'proposal' && Math.abs(result.meanLevel - 40)).toBeLessThan(2);
  });

  it('an 11 × 9 mm lesion still gives its own level, not the liver\'s', () => {
    const image = slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 5.5, semiBMm: 4.5, degrees: 0, value: 170 }] });
    expect(Math.abs(proposed(image, 80, 80).meanLevel - 170)).toBeLessThan(8);
  });
});

describe('click-to-measure proposes nothing where there is no lesion', () => {
  it.each([
    { name: 'liver without a lesion', image: slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [] }), xMm: 80, yMm: 80, reason: 'noContrast' },
    { name: 'a lesion faded to 1 SD of noise', image: slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 10, semiBMm: 8, degrees: 0, value: LIVER_HU + 10 }] }), xMm: 80, yMm: 80, reason: 'noContrast' },
    { name: 'a click outside the image', image: slice({ background: LIVER_HU, noiseSd: NOISE_SD, ellipses: [] }), xMm: -5, yMm: 80, reason: 'outsideImage' },
  ])('$name: $reason', ({ image, xMm, yMm, reason }) => {
    expect(segmentLesion(image, clickAt(image, xMm, yMm))).toEqual({ kind: 'none', reason });
  });

  it('a 2 mm speck is not a lesion', () => {
    const image = slice({ background: LIVER_HU, noiseSd: 2, ellipses: [{ cxMm: 80, cyMm: 80, semiAMm: 1, semiBMm: 1, degrees: 0, value: 300 }] });
    expect(segmentLesion(image, clickAt(image, 80, 80)).kind).toBe('none');
  });
});
