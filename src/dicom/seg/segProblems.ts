/**
 * Why a lesion's segmentation could not be read back from a DICOM SEG (./readSegmentation.ts,
 * ./importSegmentations.ts): a closed set, each with the sentence the reader sees. A problem costs
 * the lesion its mask, never its volume values nor the rest of the import.
 */
export type SegProblemId =
  // the SEG file itself
  | 'unreadable'
  | 'notSegmentation'
  | 'notBinary'
  | 'compressed'
  | 'noGeometry'
  | 'frameCountMismatch'
  | 'pixelDataLength'
  | 'segmentOutOfRange'
  | 'noSourceImage'
  | 'frameTwice'
  // the SEG against the series it segments
  | 'otherSeries'
  | 'otherFrameOfReference'
  | 'imageNotInSeries'
  | 'sizeMismatch'
  // the SEG against the SR that references it
  | 'segNotFound'
  | 'sourceNotLoaded'
  | 'segmentMissing'
  | 'otherLesion'
  | 'sliceCountMismatch'
  | 'viableOutsideLesion'
  | 'referenceDamaged';

export const SEG_PROBLEMS: Record<SegProblemId, string> = {
  unreadable: 'the SEG cannot be read (truncated or not DICOM)',
  notSegmentation: 'the file referenced is not a DICOM Segmentation',
  notBinary: 'the SEG is not a BINARY segmentation of 1 bit per pixel',
  compressed: 'the SEG’s pixel data is compressed; Nadir reads uncompressed SEGs only',
  noGeometry: 'the SEG has no valid number of frames, rows or columns',
  frameCountMismatch: 'the SEG’s number of frames does not match its per-frame descriptions',
  pixelDataLength: 'the SEG’s pixel data is not the size of its frames',
  segmentOutOfRange: 'a frame of the SEG names a segment its segment list does not define',
  noSourceImage: 'a frame of the SEG does not name the one image it was derived from',
  frameTwice: 'the SEG has two frames of one segment on one image',
  otherSeries: 'the SEG segments another series than the one the report names',
  otherFrameOfReference: 'the SEG’s frame of reference is not its series’',
  imageNotInSeries: 'a frame of the SEG is on an image its series, loaded, does not hold',
  sizeMismatch: 'a frame of the SEG is not the size of the image it was derived from',
  segNotFound: 'the SEG is not found',
  sourceNotLoaded: 'the series it segments is not loaded',
  segmentMissing: 'the segment the report names is not in the SEG, or is empty',
  otherLesion: 'the segment the report names tracks another lesion',
  sliceCountMismatch: 'the segment is on another number of slices than the report’s volume',
  viableOutsideLesion: 'the viable part’s segment lies outside the lesion’s',
  referenceDamaged: 'the report’s reference to its SEG is incomplete (a damaged item)',
};

export interface SegProblem {
  id: SegProblemId;
  /** the values involved (UIDs, numbers); '' when the message says it all */
  detail: string;
}

export const segProblem = (id: SegProblemId, detail = ''): SegProblem => ({ id, detail });

export const describeSegProblem = (problem: SegProblem): string => `${SEG_PROBLEMS[problem.id]}${problem.detail ? ` (${problem.detail})` : ''}`;
