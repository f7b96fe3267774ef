import { expose } from 'comlink';
import { readDicomFile, readDicomHead, type DicomFileResult } from './readDicomFile';

const HEAD_BYTES = 64 * 1024;

async function readOne(file: { name: string; blob: Blob }): Promise<DicomFileResult> {
  const head = new Uint8Array(await file.blob.slice(0, HEAD_BYTES).arrayBuffer());
  return readDicomHead(head, file.name, file.blob.size) ?? readDicomFile(new Uint8Array(await file.blob.arrayBuffer()), file.name);
}

/** Reads DICOM headers off the main thread. Blobs cross the boundary without copying their bytes. */
export const readFilesApi = {
  async read(files: readonly { name: string; blob: Blob }[]): Promise<DicomFileResult[]> {
    const results: DicomFileResult[] = [];
    for (const file of files) results.push(await readOne(file));
    return results;
  },
};

export type ReadFilesApi = typeof readFilesApi;

expose(readFilesApi, self);
