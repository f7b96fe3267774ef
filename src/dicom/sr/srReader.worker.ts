import { expose } from 'comlink';
import { describeProblem } from '../fileProblems';
import { checkedBytes } from '../readDicomFile';
import { cohortSrsIn, type CohortSrs } from './cohortReads';
import { nadirReadsIn, type NadirRead, type SrFile } from './nadirReads';
import { readMeasurementReports, type ImportedReports } from './readMeasurementReports';

/** SR parsing off the main thread: dcmjs on a hostile file must not freeze the page. */
export const srReaderApi = {
  /** The structural check alone (lengths, nesting, inflate limit): the message, or null when sound. */
  check(file: SrFile): string | null {
    const checked = checkedBytes(new Uint8Array(file.bytes));
    return 'code' in checked ? describeProblem(checked) : null;
  },
  nadirReads(files: SrFile[]): NadirRead[] {
    return nadirReadsIn(files);
  },
  cohort(files: SrFile[]): CohortSrs {
    return cohortSrsIn(files);
  },
  readReports(files: ArrayBuffer[]): ImportedReports {
    return readMeasurementReports(files);
  },
};

export type SrReaderApi = typeof srReaderApi;

expose(srReaderApi, self);
