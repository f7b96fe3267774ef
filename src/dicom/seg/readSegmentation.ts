import { boxRunsOf, encodeRuns } from '../../../workers/measure/maskRuns';
import type { LesionMask, MaskSlice } from '../../../workers/read/model';
import { describeProblem } from '../fileProblems';
import { FileProblemError, numbers, numberValue, readPart10, sequence, text, type Dataset } from '../sr/dcmjsFacade';
import { segProblem, type SegProblem } from './segProblems';
import { SEGMENTATION_STORAGE } from './writeSegmentation';

/**
 * Reads a DICOM SEG (as ./writeSegmentation.ts writes it, or any BINARY one) back into the read's
 * masks (`LesionMask`), checked against the series it segments. Every check that fails is a named
 * problem (./segProblems.ts), never an exception and never a partial mask: a mask read back is the
 * mask written, or there is none.
 */

/** An image of the segmented series, as the loaded study describes it. */
export interface SegSourceImage {
  sopInstanceUid: string;
  /** 1-based, for multi-frame images; null otherwise */
  frameNumber: number | null;
  rows: number;
  columns: number;
}

/** The series a SEG segments, as loaded: its images in stack order (the order the mask's slices go in). */
export interface SegSourceSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string | null;
  images: SegSourceImage[];
}

export interface SegmentInfo {
  label: string | null;
  trackingUid: string | null;
}

interface SegFrame {
  segment: number;
  sopInstanceUid: string;
  frameNumber: number | null;
}

/** A SEG's structure, checked on its own (before any series is compared with it). */
export interface ParsedSegmentation {
  sopInstanceUid: string;
  frameOfReferenceUid: string | null;
  /** the series its Common Instance Reference names */
  referencedSeries: string[];
  rows: number;
  columns: number;
  segments: Map<number, SegmentInfo>;
  frames: SegFrame[];
  /** the frames' bits, packed as stored (first pixel in the lowest bit) */
  pixels: Uint8Array;
}

export type SegOutcome<T> = { ok: true; value: T } | { ok: false; problem: SegProblem };
/** A SEG refused by its structure names its SOP Instance UID when it could be read (to say which SEG a report's reference finds broken). */
export type ParseOutcome = { ok: true; value: ParsedSegmentation } | { ok: false; problem: SegProblem; sopInstanceUid: string | null };

const fail = (problem: SegProblem): { ok: false; problem: SegProblem } => ({ ok: false, problem });
const isCount = (value: number | null): value is number => value !== null && Number.isInteger(value) && value > 0;
/** transfer syntaxes whose Pixel Data is the bits themselves (implicit, explicit little endian, deflated) */
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']);

function parsePart10(bytes: ArrayBuffer): SegOutcome<Dataset> {
  try {
    return { ok: true, value: readPart10(bytes) };
  } catch (error) {
    // dcmjs's own words never reach the reader: the file problem's, or "cannot be read"
    return fail(segProblem('unreadable', error instanceof FileProblemError ? describeProblem(error.problem) : ''));
  }
}

function segmentsOf(dataset: Dataset): SegOutcome<Map<number, SegmentInfo>> {
  const segments = new Map<number, SegmentInfo>();
  for (const item of sequence(dataset, 'SegmentSequence')) {
    const number = numberValue(item, 'SegmentNumber');
    if (!isCount(number) || segments.has(number)) return fail(segProblem('segmentOutOfRange', `segment number ${String(number)} in the segment list`));
    segments.set(number, { label: text(item, 'SegmentLabel'), trackingUid: text(item, 'TrackingUID') });
  }
  return { ok: true, value: segments };
}

function framesOf(dataset: Dataset, segments: Map<number, SegmentInfo>, count: number): SegOutcome<SegFrame[]> {
  const groups = sequence(dataset, 'PerFrameFunctionalGroupsSequence');
  if (groups.length !== count) return fail(segProblem('frameCountMismatch', `${count} frames, ${groups.length} described`));
  const frames: SegFrame[] = [];
  const seen = new Set<string>();
  for (const [index, group] of groups.entries()) {
    const segment = numberValue(sequence(group, 'SegmentIdentificationSequence')[0] ?? {}, 'ReferencedSegmentNumber');
    if (segment === null || !segments.has(segment)) return fail(segProblem('segmentOutOfRange', `frame ${index + 1}: segment ${String(segment)}`));
    const sources = sequence(group, 'DerivationImageSequence').flatMap((derivation) => sequence(derivation, 'SourceImageSequence'));
    const sopInstanceUid = sources.length === 1 ? text(sources[0]!, 'ReferencedSOPInstanceUID') : null;
    const frameNumbers = sources.length === 1 ? numbers(sources[0]!, 'ReferencedFrameNumber') : [];
    if (!sopInstanceUid || frameNumbers.length > 1 || frameNumbers.some((frame) => !isCount(frame))) return fail(segProblem('noSourceImage', `frame ${index + 1}`));
    const frame = { segment, sopInstanceUid, frameNumber: frameNumbers[0] ?? null };
    const key = JSON.stringify(frame);
    if (seen.has(key)) return fail(segProblem('frameTwice', `segment ${segment} on image ${sopInstanceUid}`));
    seen.add(key);
    frames.push(frame);
  }
  return { ok: true, value: frames };
}

/** The packed bits of exactly `bits` pixels: their bytes, and at most the one byte that pads them to an even length. */
function pixelsOf(dataset: Dataset, bits: number): SegOutcome<Uint8Array> {
  const syntax = text((dataset['_fileMeta'] as Dataset | undefined) ?? {}, 'TransferSyntaxUID');
  const value = dataset['PixelData'];
  const fragments = Array.isArray(value) ? value : [value];
  if ((syntax !== null && !NATIVE_SYNTAXES.has(syntax)) || fragments.length !== 1) return fail(segProblem('compressed', syntax ?? ''));
  const [data] = fragments;
  const pixels = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  const needed = Math.ceil(bits / 8);
  if (!pixels || pixels.length < needed || pixels.length > needed + (needed % 2)) return fail(segProblem('pixelDataLength', `${pixels?.length ?? 0} bytes for ${bits} pixels`));
  return { ok: true, value: pixels };
}

/** A SEG's structure from its bytes: the checks that need no series. */
export function parseSegmentation(bytes: ArrayBuffer): ParseOutcome {
  const parsed = parsePart10(bytes);
  if (!parsed.ok) return { ...parsed, sopInstanceUid: null };
  const structure = structureOf(parsed.value);
  return structure.ok ? structure : { ...structure, sopInstanceUid: text(parsed.value, 'SOPInstanceUID') };
}

function structureOf(dataset: Dataset): SegOutcome<ParsedSegmentation> {
  if (text(dataset, 'SOPClassUID') !== SEGMENTATION_STORAGE) return fail(segProblem('notSegmentation', text(dataset, 'SOPClassUID') ?? 'no SOP class'));
  if (text(dataset, 'SegmentationType') !== 'BINARY' || numberValue(dataset, 'BitsAllocated') !== 1) return fail(segProblem('notBinary', text(dataset, 'SegmentationType') ?? ''));
  const [count, rows, columns] = [numberValue(dataset, 'NumberOfFrames'), numberValue(dataset, 'Rows'), numberValue(dataset, 'Columns')];
  if (!isCount(count) || !isCount(rows) || !isCount(columns)) return fail(segProblem('noGeometry'));
  const segments = segmentsOf(dataset);
  if (!segments.ok) return segments;
  const frames = framesOf(dataset, segments.value, count);
  if (!frames.ok) return frames;
  const pixels = pixelsOf(dataset, count * rows * columns);
  if (!pixels.ok) return pixels;
  return {
    ok: true,
    value: {
      sopInstanceUid: text(dataset, 'SOPInstanceUID') ?? '',
      frameOfReferenceUid: text(dataset, 'FrameOfReferenceUID'),
      referencedSeries: sequence(dataset, 'ReferencedSeriesSequence').flatMap((series) => text(series, 'SeriesInstanceUID') ?? []),
      rows,
      columns,
      segments: segments.value,
      frames: frames.value,
      pixels: pixels.value,
    },
  };
}

/** Frame `index`'s pixels, one byte (0 or 1) each. */
function unpackFrame(seg: ParsedSegmentation, index: number): Uint8Array {
  const size = seg.rows * seg.columns;
  const pixels = new Uint8Array(size);
  for (let pixel = 0, at = index * size; pixel < size; pixel++, at++) pixels[pixel] = (seg.pixels[at >> 3]! >> (at & 7)) & 1;
  return pixels;
}

const imageKey = (image: { sopInstanceUid: string; frameNumber: number | null }) => `${image.sopInstanceUid}|${image.frameNumber ?? ''}`;

/** The SEG against the series it segments: every frame on an image of it, the same size, in its frame of reference. */
export function checkAgainstSeries(seg: ParsedSegmentation, source: SegSourceSeries): SegProblem | null {
  if (!seg.referencedSeries.includes(source.seriesInstanceUid)) return segProblem('otherSeries', seg.referencedSeries.join(', ') || 'none named');
  if (seg.frameOfReferenceUid === null || seg.frameOfReferenceUid !== source.frameOfReferenceUid) return segProblem('otherFrameOfReference', seg.frameOfReferenceUid ?? 'none');
  const images = new Map(source.images.map((image) => [imageKey(image), image]));
  for (const frame of seg.frames) {
    const image = images.get(imageKey(frame));
    if (!image) return segProblem('imageNotInSeries', `${frame.sopInstanceUid}${frame.frameNumber !== null ? `, frame ${frame.frameNumber}` : ''}`);
    if (image.rows !== seg.rows || image.columns !== seg.columns) return segProblem('sizeMismatch', `${seg.columns} × ${seg.rows} on a ${image.columns} × ${image.rows} image`);
  }
  return null;
}

/** One segment's non-empty frames, by image. */
function segmentFrames(seg: ParsedSegmentation, segment: number): Map<string, Uint8Array> {
  const frames = new Map<string, Uint8Array>();
  seg.frames.forEach((frame, index) => {
    if (frame.segment !== segment) return;
    const pixels = unpackFrame(seg, index);
    if (pixels.includes(1)) frames.set(imageKey(frame), pixels);
  });
  return frames;
}

/** What an SR says of the segments of one lesion. */
export interface LesionSegmentNumbers {
  whole: number;
  /** null when no slice showed an enhancing part */
  enhancing: number | null;
  /** the lesion's Tracking Unique Identifier, which its whole segment carries when Nadir wrote it */
  trackingUid: string;
}

/**
 * The lesion's mask from its segments of `seg`, on the images of `source` in their stack order: each
 * image's box is the whole lesion's bounding box, the viable part's runs over the same box.
 */
export function lesionMaskIn(seg: ParsedSegmentation, numbers: LesionSegmentNumbers, source: SegSourceSeries): SegOutcome<LesionMask> {
  const mismatch = checkAgainstSeries(seg, source);
  if (mismatch) return fail(mismatch);
  const whole = seg.segments.get(numbers.whole);
  const wholeFrames = segmentFrames(seg, numbers.whole);
  if (!whole || wholeFrames.size === 0) return fail(segProblem('segmentMissing', `segment ${numbers.whole}`));
  if (whole.trackingUid !== null && whole.trackingUid !== numbers.trackingUid) return fail(segProblem('otherLesion', `segment ${numbers.whole} tracks ${whole.trackingUid}`));
  const enhancingFrames = numbers.enhancing === null ? new Map<string, Uint8Array>() : segmentFrames(seg, numbers.enhancing);
  if (numbers.enhancing !== null && (!seg.segments.has(numbers.enhancing) || enhancingFrames.size === 0)) return fail(segProblem('segmentMissing', `segment ${numbers.enhancing}`));
  const slices: MaskSlice[] = [];
  for (const image of source.images) {
    const wholePixels = wholeFrames.get(imageKey(image));
    const enhancingPixels = enhancingFrames.get(imageKey(image));
    if (!wholePixels) {
      if (enhancingPixels) return fail(segProblem('viableOutsideLesion', `image ${image.sopInstanceUid}`));
      continue;
    }
    const box = boxRunsOf(wholePixels, seg.columns)!;
    if (enhancingPixels?.some((bit, index) => bit === 1 && wholePixels[index] !== 1)) return fail(segProblem('viableOutsideLesion', `image ${image.sopInstanceUid}`));
    const { runs, ...bounds } = box;
    slices.push({ sopInstanceUid: image.sopInstanceUid, frameNumber: image.frameNumber, ...bounds, whole: [...runs], enhancing: enhancingPixels ? encodeRuns(enhancingPixels, seg.columns, bounds) : [] });
  }
  return { ok: true, value: { studyInstanceUid: source.studyInstanceUid, seriesInstanceUid: source.seriesInstanceUid, slices } };
}
