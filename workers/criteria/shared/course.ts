import type { PatientModel, TimepointModel } from '../../domain/model';
import type { BaselineResult, LesionResult, NonTargetResponse, Reason, TargetMargin, TargetResponse, TimepointResult } from '../../domain/result';
import { toHundredths } from '../../domain/exact';
import { reportAmount, type BurdenUnit } from '../../domain/units';
import { nadirsBefore, targetBurden, type TargetBurden } from './burden';
import { pctOrNull } from './explain';
import { targetMargin, type Reclassifier } from './margin';
import type { LesionMeasure } from './measure';
import { classifyNewLesions, type NewLesionRule } from './newLesions';
import { classifyNonTargets, type NonTargetRules } from './nonTarget';
import type { SumRules, TargetContext } from './sumTarget';
import { verdict, type Verdict } from './verdict';

/**
 * The per-timepoint machinery every criterion shares: burdens, baseline and nadir (G-3),
 * target / non-target / new-lesion components, and the numbers of the output.
 */

/** Extra numbers a criterion adds to its timepoints (Choi's density). */
export interface TargetExtra {
  readonly densityChangeFromBaselinePct?: number | null;
  readonly densityMeanHU?: number | null;
  readonly baselineDensityMeanHU?: number | null;
}

export interface TargetOutcome extends Verdict<TargetResponse> {
  readonly extra?: TargetExtra;
}

/** Everything known about the patient's course under one criterion. */
export interface Course {
  readonly model: PatientModel;
  readonly unit: BurdenUnit;
  readonly tooSmallHmm: number;
  /** index-aligned with model.timepoints */
  readonly burdens: readonly TargetBurden[];
  readonly nadirs: readonly (number | null)[];
  readonly baselineSum: number | null;
}

export interface TimepointScope {
  readonly course: Course;
  readonly tp: TimepointModel;
}

/** The parts of a criterion the shared machinery calls. */
export interface ComponentRules {
  readonly measure: LesionMeasure;
  readonly nonTarget: NonTargetRules;
  readonly newLesion: NewLesionRule;
  /** the thresholds the margin is measured against (MARGIN-1) */
  readonly sumRules: SumRules;
  classifyTarget(ctx: TargetContext, scope: TimepointScope): TargetOutcome;
  /** classifyTarget's category alone, without writing its reasons (the margin search re-runs it dozens of times per patient) */
  targetCategory(ctx: TargetContext, scope: TimepointScope): TargetResponse;
}

export interface PriorState {
  readonly overallCR: boolean;
  readonly targetPR: boolean;
}

export interface Components {
  readonly ctx: TargetContext;
  readonly target: TargetOutcome | Verdict<'ND'>;
  readonly nonTarget: Verdict<NonTargetResponse>;
  readonly newLesions: Verdict<boolean>;
  /** MARGIN-1..3 */
  readonly margin: TargetMargin;
}

export function buildCourse(model: PatientModel, measure: LesionMeasure): Course {
  const tooSmallHmm = toHundredths(model.options.tooSmallDefaultMm);
  const burdens = model.timepoints.map((tp) => targetBurden(model, tp, measure, tooSmallHmm));
  return { model, unit: measure.unit, tooSmallHmm, burdens, nadirs: nadirsBefore(burdens), baselineSum: burdens[0]?.sum ?? null };
}

export function evaluateComponents(rules: ComponentRules, scope: TimepointScope, prior: PriorState): Components {
  const { course, tp } = scope;
  const burden = course.burdens[tp.index];
  if (burden === undefined) throw new Error(`no burden for timepoint ${tp.index}`);
  const ctx: TargetContext = {
    unit: course.unit,
    burden,
    baselineSum: course.baselineSum,
    nadirSum: course.nadirs[tp.index] ?? null,
    priorOverallCR: prior.overallCR,
    priorTargetPR: prior.targetPR,
  };
  const target =
    course.model.targets.length === 0
      ? verdict('ND' as const, 'OV-2', 'no target lesion at baseline: non-target disease only')
      : rules.classifyTarget(ctx, scope);
  return {
    ctx,
    target,
    margin: marginOf(rules, scope, ctx, target.category),
    nonTarget: classifyNonTargets(course.model, tp, rules.nonTarget, prior.overallCR, course.tooSmallHmm),
    newLesions: classifyNewLesions(course.model, tp, rules.newLesion),
  };
}

/** MARGIN-1: re-run the criterion's own target classifier with one lesion's amount changed. */
function marginOf(rules: ComponentRules, scope: TimepointScope, ctx: TargetContext, category: TargetResponse | 'ND'): TargetMargin {
  const { course, tp } = scope;
  return targetMargin({
    unit: course.unit,
    burden: ctx.burden,
    observations: tp.targets,
    measure: rules.measure,
    rules: rules.sumRules,
    baselineSum: ctx.baselineSum,
    nadirSum: ctx.nadirSum,
    category,
    noiseModel: course.model.options.measurementNoiseModel,
    hiddenProgression: course.model.options.whoProgressionMode === 'anyLesion',
    afterOverallCR: ctx.priorOverallCR,
    reclassifier: new TimepointReclassifier(rules, scope, ctx),
  });
}

/** The criterion's classifier on this timepoint with a hypothetical burden in place of its own (a class: no closure per call). */
class TimepointReclassifier implements Reclassifier {
  constructor(
    private readonly rules: ComponentRules,
    private readonly scope: TimepointScope,
    private readonly ctx: TargetContext,
  ) {}

  classifyAt(burden: TargetBurden): TargetResponse {
    const { course, tp } = this.scope;
    const burdens = course.burdens.slice();
    burdens[tp.index] = burden;
    return this.rules.targetCategory({ ...this.ctx, burden }, { course: { ...course, burdens }, tp });
  }
}

function lesionResults(unit: BurdenUnit, burden: TargetBurden, baseline: TargetBurden | undefined): LesionResult[] {
  return burden.lesions.map((lesion, index) => {
    const amount = lesion.measured.kind === 'value' ? lesion.measured.amount : null;
    const atBaseline = baseline?.lesions[index]?.measured;
    const baselineAmount = atBaseline?.kind === 'value' ? atBaseline.amount : null;
    return {
      id: lesion.lesion.id,
      value: amount === null ? null : reportAmount(unit, amount),
      changeFromBaselinePct: pctOrNull(amount, baselineAmount),
    };
  });
}

export function baselineResult(course: Course): BaselineResult {
  const tp = course.model.timepoints[0];
  const burden = course.burdens[0];
  return {
    id: tp?.id ?? '',
    date: tp?.date ?? '',
    targetSum: burden?.sum == null || course.model.targets.length === 0 ? null : reportAmount(course.unit, burden.sum),
    lesions: burden ? lesionResults(course.unit, burden, burden) : [],
  };
}

/** The common fields of one follow-up's output; labels and reasons come from the criterion. */
export interface TimepointLabels {
  readonly targetResponse: TimepointResult['targetResponse'];
  readonly nonTargetResponse: NonTargetResponse;
  readonly newLesions: boolean;
  readonly overallResponse: TimepointResult['overallResponse'];
  readonly reasons: readonly Reason[];
  readonly afterProgression: boolean;
}

/** The reasons of a timepoint, component by component (a loop: spreading four arrays goes through the iterator protocol). */
export function concatReasons(...parts: readonly (readonly Reason[])[]): Reason[] {
  const reasons: Reason[] = [];
  for (const part of parts) for (const reason of part) reasons.push(reason);
  return reasons;
}

function reportOrNull(unit: BurdenUnit, amount: number | null): number | null {
  return amount === null ? null : reportAmount(unit, amount);
}

/** Fields a criterion appends after the common ones (iRECIST's new-lesion target sum). */
export interface TimepointTail {
  readonly newLesionTargetSum?: number | null;
}

/**
 * The output of one follow-up. `margin` replaces the components' margin (iRECIST relabels it); `tail`
 * is appended. The fields are written out rather than spread: a spread after other fields is a slow
 * property-by-property copy, and this runs for every follow-up of every criterion.
 */
export function timepointResult(scope: TimepointScope, components: Components, labels: TimepointLabels, margin = components.margin, tail?: TimepointTail): TimepointResult {
  const { course, tp } = scope;
  const { unit } = course;
  const { burden, baselineSum, nadirSum } = components.ctx;
  // non-target disease only: there is no target sum to report (OV-2)
  const hasTargets = course.model.targets.length > 0;
  const extra = 'extra' in components.target ? components.target.extra : undefined;
  return {
    id: tp.id,
    date: tp.date,
    daysFromBaseline: tp.day,
    targetSum: hasTargets ? reportOrNull(unit, burden.sum) : null,
    baselineSum: hasTargets ? reportOrNull(unit, baselineSum) : null,
    nadirSum: hasTargets ? reportOrNull(unit, nadirSum) : null,
    changeFromBaselinePct: hasTargets ? pctOrNull(burden.sum, baselineSum) : null,
    changeFromNadirPct: hasTargets ? pctOrNull(burden.sum, nadirSum) : null,
    targetResponse: labels.targetResponse,
    nonTargetResponse: labels.nonTargetResponse,
    newLesions: labels.newLesions,
    overallResponse: labels.overallResponse,
    reasons: labels.reasons,
    afterProgression: labels.afterProgression,
    targetMargin: margin,
    lesions: lesionResults(unit, burden, course.burdens[0]),
    ...extra,
    ...tail,
  };
}
