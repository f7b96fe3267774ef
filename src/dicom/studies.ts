import { describeProblem } from './fileProblems';
import { describeRefusal } from './plausibility';
import type { FileReport, ImageSeries, InstanceFile, LoadedInstance, NonImageSeries, Slice, Study } from '../state/studyModel';
import type { DicomFileResult } from './readDicomFile';
import { sortSlices } from './sortSlices';

export interface ReadFile {
  /** a file, or an instance described by a server's metadata whose bytes are retrieved later */
  file: InstanceFile;
  result: DicomFileResult;
}

function seriesFromInstances(instances: LoadedInstance[]): ImageSeries {
  const sorted = sortSlices(instances);
  const first = sorted[0]!.metadata;
  return {
    kind: 'image',
    seriesInstanceUid: first.seriesInstanceUid,
    description: first.seriesDescription,
    modality: first.modality,
    seriesNumber: first.seriesNumber,
    frameOfReferenceUid: first.frameOfReferenceUid,
    calibrated: sorted.every((instance) => instance.metadata.pixelSpacingMm !== null),
    slices: sorted.flatMap((instance): Slice[] =>
      instance.metadata.numberOfFrames > 1
        ? Array.from({ length: instance.metadata.numberOfFrames }, (_, index) => ({ instance, frameNumber: index + 1 }))
        : [{ instance, frameNumber: null }],
    ),
  };
}

const byNumberThenDescription = (a: { seriesNumber?: number | null; description: string }, b: typeof a) =>
  (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER) || a.description.localeCompare(b.description);

/**
 * Groups read files into studies and series. The same instance read twice is kept once; every
 * unreadable file is named in the report with the reason a person understands.
 */
export function organizeStudies(readFiles: readonly ReadFile[]): { studies: Study[]; report: FileReport[] } {
  const report: FileReport[] = [];
  const seen = new Map<string, string>();
  const byStudy = new Map<string, { image: Map<string, LoadedInstance[]>; other: Map<string, LoadedInstance[]> }>();
  for (const { file, result } of readFiles) {
    if (result.kind === 'unreadable') {
      report.push({ fileName: file.name, message: describeProblem(result.problem) });
      continue;
    }
    const { metadata } = result;
    const firstCopy = seen.get(metadata.sopInstanceUid);
    if (firstCopy !== undefined) {
      if (firstCopy !== file.name) report.push({ fileName: file.name, message: `the same instance (SOP Instance UID) as ${firstCopy}: opened once` });
      continue;
    }
    seen.set(metadata.sopInstanceUid, file.name);
    for (const refusal of metadata.refusedValues) report.push({ fileName: file.name, message: describeRefusal(refusal), kind: 'value-refused' });
    const study = byStudy.get(metadata.studyInstanceUid) ?? { image: new Map(), other: new Map() };
    byStudy.set(metadata.studyInstanceUid, study);
    const bucket = result.kind === 'image' ? study.image : study.other;
    bucket.set(metadata.seriesInstanceUid, [...(bucket.get(metadata.seriesInstanceUid) ?? []), { file, metadata }]);
  }
  const studies = [...byStudy.values()].map(({ image, other }): Study => {
    const first = ([...image.values(), ...other.values()][0] ?? [])[0]!.metadata;
    return {
      studyInstanceUid: first.studyInstanceUid,
      patientName: first.patientName,
      patientId: first.patientId,
      date: first.studyDate,
      description: first.studyDescription,
      imageSeries: [...image.values()].map(seriesFromInstances).sort(byNumberThenDescription),
      otherSeries: [...other.values()]
        .map((instances): NonImageSeries => ({
          kind: 'non-image',
          seriesInstanceUid: instances[0]!.metadata.seriesInstanceUid,
          description: instances[0]!.metadata.seriesDescription,
          modality: instances[0]!.metadata.modality,
          instances,
        }))
        .sort(byNumberThenDescription),
    };
  });
  return { studies, report };
}
