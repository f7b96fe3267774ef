import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeRatio, divRoundHalfAway, pctAtLeast, pctAtMost, ratioToPct1, toHundredths } from './exact';

describe('G-2 exact arithmetic', () => {
  it.each([
    [64.4, 6440],
    [92.0, 9200],
    [40.8, 4080],
    [0.1, 10],
    [0.3, 30],
    [12.34, 1234],
    [0.285, 29], // half away from zero after de-noising the float
    [12.345, 1235],
    [-45.25, -4525],
  ])('G-2 toHundredths(%s) = %s', (mm, hundredths) => {
    expect(toHundredths(mm)).toBe(hundredths);
  });

  it('G-2 92.0 → 64.4 mm is exactly −30 % (float would say −29.99…)', () => {
    expect((64.4 - 92.0) / 92.0 * 100).toBeGreaterThan(-30); // the trap
    const ratio = changeRatio(toHundredths(64.4), toHundredths(92.0));
    expect(pctAtMost(ratio, -30)).toBe(true);
    expect(pctAtMost(changeRatio(toHundredths(64.5), toHundredths(92.0)), -30)).toBe(false);
  });

  it('G-2 34.0 → 40.8 mm is exactly +20 %', () => {
    expect((40.8 - 34.0) / 34.0 * 100).toBeLessThan(20); // the trap
    expect(pctAtLeast(changeRatio(toHundredths(40.8), toHundredths(34.0)), 20)).toBe(true);
    expect(pctAtLeast(changeRatio(toHundredths(40.7), toHundredths(34.0)), 20)).toBe(false);
  });

  it.each([
    [5, 2, 3],
    [-5, 2, -3],
    [4, 3, 1],
    [-4, 3, -1],
    [7, 2, 4],
    [1, 3, 0],
    [0, 7, 0],
  ])('G-2 divRoundHalfAway(%s, %s) = %s', (num, den, expected) => {
    expect(divRoundHalfAway(num, den)).toBe(expected);
  });

  it.each([
    // −29.96 % displays as −30.0 (but is not PR, checked elsewhere)
    [{ num: -2996, den: 10000 }, -30],
    [{ num: 1996, den: 10000 }, 20],
    [{ num: 1, den: 2000 }, 0.1], // +0.05 % rounds half away from zero
    [{ num: -1, den: 2000 }, -0.1],
    [{ num: -1, den: 2001 }, 0],
    [{ num: 1000, den: 4700 }, 21.3],
  ])('G-2 ratioToPct1(%o) = %s', (ratio, pct) => {
    expect(ratioToPct1(ratio)).toBe(pct);
  });

  it('G-2 ratioToPct1 agrees with float rounding away from ties (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (num, den) => {
        const exactTenths = ratioToPct1({ num, den }) * 10;
        const floatTenths = (num * 1000) / den;
        expect(Math.abs(exactTenths - floatTenths)).toBeLessThanOrEqual(0.5 + 1e-9);
      }),
    );
  });
});
