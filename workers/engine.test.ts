import { describe, expect, it } from 'vitest';
import { assessAny, assessCohort, assessPatient } from './engine';
import { newLesion, nonTarget, patient, target } from './testing/builders';

const example = () =>
  patient(
    [
      [0, [target('L1', 32.0), target('L2', 30.0), nonTarget('NT1')]],
      [51, [target('L1', 25.0), target('L2', 25.0), nonTarget('NT1')]],
      [112, [target('L1', 35.0), target('L2', 30.0), nonTarget('NT1'), newLesion('X1')]],
    ],
    { patientId: 'P001' },
  );

describe('engine contract (docs/exchange-format.md)', () => {
  it('returns every requested criterion with the documented fields', () => {
    const reply = assessPatient(example());
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.output.patientId).toBe('P001');
    expect(Object.keys(reply.output.criteria)).toEqual(['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST']);
    const fu1 = reply.output.criteria['RECIST1.1']?.timepoints[0];
    // the format's example: 62 → 50 mm is −19.4 %, SD
    expect(fu1).toMatchObject({
      id: 'FU1',
      targetSum: 50.0,
      baselineSum: 62.0,
      nadirSum: 62.0,
      changeFromBaselinePct: -19.4,
      changeFromNadirPct: -19.4,
      targetResponse: 'SD',
      nonTargetResponse: 'NonCR/NonPD',
      newLesions: false,
      overallResponse: 'SD',
      afterProgression: false,
    });
    expect(fu1?.lesions).toEqual([
      { id: 'L1', value: 25.0, changeFromBaselinePct: -21.9 },
      { id: 'L2', value: 25.0, changeFromBaselinePct: -16.7 },
    ]);
    expect(fu1?.reasons[0]?.rule).toBe('R-TGT-4');
    expect(reply.output.criteria['RECIST1.1']?.bestOverallResponse).toBe('SD');
    expect(reply.output.criteria.Choi?.timepoints[0]).toHaveProperty('densityChangeFromBaselinePct');
  });

  it('computes only the requested criteria; absent criteria means all six', () => {
    const only = { ...example(), criteria: ['WHO'] };
    const reply = assessPatient(only);
    expect(reply.ok && Object.keys(reply.output.criteria)).toEqual(['WHO']);
    const noCriteria: Record<string, unknown> = { ...example() };
    delete noCriteria['criteria'];
    const all = assessPatient(noCriteria);
    expect(all.ok && Object.keys(all.output.criteria).length).toBe(6);
  });

  it('output is plain JSON data (survives a JSON round trip unchanged)', () => {
    const reply = assessPatient(example());
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
  });

  it('a cohort returns an array in the same order; one invalid patient rejects all', () => {
    const second = { ...example(), patientId: 'P002' };
    const reply = assessCohort([example(), second]);
    expect(reply.ok && reply.output.map((p) => p.patientId)).toEqual(['P001', 'P002']);
    const bad = assessCohort([example(), { ...second, timepoints: [] }]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]?.path).toBe('$[1].timepoints');
  });

  it('assessAny dispatches on arrays', () => {
    expect(assessAny([example()]).ok && Array.isArray((assessAny([example()]) as { output: unknown }).output)).toBe(true);
  });

  it('invalid input is returned as problems, never thrown', () => {
    expect(assessPatient(undefined)).toMatchObject({ ok: false });
    expect(assessPatient('text')).toMatchObject({ ok: false, problems: [{ path: '$' }] });
  });
});
