import { z } from './zodSetup';
import { NOISE_MODEL_IDS } from './noise';

/**
 * The exchange-format input (docs/exchange-format.md), as a zod schema. Structural checks live here;
 * cross-references (ids, dates, split/merge targets) are checked in workers/validation.
 * Unknown keys are dropped: the format may only be extended by optional fields.
 */

export const CRITERIA_NAMES = ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST', 'vRECIST', 'qEASL'] as const;
export type CriteriaName = (typeof CRITERIA_NAMES)[number];

/**
 * The volumetric criteria (V-1, QE-1) need volumes that calipers cannot give, so they run only when
 * an input names them; an input without `criteria` gets the six diameter-based criteria, as before.
 */
export const VOLUMETRIC_CRITERIA = ['vRECIST', 'qEASL'] as const satisfies readonly CriteriaName[];
export const DEFAULT_CRITERIA: readonly CriteriaName[] = CRITERIA_NAMES.filter((name) => !(VOLUMETRIC_CRITERIA as readonly string[]).includes(name));

export const LESION_STATUSES = [
  'present',
  'disappeared',
  'tooSmallToMeasure',
  'notEvaluated',
  'unequivocalProgression',
  'split',
  'merged',
] as const;
export type LesionStatus = (typeof LESION_STATUSES)[number];

export const LESION_ROLES = ['target', 'nontarget', 'new'] as const;
export type LesionRole = (typeof LESION_ROLES)[number];

const lengthMm = z.number().nonnegative().max(10_000, 'implausible length (over 10 m)');
const optionalLengthMm = lengthMm.nullable().optional();
const optionalVolumeMl = z.number().nonnegative().max(100_000, 'implausible volume (over 100 L)').nullable().optional();

export const lesionInputSchema = z.object({
  id: z.string().min(1),
  /** extension: the name reasons show (a reader's label); the id when absent. Identity stays with `id`. */
  label: z.string().min(1).max(64).optional(),
  organ: z.string().nullable().optional(),
  isLymphNode: z.boolean().optional(),
  role: z.enum(LESION_ROLES),
  /** absent status means "present" (the measurement decides whether it is evaluable) */
  status: z.enum(LESION_STATUSES).optional(),
  longAxisMm: optionalLengthMm,
  shortAxisMm: optionalLengthMm,
  enhancingLongAxisMm: optionalLengthMm,
  enhancingShortAxisMm: optionalLengthMm,
  /** extension (V-1): whole-lesion volume, mL */
  volumeMl: optionalVolumeMl,
  /** extension (QE-1): enhancing (viable) volume, mL */
  enhancingVolumeMl: optionalVolumeMl,
  meanHU: z.number().min(-2000).max(10_000).nullable().optional(),
  splitFrom: z.string().min(1).nullable().optional(),
  mergedInto: z.string().min(1).nullable().optional(),
  /** mRECIST M-NEW-1, new liver lesions only; default true */
  hccTypicalPattern: z.boolean().nullable().optional(),
  /** extension (IR-2): the reader saw a further increase of this non-target / new non-target */
  furtherIncrease: z.boolean().nullable().optional(),
});
export type LesionInput = z.output<typeof lesionInputSchema>;

export const timepointInputSchema = z.object({
  id: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
  modality: z.string().nullable().optional(),
  /** extension: slice thickness, for the measurability check (R11 §3.1: ≥ 2 × slice thickness) */
  sliceThicknessMm: z.number().positive().max(100).nullable().optional(),
  lesions: z.array(lesionInputSchema),
});
export type TimepointInput = z.output<typeof timepointInputSchema>;

const dayCount = z.number().int().nonnegative().max(100_000);

export const optionsInputSchema = z.object({
  minSdDurationDays: dayCount.optional(),
  requireConfirmation: z.boolean().optional(),
  minConfirmationDays: dayCount.optional(),
  whoProgressionMode: z.enum(['sum', 'anyLesion']).optional(),
  tooSmallDefaultMm: z.number().nonnegative().max(100).optional(),
  iRecistMinConfirmDays: dayCount.optional(),
  measurementNoiseModel: z.enum(NOISE_MODEL_IDS).optional(),
});

export const patientInputSchema = z.object({
  patientId: z.string().min(1),
  criteria: z.array(z.enum(CRITERIA_NAMES)).optional(),
  options: optionsInputSchema.nullable().optional(),
  timepoints: z.array(timepointInputSchema).min(1, 'a baseline timepoint (timepoints[0]) is required'),
});
export type PatientInput = z.output<typeof patientInputSchema>;
