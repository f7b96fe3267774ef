import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicomFile } from './readDicomFile';
import { slicePositionMm } from './sortSlices';
import { organizeStudies, type ReadFile } from './studies';
import { describeSlice } from '../state/describeSlice';

const corpus = new URL('../../../shared/dicom/', import.meta.url);

function readFolder(folder: string): ReadFile[] {
  const dir = new URL(`${folder}/`, corpus);
  return readdirSync(dir).map((name) => {
    const bytes = readFileSync(new URL(name, dir));
    const blob = new Blob([bytes]);
    return { file: { name, blob }, result: readDicomFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name) };
  });
}

describe('organizeStudies', () => {
  it('makes two studies of a baseline and its follow-up, each series in reading order (axial: head first, toward the feet)', () => {
    const files = [...readFolder('series/hcc-tace-seg_HCC_048_baseline_ct_rle'), ...readFolder('series/hcc-tace-seg_HCC_048_SYNTHETIC-followup_ct_jpegls')];
    const { studies, report } = organizeStudies(files);
    expect(report).toEqual([]);
    expect(studies.map((study) => [study.date, study.imageSeries[0]!.slices.length]).sort()).toEqual([
      ['2001-08-12', 89],
      ['2001-11-11', 40],
    ]);
    const baseline = studies.find((study) => study.date === '2001-08-12')!.imageSeries[0]!;
    const positions = baseline.slices.map((slice) => slicePositionMm(slice.instance.metadata)!);
    positions.slice(1).forEach((position, index) => expect(position - positions[index]!).toBeCloseTo(-2.5, 3));
    const heights = baseline.slices.map((slice) => slice.instance.metadata.imagePositionPatient![2]);
    heights.slice(1).forEach((height, index) => expect(height).toBeLessThan(heights[index]!));
    expect(baseline.calibrated).toBe(true);
    expect(describeSlice(baseline, 0).thickness).toBe('2.5 mm');
  });

  it('keeps an instance read twice once', () => {
    const files = readFolder('series/dcmqi_ct-3slice_abdomen');
    const { studies } = organizeStudies([...files, ...files]);
    expect(studies[0]!.imageSeries[0]!.slices).toHaveLength(3);
  });

  it('names every unreadable file and still opens the good ones of the same drop', () => {
    const files = readFolder('malformed/derived_from_HCC048');
    const { studies, report } = organizeStudies(files);
    expect(report.map((entry) => entry.fileName)).toContain('zero_bytes.dcm');
    expect(report.every((entry) => entry.message.length > 10)).toBe(true);
    const opened = studies.flatMap((study) => study.imageSeries.flatMap((series) => series.slices));
    expect(opened.length + report.length).toBe(files.length);
    expect(opened.length).toBeGreaterThan(0);
  });

  it('lists SR and SEG series apart from the image series', () => {
    const { studies } = organizeStudies(readFolder('sr'));
    const other = studies.flatMap((study) => study.otherSeries.map((series) => series.modality));
    expect(other).toEqual(expect.arrayContaining(['SR', 'SEG']));
    expect(studies.flatMap((study) => study.imageSeries)).toEqual([]);
  });
});
