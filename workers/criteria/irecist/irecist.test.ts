import { describe, expect, it } from 'vitest';
import { assessOne, followUp, newLesion, nonTarget, patient, ruleIds, target, withStatus, type LesionJson } from '../../testing/builders';

/** iRECIST: hand-computed sequences. Each visit is [day, target L1 mm, extra lesions]. */
type Visit = readonly [number, number | null, (readonly LesionJson[])?];
const ir = (visits: readonly Visit[], baselineExtra: readonly LesionJson[] = []) =>
  assessOne(
    patient(
      visits.map(([day, mm, extra = []], index) => [day, [mm === null ? withStatus(target('L1', null), 'notEvaluated') : target('L1', mm), ...(index === 0 ? baselineExtra : []), ...extra]] as const),
      { criteria: ['iRECIST'] },
    ),
    'iRECIST',
  );
const overall = (visits: readonly Visit[], baselineExtra: readonly LesionJson[] = []) => ir(visits, baselineExtra).timepoints.map((tp) => tp.overallResponse);

describe('iRECIST (Seymour 2017)', () => {
  it('IR-1 before iUPD iRECIST mirrors RECIST 1.1; RECIST PD opens iUPD', () => {
    // 50 → 40 (−20 %: iSD) → 50 (+25 %, +10 mm vs nadir 40: iUPD)
    expect(overall([[0, 50], [56, 40], [112, 50]])).toEqual(['iSD', 'iUPD']);
  });

  it('IR-2 (a) +4 mm then +2 mm more over the iUPD sum is iCPD (cumulative)', () => {
    expect(overall([[0, 50], [56, 40], [112, 50], [140, 54], [168, 56]])).toEqual(['iSD', 'iUPD', 'iUPD', 'iCPD']);
  });

  it.each([
    ['IR-2 (a) +5.0 mm over the iUPD sum is iCPD', 55, 'iCPD'],
    ['IR-2 (a) +4.9 mm over the iUPD sum stays iUPD', 54.9, 'iUPD'],
  ])('%s', (_name, mm, expected) => {
    expect(overall([[0, 50], [56, 40], [112, 50], [140, mm]])[2]).toBe(expected);
  });

  it.each([
    ['IR-3 iCPD needs >= 28 days after the iUPD scan: 27 days keeps iUPD', 139, 'iUPD'],
    ['IR-3 28 days after the iUPD scan: iCPD', 140, 'iCPD'],
  ])('%s', (_name, day, expected) => {
    const result = ir([[0, 50], [56, 40], [112, 50], [day, 60]]);
    expect(followUp(result, 3).overallResponse).toBe(expected);
    expect(ruleIds(followUp(result, 3))).toContain('IR-3');
  });

  it('IR-5 reset: no PD criterion any more → iSD; a later PD opens a new iUPD needing its own confirmation', () => {
    // nadir 40; 44 is +10 % (not PD) → reset; 50 is PD again → new iUPD at 50; 55 → +5 mm → iCPD
    expect(overall([[0, 50], [56, 40], [112, 50], [168, 44], [224, 50], [280, 55]])).toEqual(['iSD', 'iUPD', 'iSD', 'iUPD', 'iCPD']);
  });

  it('IR-2 (b) another new lesion after a new-lesion iUPD is iCPD', () => {
    expect(overall([[0, 50], [56, 50, [newLesion('X1')]], [112, 50, [newLesion('X1'), newLesion('X2')]]])).toEqual(['iUPD', 'iCPD']);
  });

  it('IR-5 / A11 a persisting unchanged new lesion keeps iUPD, and the explanation says which reading', () => {
    const result = ir([[0, 50], [56, 50, [newLesion('X1')]], [112, 50, [newLesion('X1')]]]);
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['iUPD', 'iUPD']);
    expect(followUp(result, 2).reasons.some((reason) => reason.text.includes('A11'))).toBe(true);
  });

  it('IR-5 the new lesion has gone and targets are stable → reset to iSD', () => {
    expect(overall([[0, 50], [56, 50, [newLesion('X1')]], [112, 50, [withStatus(newLesion('X1'), 'disappeared')]]])).toEqual(['iUPD', 'iSD']);
  });

  it('IR-2 (c) a category that was not iUPD now meets RECIST PD → iCPD', () => {
    // iUPD by new lesion; then targets 50 → 60 (+20 %, +10 mm)
    expect(overall([[0, 50], [56, 50, [newLesion('X1')]], [112, 60, [newLesion('X1')]]])).toEqual(['iUPD', 'iCPD']);
  });

  it('IR-2 (a) / IR-4 new-lesion target sum +5 mm → iCPD', () => {
    const result = ir([[0, 50], [56, 50, [newLesion('X1', 12)]], [112, 50, [newLesion('X1', 17)]]]);
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['iUPD', 'iCPD']);
    expect(result.timepoints.map((tp) => tp.newLesionTargetSum)).toEqual([12, 17]);
  });

  it('IR-4 a new lesion under 10 mm is a new-lesion non-target; its growth of +5 mm is not summed', () => {
    const result = ir([[0, 50], [56, 50, [newLesion('X1', 8)]], [112, 50, [newLesion('X1', 13)]]]);
    expect(result.timepoints.map((tp) => tp.newLesionTargetSum)).toEqual([null, null]);
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['iUPD', 'iUPD']);
  });

  it('IR-2 (a) a new-lesion non-target that increases → iCPD', () => {
    const grown = newLesion('X1', 8, { status: 'unequivocalProgression' });
    expect(overall([[0, 50], [56, 50, [newLesion('X1', 8)]], [112, 50, [grown]]])).toEqual(['iUPD', 'iCPD']);
  });

  it('IR-2 (a) non-target iUPD confirmed by a further increase (reader flag furtherIncrease)', () => {
    const nt = (more: Record<string, unknown>) => nonTarget('NT1', 'unequivocalProgression', more);
    const result = overall([[0, 50], [56, 50, [nt({})]], [112, 50, [nt({ furtherIncrease: true })]]], [nonTarget('NT1')]);
    expect(result).toEqual(['iUPD', 'iCPD']);
  });

  it('G-6 timepoints after iCPD are flagged afterProgression', () => {
    const result = ir([[0, 50], [56, 60], [112, 70], [168, 20]]);
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['iUPD', 'iCPD', 'iPR']);
    expect(result.timepoints.map((tp) => tp.afterProgression)).toEqual([false, false, true]);
  });

  it.each([
    ['IR-6 example 8: iUPD followed only by NE → iBOR iUPD', [[0, 50], [20, 70], [56, null], [112, null]] as Visit[], 'iUPD'],
    ['IR-6 iSD (>= 42 days) before iUPD and iCPD → iSD', [[0, 50], [56, 45], [112, 60], [168, 70]] as Visit[], 'iSD'],
    ['IR-6 iPR before iCPD → iPR', [[0, 50], [56, 30], [112, 40], [168, 50]] as Visit[], 'iPR'],
    ['IR-6 iSD too early (BOR-2), then iUPD, iCPD → iCPD', [[0, 50], [28, 50], [56, 65], [112, 75]] as Visit[], 'iCPD'],
    ['IR-6 iPR after a reset counts: iUPD, iPR → iPR', [[0, 50], [56, 60], [112, 30]] as Visit[], 'iPR'],
  ])('%s', (_name, visits, expected) => {
    expect(ir(visits).bestOverallResponse).toBe(expected);
  });
});
