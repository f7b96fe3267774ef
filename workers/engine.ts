import { assessChoi } from './criteria/choi';
import { assessEasl } from './criteria/easl';
import { assessIrecist } from './criteria/irecist';
import { assessMrecist } from './criteria/mrecist';
import { assessRecist11 } from './criteria/recist11';
import { assessQeasl, assessVrecist } from './criteria/volumetric';
import { assessWho } from './criteria/who';
import type { CriteriaName, PatientInput } from './domain/input';
import { buildPatientModel, type PatientModel } from './domain/model';
import type { CriteriaResult, EngineReply, PatientOutput } from './domain/result';
import { assessReadWith, type ReadAssessment } from './readAssessment';
import { validateCohort, validatePatient } from './validation/validate';

/**
 * The engine's pure entry points. They take untrusted JSON-like data and return plain data —
 * a result or the list of problems — and never throw, because comlink carries only data.
 */

export type { CriteriaResult, EngineReply, PatientOutput, Problem, TimepointResult, Reason, Issue, TargetMargin } from './domain/result';
export type { PatientInput, CriteriaName } from './domain/input';
export type { CriterionProblem, ReadAssessment } from './readAssessment';

const ASSESSORS: Record<CriteriaName, (model: PatientModel) => CriteriaResult> = {
  'RECIST1.1': assessRecist11,
  WHO: assessWho,
  EASL: assessEasl,
  mRECIST: assessMrecist,
  Choi: assessChoi,
  iRECIST: assessIrecist,
  vRECIST: assessVrecist,
  qEASL: assessQeasl,
};

/** Assesses one already validated patient under each requested criterion. */
export function assessValidated(input: PatientInput): PatientOutput {
  const model = buildPatientModel(input);
  const criteria: Partial<Record<CriteriaName, CriteriaResult>> = {};
  for (const name of model.criteria) criteria[name] = ASSESSORS[name](model);
  return { patientId: model.patientId, criteria };
}

/** A bug must still come back as data across the worker boundary. */
function guarded<T>(run: () => EngineReply<T>): EngineReply<T> {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '$', message: `internal engine error: ${message}` }] };
  }
}

export function assessPatient(input: unknown): EngineReply<PatientOutput> {
  return guarded(() => {
    const validated = validatePatient(input);
    return validated.ok ? { ok: true, output: assessValidated(validated.value) } : validated;
  });
}

/** A cohort is all or nothing: one invalid patient rejects it, with `$[i]`-prefixed paths. */
export function assessCohort(input: unknown): EngineReply<PatientOutput[]> {
  return guarded(() => {
    const validated = validateCohort(input);
    return validated.ok ? { ok: true, output: validated.value.map(assessValidated) } : validated;
  });
}

/** One patient (object) or a cohort (array), as the batch command reads them. */
export function assessAny(input: unknown): EngineReply<PatientOutput | PatientOutput[]> {
  return Array.isArray(input) ? assessCohort(input) : assessPatient(input);
}

/** A read's assessment: each criterion on its own, so that one criterion's invalid input blanks no other. */
export function assessRead(input: unknown): ReadAssessment {
  try {
    return assessReadWith(input, assessValidated);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '$', message: `internal engine error: ${message}`, criteria: [] }] };
  }
}

/** What the worker exposes; the app wraps it with Comlink.wrap<EngineApi>(worker). */
export const engineApi = { assessPatient, assessCohort, assessAny, assessRead };
export type EngineApi = typeof engineApi;
