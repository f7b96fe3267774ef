import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patientInputSchema } from '../domain/input';
import { patientPlan, renderPatient } from '../testing/arbitraries';
import { isWellFormedPatient } from './fastPath';

/** The fast path may only accept what zod accepts; and it must accept ordinary valid patients. */

const FIELD_PATHS = [
  ['patientId'], ['criteria'], ['options'], ['timepoints'], ['timepoints', 0, 'id'], ['timepoints', 1, 'date'], ['timepoints', 1, 'modality'],
  ['timepoints', 1, 'sliceThicknessMm'], ['timepoints', 1, 'lesions'], ['timepoints', 0, 'lesions', 0, 'longAxisMm'],
  ['timepoints', 1, 'lesions', 0, 'status'], ['timepoints', 1, 'lesions', 0, 'role'], ['timepoints', 1, 'lesions', 0, 'id'],
  ['timepoints', 1, 'lesions', 0, 'organ'], ['timepoints', 1, 'lesions', 0, 'isLymphNode'], ['timepoints', 1, 'lesions', 0, 'meanHU'],
  ['timepoints', 1, 'lesions', 0, 'splitFrom'], ['timepoints', 1, 'lesions', 0, 'mergedInto'], ['timepoints', 1, 'lesions', 0, 'hccTypicalPattern'],
] as const;

const replacement = fc.oneof(
  fc.anything(),
  fc.constantFrom(null, undefined, '', 'x', -1, 0, 1e9, Number.NaN, Number.POSITIVE_INFINITY, 1.5, true, [], {}, 'present', 'target', 'RECIST1.1', '2024-02-30'),
);

describe('validation fast path', () => {
  it('property: accepts every generated valid patient', () => {
    fc.assert(
      fc.property(patientPlan, (plan) => {
        expect(isWellFormedPatient(renderPatient(plan))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('property: whatever it accepts, the zod schema accepts (arbitrary values)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        if (isWellFormedPatient(value)) expect(patientInputSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: whatever it accepts, the zod schema accepts (mutated valid patients)', () => {
    fc.assert(
      fc.property(patientPlan, fc.constantFrom(...FIELD_PATHS), replacement, (plan, path, value) => {
        const input = renderPatient(plan) as Record<string | number, unknown>;
        let node: unknown = input;
        for (const key of path.slice(0, -1)) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[key];
        if (node === null || typeof node !== 'object') return;
        (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = value;
        if (isWellFormedPatient(input)) expect(patientInputSchema.safeParse(input).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
