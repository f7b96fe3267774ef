import type { LesionMask, MaskSlice, Point3 } from '../../../workers/read/model';
import { decodeRuns } from '../../../workers/measure/maskRuns';
import type { ImagePlane } from '../imagePlane';
import { CODES } from '../sr/codes';
import { codeItem } from '../sr/contentItem';
import { writePart10, type Dataset } from '../sr/dcmjsFacade';
import { dicomDate, dicomTime, srInstanceHeader, type SrStudyContext } from '../sr/writeMeasurementReport';
import { packBits } from './packBits';

/**
 * Writes the lesions' click-to-measure masks of one series as a DICOM Segmentation (PS3.3 A.51),
 * BINARY, one frame per segment per image the segment is on, each frame the size of its source image
 * and placed where it is (Plane Position = the source image's). ./README.md gives the structure.
 */

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
/** 2.25 + uuidV5('urn:nadir:implementation-class:segmentation'), as the SR's (../sr/uids.ts) */
export const NADIR_SEG_IMPLEMENTATION_CLASS_UID = '2.25.68306430997772214895850302440026265775';
export const NADIR_SEG_IMPLEMENTATION_VERSION = 'NADIR_SEG_1';

/** One lesion's mask, with the names the SEG gives it (the SR's Tracking Identifier and Unique Identifier). */
export interface SegLesion {
  lesionId: string;
  label: string;
  trackingUid: string;
  mask: LesionMask;
}

/** A source image as the SEG needs it: its plane and slice thickness. */
export type SourcePlane = ImagePlane & { sliceThicknessMm: number | null };

export interface WriteSegmentationOptions {
  now: Date;
  instanceUids: { series: string; sop: string };
  study: SrStudyContext;
  /** the series every mask was made on */
  source: { seriesInstanceUid: string; sopClassUid: string; frameOfReferenceUid: string };
  /** the plane of a source image (single-frame: frameNumber null); null when unknown */
  planeOf(sopInstanceUid: string, frameNumber: number | null): SourcePlane | null;
  seriesNumber?: number;
  softwareVersion?: string;
}

/** Where each lesion's segments are in the SEG: what the SR's Referenced Segment items point to. */
export interface LesionSegments {
  whole: number;
  /** null when no image showed an enhancing part */
  enhancing: number | null;
}

export interface Segmentation {
  dataset: Dataset;
  segments: Map<string, LesionSegments>;
}

interface Frame {
  segment: number;
  slice: MaskSlice;
  plane: SourcePlane;
  runs: readonly number[];
}

const SEGMENT_KINDS = {
  whole: { suffix: '', description: 'whole lesion (click-to-measure, M-SEG-5)' },
  enhancing: { suffix: ' viable', description: 'enhancing (viable) part of the lesion (click-to-measure, M-SEG-4)' },
} as const;

function segmentItem(number: number, lesion: SegLesion, kind: keyof typeof SEGMENT_KINDS): Dataset {
  return {
    SegmentNumber: number,
    SegmentLabel: `${lesion.label}${SEGMENT_KINDS[kind].suffix}`.slice(0, 64),
    SegmentDescription: SEGMENT_KINDS[kind].description,
    SegmentAlgorithmType: 'SEMIAUTOMATIC',
    SegmentAlgorithmName: 'Nadir click-to-measure',
    SegmentedPropertyCategoryCodeSequence: [codeItem(CODES.morphologicallyAbnormalStructure)],
    SegmentedPropertyTypeCodeSequence: [codeItem(CODES.neoplasm)],
    // the whole lesion is the SR's tracked lesion; the viable part is a part of it, not the lesion
    ...(kind === 'whole' ? { TrackingID: lesion.label.slice(0, 64), TrackingUID: lesion.trackingUid } : {}),
  };
}

/** Runs with an inside run that is not empty (the odd-numbered runs are inside). */
const hasInside = (runs: readonly number[]) => runs.some((length, index) => index % 2 === 1 && length > 0);
const sameVector = (a: readonly number[], b: readonly number[]) => a.every((value, index) => Math.abs(value - b[index]!) < 1e-4);
const dot = (a: Point3, b: Point3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** The frame's pixels: the box's runs placed on a bitmap the size of the source image. */
function framePixels(frame: Frame): Uint8Array {
  const { columns, rows } = frame.plane;
  const { slice } = frame;
  if (slice.column0 + slice.columns > columns || slice.row0 + slice.rows > rows) throw new Error(`a mask's box reaches beyond its ${columns} × ${rows} image ${slice.sopInstanceUid}`);
  const box = decodeRuns({ columns: slice.columns, rows: slice.rows, runs: frame.runs });
  const pixels = new Uint8Array(columns * rows);
  for (let row = 0; row < slice.rows; row++) pixels.set(box.subarray(row * slice.columns, (row + 1) * slice.columns), (slice.row0 + row) * columns + slice.column0);
  return pixels;
}

/** The segments and their frames; throws when a source image is unknown or the images do not share a geometry. */
function framesOf(lesions: readonly SegLesion[], options: WriteSegmentationOptions): { segments: Dataset[]; frames: Frame[]; numbers: Map<string, LesionSegments> } {
  const segments: Dataset[] = [];
  const frames: Frame[] = [];
  const numbers = new Map<string, LesionSegments>();
  for (const lesion of lesions) {
    if (lesion.mask.seriesInstanceUid !== options.source.seriesInstanceUid) throw new Error(`the mask of ${lesion.label} is on another series than the SEG's`);
    const planes = lesion.mask.slices.map((slice) => {
      const plane = options.planeOf(slice.sopInstanceUid, slice.frameNumber);
      if (!plane) throw new Error(`the geometry of image ${slice.sopInstanceUid} (${lesion.label}'s mask) is not known`);
      return plane;
    });
    const whole = segments.length + 1;
    segments.push(segmentItem(whole, lesion, 'whole'));
    lesion.mask.slices.forEach((slice, index) => frames.push({ segment: whole, slice, plane: planes[index]!, runs: slice.whole }));
    const enhancingSlices = lesion.mask.slices.flatMap((slice, index) => (hasInside(slice.enhancing) ? [{ slice, plane: planes[index]! }] : []));
    let enhancing: number | null = null;
    if (enhancingSlices.length > 0) {
      enhancing = segments.length + 1;
      segments.push(segmentItem(enhancing, lesion, 'enhancing'));
      for (const { slice, plane } of enhancingSlices) frames.push({ segment: enhancing, slice, plane, runs: slice.enhancing });
    }
    numbers.set(lesion.lesionId, { whole, enhancing });
  }
  const first = frames[0]?.plane;
  if (!first) throw new Error('no mask to write');
  for (const { plane } of frames) {
    if (plane.rows !== first.rows || plane.columns !== first.columns) throw new Error('the masked images differ in size: one SEG cannot hold them');
    if (!sameVector([...plane.rowCosines, ...plane.columnCosines], [...first.rowCosines, ...first.columnCosines])) throw new Error('the masked images differ in orientation: one SEG cannot hold them');
    if (!sameVector([plane.rowSpacingMm, plane.columnSpacingMm], [first.rowSpacingMm, first.columnSpacingMm])) throw new Error('the masked images differ in pixel spacing: one SEG cannot hold them');
  }
  return { segments, frames, numbers };
}

/**
 * The naturalized SEG dataset of the lesions' masks (all on `options.source`), and the segment numbers
 * of each lesion. Frames go by segment, then along the slice normal (Dimension Organization: segment,
 * then Image Position).
 */
export function segmentationDataset(lesions: readonly SegLesion[], options: WriteSegmentationOptions): Segmentation {
  const { segments, frames, numbers } = framesOf(lesions, options);
  const geometry = frames[0]!.plane;
  const normal: Point3 = [
    geometry.rowCosines[1] * geometry.columnCosines[2] - geometry.rowCosines[2] * geometry.columnCosines[1],
    geometry.rowCosines[2] * geometry.columnCosines[0] - geometry.rowCosines[0] * geometry.columnCosines[2],
    geometry.rowCosines[0] * geometry.columnCosines[1] - geometry.rowCosines[1] * geometry.columnCosines[0],
  ];
  const height = (frame: Frame) => dot(frame.plane.origin, normal);
  frames.sort((a, b) => a.segment - b.segment || height(a) - height(b));
  // the position dimension's index: the rank of the image's height among all the frames' images
  const heights = [...new Set(frames.map((frame) => height(frame).toFixed(3)))].sort((a, b) => Number(a) - Number(b));
  // one organization, named under the instance's own UID
  const dimensionOrganizationUid = `${options.instanceUids.sop}.1`;
  if (dimensionOrganizationUid.length > 64) throw new Error('the SOP Instance UID is too long to name the dimension organization under it');
  const sources = [...new Map(frames.map((frame) => [`${frame.slice.sopInstanceUid}|${frame.slice.frameNumber ?? ''}`, frame.slice])).values()];
  const sourceReference = (slice: MaskSlice): Dataset => ({
    ReferencedSOPClassUID: options.source.sopClassUid,
    ReferencedSOPInstanceUID: slice.sopInstanceUid,
    ...(slice.frameNumber !== null ? { ReferencedFrameNumber: slice.frameNumber } : {}),
  });
  const thickness = geometry.sliceThicknessMm;
  const { now, study } = options;
  // the SR's header without its declaration of Nadir's private codes: the SEG uses none
  const { CodingSchemeIdentificationSequence: _privateCodes, ...header } = srInstanceHeader(SEGMENTATION_STORAGE, options.instanceUids.sop, now, study);
  const dataset: Dataset = {
    ...header,
    // General Series, Segmentation Series
    Modality: 'SEG',
    SeriesInstanceUID: options.instanceUids.series,
    SeriesNumber: String(options.seriesNumber ?? 9002),
    SeriesDescription: 'Nadir lesion segmentation',
    // Frame of Reference: the source images'
    FrameOfReferenceUID: options.source.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    // General Equipment, Enhanced General Equipment
    Manufacturer: 'Nadir',
    ManufacturerModelName: 'Nadir',
    DeviceSerialNumber: 'none',
    SoftwareVersions: options.softwareVersion ?? 'Nadir',
    // General Image, Multi-frame Functional Groups
    InstanceNumber: '1',
    ContentDate: dicomDate(now),
    ContentTime: dicomTime(now),
    NumberOfFrames: String(frames.length),
    // Segmentation Image (PS3.3 C.8.20.2)
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: 'LESIONS',
    ContentDescription: 'Lesions segmented by click-to-measure',
    ContentCreatorName: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: geometry.rows,
    Columns: geometry.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    SegmentSequence: segments,
    // Multi-frame Dimension: segment, then position
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionIndexSequence: [
      { DimensionOrganizationUID: dimensionOrganizationUid, DimensionIndexPointer: 0x0062000b, FunctionalGroupPointer: 0x0062000a, DimensionDescriptionLabel: 'Segment' },
      { DimensionOrganizationUID: dimensionOrganizationUid, DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'Image Position' },
    ],
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: [...geometry.rowCosines, ...geometry.columnCosines] }],
        PixelMeasuresSequence: [{ PixelSpacing: [geometry.rowSpacingMm, geometry.columnSpacingMm], ...(thickness !== null ? { SliceThickness: thickness } : {}) }],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map((frame) => ({
      FrameContentSequence: [{ DimensionIndexValues: [frame.segment, heights.indexOf(height(frame).toFixed(3)) + 1] }],
      PlanePositionSequence: [{ ImagePositionPatient: [...frame.plane.origin] }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: frame.segment }],
      DerivationImageSequence: [
        {
          DerivationCodeSequence: [codeItem(CODES.segmentation)],
          SourceImageSequence: [{ ...sourceReference(frame.slice), PurposeOfReferenceCodeSequence: [codeItem(CODES.sourceImageForProcessing)] }],
        },
      ],
    })),
    // Common Instance Reference: the source images, in this study
    ReferencedSeriesSequence: [{ SeriesInstanceUID: options.source.seriesInstanceUid, ReferencedInstanceSequence: sources.map(sourceReference) }],
    PixelData: [packBits(frames.map(framePixels))],
    _vrMap: { PixelData: 'OB' },
  };
  return { dataset, segments: numbers };
}

/** The SEG as Part 10 bytes (Explicit VR Little Endian), with the lesions' segment numbers. */
export function writeSegmentation(lesions: readonly SegLesion[], options: WriteSegmentationOptions): { bytes: ArrayBuffer; segments: Map<string, LesionSegments> } {
  const { dataset, segments } = segmentationDataset(lesions, options);
  return { bytes: writePart10(dataset, { implementationClassUid: NADIR_SEG_IMPLEMENTATION_CLASS_UID, implementationVersionName: NADIR_SEG_IMPLEMENTATION_VERSION }), segments };
}
