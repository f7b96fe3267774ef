import type { FileReport, SourceFile } from '../state/studyModel';

export type ProgressListener = (done: number, total: number) => void;

/** What every data source hands to the loading pipeline: files, and the ones it could not fetch. */
export interface FetchedFiles {
  files: SourceFile[];
  failures: FileReport[];
}
