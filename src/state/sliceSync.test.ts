import { describe, expect, it } from 'vitest';
import { linkedSliceIndex, nearestSliceIndex, offsetProblem } from './sliceSync';

describe('slice synchronisation by position along the normal', () => {
  const baselineMm = [0, 2.5, 5, 7.5, 10];
  const followUpMm = [3, 8, 13, 18];

  it('finds the nearest slice', () => {
    expect(nearestSliceIndex(followUpMm, 9)).toBe(1);
    expect(nearestSliceIndex(followUpMm, 100)).toBe(3);
    expect(nearestSliceIndex([null, null], 5)).toBe(null);
  });

  it('applies the offset from baseline to follow-up, and its opposite back', () => {
    // Follow-up table shifted +8 mm: baseline 5 mm is follow-up 13 mm.
    expect(linkedSliceIndex(baselineMm, 2, followUpMm, 8)).toBe(2);
    expect(linkedSliceIndex(followUpMm, 2, baselineMm, -8)).toBe(2);
  });
});

describe('offsetProblem: an offset is refused at the field when no slice would face another', () => {
  const baseline = [0, -5, -10, -15, -20]; // 20 mm of slices
  const followUp = [12, 7, 2, -3, -8];
  it.each<[string, number, boolean]>([
    ['the default, stacks aligned', 12, false],
    ['no offset', 0, false],
    ['the follow-up barely overlapping at its top', 32, false],
    ['a typo, 120 for 12', 120, true],
    ['far below', -60, true],
  ])('%s (%d mm)', (_name, offsetMm, refused) => {
    expect(offsetProblem(offsetMm, baseline, followUp) !== null).toBe(refused);
  });
  it('says which offsets fit', () => {
    expect(offsetProblem(120, baseline, followUp)).toBe("an offset of 120 mm puts the baseline beyond the follow-up's slices: it can be from -8.0 to 32.0 mm");
  });
  it('takes any offset when a series has no geometry (nothing is placed by it)', () => {
    expect(offsetProblem(500, [null, null], followUp)).toBe(null);
  });
  it('refuses what is not a number', () => {
    expect(offsetProblem(Number.NaN, baseline, followUp)).toBe('the offset must be a number of mm');
  });
});
