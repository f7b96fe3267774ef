import type { ServerAdjudication } from '../../../workers/cohort/adjudicated';
import type { CohortRead } from '../../../workers/cohort/cohortView';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { readAdjudicationReport } from './adjudicationReport';
import { nadirReadsIn, ordinaryReads, recordedCriteria, type SrFile } from './nadirReads';
import { sessionFromReports } from './readMeasurementReports';

/**
 * A PACS's cohort from its SR files (issue 15 §5, §6): the readers' reads (teaching reads left out:
 * a case's reference and learners' quiz reads are no reads of the cohort), each rebuilt as a read and
 * as the engine's input, and the adjudications. The cohort command and the app's cohort view (in a
 * worker, srReader.ts) both read a server's SRs through this.
 */

export interface CohortSrs {
  reads: CohortRead[];
  adjudications: ServerAdjudication[];
  /** files that are not readable as an SR, with why: named, never passed over */
  unreadable: { name: string; message: string }[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function cohortSrsIn(files: readonly SrFile[]): CohortSrs {
  const unreadable: CohortSrs['unreadable'] = [];
  const adjudications = files.flatMap((file) => {
    try {
      const found = readAdjudicationReport(file.bytes);
      return found ? [found] : [];
    } catch (error) {
      // not DICOM, or a measurement report dcmjs reads but which is no adjudication: only real failures land here
      unreadable.push({ name: file.name, message: `not readable as an SR: ${messageOf(error)}` });
      return [];
    }
  });
  const failed = new Set(unreadable.map((file) => file.name));
  const reads = ordinaryReads(nadirReadsIn(files.filter((file) => !failed.has(file.name)))).map((read): CohortRead => {
    const session = sessionFromReports(read.reports, { readId: `pacs-${read.patientId}-${read.readerName}`, createdAt: read.writtenAt, criteria: recordedCriteria(read.reports) });
    return {
      patientId: read.patientId,
      patientName: read.reports.studies.find((study) => study.patientName !== null)?.patientName ?? '',
      readerName: read.readerName,
      srInstances: read.instances.map((instance) => instance.sopInstanceUid),
      input: toExchangeInput(session),
      session,
      signedBy: read.signedBy,
      signedVersions: read.signedVersions,
      writtenAt: read.writtenAt,
      problems: read.reports.problems.map((problem) => problem.message),
    };
  });
  return { reads, adjudications, unreadable };
}
