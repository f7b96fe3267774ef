import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CriteriaName } from '../../domain/input';
import type { TargetMargin } from '../../domain/result';
import { assessPatient } from '../../engine';
import { patientPlan, renderPatient } from '../../testing/arbitraries';
import { assessOne, followUp, nodeTarget, nonTarget, patient, target, withStatus, type LesionJson } from '../../testing/builders';

/**
 * MARGIN-1/2/3: each row sits exactly on a boundary (or one step off it) and names the smallest
 * change that flips the target response, hand-computed from the rule it crosses.
 */

type Visits = readonly (readonly LesionJson[])[];

function marginAt(criterion: CriteriaName, visits: Visits, options: Record<string, unknown> = {}, followUpIndex = visits.length - 1): TargetMargin {
  const input = patient(
    visits.map((lesions, index) => [index * 56, lesions] as const),
    { criteria: [criterion], options },
  );
  return followUp(assessOne(input, criterion), followUpIndex).targetMargin;
}

function found(margin: TargetMargin) {
  if (margin.kind !== 'found') throw new Error(`expected a margin, got ${margin.kind}: ${margin.reasons.map((r) => r.text).join('; ')}`);
  return margin;
}

/** Bidimensional target: long × short axis. */
const bi = (id: string, longAxisMm: number, shortAxisMm: number) => target(id, longAxisMm, { shortAxisMm });
/** Viable (enhancing) part for mRECIST and EASL. */
const viable = (id: string, longAxisMm: number, enhancingLongAxisMm: number, enhancingShortAxisMm: number) =>
  target(id, longAxisMm, { organ: 'liver', enhancingLongAxisMm, enhancingShortAxisMm });

describe('MARGIN-1/2 the nearest boundary, exactly', () => {
  it.each<[string, CriteriaName, Visits, number, string, string, number]>([
    // name, criterion, visits, sum change, toward, lesion, lesion change in mm
    ['R-TGT-2 92.0 → 64.4 mm is exactly −30 %: PR, +0.01 mm makes it SD', 'RECIST1.1', [[target('L1', 50), target('L2', 42)], [target('L1', 35), target('L2', 29.4)]], 0.01, 'SD', 'L1', 0.01],
    ['R-TGT-2 92.0 → 64.41 mm is SD, −0.01 mm makes it PR', 'RECIST1.1', [[target('L1', 50), target('L2', 42)], [target('L1', 35.01), target('L2', 29.4)]], -0.01, 'PR', 'L1', -0.01],
    ['R-TGT-3 34.0 → 40.8 mm is +20 % and +6.8 mm: PD, −0.01 mm makes it SD', 'RECIST1.1', [[target('L1', 34)], [target('L1', 40.8)]], -0.01, 'SD', 'L1', -0.01],
    ['R-TGT-3 20.0 → 24.0 mm is +20 % but +4.0 mm: the 5 mm clause needs +1.0 mm', 'RECIST1.1', [[target('L1', 20)], [target('L1', 24)]], 1, 'PD', 'L1', 1],
    ['R-TGT-3 50.0 → 59.9 mm is +19.8 %: the 20 % clause needs +0.1 mm', 'RECIST1.1', [[target('L1', 50)], [target('L1', 59.9)]], 0.1, 'PD', 'L1', 0.1],
    ['R-TGT-3 PD against the nadir: 100 → 70 → 83.9 mm needs +0.1 mm (84.0 is +20 % of 70)', 'RECIST1.1', [[target('L1', 100)], [target('L1', 70)], [target('L1', 83.9)]], 0.1, 'PD', 'L1', 0.1],
    ['R-TGT-3 from a nadir of 0 only the 5 mm clause: 4.0 mm needs +1.0 mm', 'RECIST1.1', [[target('L1', 20), nonTarget('NT1')], [withStatus(target('L1', 20), 'disappeared'), nonTarget('NT1')], [target('L1', 4), nonTarget('NT1')]], 1, 'PD', 'L1', 1],
    ['R-TGT-1 a 10.0 mm node keeps PR: −0.01 mm makes it CR', 'RECIST1.1', [[nodeTarget('N1', 20), target('L1', 30)], [nodeTarget('N1', 10), withStatus(target('L1', 30), 'disappeared')]], -0.01, 'CR', 'N1', -0.01],
    ['R-TGT-1 a 9.9 mm node is CR: +0.1 mm makes it PR', 'RECIST1.1', [[nodeTarget('N1', 20), target('L1', 30)], [nodeTarget('N1', 9.9), withStatus(target('L1', 30), 'disappeared')]], 0.1, 'PR', 'N1', 0.1],
    ['WHO-2 200 → 100 mm² is exactly −50 %: +0.0001 mm² or +0.01 mm of long axis makes it SD', 'WHO', [[bi('L1', 20, 10)], [bi('L1', 10, 10)]], 0.0001, 'SD', 'L1', 0.01],
    ['WHO-2 200 → 100.5 mm² is SD: −0.5 mm², or −0.05 mm of long axis, makes it PR', 'WHO', [[bi('L1', 20, 10)], [bi('L1', 10.05, 10)]], -0.5, 'PR', 'L1', -0.05],
    ['WHO-3 200 → 250 mm² is exactly +25 %: PD, −0.0001 mm² makes it SD', 'WHO', [[bi('L1', 20, 10)], [bi('L1', 25, 10)]], -0.0001, 'SD', 'L1', -0.01],
    ['EASL-4 enhancing SPD 200 → 250 mm² is exactly +25 %: PD, −0.0001 mm² makes it SD', 'EASL', [[viable('L1', 30, 20, 10)], [viable('L1', 30, 25, 10)]], -0.0001, 'SD', 'L1', -0.01],
    ['EASL-3 enhancing SPD 200 → 100 mm² is exactly −50 %: PR, +0.0001 mm² makes it SD', 'EASL', [[viable('L1', 30, 20, 10)], [viable('L1', 30, 10, 10)]], 0.0001, 'SD', 'L1', 0.01],
    ['M-3 viable 50.0 → 35.0 mm is exactly −30 %: PR, +0.01 mm makes it SD', 'mRECIST', [[viable('L1', 60, 50, 40)], [viable('L1', 60, 35, 30)]], 0.01, 'SD', 'L1', 0.01],
    ['M-4 viable 20.0 → 24.0 mm is +20 % (no 5 mm floor): PD, −0.01 mm makes it SD', 'mRECIST', [[viable('L1', 30, 20, 15)], [viable('L1', 30, 24, 15)]], -0.01, 'SD', 'L1', -0.01],
    ['C-3 size 50.0 → 45.0 mm is exactly −10 %: PR, +0.01 mm makes it SD', 'Choi', [[target('L1', 50, { meanHU: 60 })], [target('L1', 45, { meanHU: 58 })]], 0.01, 'SD', 'L1', 0.01],
    ['C-4 size 50.0 → 55.0 mm is exactly +10 %: PD, −0.01 mm makes it SD', 'Choi', [[target('L1', 50, { meanHU: 60 })], [target('L1', 55, { meanHU: 58 })]], -0.01, 'SD', 'L1', -0.01],
    ['IR-1 92.0 → 64.4 mm is iPR: +0.01 mm makes it iSD', 'iRECIST', [[target('L1', 50), target('L2', 42)], [target('L1', 35), target('L2', 29.4)]], 0.01, 'iSD', 'L1', 0.01],
    ['IR-1 34.0 → 40.8 mm is iUPD: −0.01 mm makes it iSD', 'iRECIST', [[target('L1', 34)], [target('L1', 40.8)]], -0.01, 'iSD', 'L1', -0.01],
  ])('%s', (_name, criterion, visits, sumChange, toward, lesionId, changeMm) => {
    const margin = found(marginAt(criterion, visits));
    expect(margin.sumChange).toBeCloseTo(sumChange, 10);
    expect(margin.toward).toBe(toward);
    expect(margin.lesion.id).toBe(lesionId);
    expect(margin.lesion.changeMm).toBeCloseTo(changeMm, 10);
  });

  it('MARGIN-1 the percentage is of the current sum: +0.01 of 64.4 mm is +0.02 %', () => {
    const margin = found(marginAt('RECIST1.1', [[target('L1', 50), target('L2', 42)], [target('L1', 35), target('L2', 29.4)]]));
    expect(margin.sumChangePct).toBe(0.02);
    expect(margin.lesion).toMatchObject({ axis: 'longAxis', axisMm: 35 });
  });

  it('MARGIN-2 a node moves by its short axis; mRECIST and EASL by the enhancing long axis', () => {
    expect(found(marginAt('RECIST1.1', [[nodeTarget('N1', 20), target('L1', 30)], [nodeTarget('N1', 10), withStatus(target('L1', 30), 'disappeared')]])).lesion.axis).toBe('shortAxis');
    expect(found(marginAt('mRECIST', [[viable('L1', 60, 50, 40)], [viable('L1', 60, 35, 30)]])).lesion.axis).toBe('enhancingLongAxis');
    expect(found(marginAt('EASL', [[viable('L1', 30, 20, 10)], [viable('L1', 30, 10, 10)]])).lesion.axis).toBe('enhancingLongAxis');
  });

  it('WHO-3b "anyLesion": the per-lesion boundary comes first (+0.1 mm of L1 reaches +25 % of its own nadir)', () => {
    const margin = found(marginAt('WHO', [[bi('L1', 20, 10), bi('L2', 20, 10)], [bi('L1', 24.9, 10), bi('L2', 15, 10)]], { whoProgressionMode: 'anyLesion' }));
    expect(margin).toMatchObject({ toward: 'PD', sumChange: 1, lesion: { id: 'L1', changeMm: 0.1, toward: 'PD' } });
  });
});

describe('MARGIN-1 timepoints without a margin say why', () => {
  it.each<[string, Visits, string]>([
    ['no target at baseline (ND)', [[nonTarget('NT1')], [nonTarget('NT1')]], 'noTargets'],
    ['a target not evaluated (NE)', [[target('L1', 30), target('L2', 20)], [target('L1', 30), withStatus(target('L2', 20), 'notEvaluated')]], 'targetNotEvaluable'],
    ['every target disappeared (CR rests on disappearance, not on a caliper)', [[target('L1', 30)], [withStatus(target('L1', 30), 'disappeared')]], 'noMeasuredTarget'],
  ])('%s', (_name, visits, why) => {
    const margin = marginAt('RECIST1.1', visits);
    expect(margin).toMatchObject({ kind: 'none', why, withinNoise: false });
    expect(margin.reasons.map((reason) => reason.rule)).toEqual(['MARGIN-1']);
  });
});

describe('MARGIN-3 within measurement noise', () => {
  // 63.5 mm at baseline and follow-up: PD needs +12.7 mm on one lesion (76.2 mm = +20 %), L1 the longer caliper
  const atPdDistance = (l1Mm: number): Visits => [
    [target('L1', 50), target('L2', 13.5)],
    [target('L1', l1Mm), target('L2', 63.5 - l1Mm)],
  ];

  it.each<[string, Visits, Record<string, unknown>, boolean, number | null]>([
    ['yoon2016 (default): +0.01 mm on a 35.0 mm lesion is inside +25.4 % (8.89 mm)', [[target('L1', 50), target('L2', 42)], [target('L1', 35), target('L2', 29.4)]], {}, true, 8.89],
    ['yoon2016: +12.7 mm on 50.0 mm is exactly +25.4 %, on the limit: not inside', atPdDistance(50), {}, false, 12.7],
    ['yoon2016: +12.7 mm on 50.1 mm is inside +25.4 % (12.73 mm)', atPdDistance(50.1), {}, true, 12.73],
    ['yoon2016: −10.0 mm on 45.0 mm is beyond −22.1 % (9.95 mm)', [[target('L1', 50)], [target('L1', 45)]], {}, false, 9.95],
    ['yoon2016: −7.0 mm on 42.0 mm is inside −22.1 % (9.28 mm)', [[target('L1', 50)], [target('L1', 42)]], {}, true, 9.28],
    ['huh2018: −7.0 mm is inside −7.9 mm', [[target('L1', 50)], [target('L1', 42)]], { measurementNoiseModel: 'huh2018' }, true, 7.9],
    ['huh2018: +12.7 mm is beyond +7.1 mm', atPdDistance(50.1), { measurementNoiseModel: 'huh2018' }, false, 7.1],
    ['off: never flagged', [[target('L1', 50), target('L2', 42)], [target('L1', 35), target('L2', 29.4)]], { measurementNoiseModel: 'off' }, false, null],
  ])('%s', (_name, visits, options, withinNoise, limitMm) => {
    const margin = found(marginAt('RECIST1.1', visits, options));
    expect(margin.withinNoise).toBe(withinNoise);
    expect(margin.lesion.noiseLimitMm).toBe(limitMm);
    expect(margin.reasons.some((reason) => reason.rule === 'MARGIN-3')).toBe(limitMm !== null);
  });

  it('the model is an engine option: an unknown model is rejected with its path', () => {
    const reply = assessPatient(patient([[0, [target('L1', 50)]], [56, [target('L1', 45)]]], { options: { measurementNoiseModel: 'guess' } }));
    expect(reply.ok).toBe(false);
    expect(reply.ok ? [] : reply.problems.map((problem) => problem.path)).toContain('$.options.measurementNoiseModel');
  });
});

describe('MARGIN-2 property: the reported change flips the target response, one 0.01 mm step less does not', () => {
  const FIELD = { longAxis: 'longAxisMm', shortAxis: 'shortAxisMm', enhancingLongAxis: 'enhancingLongAxisMm' } as const;
  type Input = { timepoints: { lesions: Record<string, unknown>[] }[] };

  /** The input with one lesion's axis at one timepoint changed, assessed again: that timepoint's target response. */
  function responseWith(input: Input, criterion: CriteriaName, at: number, lesionId: string, field: string, valueMm: number): string {
    const changed = structuredClone(input);
    const lesion = changed.timepoints[at]!.lesions.find((entry) => entry['id'] === lesionId)!;
    lesion[field] = Math.round(valueMm * 100) / 100;
    return followUp(assessOne({ ...changed, criteria: [criterion] }, criterion), at).targetResponse;
  }

  it.each<CriteriaName>(['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi'])('%s', (criterion) => {
    let checked = 0;
    fc.assert(
      fc.property(patientPlan, (plan) => {
        const input = renderPatient(plan) as unknown as Input;
        const result = assessOne({ ...input, criteria: [criterion] }, criterion);
        result.timepoints.forEach((tp, index) => {
          const margin = tp.targetMargin;
          if (margin.kind !== 'found') return;
          const { id, axis, axisMm, changeMm, toward } = margin.lesion;
          const step = Math.sign(changeMm) * 0.01;
          expect(responseWith(input, criterion, index + 1, id, FIELD[axis], axisMm + changeMm)).toBe(toward);
          expect(responseWith(input, criterion, index + 1, id, FIELD[axis], axisMm + changeMm - step)).toBe(tp.targetResponse);
          checked += 1;
        });
      }),
      { numRuns: 60 },
    );
    expect(checked, 'margins checked').toBeGreaterThan(30);
  });
});
