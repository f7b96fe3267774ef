import type { BidirectionalMeasurement, ImageReference, Point3 } from '../../../../workers/read/model';
import { CODES, type Code } from '../codes';
import { children, find, item, numItem, numValueOf, valueType, type SrProblem } from '../contentItem';
import { numberValue, numbers, sequence, text, type Dataset } from '../dcmjsFacade';

/**
 * A bidirectional measurement (a long axis and its perpendicular short axis) as two TID 300 NUMs,
 * each inferred from its line in patient coordinates and the image it was drawn on (TID 320):
 * written and read in this one module, so that the two directions cannot drift apart.
 */

/** Long and short axis concepts: the whole lesion, or its viable (enhancing) part. */
const AXES = {
  whole: { long: CODES.longAxis, short: CODES.shortAxis },
  viable: { long: CODES.viableLongAxis, short: CODES.viableShortAxis },
} as const satisfies Record<string, { long: Code; short: Code }>;
export type MeasuredPart = keyof typeof AXES;

// ---- writing -----------------------------------------------------------------------------------

/** What the writer knows beyond the read: each series' SOP class and frame of reference, the image geometry. */
export interface WriteContext {
  series: Readonly<Record<string, { sopClassUid: string; frameOfReferenceUid: string }>>;
  pixelPosition?: (image: ImageReference, point: Point3) => readonly [number, number] | null;
  frameOfReference(image: ImageReference): string;
  /** every image referenced, for the evidence sequence */
  referenced: Map<string, ImageReference & { sopClassUid: string }>;
}

function referencedSop(context: WriteContext, image: ImageReference): Dataset {
  const info = context.series[image.seriesInstanceUid];
  if (!info) throw new Error(`no SOP class / frame of reference given for series ${image.seriesInstanceUid}`);
  context.referenced.set(`${image.sopInstanceUid}|${image.frameNumber ?? ''}`, { ...image, sopClassUid: info.sopClassUid });
  return {
    ReferencedSOPClassUID: info.sopClassUid,
    ReferencedSOPInstanceUID: image.sopInstanceUid,
    ...(image.frameNumber !== null ? { ReferencedFrameNumber: String(image.frameNumber) } : {}),
  };
}

/**
 * TID 320: the axis as a SCOORD3D polyline (patient coordinates, what Nadir reads back), the same
 * line as a SCOORD on its image when the image geometry is known, and the image it was drawn on.
 */
function axisEvidence(context: WriteContext, axis: BidirectionalMeasurement['longAxis'], image: ImageReference): Dataset[] {
  const ends = axis.map((point) => context.pixelPosition?.(image, point) ?? null);
  const [first, second] = ends;
  // The 2D SCOORD first: a viewer that takes the first coordinates of a NUM (OHIF) draws it on the image.
  return [
    ...(first && second
      ? [
          item('INFERRED FROM', 'SCOORD', null, {
            GraphicType: 'POLYLINE',
            GraphicData: [first[0], first[1], second[0], second[1]],
            ContentSequence: [item('SELECTED FROM', 'IMAGE', null, { ReferencedSOPSequence: [referencedSop(context, image)] })],
          }),
        ]
      : []),
    item('INFERRED FROM', 'SCOORD3D', null, {
      GraphicType: 'POLYLINE',
      GraphicData: [...axis[0], ...axis[1]],
      ReferencedFrameOfReferenceUID: context.frameOfReference(image),
    }),
    item('INFERRED FROM', 'IMAGE', CODES.sourceOfMeasurement, { ReferencedSOPSequence: [referencedSop(context, image)] }),
  ];
}

export function writeBidirectional(context: WriteContext, measurement: BidirectionalMeasurement, part: MeasuredPart): Dataset[] {
  return [
    numItem(AXES[part].long, measurement.longAxisMm, CODES.millimetre, axisEvidence(context, measurement.longAxis, measurement.image)),
    numItem(AXES[part].short, measurement.shortAxisMm, CODES.millimetre, axisEvidence(context, measurement.shortAxis, measurement.image)),
  ];
}

// ---- reading -----------------------------------------------------------------------------------

/** What the reader knows of the file: where each referenced image is (its evidence), where problems go. */
export interface ReadContext {
  file: number;
  studyUid: string;
  evidence: Map<string, { study: string; series: string }>;
  problems: SrProblem[];
}

interface Axis {
  value: number;
  points: readonly [Point3, Point3] | null;
  image: ImageReference | null;
}

function axisOf(num: Dataset, context: ReadContext): Axis | null {
  const value = numValueOf(num);
  if (value === null) return null;
  const evidence = children(num);
  const scoord = evidence.find((child) => valueType(child) === 'SCOORD3D');
  const data = scoord ? numbers(scoord, 'GraphicData') : [];
  const points = data.length === 6 ? ([[data[0]!, data[1]!, data[2]!], [data[3]!, data[4]!, data[5]!]] as const) : null;
  const imageItem = evidence.find((child) => valueType(child) === 'IMAGE');
  const sop = imageItem ? sequence(imageItem, 'ReferencedSOPSequence')[0] : undefined;
  let image: ImageReference | null = null;
  if (sop) {
    const sopInstanceUid = text(sop, 'ReferencedSOPInstanceUID') ?? '';
    const frame = numberValue(sop, 'ReferencedFrameNumber');
    const where = context.evidence.get(sopInstanceUid);
    if (!where) context.problems.push({ file: context.file, message: `image ${sopInstanceUid} is not listed in the evidence sequence` });
    image = { studyInstanceUid: where?.study ?? context.studyUid, seriesInstanceUid: where?.series ?? '', sopInstanceUid, frameNumber: frame };
  }
  return { value, points, image };
}

/** The measurement of one part from a group's NUMs; null when neither axis is there, named when one half is. */
export function readBidirectional(nums: Dataset[], part: MeasuredPart, label: string, context: ReadContext): BidirectionalMeasurement | null {
  const axis = (concept: Code) => {
    const num = find(nums, concept);
    return num ? axisOf(num, context) : null;
  };
  const long = axis(AXES[part].long);
  const short = axis(AXES[part].short);
  if (!long && !short) return null;
  if (!long || !short || !long.points || !short.points || !long.image) {
    context.problems.push({ file: context.file, message: `lesion ${label}: a long/short axis pair is incomplete (value, coordinates or image missing)` });
    return null;
  }
  return { longAxisMm: long.value, shortAxisMm: short.value, longAxis: long.points, shortAxis: short.points, image: long.image };
}
