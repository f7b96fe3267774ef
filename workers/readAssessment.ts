import { CRITERIA_NAMES, DEFAULT_CRITERIA, type CriteriaName, type LesionInput, type PatientInput } from './domain/input';
import type { PatientOutput, Problem } from './domain/result';
import { validatePatient } from './validation/validate';

/** A problem with the input and the criteria it keeps from being assessed. */
export interface CriterionProblem extends Problem {
  readonly criteria: readonly CriteriaName[];
}

/**
 * Every criterion assessed on its own: a problem in a field only some criteria read (a mean HU, a
 * viable axis, a vascular pattern) blocks those criteria and leaves the others assessed.
 */
export type ReadAssessment =
  | { readonly ok: true; readonly output: PatientOutput; readonly problems: readonly CriterionProblem[] }
  | { readonly ok: false; readonly problems: readonly CriterionProblem[] };

/** The lesion fields read by some criteria only; any other field is read by every criterion. */
const FIELD_READERS: Partial<Record<keyof LesionInput, readonly CriteriaName[]>> = {
  meanHU: ['Choi'],
  // qEASL reads an enhancing long axis of 0 as no enhancing volume (QE-1)
  enhancingLongAxisMm: ['EASL', 'mRECIST', 'qEASL'],
  enhancingShortAxisMm: ['EASL', 'mRECIST'],
  hccTypicalPattern: ['mRECIST'],
  volumeMl: ['vRECIST'],
  enhancingVolumeMl: ['qEASL'],
};

const LESION_FIELD_PATH = /^\$\.timepoints\[(\d+)\]\.lesions\[(\d+)\]\.(\w+)$/;

interface FieldProblem {
  problem: CriterionProblem;
  /** where the field is, to assess the other criteria without it */
  at: { timepoint: number; lesion: number; field: keyof LesionInput } | null;
}

function located(problem: Problem, requested: readonly CriteriaName[]): FieldProblem {
  const match = LESION_FIELD_PATH.exec(problem.path);
  const field = match?.[3] as keyof LesionInput | undefined;
  const readers = field ? FIELD_READERS[field] : undefined;
  if (!match || !field || !readers) return { problem: { ...problem, criteria: requested }, at: null };
  return { problem: { ...problem, criteria: requested.filter((name) => readers.includes(name)) }, at: { timepoint: Number(match[1]), lesion: Number(match[2]), field } };
}

/** The input with the given lesion fields cleared (a deep copy: the caller's input is left alone). */
function withoutFields(input: unknown, fields: readonly NonNullable<FieldProblem['at']>[]): unknown {
  const copy = structuredClone(input) as { timepoints: { lesions: Record<string, unknown>[] }[] };
  for (const { timepoint, lesion, field } of fields) {
    const entry = copy.timepoints[timepoint]?.lesions[lesion];
    if (entry) entry[field] = null;
  }
  return copy;
}

const requestedCriteria = (input: unknown): readonly CriteriaName[] => {
  const criteria = (input as { criteria?: unknown } | null)?.criteria;
  return Array.isArray(criteria) ? CRITERIA_NAMES.filter((name) => criteria.includes(name)) : DEFAULT_CRITERIA;
};

export function assessReadWith(input: unknown, assess: (valid: PatientInput) => PatientOutput): ReadAssessment {
  const validated = validatePatient(input);
  if (validated.ok) return { ok: true, output: assess(validated.value), problems: [] };
  const requested = requestedCriteria(input);
  const found = validated.problems.map((problem) => located(problem, requested));
  if (found.some((item) => item.at === null)) return { ok: false, problems: found.map((item) => item.problem) };
  const blocked = new Set(found.flatMap((item) => item.problem.criteria));
  const remaining = requested.filter((name) => !blocked.has(name));
  const retried = validatePatient(withoutFields(input, found.map((item) => item.at!)));
  if (!retried.ok || remaining.length === 0) return { ok: false, problems: found.map((item) => item.problem) };
  return { ok: true, output: assess({ ...retried.value, criteria: remaining }), problems: found.map((item) => item.problem) };
}
