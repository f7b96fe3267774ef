import { describe, expect, it } from 'vitest';
import type { InstanceMetadata } from '../dicom/instanceMetadata';
import type { ImageSeries, LoadedInstance, SourceFile, Study } from '../state/studyModel';
import { keepIdentity } from './keepIdentity';

// Only the files' identity matters here: the metadata is carried along, never compared.
const metadata = {} as InstanceMetadata;
const file = (name: string): SourceFile => ({ name, blob: new Blob([name]) });
const instance = (source: SourceFile): LoadedInstance => ({ file: source, metadata });

const series = (uid: string, files: readonly SourceFile[]): ImageSeries => ({
  kind: 'image',
  seriesInstanceUid: uid,
  description: '',
  modality: 'CT',
  seriesNumber: 1,
  frameOfReferenceUid: null,
  calibrated: true,
  slices: files.map((source) => ({ instance: instance(source), frameNumber: null })),
});

const study = (uid: string, imageSeries: ImageSeries[], sr: SourceFile[] = []): Study => ({
  studyInstanceUid: uid,
  patientName: 'DOE^JANE',
  patientId: 'P1',
  date: '2024-01-10',
  description: '',
  imageSeries,
  otherSeries: sr.length > 0 ? [{ kind: 'non-image', seriesInstanceUid: `${uid}.sr`, description: '', modality: 'SR', instances: sr.map(instance) }] : [],
});

describe('keepIdentity', () => {
  const [a1, a2, b1, c1, sr] = ['a1', 'a2', 'b1', 'c1', 'sr'].map(file) as [SourceFile, SourceFile, SourceFile, SourceFile, SourceFile];
  const before = [study('A', [series('A.1', [a1, a2])]), study('B', [series('B.1', [b1])])];

  it('keeps a study whose files did not change, and adds the studies that arrived', () => {
    const after = keepIdentity(before, [study('A', [series('A.1', [a1, a2])]), study('C', [series('C.1', [c1])]), study('B', [series('B.1', [b1])])]);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[1]);
    expect(after[1]!.studyInstanceUid).toBe('C');
  });

  it('keeps the unchanged series of a study that gained one (an SR, another series)', () => {
    const after = keepIdentity(before, [study('A', [series('A.1', [a1, a2])], [sr])]);
    expect(after[0]).not.toBe(before[0]);
    expect(after[0]!.imageSeries[0]).toBe(before[0]!.imageSeries[0]);
    expect(after[0]!.otherSeries).toHaveLength(1);
  });

  it('takes the new series when its files differ: another file object, one more or one less', () => {
    const [sameName] = [file('a1')];
    for (const files of [[sameName, a2], [a1, a2, c1], [a1]]) {
      const after = keepIdentity(before, [study('A', [series('A.1', files)])]);
      expect(after[0]!.imageSeries[0]).not.toBe(before[0]!.imageSeries[0]);
      expect(after[0]!.imageSeries[0]!.slices).toHaveLength(files.length);
    }
  });
});
