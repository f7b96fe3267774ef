import { describe, expect, it } from 'vitest';
import { assessOne, followUp, newLesion, nonTarget, patient, ruleIds, target } from '../../testing/builders';

/** EASL: enhancing (viable) products; hand-computed expectations. */
const enh = (id: string, enhancingLongAxisMm: number, enhancingShortAxisMm: number | null) =>
  target(id, 40, { shortAxisMm: 30, enhancingLongAxisMm, enhancingShortAxisMm });
const easl = (visits: readonly (readonly Record<string, unknown>[])[]) =>
  assessOne(patient(visits.map((lesions, index) => [index * 56, lesions.map((l) => ({ id: 'x', ...l }))] as const), { criteria: ['EASL'] }), 'EASL');

describe('EASL (Bruix 2001)', () => {
  it.each([
    ['EASL-3 enhancing 200 → 100 mm² is exactly −50 %: PR', enh('L1', 20, 10), enh('L1', 10, 10), 'PR'],
    ['EASL-3 enhancing 200 → 102 mm² is −49 %: SD', enh('L1', 20, 10), enh('L1', 10.2, 10), 'SD'],
    ['EASL-4 enhancing 200 → 250 mm² is exactly +25.0 %: PD', enh('L1', 20, 10), enh('L1', 25, 10), 'PD'],
    ['EASL-4 enhancing 200 → 249 mm² is +24.5 %: SD', enh('L1', 20, 10), enh('L1', 24.9, 10), 'SD'],
    ['EASL-2 no enhancement left (long axis 0, whole lesion unchanged) → CR', enh('L1', 20, 10), enh('L1', 0, null), 'CR'],
  ])('%s', (_name, before, after, response) => {
    expect(followUp(easl([[before], [after]]), 1).targetResponse).toBe(response);
  });

  it('EASL-1 the whole-lesion axes are ignored: sum is the enhancing product', () => {
    expect(followUp(easl([[enh('L1', 20, 10)], [enh('L1', 20, 10)]]), 1).targetSum).toBe(200);
  });

  it('EASL-2 a non-target with enhancing long axis 0 counts as resolved → overall CR', () => {
    const nt = (enhancing: number) => nonTarget('NT1', 'present', { longAxisMm: 20, enhancingLongAxisMm: enhancing });
    const fu = followUp(easl([[enh('L1', 20, 10), nt(10)], [enh('L1', 0, 0), nt(0)]]), 1);
    expect(fu.nonTargetResponse).toBe('CR');
    expect(fu.overallResponse).toBe('CR');
  });

  it('EASL-5 new enhancement after CR is PD (R-REAP-1)', () => {
    const result = easl([[enh('L1', 20, 10)], [enh('L1', 0, 0)], [enh('L1', 2, 2)]]);
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['CR', 'PD']);
    expect(ruleIds(followUp(result, 2))).toContain('R-REAP-1');
  });

  it('EASL-5 a new lesion is PD', () => {
    expect(followUp(easl([[enh('L1', 20, 10)], [enh('L1', 10, 10), newLesion('X1')]]), 1).overallResponse).toBe('PD');
  });
});
