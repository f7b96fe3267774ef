import type { z } from 'zod';
import { patientInputSchema, type PatientInput } from '../domain/input';
import type { Problem } from '../domain/result';
import { checkCrossReferences } from './crossReferences';
import { isWellFormedPatient } from './fastPath';
import { jsonPath } from './jsonPath';

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: Problem[] };

function zodProblems(error: z.ZodError, prefix: string): Problem[] {
  return error.issues.map((issue) => ({ path: jsonPath(prefix, issue.path), message: issue.message }));
}

/**
 * Validates one patient. Never throws, whatever `input` is. `prefix` is the JSON path of the
 * patient (`$` alone, `$[3]` inside a cohort).
 */
export function validatePatient(input: unknown, prefix = '$'): Validated<PatientInput> {
  const structural = structuralCheck(input, prefix);
  if (!structural.ok) return structural;
  const problems = checkCrossReferences(structural.value, prefix);
  return problems.length === 0 ? structural : { ok: false, problems };
}

/** zod decides, unless the fast path already knows zod would accept (fastPath.ts). */
function structuralCheck(input: unknown, prefix: string): Validated<PatientInput> {
  if (isWellFormedPatient(input)) return { ok: true, value: input };
  const parsed = patientInputSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: zodProblems(parsed.error, prefix) };
}

/** Validates a cohort (a JSON array of patients); any problem rejects the whole cohort. */
export function validateCohort(input: unknown): Validated<PatientInput[]> {
  if (!Array.isArray(input)) return { ok: false, problems: [{ path: '$', message: 'a cohort must be a JSON array of patients' }] };
  const values: PatientInput[] = [];
  const problems: Problem[] = [];
  input.forEach((patient: unknown, index) => {
    const result = validatePatient(patient, `$[${index}]`);
    if (result.ok) values.push(result.value);
    else problems.push(...result.problems);
  });
  return problems.length === 0 ? { ok: true, value: values } : { ok: false, problems };
}
