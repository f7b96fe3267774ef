import type { ImageReference, LesionMask, ReadSession } from '../../../workers/read/model';
import type { SegmentReference } from '../sr/items/volume';
import { randomUid, trackingUid } from '../sr/uids';
import type { SrStudyContext } from '../sr/writeMeasurementReport';
import { SEGMENTATION_STORAGE, writeSegmentation, type SegLesion, type SourcePlane } from './writeSegmentation';

/**
 * The DICOM SEGs of one timepoint of a read: the click-to-measure masks of its lesions, one SEG per
 * series they were made on, stored in the timepoint's study beside its SR, which references them.
 */

export interface SegFile {
  sopInstanceUid: string;
  /** the labels of the lesions it holds, for the file name and the reader's notice */
  labels: string[];
  bytes: ArrayBuffer;
}

/** What the writer needs from the loaded studies. */
export interface SegSources {
  series(seriesInstanceUid: string): { sopClassUid: string; frameOfReferenceUid: string } | null;
  plane(image: ImageReference): SourcePlane | null;
}

export interface TimepointSegmentations {
  files: SegFile[];
  /** by lesion id, for the SR's Referenced Segment items */
  references: Record<string, SegmentReference>;
  /** lesions whose mask could not be written, and why */
  notWritten: { label: string; reason: string }[];
}

export function writeTimepointSegmentations(session: ReadSession, studyUid: string, study: SrStudyContext, sources: SegSources, now: Date): TimepointSegmentations {
  const bySeries = new Map<string, SegLesion[]>();
  for (const lesion of session.lesions) {
    const observation = session.observations[studyUid]?.[lesion.id];
    const mask: LesionMask | undefined = observation?.status === 'present' ? observation.volume?.mask : undefined;
    if (!mask) continue;
    const segLesion = { lesionId: lesion.id, label: lesion.label, trackingUid: trackingUid(session.readId, lesion.id), mask };
    bySeries.set(mask.seriesInstanceUid, [...(bySeries.get(mask.seriesInstanceUid) ?? []), segLesion]);
  }
  const result: TimepointSegmentations = { files: [], references: {}, notWritten: [] };
  for (const [seriesInstanceUid, lesions] of bySeries) {
    const labels = lesions.map((lesion) => lesion.label);
    const info = sources.series(seriesInstanceUid);
    if (!info) {
      result.notWritten.push(...labels.map((label) => ({ label, reason: 'the series it was segmented on is not loaded or has no frame of reference' })));
      continue;
    }
    const uids = { series: randomUid(), sop: randomUid() };
    try {
      const { bytes, segments } = writeSegmentation(lesions, {
        now,
        instanceUids: uids,
        study,
        source: { seriesInstanceUid, ...info },
        planeOf: (sopInstanceUid, frameNumber) => sources.plane({ studyInstanceUid: studyUid, seriesInstanceUid, sopInstanceUid, frameNumber }),
      });
      result.files.push({ sopInstanceUid: uids.sop, labels, bytes });
      for (const [lesionId, numbers] of segments) {
        result.references[lesionId] = {
          sopClassUid: SEGMENTATION_STORAGE,
          sopInstanceUid: uids.sop,
          seriesInstanceUid: uids.series,
          wholeSegment: numbers.whole,
          enhancingSegment: numbers.enhancing,
          sourceSeriesInstanceUid: seriesInstanceUid,
        };
      }
    } catch (error) {
      // the SR is still written, without the reference: the reader is told which segmentation is missing
      result.notWritten.push(...labels.map((label) => ({ label, reason: error instanceof Error ? error.message : String(error) })));
    }
  }
  return result;
}
