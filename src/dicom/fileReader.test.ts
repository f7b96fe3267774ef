import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserBlobBytes, readHeaders, type BlobBytes } from './fileReader';
import { readDicomFile, type DicomFileResult } from './readDicomFile';
import type { SourceFile } from '../state/studyModel';

const seriesDir = new URL('../../../shared/dicom/series/dcmqi_ct-3slice_abdomen/', import.meta.url);
const sliceFiles = (): SourceFile[] =>
  readdirSync(seriesDir)
    .sort()
    .map((name) => ({ name, blob: new Blob([readFileSync(new URL(name, seriesDir))]) }));

/** Blob reads as the browser's, but a file gone from the disk rejects as Chromium rejects it. */
function bytesFailingFor(gone: ReadonlySet<Blob>): BlobBytes {
  const notReadable = () => Object.assign(new Error('A requested file or directory could not be found'), { name: 'NotFoundError' });
  return {
    firstBytesOfEach: (blobs, length) => (blobs.some((blob) => gone.has(blob)) ? Promise.reject(notReadable()) : browserBlobBytes.firstBytesOfEach(blobs, length)),
    upTo: (blob, length) => (gone.has(blob) ? Promise.reject(notReadable()) : browserBlobBytes.upTo(blob, length)),
  };
}

const readWholeInline = async (file: SourceFile): Promise<DicomFileResult> => readDicomFile(new Uint8Array(await file.blob.arrayBuffer()), file.name);

describe('readHeaders', () => {
  it('places every file of a series and reports progress up to the whole', async () => {
    const files = sliceFiles();
    const progress: number[] = [];
    const read = await readHeaders(files, (done, total) => progress.push(done / total), readWholeInline);
    expect(read.map(({ file, result }) => [file.name, result.kind])).toEqual(files.map((file) => [file.name, 'image']));
    expect(progress.at(-1)).toBe(1);
  });

  it('names a file the browser cannot read and reads the others of its batch', async () => {
    const files = sliceFiles();
    const gone = files[1]!;
    const read = await readHeaders(files, () => {}, readWholeInline, bytesFailingFor(new Set([gone.blob])));
    expect(read.map(({ result }) => result.kind)).toEqual(['image', 'unreadable', 'image']);
    expect(read[1]).toMatchObject({ file: gone, result: { problem: { code: 'not-readable', reason: expect.stringContaining('NotFoundError') } } });
  });

  it('names a file that fails when read whole in a worker', async () => {
    // an SR's header cannot place it: it is read whole
    const sr = { name: 'sr.dcm', blob: new Blob([readFileSync(new URL('../../../shared/dicom/sr/dcmqi_sr-example_TID1500_sr.dcm', import.meta.url))]) };
    const files = [sr, ...sliceFiles()];
    const read = await readHeaders(files, () => {}, (file) => (file === sr ? Promise.reject(new Error('the worker was stopped')) : readWholeInline(file)));
    expect(read.map(({ result }) => result.kind)).toEqual(['unreadable', 'image', 'image', 'image']);
    expect(read[0]!.result).toMatchObject({ problem: { code: 'not-readable', reason: 'Error: the worker was stopped' } });
  });
});
