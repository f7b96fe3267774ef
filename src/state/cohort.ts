import type { DicomWebClient } from '../datasources/dicomWeb';
import type { CohortTable } from '../../workers/cohort/cohortView';

/**
 * The cohort of a PACS as the cohort view (src/ui/cohort) is handed it: every patient with Nadir
 * reads, each reader's status, adjudication, and the plotted patients. Built in src/app (SR parsing in
 * a worker, the engine in its worker); the UI never sees a dataset.
 */

export const COHORT_STAGES = {
  retrieving: 'Retrieving the SRs',
  reading: 'Reading the SRs',
  assessing: 'Assessing the reads',
} as const;
export type CohortStage = keyof typeof COHORT_STAGES;

export interface CohortProgress {
  stage: CohortStage;
  done: number;
  total: number;
}

export interface CohortLoaded extends CohortTable {
  /** SR instances retrieved */
  srCount: number;
  /** SRs that could not be retrieved or read, each named with why */
  unreadable: { name: string; message: string }[];
}

export interface CohortService {
  /** Everything on the server; an aborted `signal` stops retrieving, reading and assessing (the promise then rejects). */
  load(client: DicomWebClient, onProgress: (progress: CohortProgress) => void, signal: AbortSignal): Promise<CohortLoaded>;
}
