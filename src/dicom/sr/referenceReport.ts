import type { PatientOutput } from '../../../workers/domain/result';
import { timepointLabel, type ReadSession } from '../../../workers/read/model';
import { parseReadJson } from '../../../workers/read/readFile';
import { toJsonExport } from '../../../workers/report/jsonExport';
import { markPurpose, type ReadPurpose } from './items/reference';
import { recordedCriteria, teachingReadsOf, type NadirRead } from './nadirReads';
import { sessionFromReports } from './readMeasurementReports';
import { measurementReportDataset, writeSealedReport, type WriteMeasurementReportOptions } from './writeMeasurementReport';

/**
 * A case's reference read (and a learner's quiz read) as DICOM SR, out and in (issue 16). The
 * encoding is items/reference.ts: an ordinary measurement report per timepoint, marked with its purpose.
 */

/** One timepoint of a read as a measurement report marked with a purpose, Part 10 bytes. */
export function writePurposeReport(purpose: ReadPurpose, session: ReadSession, output: PatientOutput, studyUid: string, options: WriteMeasurementReportOptions): ArrayBuffer {
  return writeSealedReport(markPurpose(measurementReportDataset(session, output, studyUid, options), purpose, timepointLabel(session, studyUid)));
}

/** The read id a case's reference gets, whatever file or server it came from: quiz result files name it. */
export const referenceReadId = (patientId: string) => `reference-${patientId.toLowerCase()}`;

export type ReferenceOutcome = { ok: true; read: ReadSession; readerName: string; writtenAt: string } | { ok: false; message: string };

/**
 * The reference read of a patient among the Nadir reads found in SR files (nadirReadsIn): the newest
 * one stored as a reference, checked in full as an imported read file is. A reference with any problem
 * is refused: a quiz graded against a damaged answer would teach the wrong thing.
 */
export function referenceReadAmong(reads: readonly NadirRead[], patientId: string | null): ReferenceOutcome {
  const found = teachingReadsOf(reads, patientId, 'reference').sort((a, b) => b.writtenAt.localeCompare(a.writtenAt))[0];
  if (!found) return { ok: false, message: `no reference read${patientId === null ? '' : ` of patient ${patientId}`} is stored as SR` };
  if (found.reports.problems.length > 0) return { ok: false, message: `the reference read's SR has problems: ${found.reports.problems.map((problem) => problem.message).join('; ')}` };
  const session = sessionFromReports(found.reports, { readId: referenceReadId(found.patientId), createdAt: found.writtenAt, criteria: recordedCriteria(found.reports) });
  const checked = parseReadJson(toJsonExport(session, null));
  if (!checked.ok) return { ok: false, message: `the reference read is not a valid read (${checked.path}: ${checked.message})` };
  return { ok: true, read: checked.read, readerName: found.readerName, writtenAt: found.writtenAt };
}

/** A learner's quiz read found among SR files: the learner (the read's observer) and the read. */
export interface QuizSrRead {
  learner: string;
  writtenAt: string;
  read: ReadSession;
  problems: string[];
}

/** The learners' quiz reads of a patient among the Nadir reads found in SR files, one per learner (the newest reports of each study). */
export function quizReadsAmong(reads: readonly NadirRead[], patientId: string | null): QuizSrRead[] {
  return teachingReadsOf(reads, patientId, 'quiz').map((found) => ({
    learner: found.readerName,
    writtenAt: found.writtenAt,
    read: sessionFromReports(found.reports, { readId: `quiz-sr-${found.readerName}`, createdAt: found.writtenAt, criteria: recordedCriteria(found.reports) }),
    problems: found.reports.problems.map((problem) => problem.message),
  }));
}
