import type { BidirectionalMeasurement, ImageReference, Point3, ReadSession } from './model';

/**
 * What an import must pass before it may replace a read (JSON or DICOM SR). Each rule has an id and a
 * message; a problem names the rule, the file and the item (lesion, timepoint, axis). Only a problem
 * of the patient can be overridden by the reader; a notice is shown with the import it does not stop
 * (what it names is left out, and said so); the others refuse the import.
 * The SR-only rules (text vs binary value, units, groups) are checked in src/dicom/sr/srChecks.ts
 * on what the SR reader recorded; the rules on measurements and lesions here serve both formats.
 */
export type ImportRule =
  | 'unreadable'
  | 'notNadirReport'
  | 'otherPatientId'
  | 'otherPatientName'
  | 'mixedReaders'
  | 'badProtocol'
  | 'mixedProtocols'
  | 'valueMissing'
  | 'valueMismatch'
  | 'wrongUnit'
  | 'lengthOutOfRange'
  | 'axisLengthMismatch'
  | 'shortAxisLonger'
  | 'statusWithMeasurements'
  | 'duplicateGroup'
  | 'duplicateTrackingUid'
  | 'duplicateLabel'
  | 'unknownLesion'
  | 'imageNotLoaded'
  | 'pointOffImage'
  | 'segmentationNotRead';

export const IMPORT_RULES: Record<ImportRule, { message: string; overridable: boolean; notice?: true }> = {
  unreadable: { message: 'the file cannot be read as a Nadir read', overridable: false },
  notNadirReport: { message: "not a Nadir measurement report (another tool's SR, or Nadir's codes are missing)", overridable: false },
  otherPatientId: { message: 'the file is of another patient (patient ID differs)', overridable: true },
  otherPatientName: { message: 'the patient name differs from the open read', overridable: true },
  mixedReaders: { message: "the files hold reads by more than one reader: import one reader's files at a time", overridable: false },
  badProtocol: { message: 'a protocol setting (confirmation required, minimum SD duration, WHO progression test) is not a value Nadir writes: the verdicts depend on it', overridable: false },
  mixedProtocols: { message: 'the files record different protocol settings: the read would be assessed with one of them', overridable: false },
  valueMissing: { message: 'a measured value is stored only as text or only as binary (Numeric Value and Floating Point Value must both be there)', overridable: false },
  valueMismatch: { message: 'the text and binary forms of a measured value disagree', overridable: false },
  wrongUnit: { message: 'a value is not in its unit (UCUM "mm" for a length, "[hnsf\'U]" for attenuation): a length in cm would be read as mm', overridable: false },
  lengthOutOfRange: { message: `a length is not a positive finite number of millimetres up to ${1000} mm`, overridable: false },
  axisLengthMismatch: { message: 'an axis length does not match the distance between its end points (more than 0.01 mm apart)', overridable: false },
  shortAxisLonger: { message: 'a short axis is longer than its long axis', overridable: false },
  statusWithMeasurements: { message: 'a lesion whose status is not "present" still has measurements', overridable: false },
  duplicateGroup: { message: 'a lesion is reported twice in one report', overridable: false },
  duplicateTrackingUid: { message: 'two lesions share one tracking unique identifier', overridable: false },
  duplicateLabel: { message: 'two lesions share one label', overridable: false },
  unknownLesion: { message: 'an observation, split or merge names a lesion that the read does not define', overridable: false },
  imageNotLoaded: { message: 'a measurement refers to an image that its study, loaded, does not hold', overridable: false },
  pointOffImage: { message: 'an axis end point does not lie on the image it refers to (more than 1 mm off its plane, or outside it)', overridable: false },
  // the volume values are the report's own and are kept; only the mask, which the SEG holds, is missing
  segmentationNotRead: { message: 'the segmentation is not imported (its volume values are)', overridable: false, notice: true },
};

export interface ImportProblem {
  rule: ImportRule;
  /** the file's name */
  file: string;
  /** what in the file: "lesion L1 at 2024-03-01, long axis"; '' for the whole file */
  item: string;
  /** the values involved, e.g. "12.3 mm vs 14.1 mm" */
  detail: string;
}

export const MAX_LENGTH_MM = 1000;
export const AXIS_TOLERANCE_MM = 0.01;
export const PLANE_TOLERANCE_MM = 1;

export const isOverridable = (problem: ImportProblem) => IMPORT_RULES[problem.rule].overridable;
export const isNotice = (problem: ImportProblem) => IMPORT_RULES[problem.rule].notice === true;

export function describeProblem(problem: ImportProblem): string {
  const where = [problem.file, problem.item].filter(Boolean).join(', ');
  return `${where}: ${IMPORT_RULES[problem.rule].message}${problem.detail ? ` (${problem.detail})` : ''}`;
}

/** What the checks may know of the loaded images. */
export interface ImageContext {
  /** is this study loaded? (a read may reach beyond the loaded studies: those are named, not refused) */
  isStudyLoaded(studyInstanceUid: string): boolean;
  /** is the image among the loaded studies? */
  isLoaded(image: ImageReference): boolean;
  /**
   * How far (mm) a point lies from the image it refers to: its distance from the plane, or Infinity
   * when it falls outside the image; null when the image's geometry is unknown (multi-frame).
   */
  distanceFromImageMm(image: ImageReference, point: Point3): number | null;
}

export interface PatientIdentity {
  patientId: string;
  patientName: string;
}

/** "DOE^JANE", "Doe^Jane^^" and "DOE JANE" (as shown) are one name; only the alphabetic group counts. */
const normalisedName = (name: string) => name.split('=')[0]!.split(/[\^\s]+/).filter(Boolean).join(' ').toUpperCase();

/** The patient of the open read against the file's: ID and name, both. */
export function checkPatient(expected: PatientIdentity, found: PatientIdentity, file: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  if (found.patientId !== expected.patientId) problems.push({ rule: 'otherPatientId', file, item: '', detail: `"${found.patientId}", the open read is of "${expected.patientId}"` });
  if (normalisedName(found.patientName) !== normalisedName(expected.patientName)) {
    problems.push({ rule: 'otherPatientName', file, item: '', detail: `"${found.patientName}", the open read is of "${expected.patientName}"` });
  }
  return problems;
}

const distance = (a: Point3, b: Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const mm = (value: number) => `${Number.isFinite(value) ? Number(value.toPrecision(8)) : String(value)} mm`;

/** The rules on one long/short axis pair, wherever it came from. */
export function checkMeasurement(measurement: BidirectionalMeasurement, where: { file: string; item: string }, images: ImageContext | null): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const add = (rule: ImportRule, item: string, detail: string) => problems.push({ rule, file: where.file, item: `${where.item}${item}`, detail });
  const axes = [
    ['long axis', measurement.longAxisMm, measurement.longAxis],
    ['short axis', measurement.shortAxisMm, measurement.shortAxis],
  ] as const;
  for (const [name, lengthMm, points] of axes) {
    if (!(Number.isFinite(lengthMm) && lengthMm > 0 && lengthMm <= MAX_LENGTH_MM)) {
      add('lengthOutOfRange', `, ${name}`, mm(lengthMm));
      continue;
    }
    const between = distance(points[0], points[1]);
    if (!(Math.abs(between - lengthMm) <= AXIS_TOLERANCE_MM)) add('axisLengthMismatch', `, ${name}`, `${mm(lengthMm)}, end points ${mm(between)} apart`);
  }
  if (measurement.shortAxisMm > measurement.longAxisMm + AXIS_TOLERANCE_MM) add('shortAxisLonger', '', `${mm(measurement.shortAxisMm)} > ${mm(measurement.longAxisMm)}`);
  if (images?.isStudyLoaded(measurement.image.studyInstanceUid)) {
    if (!images.isLoaded(measurement.image)) add('imageNotLoaded', '', `image ${measurement.image.sopInstanceUid}`);
    else {
      const off = [...measurement.longAxis, ...measurement.shortAxis].map((point) => images.distanceFromImageMm(measurement.image, point)).filter((value): value is number => value !== null);
      const worst = Math.max(0, ...off);
      if (worst > PLANE_TOLERANCE_MM) add('pointOffImage', '', Number.isFinite(worst) ? `${mm(worst)} from the image` : 'outside the image');
    }
  }
  return problems;
}

/** Lesions unique by id and by label; splits name a lesion of the read. */
export function checkLesions(session: ReadSession, file: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const ids = new Map<string, string>();
  const labels = new Set<string>();
  for (const lesion of session.lesions) {
    if (ids.has(lesion.id)) problems.push({ rule: 'duplicateTrackingUid', file, item: `lesions ${ids.get(lesion.id)} and ${lesion.label}`, detail: lesion.id });
    else ids.set(lesion.id, lesion.label);
    if (labels.has(lesion.label)) problems.push({ rule: 'duplicateLabel', file, item: `lesion ${lesion.label}`, detail: '' });
    labels.add(lesion.label);
    if (lesion.splitFrom !== null && !session.lesions.some((other) => other.id === lesion.splitFrom)) {
      problems.push({ rule: 'unknownLesion', file, item: `lesion ${lesion.label}, split from`, detail: lesion.splitFrom });
    }
  }
  return problems;
}

/** Every observation of one timepoint: of a known lesion, each measurement sound. */
export function checkObservations(session: ReadSession, studyUid: string, file: string, images: ImageContext | null): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const labelOf = new Map(session.lesions.map((lesion) => [lesion.id, lesion.label]));
  const date = session.timepoints.find((timepoint) => timepoint.studyInstanceUid === studyUid)?.date ?? studyUid;
  for (const [lesionId, observation] of Object.entries(session.observations[studyUid] ?? {})) {
    const label = labelOf.get(lesionId);
    const item = `lesion ${label ?? lesionId} at ${date}`;
    if (label === undefined) {
      problems.push({ rule: 'unknownLesion', file, item, detail: lesionId });
      continue;
    }
    if (observation.status === 'merged' && !labelOf.has(observation.mergedInto)) problems.push({ rule: 'unknownLesion', file, item: `${item}, merged into`, detail: observation.mergedInto });
    if (observation.status !== 'present') continue;
    if (observation.whole) problems.push(...checkMeasurement(observation.whole, { file, item }, images));
    if (observation.enhancing.kind === 'measured') problems.push(...checkMeasurement(observation.enhancing.measurement, { file, item: `${item}, viable part` }, images));
  }
  return problems;
}

/** The rules on a whole read from one file (a JSON read). */
export function checkSession(session: ReadSession, file: string, images: ImageContext | null): ImportProblem[] {
  return [...checkLesions(session, file), ...Object.keys(session.observations).flatMap((studyUid) => checkObservations(session, studyUid, file, images))];
}
