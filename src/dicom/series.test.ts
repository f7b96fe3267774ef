import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dicomDateToIso, parseInstanceMetadata } from './instanceMetadata';
import { describeSlice, groupIntoSeries, type SourceFile } from './series';
import { slicePositionMm } from './sortSlices';

const sampleDir = new URL('../../sample-data/hcc048-baseline-ct/', import.meta.url);

function readSample(): SourceFile[] {
  return readdirSync(sampleDir)
    .filter((name) => name.endsWith('.dcm'))
    .map((name) => {
      const buffer = readFileSync(new URL(name, sampleDir));
      return { name, bytes: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) };
    });
}

describe('parseInstanceMetadata', () => {
  it('reads the header of a real RLE CT slice', () => {
    const [file] = readSample();
    const parsed = parseInstanceMetadata(new Uint8Array(file!.bytes));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.metadata.modality).toBe('CT');
    expect(parsed.metadata.patientId).toBe('HCC_048');
    expect(parsed.metadata.rows).toBe(512);
    expect(parsed.metadata.pixelSpacingMm).toEqual([0.703125, 0.703125]);
    expect(parsed.metadata.transferSyntaxUid).toBe('1.2.840.10008.1.2.5');
    expect(parsed.metadata.studyDate).toBe('2001-08-12');
  });

  it('names a non-DICOM file instead of throwing', () => {
    const parsed = parseInstanceMetadata(new TextEncoder().encode('this is plain text, not DICOM at all'));
    expect(parsed).toMatchObject({ ok: false });
  });

  it.each([
    ['20240110', '2024-01-10'],
    ['2024011', null],
    [undefined, null],
  ])('converts DICOM date %s', (value, expected) => {
    expect(dicomDateToIso(value)).toBe(expected);
  });
});

describe('groupIntoSeries', () => {
  it('groups the sample into one series sorted along the slice normal, 2.5 mm apart', () => {
    const { series, problems } = groupIntoSeries(readSample());
    expect(problems).toEqual([]);
    expect(series).toHaveLength(1);
    const positions = series[0]!.instances.map((instance) => slicePositionMm(instance.metadata)!);
    expect(positions).toHaveLength(89);
    for (let index = 1; index < positions.length; index++) {
      expect(positions[index]! - positions[index - 1]!).toBeCloseTo(2.5, 3);
    }
    expect(describeSlice(series[0]!, 0).thickness).toBe('2.5 mm');
  });

  it('keeps the good files and names the bad one', () => {
    const files = [...readSample().slice(0, 3), { name: 'notes.txt', bytes: new TextEncoder().encode('hello').buffer }];
    const { series, problems } = groupIntoSeries(files);
    expect(series[0]?.instances).toHaveLength(3);
    expect(problems.map((problem) => problem.fileName)).toEqual(['notes.txt']);
  });
});
