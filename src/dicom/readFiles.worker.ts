import { expose, transfer } from 'comlink';
import { readDicomFile, type DicomFileResult } from './readDicomFile';

interface FileToRead {
  name: string;
  blob: Blob;
}

/** Reads whole DICOM files off the main thread. Blobs cross the boundary without copying their bytes. */
export const readFilesApi = {
  /** A file whose header alone could not place it (fileReader.ts): read whole and checked. */
  async readWhole(file: FileToRead): Promise<DicomFileResult> {
    return readDicomFile(new Uint8Array(await file.blob.arrayBuffer()), file.name);
  },
  /** The whole file, checked as readDicomFile checks it; its bytes handed back (moved, not copied) for the decoder. */
  async check(file: FileToRead): Promise<{ result: DicomFileResult; bytes: ArrayBuffer }> {
    const bytes = await file.blob.arrayBuffer();
    const result = readDicomFile(new Uint8Array(bytes), file.name);
    return transfer({ result, bytes }, [bytes]);
  },
};

export type ReadFilesApi = typeof readFilesApi;

expose(readFilesApi, self);
