import { compareTwoReads, type ReadComparison, type Response } from '../adjudicate/compareReads';
import type { ReadSession } from '../read/model';
import { CRITERION_LABELS } from '../report/reportModel';
import { patientSources, type ServerAdjudication, type ServerRead } from './adjudicated';
import { assembleCohort, type AssembledCohort, type EngineAnswer } from './assemble';

/**
 * The app's cohort view (issue 15 §6): one row per patient of the PACS with Nadir reads, each reader's
 * read status and whether adjudication is needed, and where the reads disagree. Teaching reads
 * (reference, quiz) are never here: the reads come through ordinaryReads. The plots take the patients
 * assembleCohort takes, as `npm run cohort -- --dicomweb` does.
 */

/** A reader's read of a patient as found on the PACS, with what the view shows of it. */
export interface CohortRead extends ServerRead {
  /** DICOM PN as the SR gives it: untrusted text */
  patientName: string;
  session: ReadSession;
  /** the signer when every report of the read is signed by the same person; null: not (all) signed */
  signedBy: string | null;
  /** how many signed versions of the read the server holds (each signing stores them again; more than one: amended); 0 when unsigned */
  signedVersions: number;
  /** the newest content date-time of the reports used (YYYY-MM-DDTHH:MM:SS) */
  writtenAt: string;
  /** what could not be read back from its SRs */
  problems: readonly string[];
}

export interface ReadStatus {
  readerName: string;
  signedBy: string | null;
  signedVersions: number;
  writtenAt: string;
}

export type AdjudicationNeed =
  | { kind: 'not-needed'; why: 'one read' | 'the reads agree' }
  /** two signed reads disagree (each item names where: "RECIST 1.1 FU1 SD vs PR"), or an adjudication is out of date */
  | { kind: 'needed'; readers: readonly string[]; what: readonly string[] }
  | { kind: 'adjudicated'; by: string; writtenAt: string }
  /** cannot be told yet: a read unsigned, or not assessable */
  | { kind: 'undetermined'; why: string };

export interface CohortRow {
  patientId: string;
  patientName: string;
  reads: ReadStatus[];
  adjudication: AdjudicationNeed;
  /** why the patient is not in the plots; null when it is */
  notPlotted: string | null;
  problems: string[];
}

export interface CohortTable {
  rows: CohortRow[];
  /** the plotted patients, as the cohort command exports them */
  assembled: AssembledCohort;
}

const shown = (response: Response | null) => response ?? 'none';

/** Where two reads disagree, in words: "RECIST 1.1 FU1 SD vs PR", "RECIST 1.1 best response SD vs PR". */
export function disagreementsOf(comparison: ReadComparison): string[] {
  return comparison.criteria
    .filter((criterion) => !criterion.agrees)
    .flatMap(({ criterion, timepoints, best, firstProgression }) => {
      const label = CRITERION_LABELS[criterion];
      return [
        ...timepoints.filter((timepoint) => !timepoint.agrees).map((timepoint) => `${label} ${timepoint.timepoint} ${shown(timepoint.overall.A)} vs ${shown(timepoint.overall.B)}`),
        ...(best.A === best.B ? [] : [`${label} best response ${shown(best.A)} vs ${shown(best.B)}`]),
        ...(firstProgression.A === firstProgression.B ? [] : [`${label} first progression ${firstProgression.A ?? 'none'} vs ${firstProgression.B ?? 'none'}`]),
      ];
    });
}

function needOf(reads: readonly CohortRead[], adjudications: readonly ServerAdjudication[], assessmentOf: (read: ServerRead) => EngineAnswer, stale: string | null): AdjudicationNeed {
  const newest = [...adjudications].sort((a, b) => b.writtenAt.localeCompare(a.writtenAt))[0];
  if (newest && stale === null) return { kind: 'adjudicated', by: newest.adjudicator, writtenAt: newest.writtenAt };
  if (reads.length === 1) return { kind: 'not-needed', why: 'one read' };
  const readers = reads.map((read) => read.readerName);
  if (stale !== null) return { kind: 'needed', readers, what: [stale] };
  if (reads.length > 2) return { kind: 'needed', readers, what: [`${reads.length} readers: an adjudication compares two of them`] };
  const unsigned = reads.filter((read) => read.signedBy === null);
  if (unsigned.length > 0) return { kind: 'undetermined', why: `${unsigned.map((read) => read.readerName).join(' and ')}: not signed yet` };
  const [a, b] = reads as [CohortRead, CohortRead];
  const answers = { A: assessmentOf(a), B: assessmentOf(b) };
  if (!answers.A.ok || !answers.B.ok) return { kind: 'undetermined', why: `${(answers.A.ok ? b : a).readerName}'s read could not be assessed` };
  const what = disagreementsOf(compareTwoReads({ A: { readerName: a.readerName, session: a.session, output: answers.A.output }, B: { readerName: b.readerName, session: b.session, output: answers.B.output } }));
  return what.length === 0 ? { kind: 'not-needed', why: 'the reads agree' } : { kind: 'needed', readers, what };
}

/** Each patient's row (patients by ID, readers by name: the server's order is no order), and the plotted cohort. */
export function cohortTable(reads: readonly CohortRead[], adjudications: readonly ServerAdjudication[], assessmentOf: (read: ServerRead) => EngineAnswer): CohortTable {
  const sources = patientSources(reads, adjudications);
  const assembled = assembleCohort(sources, assessmentOf);
  const rows = sources.map((source): CohortRow => {
    const own = reads.filter((read) => read.patientId === source.patientId).sort((a, b) => a.readerName.localeCompare(b.readerName));
    const skipped = assembled.skipped.filter((item) => item.patientId === source.patientId);
    const stale = source.kind === 'unresolved' && adjudications.some((adjudication) => adjudication.patientId === source.patientId) ? source.why : null;
    const adjudication = needOf(own, adjudications.filter((adjudication) => adjudication.patientId === source.patientId), assessmentOf, stale);
    const why = skipped.map((item) => (item.path === '$' ? item.message : `${item.path}: ${item.message}`)).join('; ');
    return {
      patientId: source.patientId,
      patientName: own[0]?.patientName ?? '',
      reads: own.map(({ readerName, signedBy, signedVersions, writtenAt }) => ({ readerName, signedBy, signedVersions, writtenAt })),
      adjudication,
      // readers who agree on every verdict still measured twice: which read's sums are plotted is the adjudicator's to say
      notPlotted: skipped.length === 0 ? null : adjudication.kind === 'not-needed' && adjudication.why === 'the reads agree' ? `${own.length} readers agree on every verdict, but a plot takes one read per patient: an adjudication names it` : why,
      problems: own.flatMap((read) => read.problems.map((problem) => `${read.readerName}'s read: ${problem}`)),
    };
  });
  return { rows, assembled };
}
