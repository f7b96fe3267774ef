import { expose } from 'comlink';
import { describeProblem } from '../fileProblems';
import { checkedBytes } from '../readDicomFile';
import { cohortSrsIn, type CohortSrs } from './cohortReads';
import { nadirReadsIn, type NadirRead, type SrFile } from './nadirReads';
import { readMeasurementReports, type ImportedReports } from './readMeasurementReports';
import { attachSegmentations, readReportsWithSegmentations, type WithSegmentations } from '../seg/importSegmentations';
import type { SegSourceSeries } from '../seg/readSegmentation';

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
  /** SRs and the SEGs chosen with them: the reports, with the masks of the segmentations they reference (../seg/importSegmentations.ts). */
  readReportsWithSegmentations(files: ArrayBuffer[], sources: SegSourceSeries[]): WithSegmentations & { srFiles: number[] } {
    return readReportsWithSegmentations(files, sources);
  },
  /** Reports already read, with the masks of their segmentations from SEG files (a loaded study's SEG series). */
  attachSegmentations(reports: ImportedReports, segs: ArrayBuffer[], sources: SegSourceSeries[]): WithSegmentations {
    return attachSegmentations(reports, segs, sources);
  },
};

export type SrReaderApi = typeof srReaderApi;

expose(srReaderApi, self);
