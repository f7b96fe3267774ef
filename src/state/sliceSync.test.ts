import { describe, expect, it } from 'vitest';
import { linkedSliceIndex, nearestSliceIndex } from './sliceSync';

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
