import { describe, expect, it } from 'vitest';
import type { CriteriaName } from '../../domain/input';
import { assessOne, nodeTarget, nonTarget, patient, target, withStatus, type LesionJson } from '../../testing/builders';

const issuesOf = (lesions: readonly LesionJson[], criterion: CriteriaName = 'RECIST1.1', timepointExtra: Record<string, unknown> = {}) => {
  const input = patient([[0, lesions], [56, lesions]]);
  const timepoints = input['timepoints'] as Record<string, unknown>[];
  Object.assign(timepoints[0] ?? {}, timepointExtra);
  return assessOne(input, criterion).issues.map((issue) => [issue.rule, issue.lesionId]);
};

describe('baseline conformance issues (docs/criteria.md, CONF-*)', () => {
  it('CONF-1 more than 5 targets', () => {
    const six = ['A', 'B', 'C', 'D', 'E', 'F'].map((id, index) => target(id, 20, { organ: `organ${index}` }));
    expect(issuesOf(six)).toEqual([['CONF-1', null]]);
  });

  it('CONF-2 more than 2 targets per organ (case-insensitive organ)', () => {
    expect(issuesOf([target('A', 20, { organ: 'Liver' }), target('B', 20, { organ: 'liver' }), target('C', 20, { organ: 'liver ' })])).toEqual([['CONF-2', 'C']]);
  });

  it.each([
    ['CONF-3 non-nodal target 9.9 mm is below 10 mm', 9.9, {}, [['CONF-3', 'A']]],
    ['CONF-3 non-nodal target 10.0 mm is measurable', 10.0, {}, []],
    ['CONF-3 with 6 mm slices the minimum is 12 mm: 11.9 mm is too small', 11.9, { sliceThicknessMm: 6 }, [['CONF-3', 'A']]],
    ['CONF-3 with 6 mm slices 12.0 mm is measurable', 12.0, { sliceThicknessMm: 6 }, []],
    ['CONF-3 with 3 mm slices the 10 mm minimum still applies', 9.9, { sliceThicknessMm: 3 }, [['CONF-3', 'A']]],
  ])('%s', (_name, mm, extra, expected) => {
    expect(issuesOf([target('A', mm)], 'RECIST1.1', extra)).toEqual(expected);
  });

  it.each([
    ['CONF-4 nodal target 9.9 mm short axis is a normal node', 9.9, [['CONF-4', 'N']]],
    ['CONF-5 nodal target 10.0 mm short axis is a pathological non-target', 10.0, [['CONF-5', 'N']]],
    ['CONF-5 nodal target 14.9 mm short axis is a pathological non-target', 14.9, [['CONF-5', 'N']]],
    ['R-MEAS-1 nodal target 15.0 mm short axis is measurable', 15.0, []],
  ])('%s', (_name, shortAxis, expected) => {
    expect(issuesOf([nodeTarget('N', shortAxis)])).toEqual(expected);
  });

  it('CONF-6 a target with no measurement at baseline', () => {
    expect(issuesOf([target('A', null)])).toEqual([['CONF-6', 'A']]);
    expect(issuesOf([withStatus(target('A', 20), 'notEvaluated')])).toEqual([['CONF-6', 'A']]);
  });

  it('CONF-6 WHO needs both axes', () => {
    expect(issuesOf([target('A', 20, { shortAxisMm: null })], 'WHO')).toEqual([['CONF-6', 'A']]);
  });

  it('CONF-7 mRECIST target without enhancing measurement, or not enhancing', () => {
    expect(issuesOf([target('A', 20)], 'mRECIST')).toEqual([['CONF-7', 'A']]);
    expect(issuesOf([target('A', 20, { enhancingLongAxisMm: 0 })], 'mRECIST')).toEqual([['CONF-7', 'A']]);
    expect(issuesOf([target('A', 20, { enhancingLongAxisMm: 15 })], 'mRECIST')).toEqual([]);
  });

  it('CONF-8 Choi target without meanHU', () => {
    expect(issuesOf([target('A', 20)], 'Choi')).toEqual([['CONF-8', 'A']]);
    expect(issuesOf([target('A', 20, { meanHU: 40 })], 'Choi')).toEqual([]);
  });

  it('CONF-10 non-target disease only', () => {
    expect(issuesOf([nonTarget('NT')])).toEqual([['CONF-10', null]]);
  });

  it('issues never change the computed response (R-MEAS-1)', () => {
    const small = patient([[0, [target('A', 8)]], [56, [target('A', 5.6)]]], { criteria: ['RECIST1.1'] });
    const result = assessOne(small, 'RECIST1.1');
    expect(result.issues.map((issue) => issue.rule)).toEqual(['CONF-3']);
    expect(result.timepoints[0]?.targetResponse).toBe('PR'); // 8 → 5.6 mm is −30 %
  });
});
