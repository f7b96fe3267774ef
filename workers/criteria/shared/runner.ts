import type { PatientModel } from '../../domain/model';
import type { CriteriaResult, Issue, OverallResponse, TimepointResult } from '../../domain/result';
import { bestOverallResponse, type ResponseAt } from './bor';
import { baselineResult, buildCourse, concatReasons, evaluateComponents, timepointResult, type ComponentRules } from './course';
import { combineOverall } from './overall';

/** A non-i criterion: its components plus its baseline conformance checks. */
export interface CriterionSpec extends ComponentRules {
  conformance(model: PatientModel): Issue[];
}

/**
 * Runs one non-i criterion over the follow-ups: components → OV-1 → BOR, with G-6 (everything
 * after the first overall PD is still reported but flagged and ignored by BOR).
 */
export function runCriterion(model: PatientModel, spec: CriterionSpec): CriteriaResult {
  const course = buildCourse(model, spec.measure);
  const timepoints: TimepointResult[] = [];
  const borSequence: ResponseAt[] = [];
  let prior = { overallCR: false, targetPR: false };
  let progressed = false;
  for (let index = 1; index < model.timepoints.length; index += 1) {
    const tp = model.timepoints[index]!;
    const scope = { course, tp };
    const components = evaluateComponents(spec, scope, prior);
    const overall = combineOverall(components.target.category, components.nonTarget.category, components.newLesions.category);
    timepoints.push(
      timepointResult(scope, components, {
        targetResponse: components.target.category,
        nonTargetResponse: components.nonTarget.category,
        newLesions: components.newLesions.category,
        overallResponse: overall.category,
        reasons: concatReasons(components.target.reasons, components.nonTarget.reasons, components.newLesions.reasons, overall.reasons),
        afterProgression: progressed,
      }),
    );
    if (!progressed) borSequence.push({ id: tp.id, day: tp.day, response: overall.category });
    prior = nextPrior(prior, overall.category, components.target.category);
    progressed ||= overall.category === 'PD';
  }
  const bor = bestOverallResponse(borSequence, model.options, model.targets.length === 0);
  return {
    sumUnit: spec.measure.unit.symbol,
    timepoints,
    bestOverallResponse: bor.category,
    bestOverallResponseReasons: bor.reasons,
    issues: spec.conformance(model),
    baseline: baselineResult(course),
  };
}

function nextPrior(prior: { overallCR: boolean; targetPR: boolean }, overall: OverallResponse, target: string): { overallCR: boolean; targetPR: boolean } {
  return { overallCR: prior.overallCR || overall === 'CR', targetPR: prior.targetPR || target === 'PR' };
}
