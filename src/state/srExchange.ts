import type { Study } from './studyModel';
import type { PatientOutput } from '../../workers/domain/result';
import type { ImageContext, ImportProblem, PatientIdentity } from '../../workers/read/importChecks';
import type { ReadSession } from '../../workers/read/model';
import type { Signature } from '../../workers/read/workflow';
import type { ReadContents } from './readController';
import type { Adjudication } from '../../workers/adjudicate/adjudication';
import type { Pair } from '../../workers/adjudicate/compareReads';
import type { SrInstanceRef } from '../dicom/sr/nadirReads';

export type { SrInstanceRef };

/** A signed read of a patient found among the loaded studies' SRs, whoever its reader: what an adjudicator compares. */
export interface SignedSrRead {
  readerName: string;
  signedBy: string;
  /** the newest content date-time of the reports used, ISO 8601 */
  writtenAt: string;
  instances: SrInstanceRef[];
  /** the read rebuilt from its SRs */
  session: ReadSession;
  /** what could not be read back from its SRs */
  problems: string[];
}

/** The adjudication SR, ready to store. */
export interface AdjudicationFile {
  studyInstanceUid: string;
  sopInstanceUid: string;
  fileName: string;
  bytes: ArrayBuffer;
}

/** One timepoint's DICOM SR, or the DICOM SEG of its lesions' segmentations (which the SR references), ready to download or to store. */
export interface SrReportFile {
  kind: 'SR' | 'SEG';
  studyInstanceUid: string;
  /** BL, FU1, ... as the read names it */
  timepoint: string;
  sopInstanceUid: string;
  fileName: string;
  bytes: ArrayBuffer;
}

export interface SrReports {
  files: SrReportFile[];
  /** timepoints with no SR, or segmentations with no SEG, and why (a person can act on it: load the study, then export again) */
  /** SR: a timepoint with no report; SEG: a segmentation with no DICOM SEG (its report is written) */
  skipped: { kind: 'SR' | 'SEG'; timepoint: string; reason: string }[];
}

/** A read rebuilt from SRs, with everything its checks found; nothing is replaced until the reader has seen it. */
export interface SrImportReview {
  /** null when the SRs hold no measurement at all: an empty read never replaces one */
  contents: (ReadContents & Pick<ReadSession, 'timepoints'>) | null;
  /** the import's key for a lesion of the current read (the SR tracking UID), to list what changes */
  keyOfCurrent: (lesionId: string) => string;
  problems: ImportProblem[];
}

/** A read of this patient by this reader found among the SRs of the loaded studies. */
export interface StoredSrRead {
  readerName: string;
  /** the newest content date-time of the reports used, ISO 8601 */
  writtenAt: string;
  timepointCount: number;
  review(): Promise<SrImportReview>;
}

export interface StoredSrReads {
  reads: StoredSrRead[];
  /** SR files among the loaded studies refused before or while parsing (too long, broken), with why */
  unreadable: { name: string; message: string }[];
}

/** What the import checks compare against: the read being replaced and the loaded studies. */
export interface SrImportContext {
  session: ReadSession;
  expected: PatientIdentity;
  studies: readonly Study[];
}

/**
 * DICOM SR in and out, as the UI may use it: the UI sees reports, reviews and problems, never a
 * dataset (src/dicom parses; src/app builds the service; ARCHITECTURE.md rule 5).
 */
export interface SrExchange {
  /** One TID 1500 measurement report per timepoint of the read; VERIFIED by the signer when signed. */
  write(session: ReadSession, output: PatientOutput, studies: readonly Study[], now: Date, signature?: Pick<Signature, 'signer' | 'at'>): Promise<SrReports>;
  /** The read as its case's reference (issue 16 §1): reports marked as the reference read, one per timepoint. */
  writeReference(session: ReadSession, output: PatientOutput, studies: readonly Study[], now: Date): Promise<SrReports>;
  /** A learner's submitted quiz read (issue 16) as reports marked as a quiz read, one per timepoint. */
  writeQuizRead(session: ReadSession, output: PatientOutput, studies: readonly Study[], now: Date): Promise<SrReports>;
  /** Reads chosen SR files (in a worker, within a time budget) and checks them against the context. */
  reviewFiles(files: readonly { name: string; bytes: ArrayBuffer }[], context: SrImportContext): Promise<SrImportReview>;
  /** The reads by this reader of this patient stored as SR among the loaded studies, and the SRs that could not be read. */
  readsIn(context: SrImportContext): Promise<StoredSrReads>;
  /**
   * Adjudication (issue 15 §3): every signed read of this patient among the loaded studies' SRs, any
   * reader's. Only the adjudicator's screen asks for it; a reader's asks readsIn (their own only).
   */
  signedReadsIn(studies: readonly Study[], patientId: string): Promise<{ reads: SignedSrRead[]; unreadable: { name: string; message: string }[] }>;
  /** The adjudication as its own SR, in the study of the latest timepoint of the reads that is loaded. */
  writeAdjudication(adjudication: Adjudication, reads: Pair<readonly SrInstanceRef[]>, studies: readonly Study[], now: Date): Promise<AdjudicationFile>;
  /** What a JSON import's checks may know of the loaded images. */
  imageContextOf(studies: readonly Study[]): Promise<ImageContext>;
  /**
   * A case's reference read (issue 16) among SR files (a sample's, or retrieved from a PACS): the newest
   * stored as a reference (of this patient, when given), checked in full; otherwise why there is none.
   */
  referenceReadIn(files: readonly { name: string; bytes: ArrayBuffer }[], patientId: string | null): Promise<ReferenceRead>;
  /** The learners' quiz reads of a patient among SR files (retrieved from a PACS), one per learner, and the files that could not be read. */
  quizReadsIn(files: readonly { name: string; bytes: ArrayBuffer }[], patientId: string | null): Promise<{ reads: QuizSrRead[]; unreadable: { name: string; message: string }[] }>;
}

/** A learner's quiz read stored as SR: the learner (its observer), when, the read, and what could not be read back. */
export interface QuizSrRead {
  learner: string;
  writtenAt: string;
  read: ReadSession;
  problems: string[];
}

/** A case's reference read, or the reason it cannot be had (a quiz is then not opened). */
export type ReferenceRead = { ok: true; read: ReadSession; readerName: string; writtenAt: string } | { ok: false; message: string };
