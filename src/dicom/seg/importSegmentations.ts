import type { ImportProblem } from '../../../workers/read/importChecks';
import type { Observation } from '../../../workers/read/model';
import type { Study } from '../../state/studyModel';
import { readDicomFile } from '../readDicomFile';
import { readMeasurementReports, type ImportedReports, type ImportedStudy } from '../sr/readMeasurementReports';
import type { RecordedSegmentation } from '../sr/items/volume';
import { lesionMaskIn, parseSegmentation, type ParseOutcome, type SegSourceSeries } from './readSegmentation';
import { describeSegProblem, segProblem, type SegProblem } from './segProblems';
import { SEGMENTATION_STORAGE } from './writeSegmentation';

/**
 * A read imported from SRs gets its lesions' masks back from the DICOM SEGs the SRs reference (issue 14
 * §3): the SEGs chosen with the SRs, or those of the loaded studies (a PACS study's SEG series is
 * retrieved whole, as its SR is). A mask is attached only when its SEG is found, reads, and matches
 * the series it segments and the volume the report gives; otherwise the lesion keeps its volume values
 * without a mask, and the problem is named.
 */

/** A lesion whose segmentation was referenced but not imported, and why. */
export interface SegmentationNotRead {
  /** the index of the SR file among those read (ImportedStudy.file) */
  file: number;
  label: string;
  /** BL, FU1, … as the report names its timepoint (its study date when it names none) */
  timepoint: string;
  /** the SEG referenced ('' when the reference is damaged) */
  segInstanceUid: string;
  problem: SegProblem;
}

export const describeSegmentationNotRead = (notRead: SegmentationNotRead): string =>
  `${notRead.label}’s segmentation at ${notRead.timepoint}${notRead.segInstanceUid ? `, SEG ${notRead.segInstanceUid}` : ''}: ${describeSegProblem(notRead.problem)}`;

/** The problem of one lesion's segmentation at one study, named as the reader knows them. */
function notReadOf(study: ImportedStudy, label: string, recorded: RecordedSegmentation, problem: SegProblem): SegmentationNotRead {
  return { file: study.file, label, timepoint: study.timepoint ?? study.date, segInstanceUid: recorded.kind === 'reference' ? recorded.reference.sopInstanceUid : '', problem };
}

/** As the import review lists its problems: a notice, which does not stop the import (its volume values are kept). */
export const asImportProblem = (notRead: SegmentationNotRead, fileName: string): ImportProblem => ({
  rule: 'segmentationNotRead',
  file: fileName,
  item: `lesion ${notRead.label} at ${notRead.timepoint}`,
  detail: `${notRead.segInstanceUid ? `SEG ${notRead.segInstanceUid}: ` : ''}${describeSegProblem(notRead.problem)}`,
});

const labelsOf = (reports: ImportedReports) => new Map(reports.lesions.map((lesion) => [lesion.trackingUid, lesion.label]));

export interface WithSegmentations {
  reports: ImportedReports;
  notRead: SegmentationNotRead[];
}

/** The SEGs by SOP Instance UID; one refused by its structure is kept as its problem when its UID could be read. */
function segmentationsOf(files: readonly ArrayBuffer[]): Map<string, ParseOutcome> {
  const found = new Map<string, ParseOutcome>();
  for (const bytes of files) {
    const parsed = parseSegmentation(bytes);
    const uid = parsed.ok ? parsed.value.sopInstanceUid : parsed.sopInstanceUid;
    if (uid && !found.get(uid)?.ok) found.set(uid, parsed);
  }
  return found;
}

/** The observation with its mask, or the problem that keeps it without; null when it has no volume to hold a mask. */
function withMask(observation: Observation | undefined, recorded: RecordedSegmentation, trackingUid: string, segs: Map<string, ParseOutcome>, sources: readonly SegSourceSeries[]): Observation | SegProblem | null {
  // a reference beside no volume is the report's partial volume, which its checks name (../sr/srChecks.ts)
  if (observation?.status !== 'present' || !observation.volume) return null;
  if (recorded.kind === 'damaged') return segProblem('referenceDamaged', recorded.detail);
  const { reference } = recorded;
  const seg = segs.get(reference.sopInstanceUid);
  if (!seg) return segProblem('segNotFound');
  if (!seg.ok) return seg.problem;
  const source = sources.find((series) => series.seriesInstanceUid === reference.sourceSeriesInstanceUid);
  if (!source) return segProblem('sourceNotLoaded', reference.sourceSeriesInstanceUid);
  const mask = lesionMaskIn(seg.value, { whole: reference.wholeSegment, enhancing: reference.enhancingSegment, trackingUid }, source);
  if (!mask.ok) return mask.problem;
  // the report's own count of the slices the volume was summed over: a SEG that differs is not the one it was measured on
  if (mask.value.slices.length !== observation.volume.sliceCount) return segProblem('sliceCountMismatch', `${mask.value.slices.length} slices, the report’s volume ${observation.volume.sliceCount}`);
  return { ...observation, volume: { ...observation.volume, mask: mask.value } };
}

const isObservation = (value: Observation | SegProblem | null): value is Observation => value !== null && 'status' in value;

/** Whether any report references a segmentation (else no SEG needs to be had or read). */
export const referencesSegmentations = (reports: ImportedReports) => reports.studies.some((study) => Object.keys(study.segmentations).length > 0);

/** The reports as they are, every segmentation they reference named as not read for `problem` (a SEG that took too long). */
export function noneRead(reports: ImportedReports, problem: SegProblem): WithSegmentations {
  const labels = labelsOf(reports);
  const notRead = reports.studies.flatMap((study) => Object.entries(study.segmentations).map(([trackingUid, recorded]) => notReadOf(study, labels.get(trackingUid) ?? trackingUid, recorded, problem)));
  return { reports, notRead };
}

/**
 * The reports with each referenced segmentation read from `segFiles` (Part 10 bytes of SEGs; other
 * files among them are passed over) and checked against `sources` (the loaded image series).
 */
export function attachSegmentations(reports: ImportedReports, segFiles: readonly ArrayBuffer[], sources: readonly SegSourceSeries[]): WithSegmentations {
  const labels = labelsOf(reports);
  const segs = referencesSegmentations(reports) ? segmentationsOf(segFiles) : new Map<string, ParseOutcome>();
  const notRead: SegmentationNotRead[] = [];
  const studies = reports.studies.map((study): ImportedStudy => {
    const observations = { ...study.observations };
    for (const [trackingUid, recorded] of Object.entries(study.segmentations)) {
      const result = withMask(observations[trackingUid], recorded, trackingUid, segs, sources);
      if (isObservation(result)) observations[trackingUid] = result;
      else if (result) notRead.push(notReadOf(study, labels.get(trackingUid) ?? trackingUid, recorded, result));
    }
    return { ...study, observations };
  });
  return { reports: { ...reports, studies }, notRead };
}

/**
 * SR and SEG files chosen together (an import from files): the SRs read as reports, the SEGs' masks
 * attached. `srFiles` maps the reports' file indices back to the files chosen.
 */
export function readReportsWithSegmentations(files: readonly ArrayBuffer[], sources: readonly SegSourceSeries[]): WithSegmentations & { srFiles: number[] } {
  const isSeg = files.map((bytes) => {
    const read = readDicomFile(new Uint8Array(bytes), 'chosen file');
    return read.kind === 'non-image' && read.metadata.sopClassUid === SEGMENTATION_STORAGE;
  });
  const srFiles = files.flatMap((_, index) => (isSeg[index] ? [] : [index]));
  const reports = readMeasurementReports(srFiles.map((index) => files[index]!));
  return { ...attachSegmentations(reports, files.filter((_, index) => isSeg[index]), sources), srFiles };
}

/** The loaded image series as a SEG is checked against: each series' images in its reading order. */
export function segSourcesOf(studies: readonly Study[]): SegSourceSeries[] {
  return studies.flatMap((study) =>
    study.imageSeries.map((series) => ({
      studyInstanceUid: study.studyInstanceUid,
      seriesInstanceUid: series.seriesInstanceUid,
      frameOfReferenceUid: series.frameOfReferenceUid,
      images: series.slices.map((slice) => ({ sopInstanceUid: slice.instance.metadata.sopInstanceUid, frameNumber: slice.frameNumber, rows: slice.instance.metadata.rows, columns: slice.instance.metadata.columns })),
    })),
  );
}
