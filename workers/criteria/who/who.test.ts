import { describe, expect, it } from 'vitest';
import { assessOne, followUp, nonTarget, patient, ruleIds, target, withStatus } from '../../testing/builders';

/** WHO: products (long × short axis), SPD; hand-computed expectations. */
const bi = (id: string, longAxisMm: number, shortAxisMm: number | null, more: Record<string, unknown> = {}) => target(id, longAxisMm, { shortAxisMm, ...more });
const who = (lesionsByVisit: readonly (readonly Record<string, unknown>[])[], options?: Record<string, unknown>) =>
  assessOne(
    patient(
      lesionsByVisit.map((lesions, index) => [index * 56, lesions.map((l) => ({ id: 'x', ...l }))] as const),
      { criteria: ['WHO'], ...(options ? { options } : {}) },
    ),
    'WHO',
  );

describe('WHO (Miller 1981)', () => {
  it.each([
    ['WHO-2 200 → 100 mm² is exactly −50 %: PR', bi('L1', 20, 10), bi('L1', 10, 10), 'PR', -50.0],
    ['WHO-2 200 → 101 mm² is −49.5 %: SD (G-5 "no change")', bi('L1', 20, 10), bi('L1', 10.1, 10), 'SD', -49.5],
    ['WHO-3 200 → 250 mm² is exactly +25 %: PD', bi('L1', 20, 10), bi('L1', 25, 10), 'PD', 25.0],
    ['WHO-3 200 → 249 mm² is +24.5 %: SD', bi('L1', 20, 10), bi('L1', 24.9, 10), 'SD', 24.5],
    ['WHO-6 no absolute minimum: 4 → 5 mm² is PD', bi('L1', 2, 2), bi('L1', 2.5, 2), 'PD', 25.0],
    ['WHO-1 too small to measure counts 5 × 5 = 25 mm²', bi('L1', 20, 10), withStatus(bi('L1', 1, 1), 'tooSmallToMeasure'), 'PR', -87.5],
  ])('%s', (_name, before, after, response, pct) => {
    const fu = followUp(who([[before], [after]]), 1);
    expect(fu.targetResponse).toBe(response);
    expect(fu.changeFromBaselinePct).toBeCloseTo(pct, 5);
  });

  it('WHO-1 sums are in mm² with 0.01 resolution', () => {
    const fu = followUp(who([[bi('L1', 20.1, 10.3)], [bi('L1', 20.1, 10.3)]]), 1);
    expect(fu.targetSum).toBe(207.03);
  });

  it('WHO-3 PD is measured against the nadir SPD: 200 → 100 → 125 mm² is PD', () => {
    const result = who([[bi('L1', 20, 10)], [bi('L1', 10, 10)], [bi('L1', 12.5, 10)]]);
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['PR', 'PD']);
    expect(followUp(result, 2).nadirSum).toBe(100);
    expect(followUp(result, 2).changeFromBaselinePct).toBe(-37.5);
  });

  it('WHO-1 split lesion: the fragments products are added (90 mm²)', () => {
    const fu = followUp(
      who([[bi('L1', 20, 10)], [withStatus(bi('L1', 1, 1), 'split'), bi('L1a', 10, 5, { splitFrom: 'L1' }), bi('L1b', 8, 5, { splitFrom: 'L1' })]]),
      1,
    );
    expect(fu.targetSum).toBe(90);
    expect(fu.targetResponse).toBe('PR');
  });

  it('R-NE-1 a target without its short axis cannot make a product: NE', () => {
    expect(followUp(who([[bi('L1', 20, 10)], [bi('L1', 20, null)]]), 1).targetResponse).toBe('NE');
  });

  describe('WHO-3b whoProgressionMode "anyLesion"', () => {
    const visits = [[bi('L1', 20, 10), bi('L2', 20, 10)], [bi('L1', 25, 10), bi('L2', 15, 10)]];
    it('WHO-3 default "sum": one lesion +25 % with a stable SPD is SD', () => {
      expect(followUp(who(visits), 1).targetResponse).toBe('SD');
    });
    it('WHO-3b "anyLesion": one lesion +25 % vs its own nadir is PD', () => {
      const fu = followUp(who(visits, { whoProgressionMode: 'anyLesion' }), 1);
      expect(fu.targetResponse).toBe('PD');
      expect(ruleIds(fu)).toContain('WHO-3');
    });
    it('WHO-3b merged lesions are compared as a group, so a merge does not fake PD', () => {
      const merged = [[bi('L1', 20, 10), bi('L2', 10, 10)], [bi('L1', 24, 15), { ...withStatus(bi('L2', 1, 1), 'merged'), mergedInto: 'L1' }]];
      // group 300 → 360 mm² = +20 %; L1 alone would be +80 %
      expect(followUp(who(merged, { whoProgressionMode: 'anyLesion' }), 1).targetResponse).toBe('SD');
    });
  });

  it.each([
    ['WHO-4 all products 0 and every non-target gone → CR', withStatus(nonTarget('NT1'), 'disappeared'), 'CR'],
    ['WHO-4 a non-target node of 5 mm is still disease (no normal-node rule) → PR', nonTarget('NT1', 'present', { isLymphNode: true, shortAxisMm: 5 }), 'PR'],
  ])('%s', (_name, nt, overall) => {
    const fu = followUp(who([[bi('L1', 20, 10), nonTarget('NT1')], [withStatus(bi('L1', 1, 1), 'disappeared'), nt]]), 1);
    expect(fu.targetResponse).toBe('CR');
    expect(fu.overallResponse).toBe(overall);
  });
});
