import type { CriteriaName } from '../domain/input';
import { MAX_REASON_LENGTH } from '../read/workflow';
import type { CriterionComparison, Pair, ReadComparison, ReadKey, ReadUnderReview, Response } from './compareReads';

/**
 * The adjudicator's decisions (issue 15 §3): for each criterion on which the two reads disagree, the
 * read chosen and why; then the adjudicator's signature. The adjudicated result carries the chosen
 * read's verdicts whole (its responses per timepoint, first progression and best response): a best
 * response is only meaningful with the timepoints it came from, so timepoints of two reads are not mixed.
 */

export interface CriterionDecision {
  chosen: ReadKey;
  reason: string;
}

export type Decisions = Partial<Record<CriteriaName, CriterionDecision>>;

/** What the adjudicator's signature means, in words the signer agrees to. */
export const ADJUDICATION_MEANINGS = {
  adjudicatedPerProtocol: 'I adjudicated these reads per protocol',
} as const;
export type AdjudicationMeaning = keyof typeof ADJUDICATION_MEANINGS;

export type AdjudicatedSource = { kind: 'agreed' } | { kind: 'chosen'; read: ReadKey; reader: string; reason: string };

export interface AdjudicatedCriterion {
  criterion: CriteriaName;
  source: AdjudicatedSource;
  timepoints: { timepoint: string; date: string; overallResponse: Response }[];
  bestOverallResponse: Response | null;
  firstProgressionDate: string | null;
}

export interface Adjudication {
  adjudicator: string;
  meaning: AdjudicationMeaning;
  /** ISO 8601, UTC */
  signedAt: string;
  readers: Pair<string>;
  criteria: AdjudicatedCriterion[];
}

export const ADJUDICATION_REFUSALS = {
  decisionMissing: 'Choose a read for every criterion on which the readers disagree.',
  reasonMissing: 'Say why you chose that read.',
  reasonTooLong: `A reason has at most ${MAX_REASON_LENGTH} characters.`,
  signerMissing: 'Type your name to sign.',
  signerNotAdjudicator: 'Only the adjudicator can sign: the name typed is not the adjudicator’s.',
  adjudicatorIsReader: 'The adjudicator cannot be one of the two readers.',
  meaningMissing: 'Choose what your signature means.',
  sameReader: 'The two reads are by the same reader: choose reads by two readers.',
} as const;
export type AdjudicationRefusal = keyof typeof ADJUDICATION_REFUSALS;

/** A refusal, and the criterion it is about when it is one criterion's. */
export interface RefusalAt {
  refusal: AdjudicationRefusal;
  criterion: CriteriaName | null;
}

export interface SignEvent {
  adjudicator: string;
  signer: string;
  meaning: AdjudicationMeaning | null;
  at: string;
}

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The problems of one criterion's decision: none for a criterion the reads agree on. */
export function decisionProblems(comparison: CriterionComparison, decision: CriterionDecision | undefined): AdjudicationRefusal[] {
  if (comparison.agrees) return [];
  if (!decision) return ['decisionMissing'];
  const reason = decision.reason.trim();
  if (reason === '') return ['reasonMissing'];
  return reason.length > MAX_REASON_LENGTH ? ['reasonTooLong'] : [];
}

function signatureProblems(readers: Pair<string>, event: SignEvent): AdjudicationRefusal[] {
  if (same(readers.A, readers.B)) return ['sameReader'];
  if (same(event.adjudicator, readers.A) || same(event.adjudicator, readers.B)) return ['adjudicatorIsReader'];
  if (event.signer.trim() === '') return ['signerMissing'];
  if (!same(event.signer, event.adjudicator)) return ['signerNotAdjudicator'];
  return event.meaning === null ? ['meaningMissing'] : [];
}

function adjudicated(comparison: CriterionComparison, reads: Pair<ReadUnderReview>, decision: CriterionDecision | undefined): AdjudicatedCriterion {
  // a criterion both agree on takes A's verdicts, which are B's
  const key: ReadKey = comparison.agrees || !decision ? 'A' : decision.chosen;
  const result = reads[key].output.criteria[comparison.criterion];
  return {
    criterion: comparison.criterion,
    source: comparison.agrees || !decision ? { kind: 'agreed' } : { kind: 'chosen', read: key, reader: reads[key].readerName, reason: decision.reason.trim() },
    timepoints: (result?.timepoints ?? []).map((timepoint) => ({ timepoint: timepoint.id, date: timepoint.date, overallResponse: timepoint.overallResponse })),
    bestOverallResponse: result?.bestOverallResponse ?? null,
    firstProgressionDate: comparison.firstProgression[key],
  };
}

export type AdjudicationResult = { ok: true; adjudication: Adjudication } | { ok: false; refusals: RefusalAt[] };

/** Checks every decision and the signature; the adjudication, or every reason it cannot be signed yet. */
export function adjudicate(comparison: ReadComparison, reads: Pair<ReadUnderReview>, decisions: Decisions, event: SignEvent): AdjudicationResult {
  const refusals: RefusalAt[] = [
    ...comparison.criteria.flatMap((criterion) => decisionProblems(criterion, decisions[criterion.criterion]).map((refusal) => ({ refusal, criterion: criterion.criterion }))),
    ...signatureProblems(comparison.readers, event).map((refusal) => ({ refusal, criterion: null })),
  ];
  if (refusals.length > 0) return { ok: false, refusals };
  return {
    ok: true,
    adjudication: {
      adjudicator: event.adjudicator.trim(),
      meaning: event.meaning!,
      signedAt: event.at,
      readers: comparison.readers,
      criteria: comparison.criteria.map((criterion) => adjudicated(criterion, reads, decisions[criterion.criterion])),
    },
  };
}
