import { CRITERIA_NAMES, type CriteriaName } from '../domain/input';
import type { PatientOutput } from '../domain/result';
import type { QuizFeedback } from './compareReads';
import { quizScore, type CriterionScore, type QuizScore } from './quizSummary';

/**
 * Several learners' results for one case, side by side (issue 16 §2): one row per learner with each
 * criterion's verdict agreement, target selection, the mean caliper difference and how many calipers
 * lie within the limits of agreement; the reference's own verdicts head the table. Pure.
 */
export interface LearnerResult {
  learner: string;
  /** the file it came from: two results of one learner stay two rows, told apart by it */
  file: string;
  feedback: QuizFeedback;
}

export interface TeacherRow {
  learner: string;
  file: string;
  /** one per column criterion, in the table's order; null where this learner's feedback has no verdict of it */
  criteria: (CriterionScore | null)[];
  score: QuizScore;
  /** every compared caliper within the limits (false when none was compared) */
  allCalipersWithin: boolean;
}

export interface ReferenceVerdicts {
  criterion: CriteriaName;
  /** the reference's overall response at each follow-up: "FU1 SD" */
  timepoints: { id: string; overallResponse: string }[];
}

export interface TeacherTable {
  criteria: CriteriaName[];
  reference: ReferenceVerdicts[];
  /** the reference's targets, how many a learner could agree on */
  referenceTargets: number;
  rows: TeacherRow[];
}

export function teacherTable(referenceOutput: PatientOutput, referenceTargets: number, results: readonly LearnerResult[]): TeacherTable {
  const criteria = CRITERIA_NAMES.filter((criterion) => (referenceOutput.criteria[criterion]?.timepoints.length ?? 0) > 0);
  const reference = criteria.map((criterion) => ({
    criterion,
    timepoints: (referenceOutput.criteria[criterion]?.timepoints ?? []).map((timepoint) => ({ id: timepoint.id, overallResponse: timepoint.overallResponse })),
  }));
  const rows = results.map(({ learner, file, feedback }): TeacherRow => {
    const score = quizScore(feedback);
    return {
      learner,
      file,
      criteria: criteria.map((criterion) => score.criteria.find((one) => one.criterion === criterion) ?? null),
      score,
      allCalipersWithin: score.calipers.compared > 0 && score.calipers.within === score.calipers.compared,
    };
  });
  return { criteria, reference, referenceTargets, rows };
}
