import { describeProblem } from './fileProblems';
import { describeRefusal } from './plausibility';
import type { InstanceMetadata } from './instanceMetadata';
import type { DicomFileResult } from './readDicomFile';
import { slicePositionMm, sortSlices } from './sortSlices';

/** A file as it arrives from any data source: a name the user recognises and its content. */
export interface SourceFile {
  name: string;
  blob: Blob;
}

export interface LoadedInstance {
  file: SourceFile;
  metadata: InstanceMetadata;
}

/** One displayable image: an instance, or one frame of a multi-frame instance. */
export interface Slice {
  instance: LoadedInstance;
  /** 1-based frame number for multi-frame instances, null for single-frame ones. */
  frameNumber: number | null;
}

export interface ImageSeries {
  kind: 'image';
  seriesInstanceUid: string;
  description: string;
  modality: string;
  seriesNumber: number | null;
  frameOfReferenceUid: string | null;
  /** False when the images carry no pixel spacing: lengths cannot be given in mm. */
  calibrated: boolean;
  /** In reading order (sortSlices): axial from the head toward the feet. */
  slices: Slice[];
}

export interface NonImageSeries {
  kind: 'non-image';
  seriesInstanceUid: string;
  description: string;
  modality: string;
  instances: LoadedInstance[];
}

export interface Study {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  date: string | null;
  description: string;
  imageSeries: ImageSeries[];
  otherSeries: NonImageSeries[];
}

export interface FileReport {
  fileName: string;
  message: string;
  /** 'value-refused': the file opened, but a value in it was refused (named on the image too) */
  kind?: 'not-opened' | 'value-refused';
}

export interface ReadFile {
  file: SourceFile;
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

/** The text a radiologist reads in the viewport corner for one slice. */
export function describeSlice(series: ImageSeries, sliceIndex: number): { position: string; thickness: string; refused: string[] } {
  const metadata = series.slices[sliceIndex]?.instance.metadata;
  const positionMm = metadata ? slicePositionMm(metadata) : null;
  return {
    position: positionMm === null ? 'position unknown' : `${positionMm.toFixed(1)} mm`,
    thickness: metadata?.sliceThicknessMm ? `${metadata.sliceThicknessMm.toFixed(1)} mm` : '',
    refused: (metadata?.refusedValues ?? []).map(describeRefusal),
  };
}
