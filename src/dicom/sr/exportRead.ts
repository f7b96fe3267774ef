import type { PatientOutput } from '../../../workers/domain/result';
import { timepointLabel, type ImageReference, type Point3, type ReadSession } from '../../../workers/read/model';
import type { Signature } from '../../../workers/read/workflow';
import { distanceFromPlaneMm, patientToPixel, type ImagePlane } from '../imagePlane';
import type { ImageSeries, Study } from '../../state/studyModel';
import { writeTimepointSegmentations, type SegSources } from '../seg/timepointSegmentations';
import type { SourcePlane } from '../seg/writeSegmentation';
import { randomUid } from './uids';
import { writeMeasurementReport, type SrSeriesInfo, type SrStudyContext } from './writeMeasurementReport';
import type { ReadPurpose } from './items/reference';
import { writePurposeReport } from './referenceReport';

/** One timepoint's SR, or the SEG of its lesions' segmentations, ready to download or to store. */
export interface ReadReportFile {
  kind: 'SR' | 'SEG';
  studyInstanceUid: string;
  timepoint: string;
  sopInstanceUid: string;
  fileName: string;
  bytes: ArrayBuffer;
}

export interface ReadReports {
  files: ReadReportFile[];
  /** timepoints with no SR, or segmentations with no SEG, and why (a person can act on it: load the study, then export again) */
  skipped: { kind: 'SR' | 'SEG'; timepoint: string; reason: string }[];
}

/** The patient and study modules of a study, as its first image carries them (read once, with the file: instanceMetadata.ts). */
export function studyContextOf(study: Study): SrStudyContext | null {
  const header = study.imageSeries[0]?.slices[0]?.instance.metadata;
  if (!header) return null;
  return {
    patientName: header.patientName,
    patientId: header.patientId,
    patientBirthDate: header.patientBirthDate,
    patientSex: header.patientSex,
    studyInstanceUid: study.studyInstanceUid,
    // DA as stored; a date the reader could not parse is left empty (type 2) rather than copied malformed
    studyDate: header.studyDate?.replaceAll('-', '') ?? '',
    studyTime: header.studyTime,
    studyId: header.studyId,
    accessionNumber: header.accessionNumber,
    referringPhysicianName: header.referringPhysicianName,
    studyDescription: header.studyDescription || undefined,
  };
}

function seriesInfoOf(series: ImageSeries): SrSeriesInfo | null {
  const first = series.slices[0]?.instance.metadata;
  return first && series.frameOfReferenceUid ? { sopClassUid: first.sopClassUid, frameOfReferenceUid: series.frameOfReferenceUid } : null;
}

/** The series each measurement of a timepoint was drawn on. */
function measuredSeries(session: ReadSession, studyUid: string): string[] {
  const uids = new Set<string>();
  for (const observation of Object.values(session.observations[studyUid] ?? {})) {
    if (observation.status !== 'present') continue;
    if (observation.whole) uids.add(observation.whole.image.seriesInstanceUid);
    if (observation.enhancing.kind === 'measured') uids.add(observation.enhancing.measurement.image.seriesInstanceUid);
  }
  return [...uids];
}

/** The plane of a single-frame image from its header (a multi-frame image's frames have planes of their own). */
export function planeOfImage(studies: readonly Study[], image: ImageReference): ImagePlane | null {
  if (image.frameNumber !== null) return null;
  for (const study of studies) {
    for (const series of study.imageSeries) {
      if (series.seriesInstanceUid !== image.seriesInstanceUid) continue;
      const header = series.slices.find((slice) => slice.instance.metadata.sopInstanceUid === image.sopInstanceUid)?.instance.metadata;
      if (!header?.imagePositionPatient || !header.imageOrientationPatient || !header.pixelSpacingMm) return null;
      const [r0, r1, r2, c0, c1, c2] = header.imageOrientationPatient;
      return {
        origin: header.imagePositionPatient,
        rowCosines: [r0, r1, r2],
        columnCosines: [c0, c1, c2],
        rowSpacingMm: header.pixelSpacingMm[0],
        columnSpacingMm: header.pixelSpacingMm[1],
        rows: header.rows,
        columns: header.columns,
      };
    }
  }
  return null;
}

/** SR image coordinates of a point measured on an image: pixel centres are at +0.5 (PS3.3 C.18.6.1.1). */
function pixelPositionOn(studies: readonly Study[]): (image: ImageReference, point: Point3) => readonly [number, number] | null {
  const planes = new Map<string, ImagePlane | null>();
  return (image, point) => {
    const key = `${image.sopInstanceUid}|${image.frameNumber ?? ''}`;
    if (!planes.has(key)) planes.set(key, planeOfImage(studies, image));
    const plane = planes.get(key);
    if (!plane || distanceFromPlaneMm(plane, point) > 0.5) return null;
    const [column, row] = patientToPixel(plane, point);
    return [column + 0.5, row + 0.5];
  };
}

/** A source image's plane and slice thickness from its header, for the SEG. */
function sourcePlaneOf(studies: readonly Study[], image: ImageReference): SourcePlane | null {
  const plane = planeOfImage(studies, image);
  if (!plane) return null;
  const header = studies
    .flatMap((study) => study.imageSeries)
    .find((series) => series.seriesInstanceUid === image.seriesInstanceUid)
    ?.slices.find((slice) => slice.instance.metadata.sopInstanceUid === image.sopInstanceUid)?.instance.metadata;
  return { ...plane, sliceThicknessMm: header?.sliceThicknessMm ?? null };
}

const safeName = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40) || 'patient';

/**
 * The SRs of a read, one per timepoint (baseline included, so the read can be rebuilt from them),
 * in one new SR series per study. A timepoint whose study or measured series is not loaded cannot be
 * written faithfully (its patient module and frames of reference come from the images): it is skipped
 * and named.
 */
export async function writeReadReports(
  session: ReadSession,
  output: PatientOutput,
  studies: readonly Study[],
  now: Date,
  signature?: Pick<Signature, 'signer' | 'at'>,
  /** a teaching read (issue 16): marked with its purpose (items/reference.ts) */
  purpose?: ReadPurpose,
): Promise<ReadReports> {
  const files: ReadReportFile[] = [];
  const skipped: ReadReports['skipped'] = [];
  const pixelPosition = pixelPositionOn(studies);
  const allSeries = new Map(studies.flatMap((study) => study.imageSeries.map((series) => [series.seriesInstanceUid, series] as const)));
  for (const timepoint of session.timepoints) {
    const label = timepointLabel(session, timepoint.studyInstanceUid);
    const study = studies.find((candidate) => candidate.studyInstanceUid === timepoint.studyInstanceUid);
    const context = study ? studyContextOf(study) : null;
    if (!context) {
      skipped.push({ kind: 'SR', timepoint: label, reason: `its study (${timepoint.date}) is not loaded` });
      continue;
    }
    const series: Record<string, SrSeriesInfo> = {};
    const missing = measuredSeries(session, timepoint.studyInstanceUid).filter((uid) => {
      const loaded = allSeries.get(uid);
      const info = loaded ? seriesInfoOf(loaded) : null;
      if (info) series[uid] = info;
      return !info;
    });
    if (missing.length > 0) {
      skipped.push({ kind: 'SR', timepoint: label, reason: `${missing.length} measured series ${missing.length === 1 ? 'is' : 'are'} not loaded or lack a frame of reference` });
      continue;
    }
    // the SEGs first: the SR references them
    const segSources: SegSources = {
      series: (uid) => {
        const loaded = allSeries.get(uid);
        return loaded ? seriesInfoOf(loaded) : null;
      },
      plane: (image) => sourcePlaneOf(studies, image),
    };
    const segs = writeTimepointSegmentations(session, timepoint.studyInstanceUid, context, segSources, now);
    for (const seg of segs.files) {
      files.push({ kind: 'SEG', studyInstanceUid: timepoint.studyInstanceUid, timepoint: label, sopInstanceUid: seg.sopInstanceUid, fileName: `nadir-seg-${safeName(session.patientId)}-${label}-${safeName(seg.labels.join('-'))}.dcm`, bytes: seg.bytes });
    }
    for (const missed of segs.notWritten) skipped.push({ kind: 'SEG', timepoint: label, reason: `the segmentation of ${missed.label} (DICOM SEG): ${missed.reason}` });
    const sopInstanceUid = randomUid();
    const options = {
      now,
      instanceUids: { series: randomUid(), sop: sopInstanceUid },
      study: context,
      series,
      pixelPosition,
      softwareVersion: 'Nadir',
      ...(signature ? { verification: { verifierName: signature.signer, at: new Date(signature.at) } } : {}),
      segmentations: segs.references,
    };
    const bytes = purpose ? writePurposeReport(purpose, session, output, timepoint.studyInstanceUid, options) : writeMeasurementReport(session, output, timepoint.studyInstanceUid, options);
    const kind = purpose ? `${purpose}-` : '';
    files.push({ kind: 'SR', studyInstanceUid: timepoint.studyInstanceUid, timepoint: label, sopInstanceUid, fileName: `nadir-${kind}sr-${safeName(session.patientId)}-${label}-${safeName(session.readerName)}.dcm`, bytes });
  }
  return { files, skipped };
}
