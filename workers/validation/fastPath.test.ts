import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lesionInputSchema, optionsInputSchema, patientInputSchema, timepointInputSchema } from '../domain/input';
import { patientPlan, renderPatient } from '../testing/arbitraries';
import { isWellFormedPatient } from './fastPath';

/** The fast path may only accept what zod accepts; and it must accept ordinary valid patients. */

/**
 * Every field of the schema, derived from it: a field added to the exchange format and forgotten in
 * the fast path is mutated here, and the fast path accepting a value zod refuses fails the property.
 */
const FIELD_PATHS: readonly (readonly (string | number)[])[] = [
  ...Object.keys(patientInputSchema.shape).map((key) => [key]),
  ...Object.keys(timepointInputSchema.shape).flatMap((key) => [['timepoints', 0, key], ['timepoints', 1, key]]),
  ...Object.keys(lesionInputSchema.shape).flatMap((key) => [['timepoints', 0, 'lesions', 0, key], ['timepoints', 1, 'lesions', 0, key]]),
  ...Object.keys(optionsInputSchema.shape).map((key) => ['options', key]),
];

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

  it('mutates every field the schema has', () => {
    const lesionFields = new Set(FIELD_PATHS.filter((path) => path.length === 5).map((path) => path[4]));
    expect([...lesionFields].sort()).toEqual(Object.keys(lesionInputSchema.shape).sort());
    expect(lesionFields.has('volumeMl')).toBe(true);
  });

  it('property: whatever it accepts, the zod schema accepts (mutated valid patients)', () => {
    fc.assert(
      fc.property(patientPlan, fc.constantFrom(...FIELD_PATHS), replacement, (plan, path, value) => {
        const input = renderPatient(plan) as Record<string | number, unknown>;
        let node: unknown = input;
        for (const key of path.slice(0, -1)) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[key];
        if (path[0] === 'options' && (input['options'] === undefined || input['options'] === null)) node = input['options'] = {};
        if (node === null || typeof node !== 'object') return;
        (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = value;
        if (isWellFormedPatient(input)) expect(patientInputSchema.safeParse(input).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
