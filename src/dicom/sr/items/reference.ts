import { CODES, PRIVATE_SCHEME, sameCode, type Code } from '../codes';
import { children, codeValueItem, codeValueOf, conceptOf, find } from '../contentItem';
import { sequence, type Dataset } from '../dcmjsFacade';
import { PURPOSE_SERIES, type ReadPurpose } from '../purposeSeries';

export { PURPOSE_SERIES, type ReadPurpose } from '../purposeSeries';

/**
 * Teaching reads (issue 16): a read stored as the case's *reference* (what a quiz compares a learner
 * with), or a learner's *quiz* read. Both are ordinary TID 1500 measurement reports, marked twice:
 *
 * - in the content, which is what Nadir trusts: a CODE "Purpose of the read" (99NADIR READ-PURPOSE)
 *   under Qualitative Evaluations (TID 1500 allows CODE items there), valued REFERENCE-READ or QUIZ-READ;
 * - in the series, for people browsing a PACS and for a cheap search: Series Description
 *   "Nadir reference read BL" / "Nadir quiz read BL" and Series Number 9201 / 9202.
 *
 * PS3.16 has no concept for "the reference answer of a teaching case": DCM 113004 "For Teaching" is a
 * Key Object Selection document title (CID 7010), a selection of images, not a read. Hence 99NADIR codes.
 * An SR with a purpose is never an ordinary read (nadirReads.ts keeps it out of the reads offered).
 */

export const READ_PURPOSE_CONCEPT: Code = { value: 'READ-PURPOSE', scheme: PRIVATE_SCHEME.designator, meaning: 'Purpose of the read' };

export const READ_PURPOSE_CODES: Readonly<Record<ReadPurpose, Code>> = {
  reference: { value: 'REFERENCE-READ', scheme: PRIVATE_SCHEME.designator, meaning: 'Reference read of a teaching case' },
  quiz: { value: 'QUIZ-READ', scheme: PRIVATE_SCHEME.designator, meaning: 'Quiz read of a teaching case' },
};

/** The purpose recorded among a report's qualitative evaluations; null for an ordinary read (or an unknown value). */
export function readPurposeOf(evaluations: Dataset[]): ReadPurpose | null {
  const item = find(evaluations, READ_PURPOSE_CONCEPT);
  const value = item ? codeValueOf(item) : null;
  if (!value) return null;
  return (Object.keys(READ_PURPOSE_CODES) as ReadPurpose[]).find((purpose) => sameCode(value, READ_PURPOSE_CODES[purpose])) ?? null;
}

/** Marks a measurement report's dataset (measurementReportDataset) with a purpose, in its content and its series. */
export function markPurpose(dataset: Dataset, purpose: ReadPurpose, timepoint: string): Dataset {
  const root = children(dataset);
  const evaluations = root.find((entry) => sameCode(conceptOf(entry), CODES.qualitativeEvaluations));
  if (!evaluations) throw new Error('the measurement report has no Qualitative Evaluations container');
  const marked: Dataset = { ...evaluations, ContentSequence: [codeValueItem('CONTAINS', READ_PURPOSE_CONCEPT, READ_PURPOSE_CODES[purpose]), ...sequence(evaluations, 'ContentSequence')] };
  return {
    ...dataset,
    SeriesNumber: String(PURPOSE_SERIES[purpose].number),
    SeriesDescription: `${PURPOSE_SERIES[purpose].description} ${timepoint}`,
    // A timepoint where the read recorded nothing (a quiz stopped early) has an empty Imaging Measurements
    // container, whose Content Sequence is Type 1C (dciodvfy: error): left out, as TID 1500 allows.
    ContentSequence: root
      .filter((entry) => !(sameCode(conceptOf(entry), CODES.imagingMeasurements) && sequence(entry, 'ContentSequence').length === 0))
      .map((entry) => (entry === evaluations ? marked : entry)),
  };
}
