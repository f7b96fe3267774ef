import { CRITERIA_NAMES, type CriteriaName, type LesionRole } from '../domain/input';
import { toHundredths } from '../domain/exact';
import { isWithinNoise, noiseLimitHmm, type NoiseModelId } from '../domain/noise';
import type { Issue, IssueSeverity, PatientOutput, Reason, TargetMargin, TimepointResult } from '../domain/result';
import type { RuleId } from '../domain/ruleIds';
import { observationOf, timepointLabel, type BidirectionalMeasurement, type LesionDefinition, type ReadSession } from '../read/model';
import { matchLesions, type LesionMatch } from './matchLesions';

/**
 * Quiz feedback (issue 16 §2): a learner's read against the case's reference read, lesion by lesion
 * (calipers and the inter-reader limits of agreement, MARGIN-3's noise models), target selection,
 * the learner's conformance issues, and each criterion's verdict at each follow-up with its reasons
 * and measurement margin. Pure: the two reads and the engine's output for each.
 */
export interface QuizInput {
  reference: ReadSession;
  referenceOutput: PatientOutput;
  learner: ReadSession;
  /** null when the engine could not assess the learner's read at all */
  learnerOutput: PatientOutput | null;
  noiseModel: NoiseModelId;
}

export type MeasuredPart = 'whole' | 'enhancing';
export type MeasuredAxis = 'long' | 'short';

/** One caliper length, the learner's against the reference's, on one study. */
export interface AxisComparison {
  studyUid: string;
  /** the reference's timepoint label (BL, FU1, ...) */
  timepoint: string;
  part: MeasuredPart;
  /** the axis the criteria read: the short axis of a node, else the long axis (R-MEAS-1); the viable part's long axis (M-1) */
  axis: MeasuredAxis;
  learnerMm: number | null;
  referenceMm: number | null;
  /** learner − reference, mm, unrounded; null unless both measured */
  differenceMm: number | null;
  /** the inter-reader limits of agreement around the reference's length, mm (lower as a positive size); null when not both measured or the model is off */
  limitsMm: { lowerMm: number; upperMm: number } | null;
  /** strictly inside the limits (MARGIN-3's comparison); null when not both measured or the model is off */
  withinAgreement: boolean | null;
}

export interface LesionFeedback {
  match: LesionMatch;
  measurements: AxisComparison[];
}

export interface VerdictSide {
  targetResponse: TimepointResult['targetResponse'];
  overallResponse: TimepointResult['overallResponse'];
  reasons: readonly Reason[];
  margin: TargetMargin;
}

export interface VerdictComparison {
  criterion: CriteriaName;
  /** the reference's timepoint id (FU1, ...) and date; the learner's is found by date */
  timepoint: string;
  date: string;
  reference: VerdictSide;
  /** null when the learner's read has no verdict there (criterion not assessable, timepoint not read) */
  learner: VerdictSide | null;
  agrees: boolean;
}

/** One conformance issue of the learner's read, once, with the criteria that raised it. */
export interface ConformanceNote {
  rule: RuleId;
  severity: IssueSeverity;
  lesionId: string | null;
  /** the learner's label of that lesion, as shown */
  lesionLabel: string | null;
  text: string;
  criteria: CriteriaName[];
}

/** What the learner is told first: each mistake, most important first. */
export type QuizFinding =
  | { kind: 'missed'; label: string; role: LesionRole; organ: string; timepoint: string }
  | { kind: 'extra'; label: string; role: LesionRole; organ: string }
  | { kind: 'role'; learnerLabel: string; referenceLabel: string; learnerRole: LesionRole; referenceRole: LesionRole }
  | { kind: 'conformance'; note: ConformanceNote }
  | { kind: 'measurement'; learnerLabel: string; referenceLabel: string; comparison: AxisComparison }
  | { kind: 'verdict'; verdict: VerdictComparison };

export interface QuizFeedback {
  noiseModel: NoiseModelId;
  lesions: LesionFeedback[];
  /** the reference's target labels the learner also chose, those they did not, and the learner's targets the reference does not have */
  targets: { agreed: string[]; missed: string[]; extra: string[] };
  conformance: ConformanceNote[];
  verdicts: VerdictComparison[];
  findings: QuizFinding[];
}

function caliper(read: ReadSession, studyUid: string, lesionId: string, part: MeasuredPart): BidirectionalMeasurement | null {
  const observation = observationOf(read, studyUid, lesionId);
  if (observation?.status !== 'present') return null;
  if (part === 'whole') return observation.whole;
  return observation.enhancing.kind === 'measured' ? observation.enhancing.measurement : null;
}

export function compareAxis(learnerMm: number | null, referenceMm: number | null, model: NoiseModelId): Pick<AxisComparison, 'differenceMm' | 'limitsMm' | 'withinAgreement'> {
  if (learnerMm === null || referenceMm === null) return { differenceMm: null, limitsMm: null, withinAgreement: null };
  const differenceMm = learnerMm - referenceMm;
  // The engine's exact arithmetic: hundredths of a mm, the reference's axis as the lesion's size.
  const [axisHmm, changeHmm] = [toHundredths(referenceMm), toHundredths(differenceMm)];
  const [lowerHmm, upperHmm] = [noiseLimitHmm(model, axisHmm, -1), noiseLimitHmm(model, axisHmm, 1)];
  if (lowerHmm === null || upperHmm === null) return { differenceMm, limitsMm: null, withinAgreement: null };
  return { differenceMm, limitsMm: { lowerMm: lowerHmm / 100, upperMm: upperHmm / 100 }, withinAgreement: isWithinNoise(model, axisHmm, changeHmm) };
}

function lesionMeasurements(input: QuizInput, match: LesionMatch): AxisComparison[] {
  if (match.kind !== 'matched') return [];
  const { reference, learner, noiseModel } = input;
  return reference.timepoints.flatMap(({ studyInstanceUid: studyUid }) =>
    (['whole', 'enhancing'] as const).flatMap((part): AxisComparison[] => {
      const mine = caliper(learner, studyUid, match.learner.id, part);
      const theirs = caliper(reference, studyUid, match.reference.id, part);
      // A non-target needs no caliper: the reference's is compared only with one the learner drew.
      if (!mine && (!theirs || match.reference.role === 'nontarget')) return [];
      const axis: MeasuredAxis = part === 'whole' && match.reference.isLymphNode ? 'short' : 'long';
      const length = (measurement: BidirectionalMeasurement | null) => (measurement ? (axis === 'short' ? measurement.shortAxisMm : measurement.longAxisMm) : null);
      const [learnerMm, referenceMm] = [length(mine), length(theirs)];
      return [{ studyUid, timepoint: timepointLabel(reference, studyUid), part, axis, learnerMm, referenceMm, ...compareAxis(learnerMm, referenceMm, noiseModel) }];
    }),
  );
}

/**
 * The learner's conformance notes under the criteria the reference is assessed by: a criterion only
 * the learner's read triggers (vRECIST, qEASL once any volume was measured) has no reference to
 * learn from, and its notes would be mistakes the case never asked about.
 */
function conformanceNotes(read: ReadSession, output: PatientOutput | null, assessed: readonly CriteriaName[]): ConformanceNote[] {
  const notes = new Map<string, ConformanceNote>();
  const labelOf = (lesionId: string | null) => (lesionId === null ? null : (read.lesions.find((lesion) => lesion.id === lesionId)?.label ?? lesionId));
  for (const criterion of assessed) {
    for (const issue of output?.criteria[criterion]?.issues ?? ([] as readonly Issue[])) {
      const key = `${issue.rule}|${issue.lesionId ?? ''}|${issue.text}`;
      const note = notes.get(key);
      if (note) note.criteria.push(criterion);
      else notes.set(key, { rule: issue.rule, severity: issue.severity, lesionId: issue.lesionId, lesionLabel: labelOf(issue.lesionId), text: issue.text, criteria: [criterion] });
    }
  }
  return [...notes.values()];
}

const side = (result: TimepointResult): VerdictSide => ({ targetResponse: result.targetResponse, overallResponse: result.overallResponse, reasons: result.reasons, margin: result.targetMargin });

function verdicts(input: QuizInput): VerdictComparison[] {
  return CRITERIA_NAMES.flatMap((criterion) =>
    (input.referenceOutput.criteria[criterion]?.timepoints ?? []).map((theirs): VerdictComparison => {
      const mine = input.learnerOutput?.criteria[criterion]?.timepoints.find((candidate) => candidate.date === theirs.date);
      const agrees = mine !== undefined && mine.overallResponse === theirs.overallResponse && mine.targetResponse === theirs.targetResponse;
      return { criterion, timepoint: theirs.id, date: theirs.date, reference: side(theirs), learner: mine ? side(mine) : null, agrees };
    }),
  );
}

const firstStudyLabel = (read: ReadSession, lesion: LesionDefinition) => timepointLabel(read, lesion.firstStudyUid);

function findings(input: QuizInput, lesions: LesionFeedback[], conformance: ConformanceNote[], verdictList: VerdictComparison[]): QuizFinding[] {
  const lesionFindings = lesions.flatMap(({ match }): QuizFinding[] => {
    if (match.kind === 'missed') return [{ kind: 'missed', label: match.reference.label, role: match.reference.role, organ: match.reference.organ, timepoint: firstStudyLabel(input.reference, match.reference) }];
    if (match.kind === 'extra') return [{ kind: 'extra', label: match.learner.label, role: match.learner.role, organ: match.learner.organ }];
    if (match.learner.role === match.reference.role) return [];
    return [{ kind: 'role', learnerLabel: match.learner.label, referenceLabel: match.reference.label, learnerRole: match.learner.role, referenceRole: match.reference.role }];
  });
  const measurementFindings = lesions.flatMap(({ match, measurements }): QuizFinding[] =>
    match.kind === 'matched'
      ? measurements.filter((comparison) => comparison.withinAgreement === false).map((comparison) => ({ kind: 'measurement', learnerLabel: match.learner.label, referenceLabel: match.reference.label, comparison }))
      : [],
  );
  return [
    ...lesionFindings,
    ...conformance.filter((note) => note.severity !== 'info').map((note): QuizFinding => ({ kind: 'conformance', note })),
    ...measurementFindings,
    ...verdictList.filter((verdict) => !verdict.agrees).map((verdict): QuizFinding => ({ kind: 'verdict', verdict })),
  ];
}

export function compareReads(input: QuizInput): QuizFeedback {
  const lesions = matchLesions(input.reference, input.learner).map((match) => ({ match, measurements: lesionMeasurements(input, match) }));
  const isTarget = (lesion: LesionDefinition) => lesion.role === 'target';
  const targets = {
    agreed: lesions.flatMap(({ match }) => (match.kind === 'matched' && isTarget(match.reference) && isTarget(match.learner) ? [match.reference.label] : [])),
    missed: lesions.flatMap(({ match }) => (match.kind !== 'extra' && isTarget(match.reference) && (match.kind === 'missed' || !isTarget(match.learner)) ? [match.reference.label] : [])),
    extra: lesions.flatMap(({ match }) => (match.kind !== 'missed' && isTarget(match.learner) && (match.kind === 'extra' || !isTarget(match.reference)) ? [match.learner.label] : [])),
  };
  const conformance = conformanceNotes(input.learner, input.learnerOutput, CRITERIA_NAMES.filter((criterion) => input.referenceOutput.criteria[criterion] !== undefined));
  const verdictList = verdicts(input);
  return { noiseModel: input.noiseModel, lesions, targets, conformance, verdicts: verdictList, findings: findings(input, lesions, conformance, verdictList) };
}
