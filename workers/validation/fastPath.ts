import { CRITERIA_NAMES, LESION_ROLES, LESION_STATUSES, type PatientInput } from '../domain/input';
import { NOISE_MODEL_IDS } from '../domain/noise';

/**
 * A hand-written structural check that accepts only inputs the zod schema (domain/input.ts)
 * also accepts. Well-formed patients — the common case in a cohort — skip zod's per-field
 * overhead; anything this check does not recognise goes through zod, which names the
 * problems. The "accepts ⇒ zod accepts" direction is property-tested (fastPath.test.ts).
 */

type Obj = Record<string, unknown>;

const STATUSES: ReadonlySet<unknown> = new Set(LESION_STATUSES);
const ROLES: ReadonlySet<unknown> = new Set(LESION_ROLES);
const CRITERIA: ReadonlySet<unknown> = new Set(CRITERIA_NAMES);
const NOISE_MODELS_SET: ReadonlySet<unknown> = new Set(NOISE_MODEL_IDS);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown): boolean => value === undefined || value === null;
const isId = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const inRange = (value: unknown, min: number, max: number): boolean => typeof value === 'number' && value >= min && value <= max; // NaN fails
const optBool = (value: unknown): boolean => absent(value) || typeof value === 'boolean';
const optLength = (value: unknown): boolean => absent(value) || inRange(value, 0, 10_000);
const optVolume = (value: unknown): boolean => absent(value) || inRange(value, 0, 100_000);
const optDays = (value: unknown): boolean => value === undefined || (Number.isSafeInteger(value) && inRange(value, 0, 100_000));

function isLesion(value: unknown): boolean {
  if (!isObj(value)) return false;
  return (
    isId(value['id']) &&
    (value['label'] === undefined || (typeof value['label'] === 'string' && inRange(value['label'].length, 1, 64))) &&
    (absent(value['organ']) || typeof value['organ'] === 'string') &&
    (value['isLymphNode'] === undefined || typeof value['isLymphNode'] === 'boolean') &&
    ROLES.has(value['role']) &&
    (value['status'] === undefined || STATUSES.has(value['status'])) &&
    optLength(value['longAxisMm']) &&
    optLength(value['shortAxisMm']) &&
    optLength(value['enhancingLongAxisMm']) &&
    optLength(value['enhancingShortAxisMm']) &&
    optVolume(value['volumeMl']) &&
    optVolume(value['enhancingVolumeMl']) &&
    (absent(value['meanHU']) || inRange(value['meanHU'], -2000, 10_000)) &&
    (absent(value['splitFrom']) || isId(value['splitFrom'])) &&
    (absent(value['mergedInto']) || isId(value['mergedInto'])) &&
    optBool(value['hccTypicalPattern']) &&
    optBool(value['furtherIncrease'])
  );
}

function isTimepoint(value: unknown): boolean {
  if (!isObj(value)) return false;
  const { id, date, modality, sliceThicknessMm, lesions } = value;
  if (!isId(id) || typeof date !== 'string' || !DATE.test(date)) return false;
  if (!(absent(modality) || typeof modality === 'string')) return false;
  if (!(absent(sliceThicknessMm) || (inRange(sliceThicknessMm, 0, 100) && sliceThicknessMm !== 0))) return false;
  return Array.isArray(lesions) && lesions.every(isLesion);
}

function isOptions(value: unknown): boolean {
  if (absent(value)) return true;
  if (!isObj(value)) return false;
  return (
    optDays(value['minSdDurationDays']) &&
    optDays(value['minConfirmationDays']) &&
    optDays(value['iRecistMinConfirmDays']) &&
    (value['requireConfirmation'] === undefined || typeof value['requireConfirmation'] === 'boolean') &&
    (value['whoProgressionMode'] === undefined || value['whoProgressionMode'] === 'sum' || value['whoProgressionMode'] === 'anyLesion') &&
    (value['tooSmallDefaultMm'] === undefined || inRange(value['tooSmallDefaultMm'], 0, 100)) &&
    (value['measurementNoiseModel'] === undefined || NOISE_MODELS_SET.has(value['measurementNoiseModel']))
  );
}

/** True only for inputs the zod schema accepts (it may say false for some of those: zod decides). */
export function isWellFormedPatient(value: unknown): value is PatientInput {
  if (!isObj(value) || !isId(value['patientId'])) return false;
  const { criteria, timepoints } = value;
  if (!(criteria === undefined || (Array.isArray(criteria) && criteria.every((name) => CRITERIA.has(name))))) return false;
  return isOptions(value['options']) && Array.isArray(timepoints) && timepoints.length > 0 && timepoints.every(isTimepoint);
}
