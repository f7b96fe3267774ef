import { describe, expect, it } from 'vitest';
import { volumeFromAreasMm3 } from './volume';

/** Sections of an ellipsoid with semi-axes a, b (in plane) and c (along z), cut every `spacing` mm from `offset`. */
const ellipsoidSections = (a: number, b: number, c: number, spacing: number, offset: number) => {
  const areas: number[] = [];
  for (let z = offset - Math.floor((c + offset) / spacing) * spacing; z < c; z += spacing) if (Math.abs(z) < c) areas.push(Math.PI * a * b * (1 - (z * z) / (c * c)));
  return areas;
};
const ellipsoidMm3 = (a: number, b: number, c: number) => (4 / 3) * Math.PI * a * b * c;

describe('volume from the areas of a lesion on its slices (M-SEG-5)', () => {
  it.each([
    { name: 'a 30 × 20 × 20 mm ellipsoid centred on a 5 mm slice (3 sections)', a: 15, b: 10, c: 10, offset: 0 },
    { name: 'a 40 × 30 × 30 mm ellipsoid centred on a slice (5 sections)', a: 20, b: 15, c: 15, offset: 0 },
    { name: 'a 40 × 30 × 30 mm ellipsoid centred between slices (6 sections)', a: 20, b: 15, c: 15, offset: 2.5 },
  ])('$name: within 0.5 %, where the plain sum is several per cent low', ({ a, b, c, offset }) => {
    const areas = ellipsoidSections(a, b, c, 5, offset);
    const truth = ellipsoidMm3(a, b, c);
    expect(Math.abs(volumeFromAreasMm3(areas, 5) - truth) / truth).toBeLessThan(0.005);
  });

  it('a prism (the same area on every slice) is its sections times the spacing: the parabola does not open downward', () => {
    expect(volumeFromAreasMm3([100, 100, 100, 100], 5)).toBe(2000);
  });

  it('a lesion on more than six slices is the plain sum, whose error is small there', () => {
    const areas = ellipsoidSections(30, 25, 30, 5, 0); // 11 sections
    expect(volumeFromAreasMm3(areas, 5)).toBeCloseTo(areas.reduce((sum, area) => sum + area, 0) * 5, 6);
  });

  it('one or two sections are the plain sum (no parabola through fewer than three points)', () => {
    expect(volumeFromAreasMm3([80], 5)).toBe(400);
    expect(volumeFromAreasMm3([80, 60], 5)).toBe(700);
  });

  it('a profile a parabola does not fit (a dumbbell) is the plain sum', () => {
    expect(volumeFromAreasMm3([100, 20, 100, 20, 100], 5)).toBe(1700);
  });
});
