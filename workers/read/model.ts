import { z } from '../domain/zodSetup';
import { CRITERIA_NAMES, LESION_ROLES } from '../domain/input';
import { readProtocolSchema } from './protocol';

/**
 * A reader's read of one patient: the lesions, and what was seen of each at each timepoint, with the
 * image coordinates of every measurement. The engine's exchange input is derived from it
 * (toExchangeInput); the UI, the store and the report all speak this model.
 *
 * The zod schemas are the model: the types are inferred from them, so the read file's validation
 * (readFile.ts) and the types the code uses cannot drift apart.
 */

const point3 = z.tuple([z.number(), z.number(), z.number()]).readonly();
export type Point3 = z.infer<typeof point3>;

/** Where a measurement was made: enough to find the image again in any later session or in an SR. */
const imageReference = z.object({
  studyInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  /** 1-based, for multi-frame images; null otherwise */
  frameNumber: z.number().int().positive().nullable(),
});
export type ImageReference = z.infer<typeof imageReference>;

/** A long axis and its perpendicular short axis, end points in patient coordinates (mm). */
const bidirectionalMeasurement = z.object({
  longAxisMm: z.number().nonnegative(),
  shortAxisMm: z.number().nonnegative(),
  longAxis: z.tuple([point3, point3]).readonly(),
  shortAxis: z.tuple([point3, point3]).readonly(),
  image: imageReference,
});
export type BidirectionalMeasurement = z.infer<typeof bidirectionalMeasurement>;

/** The viable (arterially enhancing) part: measured, measured as absent, or not measured. */
const enhancingPart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notMeasured') }),
  z.object({ kind: z.literal('noEnhancement') }),
  z.object({ kind: z.literal('measured'), measurement: bidirectionalMeasurement }),
]);
export type EnhancingPart = z.infer<typeof enhancingPart>;

/** Run lengths over a box (workers/measure/maskRuns.ts): alternately outside and inside, row by row, the first outside. */
const runs = z.array(z.number().int().nonnegative());

/**
 * The lesion on one image of the segmentation: its bounding box in the image's pixels (0-based column
 * and row of the box's top left pixel) and the runs of the whole lesion and of its enhancing part over
 * that box (the enhancing runs empty when the image shows none).
 */
const maskSlice = z.object({
  sopInstanceUid: z.string(),
  /** 1-based, for multi-frame images; null otherwise */
  frameNumber: z.number().int().positive().nullable(),
  column0: z.number().int().nonnegative(),
  row0: z.number().int().nonnegative(),
  columns: z.number().int().positive(),
  rows: z.number().int().positive(),
  whole: runs,
  enhancing: runs,
});
export type MaskSlice = z.infer<typeof maskSlice>;

/**
 * The segmentation behind a lesion's volume, compact enough to keep with the read (a 5 cm lesion is
 * kilobytes): the series it was made on and the lesion on each of its images, in stack order. It is
 * what the DICOM SEG export writes (src/dicom/seg/).
 */
const lesionMask = z.object({
  studyInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  slices: z.array(maskSlice).min(1),
});
export type LesionMask = z.infer<typeof lesionMask>;

/**
 * A lesion's segmented volume at one timepoint (click-to-measure in 3D, docs/measurement.md M-SEG-5),
 * for the volumetric criteria (V-1, QE-1). Absent when the lesion was measured with calipers only.
 */
const lesionVolume = z.object({
  volumeMl: z.number().nonnegative(),
  enhancingVolumeMl: z.number().nonnegative(),
  /** how many slices the lesion was found on */
  sliceCount: z.number().int().positive(),
  /** the segmentation itself; absent in reads from before it was kept, and in reads rebuilt from an SR whose SEG was not at hand (src/dicom/seg/importSegmentations.ts) */
  mask: lesionMask.optional(),
});
export type LesionVolume = z.infer<typeof lesionVolume>;

/** One lesion at one timepoint. Statuses are those of docs/exchange-format.md. */
const observation = z.discriminatedUnion('status', [
  z.object({ status: z.literal('present'), whole: bidirectionalMeasurement.nullable(), enhancing: enhancingPart, meanHU: z.number().nullable(), volume: lesionVolume.optional() }),
  z.object({ status: z.literal('disappeared') }),
  z.object({ status: z.literal('tooSmallToMeasure') }),
  z.object({ status: z.literal('notEvaluated') }),
  z.object({ status: z.literal('unequivocalProgression') }),
  /** the parent of fragments; each fragment is a lesion of its own with `splitFrom` */
  z.object({ status: z.literal('split') }),
  z.object({ status: z.literal('merged'), mergedInto: z.string() }),
]);
export type Observation = z.infer<typeof observation>;
export type ObservationStatus = Observation['status'];
export type PresentObservation = Extract<Observation, { status: 'present' }>;

export const VASCULAR_PATTERNS = ['typical', 'atypical', 'notAssessed'] as const;
export type VascularPattern = (typeof VASCULAR_PATTERNS)[number];

const lesionDefinition = z.object({
  id: z.string().min(1),
  /** What the reader calls it, e.g. "L1"; a display name (identity is `id`) */
  label: z.string(),
  role: z.enum(LESION_ROLES),
  organ: z.string(),
  isLymphNode: z.boolean(),
  /** The study in which the lesion was first recorded (the baseline for targets and non-targets) */
  firstStudyUid: z.string(),
  /** For a fragment of a split lesion: the parent's id */
  splitFrom: z.string().nullable(),
  /**
   * mRECIST M-NEW-1, a new liver lesion's vascular pattern as the reader recorded it. Absent (reads
   * from before it was asked) means not assessed, and the report says so: never assumed typical.
   */
  vascularPattern: z.enum(VASCULAR_PATTERNS).optional(),
});
export type LesionDefinition = z.infer<typeof lesionDefinition>;

/** Whether mRECIST asks for the vascular pattern: a new lesion in the liver. */
export const needsVascularPattern = (lesion: Pick<LesionDefinition, 'role' | 'organ'>) => lesion.role === 'new' && /liver|hepat/i.test(lesion.organ);

const timepointRef = z.object({ studyInstanceUid: z.string(), date: z.string(), modality: z.string(), sliceThicknessMm: z.number().nullable() });
export type TimepointRef = z.infer<typeof timepointRef>;

export const readSessionSchema = z.object({
  schemaVersion: z.literal(1),
  readId: z.string().min(1),
  patientId: z.string(),
  patientName: z.string(),
  readerName: z.string(),
  createdAt: z.string(),
  /** Ordered by date; [0] is the baseline */
  timepoints: z.array(timepointRef),
  lesions: z.array(lesionDefinition),
  /** observations[studyInstanceUid][lesionId] */
  observations: z.record(z.string(), z.record(z.string(), observation)),
  criteria: z.array(z.enum(CRITERIA_NAMES)),
  /**
   * The trial's protocol settings (./protocol.ts), passed to the engine. Absent on reads saved before
   * they were (protocolOf gives the defaults those reads were assessed with).
   */
  protocol: readProtocolSchema.optional(),
});
export type ReadSession = z.infer<typeof readSessionSchema>;

export const EMPTY_PRESENT: PresentObservation = { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null };

export function observationOf(session: ReadSession, studyUid: string, lesionId: string): Observation | undefined {
  return session.observations[studyUid]?.[lesionId];
}

/** The exchange-format id of the read's timepoint at this index (0 is the baseline): BL, FU1, FU2, ... */
export function timepointIdAt(index: number): string {
  return index <= 0 ? 'BL' : `FU${index}`;
}

/** The exchange-format id of the timepoint of this study, as the engine and the report use it. */
export function timepointLabel(session: ReadSession, studyUid: string): string {
  return timepointIdAt(session.timepoints.findIndex((timepoint) => timepoint.studyInstanceUid === studyUid));
}

/**
 * Observations on studies that are not timepoints of the read (recorded before the timepoints
 * changed, or by an older version on an MR beside a CT read): they count nowhere, so they are named.
 */
export function orphanObservations(session: ReadSession): { studyUid: string; count: number }[] {
  const timepoints = new Set(session.timepoints.map((timepoint) => timepoint.studyInstanceUid));
  return Object.entries(session.observations)
    .filter(([studyUid, byLesion]) => !timepoints.has(studyUid) && Object.keys(byLesion).length > 0)
    .map(([studyUid, byLesion]) => ({ studyUid, count: Object.keys(byLesion).length }));
}
