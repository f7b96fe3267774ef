import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeProblem } from './fileProblems';
import { readDicomFile, readDicomHead, type DicomFileResult } from './readDicomFile';
import { encodingOf, readMetaHeader } from './structure';
import { deepNesting, elementSites } from '../../scripts/fuzz/mutate';

const corpus = new URL('../../../shared/dicom/', import.meta.url);

function read(path: string): DicomFileResult {
  const bytes = readFileSync(new URL(path, corpus));
  return readDicomFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

function messageOf(path: string): string {
  const result = read(path);
  return result.kind === 'unreadable' ? describeProblem(result.problem) : `opened as ${result.kind}`;
}

describe('readDicomFile names what is wrong with a bad file', () => {
  it.each([
    ['malformed/derived_from_HCC048/zero_bytes.dcm', /^the file is empty/],
    ['malformed/derived_from_HCC048/not_dicom_plain_text.dcm', /^not a DICOM file/],
    ['malformed/derived_from_HCC048/trunc_half_of_pixel_data.dcm', /^truncated at byte 264,772: the data runs to byte 526,916$/],
    ['malformed/derived_from_HCC048/trunc_last_byte_missing.dcm', /^truncated at byte 526,915/],
    ['malformed/derived_from_HCC048/pixeldata_length_exceeds_file.dcm', /^truncated at byte 526,916/],
    ['malformed/derived_from_HCC048/trunc_1000_bytes_inside_undefined_length_sequence.dcm', /^truncated at byte 1,000/],
    ['malformed/derived_from_HCC048/trunc_200_bytes_inside_file_meta.dcm', /^truncated at byte 200: the data runs to byte 264$/],
    ['malformed/derived_from_HCC048/no_preamble_starts_with_DICM.dcm', /preamble is missing/],
    ['malformed/derived_from_HCC048/undefined_length_sequence_missing_delimiter.dcm', /^damaged DICOM file: a sequence holds something other than items$/],
    ['malformed/MR_truncated.dcm', /^truncated at byte 9,630/],
    ['malformed/meta_missing_tsyntax.dcm', /no transfer syntax/],
    ['malformed/ExplVR_LitEndNoMeta.dcm', /^not a DICOM file/],
  ])('%s', (path, expected) => {
    expect(messageOf(path)).toMatch(expected);
  });
});

describe('readDicomFile classifies good files', () => {
  it('opens a real CT slice as an image with its geometry', () => {
    const result = read('series/hcc-tace-seg_HCC_048_baseline_ct_rle/IM001.dcm');
    expect(result.kind).toBe('image');
    if (result.kind !== 'image') return;
    expect(result.metadata).toMatchObject({ modality: 'CT', patientId: 'HCC_048', rows: 512, pixelSpacingMm: [0.703125, 0.703125] });
    expect(result.metadata.transferSyntaxUid).toBe('1.2.840.10008.1.2.5');
  });

  it('reads a deflated file, and declines to display it by the name of its transfer syntax', () => {
    expect(messageOf('syntaxes/ct_abdomen_from_HCC048/ct_deflated_1.2.840.10008.1.2.1.99.dcm')).toBe(
      'unsupported transfer syntax: Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99)',
    );
  });

  it('declines multi-frame data split over more fragments than frames without an offset table', () => {
    expect(messageOf('syntaxes/misc/CT0012.fragmented_no_bot_jpeg_extended.51.dcm')).toMatch(/^unsupported pixel data layout: 2 compressed frames/);
  });

  it('finds the truncation of encapsulated pixel data without its end marker', () => {
    expect(messageOf('malformed/emri_small_jpeg_2k_lossless_too_short.dcm')).toMatch(/^truncated at byte 40,316/);
  });

  it.each(['sr/highdicom_sr_document_TID1500.dcm', 'sr/dcmqi_liver_SEG.dcm', 'malformed/no-pixel-data.dcm'])(
    'lists %s as a non-image object, never as a broken image',
    (path) => {
      expect(read(path).kind).toBe('non-image');
    },
  );

  it('opens an image without UIDs as a series of its own', () => {
    const result = read('syntaxes/misc/JPEGLSNearLossless_16.dcm');
    expect(result.kind).toBe('image');
    if (result.kind === 'image') expect(result.metadata.seriesInstanceUid).toMatch(/^series-of:/);
  });

  it('marks an image without pixel spacing as uncalibrated', () => {
    const result = read('syntaxes/misc/no-pixel-spacing.dcm');
    expect(result.kind === 'image' && result.metadata.pixelSpacingMm).toBe(null);
  });
});

describe('readDicomHead agrees with reading the whole file', () => {
  const corpusFiles = (dir: string): string[] =>
    readdirSync(new URL(dir, corpus), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? corpusFiles(`${dir}${entry.name}/`) : [`${dir}${entry.name}`],
    );
  const files = [...corpusFiles('malformed/'), ...corpusFiles('syntaxes/'), ...corpusFiles('series/hcc-tace-seg_HCC_048_baseline_ct_rle/').slice(0, 3), ...corpusFiles('series/dcmqi_ct-3slice_abdomen/')];

  it.each(files)('%s', (path) => {
    const bytes = readFileSync(new URL(path, corpus));
    const whole = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fromHead = readDicomHead(whole.subarray(0, 4096), path, whole.length);
    if (fromHead !== null) expect(fromHead).toEqual(readDicomFile(whole, path));
  });

  it('leaves a header nested too deeply to the whole read, which refuses it (found by the fuzz campaign)', () => {
    const bytes = new Uint8Array(readFileSync(new URL('series/dcmqi_ct-3slice_abdomen/01.dcm', corpus)));
    const meta = readMetaHeader(bytes);
    if ('code' in meta) throw new Error('corpus file changed');
    const nesting = deepNesting(200, encodingOf(meta.transferSyntaxUid).explicit);
    const mutant = new Uint8Array(bytes.length + nesting.length);
    mutant.set(bytes.subarray(0, meta.dataSetStart));
    mutant.set(nesting, meta.dataSetStart);
    mutant.set(bytes.subarray(meta.dataSetStart), meta.dataSetStart + nesting.length);
    expect(readDicomFile(mutant, 'nested.dcm')).toMatchObject({ kind: 'unreadable', problem: { code: 'too-deeply-nested' } });
    expect(readDicomHead(mutant.subarray(0, 64 * 1024), 'nested.dcm', mutant.length)).toBe(null);
  });

  // found by the 10,000-input fuzz run (seed 20261203): the pixel data's VR changed, opened by the quick path only
  it.each(['SQ', 'XX', 'UN'])('leaves pixel data whose VR was changed to %s to the whole read, and agrees with it', (vr) => {
    const bytes = new Uint8Array(readFileSync(new URL('syntaxes/ct_abdomen_from_HCC048/ct_explicit-le_1.2.840.10008.1.2.1.dcm', corpus)));
    const site = elementSites(bytes).find((candidate) => candidate.tag === 'x7fe00010' && candidate.vrOffset !== null);
    if (!site) throw new Error('corpus file changed');
    const mutant = bytes.slice();
    mutant.set(new TextEncoder().encode(vr), site.vrOffset!);
    const whole = readDicomFile(mutant, 'vr.dcm');
    const fromHead = readDicomHead(mutant.subarray(0, 64 * 1024), 'vr.dcm', mutant.length);
    if (fromHead !== null) expect(fromHead).toEqual(whole);
    if (whole.kind === 'unreadable') expect(fromHead).toBe(null);
  });

  it('decides uncompressed slices from their first bytes', () => {
    const bytes = readFileSync(new URL('series/dcmqi_ct-3slice_abdomen/01.dcm', corpus));
    expect(readDicomHead(new Uint8Array(bytes.buffer, bytes.byteOffset, 4096), '01.dcm', bytes.byteLength)?.kind).toBe('image');
  });
});
