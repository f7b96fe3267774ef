import type { InstanceFile, Study } from './studyModel';

/** What a de-identified export made of the studies open, for the reader to check before sharing. */
export interface CaseExportResult {
  zip: Uint8Array<ArrayBuffer>;
  written: number;
  skipped: { name: string; reason: string }[];
  burnedIn: string[];
  structuredContentKept: string[];
}

/** Teaching cases: the open studies as a ZIP of de-identified DICOM files (PS3.15; src/dicom/deidentify). */
export interface CaseExport {
  deidentify(studies: readonly Study[], onProgress: (done: number, total: number) => void): Promise<CaseExportResult>;
}

/** Every file of the studies once (a multi-frame instance is one file, however many slices it gives). */
export function filesOf(studies: readonly Study[]): InstanceFile[] {
  const files = new Set<InstanceFile>();
  for (const study of studies) {
    for (const series of study.imageSeries) for (const slice of series.slices) files.add(slice.instance.file);
    for (const series of study.otherSeries) for (const instance of series.instances) files.add(instance.file);
  }
  return [...files];
}
