import { describe, expect, it } from 'vitest';
import {
  assessOne,
  followUp,
  newLesion,
  nodeTarget,
  nonTarget,
  patient,
  ruleIds,
  target,
  withStatus,
  type LesionJson,
} from '../../testing/builders';

/** Expected values are worked out by hand from docs/criteria.md, never copied from output. */

const recist = (input: unknown) => assessOne(input, 'RECIST1.1');
const only = { criteria: ['RECIST1.1'] as const };

/** One non-nodal target followed every 56 days; null = not evaluated. */
function singleTarget(values: readonly (number | null)[]) {
  return patient(
    values.map((mm, index) => [index * 56, [mm === null ? withStatus(target('L1', null), 'notEvaluated') : target('L1', mm)]] as const),
    only,
  );
}

describe('RECIST 1.1 target response thresholds (exact, inclusive)', () => {
  it.each([
    ['R-TGT-2 92.0 → 64.4 mm is exactly −30 %: PR', [92.0, 64.4], 'PR', -30.0],
    ['R-TGT-2 92.0 → 64.5 mm is −29.9 %: SD', [92.0, 64.5], 'SD', -29.9],
    ['R-TGT-3 34.0 → 40.8 mm is +20 % and +6.8 mm: PD', [34.0, 40.8], 'PD', 20.0],
    ['R-TGT-3 34.0 → 40.7 mm is +19.7 %: SD', [34.0, 40.7], 'SD', 19.7],
    ['R-TGT-3 24.5 → 29.4 mm is +20 % but +4.9 mm: not PD', [24.5, 29.4], 'SD', 20.0],
    ['R-TGT-3 25.0 → 30.0 mm is +20 % and +5.0 mm: PD', [25.0, 30.0], 'PD', 20.0],
    ['R-TGT-3 250.0 → 299.9 mm shows +20.0 % but is +19.96 %: not PD (G-2)', [250.0, 299.9], 'SD', 20.0],
    ['R-TGT-2 250.0 → 175.1 mm shows −30.0 % but is −29.96 %: not PR (G-2)', [250.0, 175.1], 'SD', -30.0],
    ['R-TGT-4 62.0 → 50.0 mm: SD', [62.0, 50.0], 'SD', -19.4],
  ])('%s', (_name, values, response, pct) => {
    const fu = followUp(recist(singleTarget(values)), 1);
    expect(fu.targetResponse).toBe(response);
    expect(fu.overallResponse).toBe(response);
    expect(fu.changeFromBaselinePct).toBeCloseTo(pct, 5);
  });

  it('R-TGT-3 / G-3 the nadir excludes the current timepoint and includes baseline', () => {
    const result = recist(singleTarget([100, 80, 90, 96]));
    expect(result.timepoints.map((tp) => tp.nadirSum)).toEqual([100, 80, 80]);
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['SD', 'SD', 'PD']);
    expect(followUp(result, 3).changeFromNadirPct).toBe(20.0);
    expect(followUp(result, 3).changeFromBaselinePct).toBe(-4.0);
  });

  it('R-TGT-3 explanation names the numbers and both thresholds', () => {
    const fu = followUp(recist(singleTarget([47.0, 47.0, 57.0])), 2);
    expect(fu.targetResponse).toBe('PD');
    const reason = fu.reasons.find((r) => r.rule === 'R-TGT-3');
    expect(reason?.text).toContain('57.0 mm');
    expect(reason?.text).toContain('+21.3%');
    expect(reason?.text).toContain('+10.0 mm');
    expect(reason?.text).toContain('nadir 47.0 mm');
  });

  it('R-TGT-5 100 → 70 → 80 is literally SD after PR, with the EORTC note; BOR stays PR', () => {
    const result = recist(singleTarget([100, 70, 80]));
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['PR', 'SD']);
    expect(ruleIds(followUp(result, 2))).toContain('R-TGT-5');
    expect(result.bestOverallResponse).toBe('PR');
  });
});

describe('R-TGT-1 complete response and lymph nodes (R-MEAS-1)', () => {
  it.each([
    ['R-TGT-1 node 20.0 → 10.0 mm short axis is not normal: PR, not CR', 10.0, 'PR'],
    ['R-TGT-1 node 20.0 → 9.9 mm short axis is normal: CR with sum 9.9 mm', 9.9, 'CR'],
  ])('%s', (_name, shortAxis, response) => {
    const fu = followUp(recist(patient([[0, [nodeTarget('N1', 20.0)]], [56, [nodeTarget('N1', shortAxis)]]], only)), 1);
    expect(fu.targetResponse).toBe(response);
    expect(fu.targetSum).toBe(shortAxis);
  });

  it('R-MEAS-1 nodes count by short axis, others by long axis', () => {
    const result = recist(patient([[0, [target('L1', 30.0), nodeTarget('N1', 18.0, { longAxisMm: 30.0 })]], [56, [target('L1', 30.0), nodeTarget('N1', 18.0)]]], only));
    expect(result.baseline.targetSum).toBe(48.0);
  });

  it('R-TGT-1 non-nodal 0 mm plus node 9.9 mm is CR; sum is not zero', () => {
    const fu = followUp(recist(patient([[0, [target('L1', 30.0), nodeTarget('N1', 20.0)]], [56, [withStatus(target('L1', 30), 'disappeared'), nodeTarget('N1', 9.9)]]], only)), 1);
    expect(fu.targetResponse).toBe('CR');
    expect(fu.targetSum).toBe(9.9);
    expect(fu.overallResponse).toBe('CR');
  });
});

describe('R-MEAS special measurements', () => {
  it('R-MEAS-2 a disappeared lesion counts 0 mm', () => {
    const fu = followUp(recist(patient([[0, [target('L1', 30), target('L2', 20)]], [56, [withStatus(target('L1', 30), 'disappeared'), target('L2', 20)]]], only)), 1);
    expect(fu.targetSum).toBe(20.0);
    expect(fu.targetResponse).toBe('PR');
    expect(fu.lesions).toEqual([
      { id: 'L1', value: 0, changeFromBaselinePct: -100.0 },
      { id: 'L2', value: 20.0, changeFromBaselinePct: 0 },
    ]);
  });

  it('R-MEAS-3 too small to measure counts 5 mm: PR, not CR', () => {
    const fu = followUp(recist(patient([[0, [target('L1', 30)]], [56, [withStatus(target('L1', 30), 'tooSmallToMeasure')]]], only)), 1);
    expect(fu.targetSum).toBe(5.0);
    expect(fu.targetResponse).toBe('PR');
  });

  it('R-MEAS-3 tooSmallDefaultMm is an option', () => {
    const input = patient([[0, [target('L1', 30)]], [56, [withStatus(target('L1', 30), 'tooSmallToMeasure')]]], { ...only, options: { tooSmallDefaultMm: 3 } });
    expect(followUp(recist(input), 1).targetSum).toBe(3.0);
  });

  it('R-MEAS-3 a measured lesion keeps its measurement below 5 mm', () => {
    expect(followUp(recist(singleTarget([30, 3.0])), 1).targetSum).toBe(3.0);
  });

  it('R-MEAS-3 the 5 mm default can cause PD: 0 → too small adds 5 mm', () => {
    const result = recist(
      patient(
        [
          [0, [target('L1', 30), target('L2', 20)]],
          [56, [withStatus(target('L1', 30), 'disappeared'), target('L2', 10)]],
          [112, [withStatus(target('L1', 30), 'tooSmallToMeasure'), target('L2', 10)]],
        ],
        only,
      ),
    );
    // nadir 10 mm → 15 mm: +50 % and +5.0 mm
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['PR', 'PD']);
  });

  it('R-MEAS-4 split lesion: fragments are added under the parent id and are not new lesions', () => {
    const fu = followUp(
      recist(
        patient(
          [
            [0, [target('L1', 40), target('L2', 20)]],
            [56, [withStatus(target('L1', 40), 'split'), target('L1a', 15, { splitFrom: 'L1' }), target('L1b', 10, { splitFrom: 'L1' }), target('L2', 20)]],
          ],
          only,
        ),
      ),
      1,
    );
    expect(fu.targetSum).toBe(45.0);
    expect(fu.lesions.map((l) => [l.id, l.value])).toEqual([['L1', 25.0], ['L2', 20.0]]);
    expect(fu.newLesions).toBe(false);
    expect(fu.targetResponse).toBe('SD'); // −25 %
  });

  it.each([
    ['R-MEAS-5 merged into L1: the survivor carries the mass, L2 counts 0', 'L1', 'L2'],
    ['R-MEAS-5 merged into L2: same sum whichever survives', 'L2', 'L1'],
  ])('%s', (_name, survivor, absorbed) => {
    const fu = followUp(
      recist(
        patient(
          [
            [0, [target('L1', 30), target('L2', 20)]],
            [56, [target(survivor, 45), { ...withStatus(target(absorbed, 0), 'merged'), mergedInto: survivor }]],
          ],
          only,
        ),
      ),
      1,
    );
    expect(fu.targetSum).toBe(45.0);
    expect(fu.lesions.find((l) => l.id === absorbed)?.value).toBe(0);
    expect(fu.targetResponse).toBe('SD');
  });
});

describe('R-NE missing data', () => {
  const three = [target('L1', 20), target('L2', 20), target('L3', 10)];

  it('R-NE-1 one target not evaluated → target NE, overall NE, targetSum null', () => {
    const fu = followUp(recist(patient([[0, three], [56, [target('L1', 20), target('L2', 20), withStatus(target('L3', 10), 'notEvaluated')]]], only)), 1);
    expect(fu.targetResponse).toBe('NE');
    expect(fu.overallResponse).toBe('NE');
    expect(fu.targetSum).toBeNull();
    expect(fu.changeFromBaselinePct).toBeNull();
  });

  it('R-NE-1 a target not listed at all is also missing', () => {
    const fu = followUp(recist(patient([[0, three], [56, [target('L1', 10), target('L2', 10)]]], only)), 1);
    expect(fu.targetResponse).toBe('NE');
  });

  it('R-NE-2 baseline 50 mm in 3 lesions, 2 lesions measure 80 mm → PD', () => {
    const fu = followUp(recist(patient([[0, three], [56, [target('L1', 40), target('L2', 40)]]], only)), 1);
    expect(fu.targetResponse).toBe('PD');
    expect(fu.overallResponse).toBe('PD');
    expect(ruleIds(fu)).toContain('R-NE-2');
    expect(fu.targetSum).toBeNull();
  });

  it('R-NE-1 a NE timepoint never becomes the nadir', () => {
    const result = recist(patient([[0, three], [56, [target('L1', 1), target('L2', 1)]], [112, [target('L1', 20), target('L2', 20), target('L3', 10)]]], only));
    expect(followUp(result, 2).nadirSum).toBe(50.0);
  });
});

describe('R-NT non-target lesions and OV-1', () => {
  const bl: LesionJson[] = [target('L1', 30), nonTarget('NT1')];
  const gone = withStatus(target('L1', 30), 'disappeared');
  it.each([
    ['R-NT-1 all non-targets gone + target CR → CR', [gone, withStatus(nonTarget('NT1'), 'disappeared')], 'CR', 'CR'],
    ['OV-1 target CR + non-target NonCR/NonPD → PR (R-NT-2)', [gone, nonTarget('NT1')], 'NonCR/NonPD', 'PR'],
    ['OV-1 target CR + non-target NE → PR (R-NT-4)', [gone, withStatus(nonTarget('NT1'), 'notEvaluated')], 'NE', 'PR'],
    ['OV-1 target SD + non-target NE → SD, not NE (R-NT-4)', [target('L1', 28), withStatus(nonTarget('NT1'), 'notEvaluated')], 'NE', 'SD'],
    ['R-NT-4 a non-target not listed is NE', [target('L1', 28)], 'NE', 'SD'],
    ['R-NT-3 unequivocal progression → PD overall even with target PR', [target('L1', 10), nonTarget('NT1', 'unequivocalProgression')], 'PD', 'PD'],
  ])('%s', (_name, lesions, nonTargetResponse, overall) => {
    const fu = followUp(recist(patient([[0, bl], [56, lesions]], only)), 1);
    expect(fu.nonTargetResponse).toBe(nonTargetResponse);
    expect(fu.overallResponse).toBe(overall);
  });

  it.each([
    ['R-NT-1 nodal non-target at 9.9 mm short axis is normal → CR', 9.9, 'CR'],
    ['R-NT-1 nodal non-target at 10.0 mm is still pathological → NonCR/NonPD', 10.0, 'NonCR/NonPD'],
  ])('%s', (_name, shortAxis, response) => {
    const node = (sa: number) => nonTarget('N1', 'present', { isLymphNode: true, shortAxisMm: sa });
    const fu = followUp(recist(patient([[0, [target('L1', 30), node(12)]], [56, [gone, node(shortAxis)]]], only)), 1);
    expect(fu.nonTargetResponse).toBe(response);
  });

  it('R-NT-5 no non-target at baseline → ND', () => {
    expect(followUp(recist(singleTarget([30, 30])), 1).nonTargetResponse).toBe('ND');
  });
});

describe('R-NEW-1 new lesions', () => {
  it.each([
    ['R-NEW-1 an unequivocal new lesion is PD whatever the targets do', newLesion('X1'), true, 'PD'],
    ['R-NEW-1 a new lesion recorded as disappeared is not PD', withStatus(newLesion('X1'), 'disappeared'), false, 'PR'],
    ['R-NEW-1 a new lesion not evaluated is not PD', withStatus(newLesion('X1'), 'notEvaluated'), false, 'PR'],
  ])('%s', (_name, lesion, isNew, overall) => {
    const fu = followUp(recist(patient([[0, [target('L1', 30)]], [56, [target('L1', 10), lesion]]], only)), 1);
    expect(fu.newLesions).toBe(isNew);
    expect(fu.overallResponse).toBe(overall);
  });
});

describe('R-REAP disappearance and reappearance', () => {
  it('R-REAP-1 +3 mm after an overall CR is PD although the sum rule is not met', () => {
    const result = recist(patient([[0, [target('L1', 30)]], [56, [withStatus(target('L1', 30), 'disappeared')]], [112, [target('L1', 3.0)]]], only));
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['CR', 'PD']);
    expect(ruleIds(followUp(result, 2))).toContain('R-REAP-1');
    expect(followUp(result, 2).changeFromNadirPct).toBeNull(); // nadir 0 (G-3)
  });

  it('R-REAP-1 a node back to 10.0 mm after CR is PD', () => {
    const result = recist(patient([[0, [nodeTarget('N1', 20)]], [56, [nodeTarget('N1', 9.0)]], [112, [nodeTarget('N1', 10.0)]]], only));
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['CR', 'PD']);
  });

  it('R-REAP-1 a non-target present again after CR is PD', () => {
    const result = recist(
      patient(
        [
          [0, [target('L1', 30), nonTarget('NT1')]],
          [56, [withStatus(target('L1', 30), 'disappeared'), withStatus(nonTarget('NT1'), 'disappeared')]],
          [112, [withStatus(target('L1', 30), 'disappeared'), nonTarget('NT1')]],
        ],
        only,
      ),
    );
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['CR', 'PD']);
    expect(followUp(result, 2).nonTargetResponse).toBe('PD');
  });

  it('R-REAP-2 without a prior CR a reappearing lesion is just added back (+3 mm is not PD)', () => {
    const result = recist(
      patient([[0, [target('L1', 30), target('L2', 20)]], [56, [withStatus(target('L1', 30), 'disappeared'), target('L2', 10)]], [112, [target('L1', 3.0), target('L2', 10)]]], only),
    );
    // 50 → 10 (PR) → 13: +30 % but +3 mm over the nadir, −74 % from baseline
    expect(result.timepoints.map((tp) => tp.targetResponse)).toEqual(['PR', 'PR']);
  });

  it('R-TGT-3 at a nadir of 0 only the 5 mm clause applies (no prior overall CR: non-target persists)', () => {
    const bl = [target('L1', 30), nonTarget('NT1')];
    const result = recist(
      patient([[0, bl], [56, [withStatus(target('L1', 30), 'disappeared'), nonTarget('NT1')]], [112, [target('L1', 4.9), nonTarget('NT1')]], [168, [target('L1', 5.0), nonTarget('NT1')]]], only),
    );
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['PR', 'PR', 'PD']);
  });
});

describe('OV-2 non-target disease only', () => {
  it.each([
    ['OV-2 persisting non-target → NonCR/NonPD', nonTarget('NT1'), 'NonCR/NonPD'],
    ['OV-2 all non-targets gone → CR', withStatus(nonTarget('NT1'), 'disappeared'), 'CR'],
    ['OV-2 non-target not evaluated → NE', withStatus(nonTarget('NT1'), 'notEvaluated'), 'NE'],
  ])('%s', (_name, lesion, overall) => {
    const result = recist(patient([[0, [nonTarget('NT1')]], [56, [lesion]]], only));
    const fu = followUp(result, 1);
    expect(fu.overallResponse).toBe(overall);
    expect(fu.targetResponse).toBe('ND');
    expect(fu.targetSum).toBeNull();
  });

  it('BOR-2 NonCR/NonPD counts like SD for best response', () => {
    expect(recist(patient([[0, [nonTarget('NT1')]], [56, [nonTarget('NT1')]]], only)).bestOverallResponse).toBe('NonCR/NonPD');
  });
});
