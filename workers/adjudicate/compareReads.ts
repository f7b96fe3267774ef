import { CRITERIA_NAMES, type CriteriaName } from '../domain/input';
import type { CriteriaResult, IRecistResponse, OverallResponse, PatientOutput } from '../domain/result';
import { observationOf, timepointLabel, type BidirectionalMeasurement, type ReadSession } from '../read/model';
import { matchLesions, type LesionMatch } from '../quiz/matchLesions';

/**
 * Adjudication (issue 15 §3): where two blinded readers' signed reads of one patient disagree. Pure:
 * the two reads and the engine's output for each. Read A is the first chosen, B the second; nothing
 * here prefers either. Timepoints are matched by date (each read names its own FU1, FU2, ...).
 */

export const READ_KEYS = ['A', 'B'] as const;
export type ReadKey = (typeof READ_KEYS)[number];

export interface ReadUnderReview {
  readerName: string;
  session: ReadSession;
  output: PatientOutput;
}

export type Pair<T> = Readonly<Record<ReadKey, T>>;

export type Response = OverallResponse | IRecistResponse;

/** One follow-up under one criterion: each read's overall response there (null: that read has no verdict on that date). */
export interface TimepointComparison {
  date: string;
  /** A's timepoint id (FU1, ...), else B's */
  timepoint: string;
  overall: Pair<Response | null>;
  agrees: boolean;
}

export interface CriterionComparison {
  criterion: CriteriaName;
  timepoints: TimepointComparison[];
  /** the date of the first follow-up whose overall response is progression (PD, iUPD or iCPD); null: none */
  firstProgression: Pair<string | null>;
  best: Pair<Response | null>;
  /** every timepoint, the first progression and the best response agree */
  agrees: boolean;
}

export type MeasuredPart = 'whole' | 'enhancing';

/** One caliper of a lesion both readers recorded, side by side: the axis the criteria read (R-MEAS-1: a node's short axis). */
export interface MeasurementPair {
  date: string;
  timepoint: string;
  part: MeasuredPart;
  axis: 'long' | 'short';
  mm: Pair<number | null>;
  /** B − A in mm, unrounded; null unless both measured */
  differenceMm: number | null;
}

export interface LesionComparison {
  /** A's label, else B's: how the table names the row */
  name: string;
  match: LesionMatch;
  role: Pair<string | null>;
  measurements: MeasurementPair[];
}

export interface TargetSelection {
  /** [A's label, B's label] of lesions both made targets */
  both: [string, string][];
  onlyA: string[];
  onlyB: string[];
  agrees: boolean;
}

export interface ReadComparison {
  readers: Pair<string>;
  criteria: CriterionComparison[];
  targets: TargetSelection;
  lesions: LesionComparison[];
  /** how many criteria disagree anywhere */
  criteriaInDisagreement: number;
}

/** Progression as the first PD date counts it: PD, and under iRECIST unconfirmed or confirmed (IR-5). */
const PROGRESSION: ReadonlySet<Response> = new Set<Response>(['PD', 'iUPD', 'iCPD']);

const firstProgressionOf = (result: CriteriaResult | undefined): string | null => result?.timepoints.find((timepoint) => PROGRESSION.has(timepoint.overallResponse))?.date ?? null;

function compareCriterion(criterion: CriteriaName, reads: Pair<ReadUnderReview>): CriterionComparison | null {
  const results: Pair<CriteriaResult | undefined> = { A: reads.A.output.criteria[criterion], B: reads.B.output.criteria[criterion] };
  if (!results.A && !results.B) return null;
  const dates = [...new Set([...(results.A?.timepoints ?? []), ...(results.B?.timepoints ?? [])].map((timepoint) => timepoint.date))].sort();
  const timepoints = dates.map((date): TimepointComparison => {
    const a = results.A?.timepoints.find((timepoint) => timepoint.date === date);
    const b = results.B?.timepoints.find((timepoint) => timepoint.date === date);
    const overall = { A: a?.overallResponse ?? null, B: b?.overallResponse ?? null };
    return { date, timepoint: a?.id ?? b?.id ?? '', overall, agrees: overall.A === overall.B };
  });
  const firstProgression = { A: firstProgressionOf(results.A), B: firstProgressionOf(results.B) };
  const best = { A: results.A?.bestOverallResponse ?? null, B: results.B?.bestOverallResponse ?? null };
  const agrees = timepoints.every((timepoint) => timepoint.agrees) && firstProgression.A === firstProgression.B && best.A === best.B;
  return { criterion, timepoints, firstProgression, best, agrees };
}

function caliper(read: ReadSession, studyUid: string, lesionId: string, part: MeasuredPart): BidirectionalMeasurement | null {
  const observation = observationOf(read, studyUid, lesionId);
  if (observation?.status !== 'present') return null;
  if (part === 'whole') return observation.whole;
  return observation.enhancing.kind === 'measured' ? observation.enhancing.measurement : null;
}

/** Each caliper either reader drew on a lesion, per date; the studies are matched by date. */
function measurementPairs(a: ReadSession, b: ReadSession, match: LesionMatch): MeasurementPair[] {
  const lesionA = match.kind === 'extra' ? null : match.reference;
  const lesionB = match.kind === 'missed' ? null : match.learner;
  const isNode = (lesionA ?? lesionB)!.isLymphNode;
  const dates = [...new Set([...a.timepoints, ...b.timepoints].map((timepoint) => timepoint.date))].sort();
  return dates.flatMap((date) => {
    const studyA = a.timepoints.find((timepoint) => timepoint.date === date)?.studyInstanceUid;
    const studyB = b.timepoints.find((timepoint) => timepoint.date === date)?.studyInstanceUid;
    const label = studyA ? timepointLabel(a, studyA) : studyB ? timepointLabel(b, studyB) : '';
    return (['whole', 'enhancing'] as const).flatMap((part): MeasurementPair[] => {
      const axis = part === 'whole' && isNode ? 'short' : 'long';
      const length = (read: ReadSession, study: string | undefined, lesionId: string | undefined) => {
        const found = study && lesionId ? caliper(read, study, lesionId, part) : null;
        return found ? (axis === 'short' ? found.shortAxisMm : found.longAxisMm) : null;
      };
      const mm = { A: length(a, studyA, lesionA?.id), B: length(b, studyB, lesionB?.id) };
      if (mm.A === null && mm.B === null) return [];
      return [{ date, timepoint: label, part, axis, mm, differenceMm: mm.A !== null && mm.B !== null ? mm.B - mm.A : null }];
    });
  });
}

function targetSelection(matches: readonly LesionMatch[]): TargetSelection {
  const both: [string, string][] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const match of matches) {
    const a = match.kind === 'extra' ? null : match.reference;
    const b = match.kind === 'missed' ? null : match.learner;
    const targetA = a?.role === 'target';
    const targetB = b?.role === 'target';
    if (targetA && targetB) both.push([a.label, b.label]);
    else if (targetA) onlyA.push(a.label);
    else if (targetB) onlyB.push(b!.label);
  }
  return { both, onlyA, onlyB, agrees: onlyA.length === 0 && onlyB.length === 0 };
}

/** Where two reads of one patient disagree: responses per criterion and timepoint, first progression, best response, targets and calipers. */
export function compareTwoReads(reads: Pair<ReadUnderReview>): ReadComparison {
  const criteria = CRITERIA_NAMES.flatMap((criterion) => compareCriterion(criterion, reads) ?? []);
  // matched by where the calipers are (labels are each reader's own): the quiz's matching, A as reference
  const matches = matchLesions(reads.A.session, reads.B.session);
  const lesions = matches.map((match): LesionComparison => {
    const a = match.kind === 'extra' ? null : match.reference;
    const b = match.kind === 'missed' ? null : match.learner;
    return { name: a?.label ?? b!.label, match, role: { A: a?.role ?? null, B: b?.role ?? null }, measurements: measurementPairs(reads.A.session, reads.B.session, match) };
  });
  return {
    readers: { A: reads.A.readerName, B: reads.B.readerName },
    criteria,
    targets: targetSelection(matches),
    lesions,
    criteriaInDisagreement: criteria.filter((criterion) => !criterion.agrees).length,
  };
}
