import type { LesionVolume } from '../../../../workers/read/model';
import { CODES } from '../codes';
import { childUid, children, find, item, numItem, numValueOf, uidItem } from '../contentItem';
import { numberValue, sequence, text, type Dataset } from '../dcmjsFacade';

/**
 * A lesion's segmented volume (V-1, QE-1) as three NUMs, written and read here: the whole volume
 * (SCT Volume, mL), the viable volume and the slices it spans (private codes, ../README.md). When the
 * segmentation was exported with it as a DICOM SEG (../../seg/), the items of TID 1411 that find it:
 * Referenced Segment (the SEG instance and the whole lesion's segment), Source series for segmentation,
 * and the viable volume inferred from the viable part's segment.
 */

/** Where a lesion's segmentation is: the SEG instance, its segments, and the series it segments. */
export interface SegmentReference {
  sopClassUid: string;
  sopInstanceUid: string;
  /** the SEG's own series, in the SR's study (for the SR's evidence) */
  seriesInstanceUid: string;
  wholeSegment: number;
  /** null when no slice showed an enhancing part */
  enhancingSegment: number | null;
  sourceSeriesInstanceUid: string;
}

const segmentItem = (relationship: 'CONTAINS' | 'INFERRED FROM', segmentation: SegmentReference, segment: number): Dataset =>
  item(relationship, 'IMAGE', CODES.referencedSegment, {
    ReferencedSOPSequence: [{ ReferencedSOPClassUID: segmentation.sopClassUid, ReferencedSOPInstanceUID: segmentation.sopInstanceUid, ReferencedSegmentNumber: segment }],
  });

export function writeVolume(volume: LesionVolume, segmentation?: SegmentReference): Dataset[] {
  const enhancingSegment = segmentation?.enhancingSegment ?? null;
  return [
    ...(segmentation
      ? [segmentItem('CONTAINS', segmentation, segmentation.wholeSegment), uidItem('CONTAINS', CODES.sourceSeriesForSegmentation, segmentation.sourceSeriesInstanceUid)]
      : []),
    numItem(CODES.volume, volume.volumeMl, CODES.millilitre, []),
    numItem(CODES.viableVolume, volume.enhancingVolumeMl, CODES.millilitre, segmentation && enhancingSegment !== null ? [segmentItem('INFERRED FROM', segmentation, enhancingSegment)] : []),
    numItem(CODES.segmentedSlices, volume.sliceCount, CODES.sliceCountUnit, []),
  ];
}

/** The concepts writeVolume puts directly in a measurement group. */
export const VOLUME_CONCEPTS = [CODES.volume, CODES.viableVolume, CODES.segmentedSlices, CODES.referencedSegment, CODES.sourceSeriesForSegmentation] as const;

/** The volume when all three of its values were written; ../srChecks.ts names a partial or implausible one. */
export function readVolume(nums: Dataset[]): LesionVolume | null {
  const volumeMl = numValueOf(find(nums, CODES.volume));
  const enhancingVolumeMl = numValueOf(find(nums, CODES.viableVolume));
  const sliceCount = numValueOf(find(nums, CODES.segmentedSlices));
  return volumeMl === null || enhancingVolumeMl === null || sliceCount === null ? null : { volumeMl, enhancingVolumeMl, sliceCount };
}

/** What a measurement group says of its lesion's segmentation: where it is, or that the items saying so are damaged. */
export type RecordedSegmentation = { kind: 'reference'; reference: SegmentReference } | { kind: 'damaged'; detail: string };

/** The SEG instance and segment number of a Referenced Segment item; null when either cannot be read. */
function referencedSegment(image: Dataset): { sopClassUid: string; sopInstanceUid: string; segment: number } | null {
  const sop = sequence(image, 'ReferencedSOPSequence')[0];
  const [sopClassUid, sopInstanceUid, segment] = sop ? [text(sop, 'ReferencedSOPClassUID'), text(sop, 'ReferencedSOPInstanceUID'), numberValue(sop, 'ReferencedSegmentNumber')] : [null, null, null];
  return sopClassUid && sopInstanceUid && segment !== null && Number.isInteger(segment) && segment > 0 ? { sopClassUid, sopInstanceUid, segment } : null;
}

/**
 * The segmentation writeVolume referenced, read back (the lesion's mask is then read from the SEG:
 * ../../seg/importSegmentations.ts); null when the group names none. `seriesOf` finds the SEG's series
 * in the report's evidence ('' when the evidence does not list it: the SEG is found by its instance).
 */
export function readSegmentReference(items: Dataset[], seriesOf: (sopInstanceUid: string) => string | null): RecordedSegmentation | null {
  const wholeItem = find(items, CODES.referencedSegment);
  const viableNum = find(items, CODES.viableVolume);
  const viableItem = viableNum ? find(children(viableNum), CODES.referencedSegment) : undefined;
  const source = childUid(items, CODES.sourceSeriesForSegmentation);
  if (!wholeItem && !viableItem && source === null) return null;
  const whole = wholeItem ? referencedSegment(wholeItem) : null;
  const viable = viableItem ? referencedSegment(viableItem) : null;
  if (!whole || source === null || (viableItem && !viable)) return { kind: 'damaged', detail: !whole ? 'the whole lesion’s segment' : source === null ? 'the series segmented' : 'the viable part’s segment' };
  if (viable && viable.sopInstanceUid !== whole.sopInstanceUid) return { kind: 'damaged', detail: 'the viable part’s segment is in another SEG' };
  return {
    kind: 'reference',
    reference: {
      sopClassUid: whole.sopClassUid,
      sopInstanceUid: whole.sopInstanceUid,
      seriesInstanceUid: seriesOf(whole.sopInstanceUid) ?? '',
      wholeSegment: whole.segment,
      enhancingSegment: viable?.segment ?? null,
      sourceSeriesInstanceUid: source,
    },
  };
}
