import { describe, expect, it } from 'vitest';
import { assessOne, followUp, newLesion, nonTarget, patient, ruleIds, target } from '../../testing/builders';
import { assessPatient } from '../../engine';

/** vRECIST and qEASL (docs/criteria.md, "Volumetric criteria"): sums of volumes, exactly at their thresholds. */
const lesion = (id: string, volumeMl: number | null, enhancingVolumeMl: number | null = null, more: Record<string, unknown> = {}) =>
  target(id, 40, { organ: 'liver', volumeMl, enhancingVolumeMl, enhancingLongAxisMm: enhancingVolumeMl === 0 ? 0 : 30, enhancingShortAxisMm: 20, ...more });
const run = (criterion: 'vRECIST' | 'qEASL', visits: readonly (readonly Record<string, unknown>[])[]) =>
  assessOne(patient(visits.map((lesions, index) => [index * 56, lesions.map((l) => ({ id: 'x', ...l }))] as const), { criteria: [criterion] }), criterion);

describe('vRECIST (V-1 to V-4)', () => {
  it.each([
    ['V-2 100 → 35 mL is exactly −65 %: PR', [100], [35], 'PR', 'V-2'],
    ['V-2 100 → 35.001 mL is −64.999 %: SD', [100], [35.001], 'SD', 'V-4'],
    ['V-2 two targets 60 + 40 → 20 + 15 mL is exactly −65 %: PR', [60, 40], [20, 15], 'PR', 'V-2'],
    ['V-3 100 → 173 mL is exactly +73 % over the nadir: PD', [100], [173], 'PD', 'V-3'],
    ['V-3 100 → 172.999 mL is +72.999 %: SD', [100], [172.999], 'SD', 'V-4'],
    ['V-4 every target 0 mL: CR', [100], [0], 'CR', 'V-4'],
  ] as const)('%s', (_name, before, after, response, rule) => {
    const at = (volumes: readonly number[]) => volumes.map((volume, index) => lesion(`L${index + 1}`, volume));
    const fu = followUp(run('vRECIST', [at(before), at(after)]), 1);
    expect(fu.targetResponse).toBe(response);
    expect(ruleIds(fu)).toContain(rule);
  });

  it('V-3 is measured against the nadir: 100 → 30 → 51.9 mL (+73 % over 30, −48 % from baseline) is PD', () => {
    const result = run('vRECIST', [[lesion('L1', 100)], [lesion('L1', 30)], [lesion('L1', 51.9)]]);
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['PR', 'PD']);
  });

  it('V-1 sums in mL, unrounded: 12.3456 + 0.0004 mL is 12.346 mL (µL resolution)', () => {
    const result = run('vRECIST', [[lesion('L1', 12.3456), lesion('L2', 0.0004)], [lesion('L1', 12.3456), lesion('L2', 0.0004)]]);
    expect(result.sumUnit).toBe('mL');
    expect(result.baseline.targetSum).toBe(12.35);
  });

  it('R-NE-1 a target without a volume (calipers only) leaves the sum not evaluable', () => {
    const fu = followUp(run('vRECIST', [[lesion('L1', 100), lesion('L2', 10)], [lesion('L1', 90), lesion('L2', null)]]), 1);
    expect(fu.targetResponse).toBe('NE');
    expect(ruleIds(fu)).toContain('R-NE-1');
  });

  it('V-1 a target too small to measure counts the sphere of 5 mm (65 µL)', () => {
    const result = run('vRECIST', [[lesion('L1', 1)], [lesion('L1', null, null, { status: 'tooSmallToMeasure' })]]);
    expect(result.timepoints[0]?.targetSum).toBe(0.07);
  });

  it('V-4 a new lesion is PD, whatever the volumes do', () => {
    expect(followUp(run('vRECIST', [[lesion('L1', 100)], [lesion('L1', 20), newLesion('NL1')]]), 1).overallResponse).toBe('PD');
  });
});

describe('qEASL (QE-1 to QE-4)', () => {
  it.each([
    ['QE-2 enhancing 40 → 14 mL is exactly −65 %: PR', 40, 14, 'PR', 'QE-2'],
    ['QE-2 enhancing 40 → 14.04 mL is −64.9 %: SD', 40, 14.04, 'SD', 'QE-4'],
    ['QE-3 enhancing 40 → 69.2 mL is exactly +73 %: PD', 40, 69.2, 'PD', 'QE-3'],
    ['QE-3 enhancing 40 → 69.199 mL is +72.997 %: SD', 40, 69.199, 'SD', 'QE-4'],
    ['QE-4 no enhancing volume left: CR', 40, 0, 'CR', 'QE-4'],
  ] as const)('%s', (_name, before, after, response, rule) => {
    const fu = followUp(run('qEASL', [[lesion('L1', 100, before)], [lesion('L1', 100, after)]]), 1);
    expect(fu.targetResponse).toBe(response);
    expect(ruleIds(fu)).toContain(rule);
  });

  it('QE-1 the whole volume is ignored: the sum is the enhancing volume', () => {
    expect(followUp(run('qEASL', [[lesion('L1', 100, 40)], [lesion('L1', 300, 40)]]), 1).targetSum).toBe(40);
  });

  it('QE-4 a non-target with no enhancement is resolved: overall CR', () => {
    const nt = (enhancingVolumeMl: number) => nonTarget('NT1', 'present', { organ: 'liver', enhancingVolumeMl, enhancingLongAxisMm: enhancingVolumeMl === 0 ? 0 : 10 });
    const fu = followUp(run('qEASL', [[lesion('L1', 30, 20), nt(3)], [lesion('L1', 30, 0), nt(0)]]), 1);
    expect(fu.nonTargetResponse).toBe('CR');
    expect(fu.overallResponse).toBe('CR');
  });

  it('R-REAP-1 any enhancing volume after a CR is PD', () => {
    const result = run('qEASL', [[lesion('L1', 30, 20)], [lesion('L1', 30, 0)], [lesion('L1', 30, 0.5)]]);
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['CR', 'PD']);
  });
});

describe('volumetric criteria are opt-in', () => {
  it('an input without criteria gets the six diameter-based ones; naming vRECIST and qEASL adds them', () => {
    const input = patient([[0, [lesion('L1', 100, 40)]], [56, [lesion('L1', 35, 14)]]]);
    const { criteria: _omitted, ...withoutCriteria } = input;
    const reply = assessPatient(withoutCriteria);
    expect(reply.ok && Object.keys(reply.output.criteria)).not.toContain('vRECIST');
    const named = assessPatient({ ...input, criteria: ['RECIST1.1', 'vRECIST', 'qEASL'] });
    expect(named.ok && Object.keys(named.output.criteria)).toEqual(['RECIST1.1', 'vRECIST', 'qEASL']);
  });

  it('a negative or non-numeric volume is refused with its path', () => {
    const bad = patient([[0, [lesion('L1', -1)]]], { criteria: ['vRECIST'] });
    const reply = assessPatient(bad);
    expect(reply.ok ? [] : reply.problems.map((problem) => problem.path)).toContain('$.timepoints[0].lesions[0].volumeMl');
  });
});
