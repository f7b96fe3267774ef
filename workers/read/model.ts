import type { CriteriaName, LesionRole } from '../domain/input';

/**
 * A reader's read of one patient: the lesions, and what was seen of each at each timepoint, with the
 * image coordinates of every measurement. The engine's exchange input is derived from it
 * (toExchangeInput); the UI, the store and the report all speak this model.
 */

export type Point3 = readonly [number, number, number];

/** Where a measurement was made: enough to find the image again in any later session or in an SR. */
export interface ImageReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based, for multi-frame images; null otherwise */
  frameNumber: number | null;
}

/** A long axis and its perpendicular short axis, end points in patient coordinates (mm). */
export interface BidirectionalMeasurement {
  longAxisMm: number;
  shortAxisMm: number;
  longAxis: readonly [Point3, Point3];
  shortAxis: readonly [Point3, Point3];
  image: ImageReference;
}

/** The viable (arterially enhancing) part: measured, measured as absent, or not measured. */
export type EnhancingPart =
  | { kind: 'notMeasured' }
  | { kind: 'noEnhancement' }
  | { kind: 'measured'; measurement: BidirectionalMeasurement };

/**
 * A lesion's segmented volume at one timepoint (click-to-measure in 3D, docs/measurement.md M-SEG-5),
 * for the volumetric criteria (V-1, QE-1). Absent when the lesion was measured with calipers only.
 */
export interface LesionVolume {
  volumeMl: number;
  enhancingVolumeMl: number;
  /** how many slices the lesion was found on */
  sliceCount: number;
}

/** One lesion at one timepoint. Statuses are those of docs/exchange-format.md. */
export type Observation =
  | { status: 'present'; whole: BidirectionalMeasurement | null; enhancing: EnhancingPart; meanHU: number | null; volume?: LesionVolume }
  | { status: 'disappeared' }
  | { status: 'tooSmallToMeasure' }
  | { status: 'notEvaluated' }
  | { status: 'unequivocalProgression' }
  /** the parent of fragments; each fragment is a lesion of its own with `splitFrom` */
  | { status: 'split' }
  | { status: 'merged'; mergedInto: string };

export type ObservationStatus = Observation['status'];
export type PresentObservation = Extract<Observation, { status: 'present' }>;

export interface LesionDefinition {
  id: string;
  /** What the reader calls it, e.g. "L1"; also the SR tracking identifier */
  label: string;
  role: LesionRole;
  organ: string;
  isLymphNode: boolean;
  /** The study in which the lesion was first recorded (the baseline for targets and non-targets) */
  firstStudyUid: string;
  /** For a fragment of a split lesion: the parent's id */
  splitFrom: string | null;
  /**
   * mRECIST M-NEW-1, a new liver lesion's vascular pattern as the reader recorded it. Absent (reads
   * from before it was asked) means not assessed, and the report says so: never assumed typical.
   */
  vascularPattern?: VascularPattern;
}

export const VASCULAR_PATTERNS = ['typical', 'atypical', 'notAssessed'] as const;
export type VascularPattern = (typeof VASCULAR_PATTERNS)[number];

/** Whether mRECIST asks for the vascular pattern: a new lesion in the liver. */
export const needsVascularPattern = (lesion: Pick<LesionDefinition, 'role' | 'organ'>) => lesion.role === 'new' && /liver|hepat/i.test(lesion.organ);

export interface TimepointRef {
  studyInstanceUid: string;
  date: string;
  modality: string;
  sliceThicknessMm: number | null;
}

export interface ReadSession {
  schemaVersion: 1;
  readId: string;
  patientId: string;
  patientName: string;
  readerName: string;
  createdAt: string;
  /** Ordered by date; [0] is the baseline */
  timepoints: TimepointRef[];
  lesions: LesionDefinition[];
  /** observations[studyInstanceUid][lesionId] */
  observations: Record<string, Record<string, Observation>>;
  criteria: CriteriaName[];
}

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
