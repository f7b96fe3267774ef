import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicomFile, type DicomFileResult } from './readDicomFile';
import { FIRST_HEAD_BYTES, nextHeadLength, readHeaderOnly } from './readDicomHeader';
import type { FileProblem } from './fileProblems';

const corpus = new URL('../../../shared/dicom/', import.meta.url);
const corpusFiles = (dir: string): string[] =>
  readdirSync(new URL(dir, corpus), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? corpusFiles(`${dir}${entry.name}/`) : [`${dir}${entry.name}`]));
const bytesOf = (path: string) => new Uint8Array(readFileSync(new URL(path, corpus)));

/** Reads a file header first, as the file reader does (the whole file when the header cannot tell), and notes how many bytes each read asked for. */
async function readHeader(bytes: Uint8Array, name: string, firstLength?: number): Promise<{ result: DicomFileResult; asked: number[] }> {
  const asked: number[] = [];
  const bytesUpTo = async (length: number) => {
    asked.push(length);
    return bytes.subarray(0, length);
  };
  const result = (await readHeaderOnly(name, bytes.length, bytesUpTo, firstLength)) ?? readDicomFile(await bytesUpTo(bytes.length), name);
  return { result, asked };
}

/** Problems only the pixel data shows: a header read leaves them to the check before decoding. */
const PIXEL_DATA_PROBLEMS: ReadonlySet<FileProblem['code']> = new Set(['truncated', 'malformed', 'pixel-data-mismatch', 'unsupported-frame-layout']);

describe('nextHeadLength reads four times as much each time, never past the file', () => {
  it.each([
    [FIRST_HEAD_BYTES, 10_000_000, 4 * FIRST_HEAD_BYTES],
    [128 * 1024, 300_000, 300_000],
    [256, 100_000, 1024],
    [0, 100, 4],
  ])('after %i bytes of a %i-byte file: %i', (current, size, next) => {
    expect(nextHeadLength(current, size)).toBe(next);
  });
});

describe('a header read agrees with the whole read, but for pixel data it leaves to the check before decoding', () => {
  const files = [...corpusFiles('malformed/'), ...corpusFiles('syntaxes/'), ...corpusFiles('series/dcmqi_ct-3slice_abdomen/')];
  // 256 bytes first: every header longer than that is read by growing
  it.each(files.flatMap((path) => [[path, 256] as const, [path, FIRST_HEAD_BYTES] as const]))('%s (first %i bytes)', async (path, firstLength) => {
    const bytes = bytesOf(path);
    const whole = readDicomFile(bytes, path);
    const { result } = await readHeader(bytes, path, firstLength);
    if (result.kind === 'image' && whole.kind === 'unreadable') expect(PIXEL_DATA_PROBLEMS).toContain(whole.problem.code);
    else expect(result).toEqual(whole);
  });
});

describe('compressed slices are placed from their header alone', () => {
  it.each(['ct_jpegls-lossless_1.2.840.10008.1.2.4.80.dcm', 'ct_rle_1.2.840.10008.1.2.5.dcm', 'ct_j2k-lossless_1.2.840.10008.1.2.4.90.dcm'])('%s', async (name) => {
    const bytes = bytesOf(`syntaxes/ct_abdomen_from_HCC048/${name}`);
    const { result, asked } = await readHeader(bytes, name, 4096);
    expect(result).toEqual(readDicomFile(bytes, name));
    expect(Math.max(...asked)).toBeLessThan(bytes.length);
  });

  it('a compressed slice cut in half opens as an image from its header; the whole read (before decoding) names it truncated', async () => {
    const full = bytesOf('syntaxes/ct_abdomen_from_HCC048/ct_jpegls-lossless_1.2.840.10008.1.2.4.80.dcm');
    const half = full.slice(0, Math.floor(full.length / 2));
    expect((await readHeader(half, 'half.dcm', 4096)).result.kind).toBe('image');
    expect(readDicomFile(half, 'half.dcm')).toMatchObject({ kind: 'unreadable', problem: { code: 'truncated' } });
  });

  it('a header longer than the first read is read by growing, not whole', async () => {
    const bytes = bytesOf('syntaxes/ct_abdomen_from_HCC048/ct_jpegls-lossless_1.2.840.10008.1.2.4.80.dcm');
    const { asked } = await readHeader(bytes, 'ls.dcm', 256);
    expect(asked.length).toBeGreaterThan(1);
    expect(asked).toEqual(asked.map((_, index) => 256 * 4 ** index));
  });
});

describe('readHeaderOnly leaves to a whole read what its first bytes cannot tell', () => {
  const bytesUpTo = (bytes: Uint8Array) => async (length: number) => bytes.subarray(0, length);
  const jpegLs = bytesOf('syntaxes/ct_abdomen_from_HCC048/ct_jpegls-lossless_1.2.840.10008.1.2.4.80.dcm');

  it('a header longer than the most it may read: null, not a guess', async () => {
    expect(await readHeaderOnly('ls.dcm', jpegLs.length, bytesUpTo(jpegLs), 256, 1024)).toBeNull();
  });

  it("the same header within it: the whole read's result", async () => {
    expect(await readHeaderOnly('ls.dcm', jpegLs.length, bytesUpTo(jpegLs), 256, 64 * 1024)).toEqual(readDicomFile(jpegLs, 'ls.dcm'));
  });

  it.each(['sr/dcmqi_sr-example_TID1500_sr.dcm', 'sr/highdicom_sr_document_TID1500.dcm', 'sr/pydicom_test-SR.dcm'])('%s: an object without pixel data is read whole', async (path) => {
    const bytes = bytesOf(path);
    expect(await readHeaderOnly(path, bytes.length, bytesUpTo(bytes), 256)).toBeNull();
  });
});
