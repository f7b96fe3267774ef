import { expose } from 'comlink';
import { readDicomFile, type DicomFileResult } from './readDicomFile';

/** Reads DICOM headers off the main thread. Blobs cross the boundary without copying their bytes. */
export const readFilesApi = {
  async read(files: readonly { name: string; blob: Blob }[]): Promise<DicomFileResult[]> {
    const results: DicomFileResult[] = [];
    for (const file of files) results.push(readDicomFile(new Uint8Array(await file.blob.arrayBuffer()), file.name));
    return results;
  },
};

export type ReadFilesApi = typeof readFilesApi;

expose(readFilesApi, self);
