import { describe, expect, it } from 'vitest';
import { assessOne, followUp, newLesion, patient, ruleIds, target, withStatus } from '../../testing/builders';

/** Choi: size (sum of diameters) OR density (mean HU); hand-computed expectations. */
const gist = (id: string, mm: number, meanHU: number | null) => target(id, mm, { organ: 'liver', meanHU });
const choi = (visits: readonly (readonly Record<string, unknown>[])[]) =>
  assessOne(patient(visits.map((lesions, index) => [index * 56, lesions.map((l) => ({ id: 'x', ...l }))] as const), { criteria: ['Choi'] }), 'Choi');

describe('Choi (2007)', () => {
  it.each([
    ['C-3 size 50 → 45 mm is exactly −10 %: PR', gist('L1', 50, 100), gist('L1', 45, 100), 'PR', 0],
    ['C-3 size 50 → 45.1 mm is −9.8 %, density unchanged: SD', gist('L1', 50, 100), gist('L1', 45.1, 100), 'SD', 0],
    ['C-3 density 100 → 85 HU is exactly −15 % with size unchanged: PR', gist('L1', 50, 100), gist('L1', 50, 85), 'PR', -15.0],
    ['C-3 density 100 → 85.1 HU is −14.9 %: SD', gist('L1', 50, 100), gist('L1', 50, 85.1), 'SD', -14.9],
    ['C-4 size 50 → 55 mm is +10 % with density unchanged: PD', gist('L1', 50, 100), gist('L1', 55, 100), 'PD', 0],
    ['C-4 size 50 → 54.9 mm is +9.8 %: SD', gist('L1', 50, 100), gist('L1', 54.9, 100), 'SD', 0],
    ['C-4 size +10 % with density −15 % is PR, not PD', gist('L1', 50, 100), gist('L1', 55, 85), 'PR', -15.0],
    ['C-4 no absolute floor: 20 → 22 mm (+2 mm, +10 %) is PD', gist('L1', 20, 100), gist('L1', 22, 100), 'PD', 0],
  ])('%s', (_name, before, after, response, densityPct) => {
    const fu = followUp(choi([[before], [after]]), 1);
    expect(fu.targetResponse).toBe(response);
    expect(fu.densityChangeFromBaselinePct).toBeCloseTo(densityPct, 5);
  });

  it('C-4 the size increase is measured against the nadir (A4): 50 → 40 → 44 mm is PD', () => {
    const result = choi([[gist('L1', 50, 100)], [gist('L1', 40, 100)], [gist('L1', 44, 100)]]);
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['PR', 'PD']);
  });

  it('C-2 density is the unweighted mean over present targets: (100 + 50)/2 → (80 + 40)/2 is −20 %', () => {
    const fu = followUp(choi([[gist('L1', 50, 100), gist('L2', 20, 50)], [gist('L1', 50, 80), gist('L2', 20, 40)]]), 1);
    expect(fu.densityChangeFromBaselinePct).toBe(-20.0);
    expect(fu.targetResponse).toBe('PR');
  });

  it('C-2 disappeared lesions are excluded from the mean: 75 → 50 HU is −33.3 %', () => {
    const fu = followUp(choi([[gist('L1', 50, 100), gist('L2', 20, 50)], [withStatus(gist('L1', 1, null), 'disappeared'), gist('L2', 20, 50)]]), 1);
    expect(fu.densityChangeFromBaselinePct).toBe(-33.3);
  });

  it('C-2 a present target without meanHU: no density response, size still decides', () => {
    const fu = followUp(choi([[gist('L1', 50, 100)], [gist('L1', 55, null)]]), 1);
    expect(fu.densityChangeFromBaselinePct).toBeNull();
    expect(fu.targetResponse).toBe('PD');
  });

  it('C-5 every target disappeared → CR', () => {
    expect(followUp(choi([[gist('L1', 50, 100)], [withStatus(gist('L1', 1, null), 'disappeared')]]), 1).overallResponse).toBe('CR');
  });

  it('C-4 a new lesion is PD even with a density PR', () => {
    const fu = followUp(choi([[gist('L1', 50, 100)], [gist('L1', 50, 60), newLesion('X1')]]), 1);
    expect(fu.targetResponse).toBe('PR');
    expect(fu.overallResponse).toBe('PD');
  });

  it('C-1 nodal targets are measured by short axis, and the explanation says so', () => {
    const node = (sa: number) => target('N1', 30, { isLymphNode: true, shortAxisMm: sa, meanHU: 40 });
    const fu = followUp(choi([[node(20)], [node(18)]]), 1);
    expect(fu.targetSum).toBe(18);
    expect(ruleIds(fu)).toContain('C-1');
  });
});
