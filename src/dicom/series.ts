import { parseInstanceMetadata, type InstanceMetadata } from './instanceMetadata';
import { slicePositionMm, sortSlices } from './sortSlices';

/** A file as it arrives from any data source: a name the user recognises and its bytes. */
export interface SourceFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface SeriesInstance {
  file: SourceFile;
  metadata: InstanceMetadata;
}

export interface ImageSeries {
  seriesInstanceUid: string;
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  studyDate: string | null;
  modality: string;
  seriesDescription: string;
  /** Sorted by position along the slice normal. */
  instances: SeriesInstance[];
}

export interface FileProblem {
  fileName: string;
  reason: string;
}

export interface GroupedFiles {
  series: ImageSeries[];
  problems: FileProblem[];
}

/** Parses every file's header, keeps the readable ones grouped by series, and names the others. */
export function groupIntoSeries(files: readonly SourceFile[]): GroupedFiles {
  const bySeries = new Map<string, SeriesInstance[]>();
  const problems: FileProblem[] = [];
  for (const file of files) {
    const parsed = parseInstanceMetadata(new Uint8Array(file.bytes));
    if (!parsed.ok) {
      problems.push({ fileName: file.name, reason: parsed.reason });
      continue;
    }
    const list = bySeries.get(parsed.metadata.seriesInstanceUid) ?? [];
    list.push({ file, metadata: parsed.metadata });
    bySeries.set(parsed.metadata.seriesInstanceUid, list);
  }
  const series = [...bySeries.values()].map((instances): ImageSeries => {
    const sorted = sortSlices(instances);
    const first = sorted[0]!.metadata;
    return {
      seriesInstanceUid: first.seriesInstanceUid,
      studyInstanceUid: first.studyInstanceUid,
      patientName: first.patientName,
      patientId: first.patientId,
      studyDate: first.studyDate,
      modality: first.modality,
      seriesDescription: first.seriesDescription,
      instances: sorted,
    };
  });
  return { series, problems };
}

/** The text a radiologist reads in the viewport corner for one slice. */
export function describeSlice(series: ImageSeries, sliceIndex: number): { position: string; thickness: string } {
  const metadata = series.instances[sliceIndex]?.metadata;
  const positionMm = metadata ? slicePositionMm(metadata) : null;
  return {
    position: positionMm === null ? 'position unknown' : `${positionMm.toFixed(1)} mm`,
    thickness: metadata?.sliceThicknessMm ? `${metadata.sliceThicknessMm.toFixed(1)} mm` : '',
  };
}
