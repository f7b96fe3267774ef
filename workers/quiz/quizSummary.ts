import { CRITERIA_NAMES, type CriteriaName } from '../domain/input';
import type { AxisComparison, LesionFeedback, MeasuredAxis, MeasuredPart, QuizFeedback, VerdictComparison } from './compareReads';

/**
 * The one-page summary of a quiz (issue 16 §2) and the figures a teacher compares learners by:
 * verdicts as a grid of criteria × follow-ups, calipers as a grid of lesion axes × timepoints, and
 * the counts behind both. Pure: everything comes from the feedback compareReads made.
 */

export interface GridTimepoint {
  /** the reference's label: BL, FU1, ... */
  id: string;
  date: string;
}

export interface VerdictGridRow {
  criterion: CriteriaName;
  /** one per grid timepoint; null where the reference has no verdict for this criterion there */
  cells: (VerdictComparison | null)[];
}

export interface VerdictGrid {
  timepoints: GridTimepoint[];
  rows: VerdictGridRow[];
}

/** Criteria in their closed order, follow-ups in the reference's order (the verdicts come in it). */
export function verdictGrid(verdicts: readonly VerdictComparison[]): VerdictGrid {
  const timepoints: GridTimepoint[] = [];
  for (const verdict of verdicts) if (!timepoints.some((known) => known.id === verdict.timepoint)) timepoints.push({ id: verdict.timepoint, date: verdict.date });
  const rows = CRITERIA_NAMES.flatMap((criterion): VerdictGridRow[] => {
    const own = verdicts.filter((verdict) => verdict.criterion === criterion);
    return own.length === 0 ? [] : [{ criterion, cells: timepoints.map((timepoint) => own.find((verdict) => verdict.timepoint === timepoint.id) ?? null) }];
  });
  return { timepoints, rows };
}

export interface CaliperGridRow {
  lesion: LesionFeedback;
  part: MeasuredPart;
  axis: MeasuredAxis;
  /** one per timepoint label of the grid; null where neither read has this caliper */
  cells: (AxisComparison | null)[];
}

export interface CaliperGrid {
  /** the reference's timepoint labels that have a compared caliper, in the read's order */
  timepoints: string[];
  rows: CaliperGridRow[];
}

/** `order`: the reference's timepoint labels in its order (BL, FU1, ...); those without a compared caliper are left out. */
export function caliperGrid(lesions: readonly LesionFeedback[], order: readonly string[]): CaliperGrid {
  const timepoints = order.filter((timepoint) => lesions.some(({ measurements }) => measurements.some((one) => one.timepoint === timepoint)));
  const rows = lesions.flatMap((lesion): CaliperGridRow[] => {
    const kinds: { part: MeasuredPart; axis: MeasuredAxis }[] = [];
    for (const { part, axis } of lesion.measurements) if (!kinds.some((kind) => kind.part === part && kind.axis === axis)) kinds.push({ part, axis });
    return kinds.map(({ part, axis }) => ({
      lesion,
      part,
      axis,
      cells: timepoints.map((timepoint) => lesion.measurements.find((one) => one.timepoint === timepoint && one.part === part && one.axis === axis) ?? null),
    }));
  });
  return { timepoints, rows };
}

export interface CriterionScore {
  criterion: CriteriaName;
  /** follow-ups where the learner's overall and target responses are the reference's */
  agreeing: number;
  total: number;
}

export interface CaliperScore {
  /** calipers both reads have, compared with a noise model on */
  compared: number;
  within: number;
  /** mean of |learner − reference| over every caliper both reads have, mm, unrounded; null when none */
  meanAbsDifferenceMm: number | null;
  /** mean of learner − reference (a learner's bias), mm, unrounded; null when none */
  meanDifferenceMm: number | null;
}

export interface QuizScore {
  criteria: CriterionScore[];
  verdictsAgreeing: number;
  verdicts: number;
  targets: { agreed: number; missed: number; extra: number };
  calipers: CaliperScore;
  /** the learner's conformance warnings and errors (CONF-*), each once */
  conformanceMistakes: number;
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);

export function caliperScore(lesions: readonly LesionFeedback[]): CaliperScore {
  const compared = lesions.flatMap(({ measurements }) => measurements.filter((one) => one.differenceMm !== null));
  const differences = compared.map((one) => one.differenceMm!);
  const judged = compared.filter((one) => one.withinAgreement !== null);
  return {
    compared: judged.length,
    within: judged.filter((one) => one.withinAgreement === true).length,
    meanAbsDifferenceMm: mean(differences.map(Math.abs)),
    meanDifferenceMm: mean(differences),
  };
}

export function quizScore(feedback: QuizFeedback): QuizScore {
  const criteria = CRITERIA_NAMES.flatMap((criterion): CriterionScore[] => {
    const own = feedback.verdicts.filter((verdict) => verdict.criterion === criterion);
    return own.length === 0 ? [] : [{ criterion, agreeing: own.filter((verdict) => verdict.agrees).length, total: own.length }];
  });
  return {
    criteria,
    verdictsAgreeing: feedback.verdicts.filter((verdict) => verdict.agrees).length,
    verdicts: feedback.verdicts.length,
    targets: { agreed: feedback.targets.agreed.length, missed: feedback.targets.missed.length, extra: feedback.targets.extra.length },
    calipers: caliperScore(feedback.lesions),
    conformanceMistakes: feedback.conformance.filter((note) => note.severity !== 'info').length,
  };
}
