import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicomDataSet } from '../../dicom/readDicomFile';
import { sliceFileOf } from './sliceFile';

const corpus = new URL('../../../../shared/dicom/syntaxes/', import.meta.url);

function wayOf(path: string): string {
  const bytes = readFileSync(new URL(path, corpus));
  const read = readDicomDataSet(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  if (read.dataSet === null) throw new Error(`${path} is not an image: ${read.result.kind}`);
  const slice = sliceFileOf(read.dataSet, read.result.metadata);
  return 'loaderWay' in slice ? slice.loaderWay : 'slice-decoder';
}

describe('which way an image is decoded', () => {
  it.each([
    ['ct_abdomen_from_HCC048/ct_explicit-le_1.2.840.10008.1.2.1.dcm', 'slice-decoder'],
    ['ct_abdomen_from_HCC048/ct_implicit-le_1.2.840.10008.1.2.dcm', 'slice-decoder'],
    ['ct_abdomen_from_HCC048/ct_explicit-be_1.2.840.10008.1.2.2.dcm', 'slice-decoder'],
    ['ct_abdomen_from_HCC048/ct_rle_1.2.840.10008.1.2.5.dcm', 'slice-decoder'],
    ['ct_abdomen_from_HCC048/ct_jpegls-lossless_1.2.840.10008.1.2.4.80.dcm', 'slice-decoder'],
    ['ct_abdomen_from_HCC048/ct_j2k-lossy-rate20_1.2.840.10008.1.2.4.91.dcm', 'slice-decoder'],
    ['misc/gdcm-CR-MONO1-10-chest_MONOCHROME1.dcm', 'slice-decoder'],
    ['misc/JPEGLSNearLossless_16.dcm', 'slice-decoder'],
    ['multiframe/emri_small_RLE.dcm', 'multi-frame'],
    ['multiframe/SC_rgb_2frame.dcm', 'multi-frame'],
    ['color/SC_rgb_explicit-le.dcm', 'not-grayscale'],
    ['color/US-YBR_FULL_422-EVRLE.dcm', 'not-grayscale'],
  ])('%s: %s', (path, way) => {
    expect(wayOf(path)).toBe(way);
  });
});

describe('what a slice decoder is given', () => {
  it('the header ends where the pixel data element starts, and the frame is exactly rows × columns × 2 bytes', () => {
    const path = 'ct_abdomen_from_HCC048/ct_explicit-le_1.2.840.10008.1.2.1.dcm';
    const bytes = new Uint8Array(readFileSync(new URL(path, corpus)));
    const read = readDicomDataSet(bytes, path);
    if (read.dataSet === null) throw new Error('not an image');
    const slice = sliceFileOf(read.dataSet, read.result.metadata);
    if ('loaderWay' in slice) throw new Error(slice.loaderWay);
    const { rows, columns } = read.result.metadata;
    expect([...bytes.subarray(slice.header.length, slice.header.length + 4)]).toEqual([0xe0, 0x7f, 0x10, 0x00]);
    expect(slice.pixels.length).toBe(rows * columns * 2);
    expect(slice.pixels.byteOffset).toBe(slice.header.length + 12);
    // the header parses on its own, with everything but the pixel data
    const header = readDicomDataSet(slice.header, path);
    expect(header.result).toMatchObject({ kind: 'unreadable', problem: { code: 'no-pixel-data', modality: 'CT' } });
  });
});
