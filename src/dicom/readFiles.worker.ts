import { expose, transfer } from 'comlink';
import { readDicomFile, type DicomFileResult } from './readDicomFile';
import { readHeaderGrowing } from './readDicomHeader';

/** Reads DICOM files off the main thread. Blobs cross the boundary without copying their bytes. */
export const readFilesApi = {
  /** Headers first: enough of each file to place it in its series (its pixel data may be checked later, by `check`). */
  async read(files: readonly { name: string; blob: Blob }[]): Promise<DicomFileResult[]> {
    // all at once: each read waits mostly on the browser handing over the bytes, little on parsing
    return Promise.all(
      files.map((file) => readHeaderGrowing(file.name, file.blob.size, async (length) => new Uint8Array(await file.blob.slice(0, length).arrayBuffer()))),
    );
  },
  /** The whole file, checked as readDicomFile checks it; its bytes handed back (moved, not copied) for the decoder. */
  async check(file: { name: string; blob: Blob }): Promise<{ result: DicomFileResult; bytes: ArrayBuffer }> {
    const bytes = await file.blob.arrayBuffer();
    const result = readDicomFile(new Uint8Array(bytes), file.name);
    return transfer({ result, bytes }, [bytes]);
  },
};

export type ReadFilesApi = typeof readFilesApi;

expose(readFilesApi, self);
