import { describe, expect, it } from 'vitest';
import { maskOf, segLesion, segSourceSeries, segWriteOptions, SEG_IMAGES } from '../../../tests/fixtures/segSeries';
import type { LesionMask } from '../../../workers/read/model';
import { writePart10, type Dataset } from '../sr/dcmjsFacade';
import { lesionMaskIn, parseSegmentation, type LesionSegmentNumbers, type SegSourceSeries } from './readSegmentation';
import type { SegProblemId } from './segProblems';
import { NADIR_SEG_IMPLEMENTATION_CLASS_UID, segmentationDataset, writeSegmentation, type SegLesion } from './writeSegmentation';

/** Writes the lesions' SEG with the writer and reads each lesion's mask back with the reader. */
function roundTrip(lesions: SegLesion[]): LesionMask[] {
  const { bytes, segments } = writeSegmentation(lesions, segWriteOptions());
  const parsed = parseSegmentation(bytes);
  if (!parsed.ok) throw new Error(parsed.problem.id);
  return lesions.map((lesion) => {
    const { whole, enhancing } = segments.get(lesion.lesionId)!;
    const read = lesionMaskIn(parsed.value, { whole, enhancing, trackingUid: lesion.trackingUid }, segSourceSeries());
    if (!read.ok) throw new Error(`${lesion.label}: ${read.problem.id} ${read.problem.detail}`);
    return read.value;
  });
}

const ONE_PIXEL = ['.......', '.......', '...#...', '.......', '.......'];
const RING = ['.#####.', '.#...#.', '.#...#.', '.#...#.', '.#####.'];
const FULL = ['#######', '#######', '#######', '#######', '#######'];
const VIABLE_CORE = ['.......', '.####..', '.#vv#..', '.####..', '.......'];
const VIABLE_SPECKS = ['v#####.', '######.', '###v##.', '.......', '.......'];
const CORNER = ['.......', '.......', '.......', '.....##', '.....#v'];

describe('a SEG written by Nadir reads back as the very masks it was written from', () => {
  const cases: { name: string; lesions: SegLesion[] }[] = [
    { name: 'one pixel on one slice', lesions: [segLesion('L1', maskOf({ 2: ONE_PIXEL }))] },
    { name: 'a ring (a hole inside the box) on one slice', lesions: [segLesion('L1', maskOf({ 1: RING }))] },
    { name: 'the whole image on every slice', lesions: [segLesion('L1', maskOf({ 0: FULL, 1: FULL, 2: FULL, 3: FULL }))] },
    { name: 'a viable core on the middle slices of three', lesions: [segLesion('L1', maskOf({ 0: RING, 1: VIABLE_CORE, 2: VIABLE_SPECKS }))] },
    { name: 'a box in the last pixels of the image (the frame ends mid-byte)', lesions: [segLesion('L1', maskOf({ 3: CORNER }))] },
    {
      name: 'three lesions, overlapping slices, one without a viable part',
      lesions: [segLesion('L1', maskOf({ 0: VIABLE_CORE, 1: VIABLE_CORE })), segLesion('L2', maskOf({ 1: RING, 2: RING, 3: ONE_PIXEL })), segLesion('L3', maskOf({ 2: CORNER, 3: VIABLE_SPECKS }))],
    },
  ];
  it.each(cases)('$name', ({ lesions }) => {
    expect(roundTrip(lesions)).toEqual(lesions.map((lesion) => lesion.mask));
  });

  it('puts the slices in the series’ stack order, not the SEG’s order along the normal', () => {
    const [mask] = roundTrip([segLesion('L1', maskOf({ 0: RING, 3: ONE_PIXEL }))]);
    expect(mask!.slices.map((slice) => slice.sopInstanceUid)).toEqual([SEG_IMAGES[0], SEG_IMAGES[3]]);
  });
});

// ---- hostile input -----------------------------------------------------------------------------------

const L1 = segLesion('L1', maskOf({ 0: RING, 1: VIABLE_CORE }));
const L1_SEGMENTS: LesionSegmentNumbers = { whole: 1, enhancing: 2, trackingUid: L1.trackingUid };
const perFrame = (dataset: Dataset) => dataset.PerFrameFunctionalGroupsSequence as Dataset[];

/** L1's SEG dataset (3 frames: whole on two images, viable on one), changed by `edit`, as bytes. */
function edited(edit: (dataset: Dataset) => void): ArrayBuffer {
  const { dataset } = segmentationDataset([L1], segWriteOptions());
  edit(dataset);
  return writePart10(dataset, { implementationClassUid: NADIR_SEG_IMPLEMENTATION_CLASS_UID, implementationVersionName: 'TEST' });
}
const pixelBytes = (dataset: Dataset) => new Uint8Array((dataset.PixelData as ArrayBuffer[])[0]!);
const valid = () => edited(() => {});
/** The valid SEG's bytes declaring RLE Lossless (same length as Explicit VR Little Endian's UID), its pixel data left native. */
function declaredRle(): ArrayBuffer {
  const bytes = new Uint8Array(valid());
  const at = new TextDecoder('latin1').decode(bytes).indexOf('1.2.840.10008.1.2.1');
  bytes.set(new TextEncoder().encode('1.2.840.10008.1.2.5'), at);
  return bytes.buffer;
}

interface HostileCase {
  name: string;
  bytes: () => ArrayBuffer;
  source?: (series: SegSourceSeries) => SegSourceSeries;
  segments?: LesionSegmentNumbers;
  problem: SegProblemId;
}

const HOSTILE: HostileCase[] = [
  { name: 'truncated in the middle', bytes: () => valid().slice(0, 700), problem: 'unreadable' },
  { name: 'not DICOM at all', bytes: () => new TextEncoder().encode('<html>not found</html>').buffer, problem: 'unreadable' },
  { name: 'another SOP class (a CT image)', bytes: () => edited((d) => (d.SOPClassUID = '1.2.840.10008.5.1.4.1.1.2')), problem: 'notSegmentation' },
  { name: 'a FRACTIONAL segmentation', bytes: () => edited((d) => (d.SegmentationType = 'FRACTIONAL')), problem: 'notBinary' },
  { name: '8 bits per pixel', bytes: () => edited((d) => (d.BitsAllocated = 8)), problem: 'notBinary' },
  { name: 'compressed pixel data (RLE)', bytes: declaredRle, problem: 'compressed' },
  { name: 'no Rows', bytes: () => edited((d) => delete d.Rows), problem: 'noGeometry' },
  { name: 'zero frames', bytes: () => edited((d) => (d.NumberOfFrames = '0')), problem: 'noGeometry' },
  { name: 'one frame more than described', bytes: () => edited((d) => (d.NumberOfFrames = '4')), problem: 'frameCountMismatch' },
  { name: 'one frame description less', bytes: () => edited((d) => perFrame(d).pop()), problem: 'frameCountMismatch' },
  { name: 'pixel data two bytes short', bytes: () => edited((d) => (d.PixelData = [pixelBytes(d).slice(0, -2).buffer])), problem: 'pixelDataLength' },
  // 3 frames × 35 pixels = 105 bits: 14 bytes, even already; a 15th byte is no padding, it is another frame's start
  { name: 'pixel data of an odd length one byte over', bytes: () => edited((d) => (d.PixelData = [new Uint8Array([...pixelBytes(d), 0]).buffer])), problem: 'pixelDataLength' },
  { name: 'pixel data two bytes over', bytes: () => edited((d) => (d.PixelData = [new Uint8Array([...pixelBytes(d), 0, 0]).buffer])), problem: 'pixelDataLength' },
  { name: 'a frame of segment 9, which the list does not define', bytes: () => edited((d) => (perFrame(d)[0]!.SegmentIdentificationSequence = [{ ReferencedSegmentNumber: 9 }])), problem: 'segmentOutOfRange' },
  { name: 'segment number 0 in the list', bytes: () => edited((d) => ((d.SegmentSequence as Dataset[])[0]!.SegmentNumber = 0)), problem: 'segmentOutOfRange' },
  { name: 'segment 1 defined twice', bytes: () => edited((d) => ((d.SegmentSequence as Dataset[])[1]!.SegmentNumber = 1)), problem: 'segmentOutOfRange' },
  { name: 'a frame without its source image', bytes: () => edited((d) => delete perFrame(d)[1]!.DerivationImageSequence), problem: 'noSourceImage' },
  { name: 'two frames of segment 1 on one image', bytes: () => edited((d) => (perFrame(d)[1]!.DerivationImageSequence = perFrame(d)[0]!.DerivationImageSequence)), problem: 'frameTwice' },
  { name: 'the report names another series', bytes: valid, source: (series) => ({ ...series, seriesInstanceUid: '2.25.999' }), problem: 'otherSeries' },
  { name: 'another frame of reference', bytes: () => edited((d) => (d.FrameOfReferenceUID = '2.25.998')), problem: 'otherFrameOfReference' },
  { name: 'an image the loaded series does not hold', bytes: valid, source: (series) => ({ ...series, images: series.images.slice(1) }), problem: 'imageNotInSeries' },
  { name: 'frames of another size than the images', bytes: valid, source: (series) => ({ ...series, images: series.images.map((image) => ({ ...image, rows: 512, columns: 512 })) }), problem: 'sizeMismatch' },
  { name: 'the report names segment 5, which is not there', bytes: valid, segments: { ...L1_SEGMENTS, whole: 5 }, problem: 'segmentMissing' },
  { name: 'the report names a viable segment that is not there', bytes: valid, segments: { ...L1_SEGMENTS, enhancing: 3 }, problem: 'segmentMissing' },
  { name: 'the segment tracks another lesion', bytes: valid, segments: { ...L1_SEGMENTS, trackingUid: '2.25.12345' }, problem: 'otherLesion' },
  { name: 'the viable segment reaches outside the lesion’s', bytes: valid, segments: { whole: 2, enhancing: 1, trackingUid: L1.trackingUid }, problem: 'viableOutsideLesion' },
];

describe('a SEG that cannot be trusted is a named problem, never an exception nor a partial mask', () => {
  it.each(HOSTILE)('$name: $problem', ({ bytes, source = (series) => series, segments = L1_SEGMENTS, problem }) => {
    const parsed = parseSegmentation(bytes());
    const read = parsed.ok ? lesionMaskIn(parsed.value, segments, source(segSourceSeries())) : parsed;
    expect(read.ok ? 'read' : read.problem.id).toBe(problem);
  });

  it('the unedited SEG of the table reads (each case fails by its edit alone)', () => {
    const parsed = parseSegmentation(valid());
    expect(parsed.ok && lesionMaskIn(parsed.value, L1_SEGMENTS, segSourceSeries())).toEqual({ ok: true, value: L1.mask });
  });
});
