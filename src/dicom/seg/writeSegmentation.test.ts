import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dciodvfy } from '../../../tests/dicomValidators';
import { phantomL1Segmentation, type PhantomSegmentation } from '../../../tests/fixtures/phantomSegmentation';
import { decodeRuns } from '../../../workers/measure/maskRuns';
import type { MaskSlice } from '../../../workers/read/model';
import { numbers, readPart10, sequence, text, type Dataset } from '../sr/dcmjsFacade';
import { packBits, unpackBits } from './packBits';
import { SEGMENTATION_STORAGE, writeSegmentation } from './writeSegmentation';

const dir = mkdtempSync(join(tmpdir(), 'nadir-seg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A mask slice's pixels on its full image (rows × columns), one byte per pixel. */
function onImage(slice: MaskSlice, runs: readonly number[], columns: number, rows: number): Uint8Array {
  const box = decodeRuns({ columns: slice.columns, rows: slice.rows, runs });
  const full = new Uint8Array(columns * rows);
  for (let row = 0; row < slice.rows; row++) full.set(box.subarray(row * slice.columns, (row + 1) * slice.columns), (slice.row0 + row) * columns + slice.column0);
  return full;
}

describe('bit packing of BINARY pixel data', () => {
  it('puts the first pixel in the lowest bit, runs frames on without padding, and pads the whole to an even length', () => {
    const frames = [new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 1]), new Uint8Array([1, 1, 0])];
    const packed = new Uint8Array(packBits(frames));
    expect([...packed]).toEqual([0b00000001, 0b00000111]);
    expect(unpackBits(packed.buffer, 1, 9)[0]).toEqual(frames[0]);
    expect(unpackBits(packed.buffer, 1, 12)[0]!.subarray(9)).toEqual(frames[1]);
    expect(new Uint8Array(packBits([new Uint8Array(9)])).length).toBe(2);
  });
});

describe('the DICOM SEG of the phantom L1, segmented by the real algorithm', () => {
  let phantom: PhantomSegmentation;
  let seg: Dataset;
  let path: string;
  let segments: ReturnType<typeof writeSegmentation>['segments'];

  beforeAll(() => {
    phantom = phantomL1Segmentation();
    const written = writeSegmentation([phantom.lesion], { ...phantom.options, now: new Date('2026-12-03T12:00:00Z'), instanceUids: { series: '2.25.1001', sop: '2.25.1002' } });
    segments = written.segments;
    path = join(dir, 'l1-seg.dcm');
    writeFileSync(path, new Uint8Array(written.bytes));
    seg = readPart10(written.bytes);
    // reading 34 slices of 512 × 512 and segmenting: seconds, more on a busy machine
  }, 120_000);

  it('is a BINARY Segmentation with a whole-lesion and a viable segment, coded Morphologically Abnormal Structure / Neoplasm, tracked as L1', () => {
    expect(text(seg, 'SOPClassUID')).toBe(SEGMENTATION_STORAGE);
    expect(text(seg, 'SegmentationType')).toBe('BINARY');
    expect(segments.get('lesion-l1')).toEqual({ whole: 1, enhancing: 2 });
    const [whole, viable] = sequence(seg, 'SegmentSequence');
    expect(text(whole!, 'SegmentLabel')).toBe('L1');
    expect(text(viable!, 'SegmentLabel')).toBe('L1 viable');
    expect(text(whole!, 'TrackingUID')).toBe('2.25.1234567890');
    expect(text(sequence(whole!, 'SegmentedPropertyCategoryCodeSequence')[0]!, 'CodeValue')).toBe('49755003');
    expect(text(sequence(whole!, 'SegmentedPropertyTypeCodeSequence')[0]!, 'CodeValue')).toBe('108369006');
  });

  it('has one frame per segment per slice the segment is on, each at the position of the slice it was derived from, its pixels the mask', () => {
    const { slices, lesion } = phantom;
    const maskSlices = lesion.mask.slices;
    const enhancingSlices = maskSlices.filter((slice) => slice.enhancing.length > 0);
    const frameCount = Number(text(seg, 'NumberOfFrames'));
    expect(maskSlices.length).toBe(phantom.volume.sliceIndices.length);
    expect(frameCount).toBe(maskSlices.length + enhancingSlices.length);
    const [rows, columns] = [Number(text(seg, 'Rows')), Number(text(seg, 'Columns'))];
    expect([rows, columns]).toEqual([512, 512]);
    const pixelData = seg.PixelData as ArrayBuffer[];
    const frames = unpackBits(pixelData[0]!, frameCount, rows * columns);
    const perFrame = sequence(seg, 'PerFrameFunctionalGroupsSequence');
    expect(perFrame).toHaveLength(frameCount);
    perFrame.forEach((group, index) => {
      const segment = Number(text(sequence(group, 'SegmentIdentificationSequence')[0]!, 'ReferencedSegmentNumber'));
      const sourceUid = text(sequence(sequence(group, 'DerivationImageSequence')[0]!, 'SourceImageSequence')[0]!, 'ReferencedSOPInstanceUID');
      const slice = slices.find((candidate) => candidate.sopInstanceUID === sourceUid)!;
      expect(numbers(sequence(group, 'PlanePositionSequence')[0]!, 'ImagePositionPatient')).toEqual([...slice.positionMm]);
      const maskSlice = maskSlices.find((candidate) => candidate.sopInstanceUid === sourceUid)!;
      // compared as bytes: toEqual over 262 144 elements per frame takes seconds
      const expected = onImage(maskSlice, segment === 1 ? maskSlice.whole : maskSlice.enhancing, columns, rows);
      expect(Buffer.from(frames[index]!).equals(Buffer.from(expected)), `frame ${index + 1} (segment ${segment}) is its mask`).toBe(true);
      expect(expected.some((bit) => bit === 1)).toBe(true);
    });
    // the whole segment's pixels are the areas the volume was computed from
    const pixelMm2 = slices[0]!.image.rowSpacingMm * slices[0]!.image.columnSpacingMm;
    const wholeMm3 = frames.slice(0, maskSlices.length).reduce((sum, frame) => sum + frame.reduce((count, bit) => count + bit, 0), 0) * pixelMm2 * 5;
    expect(Math.abs(wholeMm3 / 1000 - phantom.volume.volumeMl) / phantom.volume.volumeMl).toBeLessThan(0.1);
    console.log(`L1 SEG: ${maskSlices.length} slices, ${frameCount} frames; mask as kept in the read: ${JSON.stringify(lesion.mask).length} bytes of JSON`);
  });

  it('passes dciodvfy with 0 errors, and dcmdump reads it', () => {
    const { errors, summary } = dciodvfy(path);
    console.log(`dciodvfy SEG: ${summary}`);
    expect(errors).toEqual([]);
    const dump = spawnSync('dcmdump', ['-q', path], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    expect(dump.stdout).toMatch(/\(0062,0001\) CS \[BINARY\]/);
  });
});
