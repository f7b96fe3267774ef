import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newLesion, nonTarget, patient, target, withStatus } from '../testing/builders';
import { validateCohort, validatePatient } from './validate';

type Json = Record<string, unknown>;
const valid = (): Json =>
  patient([
    [0, [target('L1', 30), target('L2', 20), nonTarget('NT1')]],
    [56, [target('L1', 25), target('L2', 20), nonTarget('NT1'), newLesion('X1')]],
    [112, [target('L1', 25), target('L2', 20), nonTarget('NT1')]],
  ]);

/** Deep-copies the valid patient and applies one edit. */
function mutate(edit: (p: Json & { timepoints: { lesions: Json[]; date: string; id: string }[] }) => void): Json {
  const copy = structuredClone(valid()) as Json & { timepoints: { lesions: Json[]; date: string; id: string }[] };
  edit(copy);
  return copy;
}

const lesionAt = (p: { timepoints: { lesions: Json[] }[] }, tp: number, index: number): Json => {
  const lesion = p.timepoints[tp]?.lesions[index];
  if (lesion === undefined) throw new Error('bad fixture');
  return lesion;
};

describe('input validation (docs/exchange-format.md): rejected as a whole, each problem by JSON path', () => {
  it('accepts the valid fixture', () => {
    expect(validatePatient(valid()).ok).toBe(true);
  });

  it.each([
    ['missing baseline (no timepoints)', mutate((p) => { p.timepoints = []; }), '$.timepoints'],
    ['missing timepoints field', mutate((p) => { delete (p as Json)['timepoints']; }), '$.timepoints'],
    ['unknown criteria name', mutate((p) => { p['criteria'] = ['RECIST 1.1']; }), '$.criteria[0]'],
    ['negative diameter', mutate((p) => { lesionAt(p, 2, 0)['longAxisMm'] = -1; }), '$.timepoints[2].lesions[0].longAxisMm'],
    ['diameter as a string', mutate((p) => { lesionAt(p, 1, 0)['longAxisMm'] = '25'; }), '$.timepoints[1].lesions[0].longAxisMm'],
    ['follow-up lesion id never defined', mutate((p) => { lesionAt(p, 2, 1)['id'] = 'L9'; }), '$.timepoints[2].lesions[1].id'],
    ['dates out of order', mutate((p) => { p.timepoints[2]!.date = '2024-01-15'; }), '$.timepoints[2].date'],
    ['same date twice', mutate((p) => { p.timepoints[2]!.date = p.timepoints[1]!.date; }), '$.timepoints[2].date'],
    ['bad date format', mutate((p) => { p.timepoints[1]!.date = '26/02/2024'; }), '$.timepoints[1].date'],
    ['impossible calendar date', mutate((p) => { p.timepoints[1]!.date = '2024-02-30'; }), '$.timepoints[1].date'],
    ['role "new" at baseline', mutate((p) => { lesionAt(p, 0, 2)['role'] = 'new'; }), '$.timepoints[0].lesions[2].role'],
    ['unknown role', mutate((p) => { lesionAt(p, 0, 2)['role'] = 'other'; }), '$.timepoints[0].lesions[2].role'],
    ['unknown status', mutate((p) => { lesionAt(p, 1, 0)['status'] = 'gone'; }), '$.timepoints[1].lesions[0].status'],
    ['role changed from baseline', mutate((p) => { lesionAt(p, 1, 2)['role'] = 'target'; }), '$.timepoints[1].lesions[2].role'],
    ['new lesion reusing a baseline id', mutate((p) => { lesionAt(p, 1, 3)['id'] = 'L1'; }), '$.timepoints[1].lesions[3].id'],
    ['duplicate lesion id in one timepoint', mutate((p) => { lesionAt(p, 2, 1)['id'] = 'L1'; }), '$.timepoints[2].lesions[1].id'],
    ['duplicate timepoint id', mutate((p) => { p.timepoints[2]!.id = 'FU1'; }), '$.timepoints[2].id'],
    ['splitFrom pointing nowhere', mutate((p) => { p.timepoints[2]!.lesions.push(target('F1', 5, { splitFrom: 'L7' })); }), '$.timepoints[2].lesions[3].splitFrom'],
    ['split parent without fragments', mutate((p) => { lesionAt(p, 2, 0)['status'] = 'split'; }), '$.timepoints[2].lesions[0].status'],
    ['mergedInto pointing nowhere', mutate((p) => { Object.assign(lesionAt(p, 2, 1), { status: 'merged', mergedInto: 'L8' }); }), '$.timepoints[2].lesions[1].mergedInto'],
    ['merged without mergedInto', mutate((p) => { lesionAt(p, 2, 1)['status'] = 'merged'; }), '$.timepoints[2].lesions[1].mergedInto'],
    ['unequivocalProgression on a target', mutate((p) => { lesionAt(p, 2, 1)['status'] = 'unequivocalProgression'; }), '$.timepoints[2].lesions[1].status'],
    ['split status at baseline', mutate((p) => { lesionAt(p, 0, 0)['status'] = 'split'; }), '$.timepoints[0].lesions[0].status'],
    ['bad option value', mutate((p) => { p['options'] = { whoProgressionMode: 'max' }; }), '$.options.whoProgressionMode'],
    ['negative option', mutate((p) => { p['options'] = { minSdDurationDays: -1 }; }), '$.options.minSdDurationDays'],
    ['missing patientId', mutate((p) => { delete p['patientId']; }), '$.patientId'],
  ])('rejects %s at %s', (_name, input, path) => {
    const result = validatePatient(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => problem.path)).toContain(path);
  });

  it('names every problem, not just the first', () => {
    const input = mutate((p) => {
      lesionAt(p, 1, 0)['longAxisMm'] = -3;
      lesionAt(p, 2, 1)['shortAxisMm'] = -4;
    });
    const result = validatePatient(input);
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(['$.timepoints[1].lesions[0].longAxisMm', '$.timepoints[2].lesions[1].shortAxisMm']);
  });

  it('accepts a valid split and a valid merge', () => {
    const input = patient([
      [0, [target('L1', 30), target('L2', 20), target('L3', 10)]],
      [56, [withStatus(target('L1', 1), 'split'), target('L1a', 10, { splitFrom: 'L1' }), target('L2', 25), { ...withStatus(target('L3', 1), 'merged'), mergedInto: 'L2' }]],
    ]);
    expect(validatePatient(input)).toMatchObject({ ok: true });
  });

  it('a cohort prefixes paths with the patient index and rejects the whole cohort', () => {
    const bad = mutate((p) => { lesionAt(p, 1, 0)['longAxisMm'] = -1; });
    const result = validateCohort([valid(), bad]);
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(['$[1].timepoints[1].lesions[0].longAxisMm']);
    expect(validateCohort({}).ok).toBe(false);
  });

  it('property: the validator never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => validatePatient(value)).not.toThrow();
        expect(() => validateCohort(value)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('property: the validator never throws on mutated valid inputs, and any result is well formed', () => {
    const paths = [['patientId'], ['criteria'], ['options'], ['timepoints'], ['timepoints', 1, 'date'], ['timepoints', 1, 'lesions'], ['timepoints', 0, 'lesions', 0, 'longAxisMm'], ['timepoints', 1, 'lesions', 0, 'status'], ['timepoints', 2, 'lesions', 1, 'id'], ['timepoints', 1, 'lesions', 3, 'role'], ['timepoints', 2, 'lesions', 0, 'splitFrom'], ['timepoints', 2, 'lesions', 0, 'mergedInto']] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, replacement) => {
        const input = valid();
        let node: unknown = input;
        for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
        (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = replacement;
        const result = validatePatient(input);
        if (!result.ok) for (const problem of result.problems) expect(problem.path.startsWith('$')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
