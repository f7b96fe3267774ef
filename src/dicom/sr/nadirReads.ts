import { CRITERIA_NAMES, DEFAULT_CRITERIA, type CriteriaName } from '../../../workers/domain/input';
import { readMeasurementReports, type ImportedReports } from './readMeasurementReports';
import type { ReadPurpose } from './items/reference';

/** The criteria a read's SRs recorded verdicts under (the engine recomputes them); the default set when they recorded none. */
export function recordedCriteria(reports: ImportedReports): CriteriaName[] {
  const recorded = new Set(reports.studies.flatMap((study) => Object.keys(study.responses)));
  const found = CRITERIA_NAMES.filter((name) => recorded.has(name));
  return found.length > 0 ? found : [...DEFAULT_CRITERIA];
}

/** An SR file as the app holds it: a name the user recognises and its bytes. */
export interface SrFile {
  name: string;
  bytes: ArrayBuffer;
}

/** One reader's read of one patient as found among SR files: the newest report of each study. */
export interface NadirRead {
  patientId: string;
  readerName: string;
  /** the newest content date-time among the reports used */
  writtenAt: string;
  /** the files used, one per study */
  fileNames: string[];
  reports: ImportedReports;
  /** the signer when every report used is VERIFIED by the same person (a signed read, issue 15 §1); null otherwise */
  signedBy: string | null;
  /**
   * How many signed versions the files hold: the most VERIFIED reports of one study (each signing
   * stores the read's reports again, so an amended read has more than one); 0 when the read is not signed.
   */
  signedVersions: number;
  /** the SR instances used, for a document that references this read (an adjudication, issue 15 §3) */
  instances: SrInstanceRef[];
  /** a case's reference or a learner's quiz read (issue 16); null for an ordinary read */
  purpose: ReadPurpose | null;
}

export interface SrInstanceRef {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
}

/**
 * Blinded double read (issue 15 §2): of the reads found, only this reader's of this patient. Another
 * reader's calipers, lesions and verdicts are never offered (their SR files can still be imported on
 * purpose). Names compare exactly as stored: the SR's observer is the name the reader entered.
 */
export function readsOfReader<Read extends Pick<NadirRead, 'patientId' | 'readerName' | 'purpose'>>(reads: readonly Read[], patientId: string, readerName: string): Read[] {
  return ordinaryReads(reads).filter((read) => read.patientId === patientId && read.readerName === readerName);
}

/** The signed reads of a patient (any reader): what an adjudicator compares. */
export function signedReadsOf<Read extends Pick<NadirRead, 'patientId' | 'signedBy' | 'purpose'>>(reads: readonly Read[], patientId: string): Read[] {
  return ordinaryReads(reads).filter((read) => read.patientId === patientId && read.signedBy !== null);
}

/**
 * The reads that are readers' reads of the patient, not teaching material: a case's reference read is
 * the answer of a quiz and a quiz read is a learner's exercise (issue 16). Neither is ever offered as a
 * read to continue, import or adjudicate, nor counted in a cohort.
 */
export function ordinaryReads<Read extends Pick<NadirRead, 'purpose'>>(reads: readonly Read[]): Read[] {
  return reads.filter((read) => read.purpose === null);
}

/** A patient's reads with a teaching purpose (its reference reads, its learners' quiz reads), newest first as found. */
export function teachingReadsOf<Read extends Pick<NadirRead, 'patientId' | 'purpose'>>(reads: readonly Read[], patientId: string | null, purpose: ReadPurpose): Read[] {
  return reads.filter((read) => read.purpose === purpose && (patientId === null || read.patientId === patientId));
}

/**
 * Finds the Nadir reads among SR files (other tools' SRs and non-SR files are passed over). A read
 * stored again after an edit leaves older reports beside the new ones: per study, the newest wins.
 */
export function nadirReadsIn(files: readonly SrFile[]): NadirRead[] {
  const groups = new Map<
    string,
    { patientId: string; readerName: string; purpose: ReadPurpose | null; newestByStudy: Map<string, { file: SrFile; writtenAt: string }>; signedByStudy: Map<string, number> }
  >();
  for (const file of files) {
    const study = readMeasurementReports([file.bytes]).studies[0];
    if (!study?.writtenByNadir) continue;
    const patientId = study.patientId ?? '';
    const readerName = study.readerName ?? '';
    // a reader's reference or quiz read is another read than their ordinary read of the patient
    const purpose = study.purpose;
    const key = JSON.stringify([patientId, readerName, purpose]);
    const group = groups.get(key) ?? { patientId, readerName, purpose, newestByStudy: new Map(), signedByStudy: new Map() };
    if (study.verifiedBy !== null) group.signedByStudy.set(study.studyInstanceUid, (group.signedByStudy.get(study.studyInstanceUid) ?? 0) + 1);
    groups.set(key, group);
    const known = group.newestByStudy.get(study.studyInstanceUid);
    if (!known || study.contentDateTime >= known.writtenAt) group.newestByStudy.set(study.studyInstanceUid, { file, writtenAt: study.contentDateTime });
  }
  return [...groups.values()]
    .map(({ patientId, readerName, purpose, newestByStudy, signedByStudy }) => {
      const chosen = [...newestByStudy.values()];
      const reports = readMeasurementReports(chosen.map((entry) => entry.file.bytes));
      const signers = new Set(reports.studies.map((study) => study.verifiedBy));
      const [signer] = signers;
      const signedBy = signers.size === 1 && signer !== undefined && signer !== null && reports.studies.length === chosen.length ? signer : null;
      return {
        patientId,
        readerName,
        purpose,
        writtenAt: chosen.reduce((newest, entry) => (entry.writtenAt > newest ? entry.writtenAt : newest), ''),
        fileNames: chosen.map((entry) => entry.file.name),
        reports,
        signedBy,
        signedVersions: signedBy === null ? 0 : Math.max(...[...newestByStudy.keys()].map((study) => signedByStudy.get(study) ?? 0)),
        instances: reports.studies.flatMap((study) =>
          study.srSeriesInstanceUid && study.srSopInstanceUid && study.srSopClassUid
            ? [{ studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: study.srSeriesInstanceUid, sopInstanceUid: study.srSopInstanceUid, sopClassUid: study.srSopClassUid }]
            : [],
        ),
      };
    })
    .sort((a, b) => b.writtenAt.localeCompare(a.writtenAt));
}
