import type { PatientInput } from './input';
import type { NoiseModelId } from './noise';

/** Engine parameters (docs/criteria.md, "Engine options"), resolved with their defaults. */
export interface EngineOptions {
  /** BOR-2 */
  readonly minSdDurationDays: number;
  /** BOR-3 */
  readonly requireConfirmation: boolean;
  /** BOR-3 */
  readonly minConfirmationDays: number;
  /** WHO-3 / EASL-4 */
  readonly whoProgressionMode: 'sum' | 'anyLesion';
  /** R-MEAS-3 */
  readonly tooSmallDefaultMm: number;
  /** IR-3 */
  readonly iRecistMinConfirmDays: number;
  /** MARGIN-3: the limits of agreement a verdict's margin is compared with */
  readonly measurementNoiseModel: NoiseModelId;
}

export const DEFAULT_OPTIONS: EngineOptions = {
  minSdDurationDays: 42,
  requireConfirmation: false,
  minConfirmationDays: 28,
  whoProgressionMode: 'sum',
  tooSmallDefaultMm: 5,
  iRecistMinConfirmDays: 28,
  measurementNoiseModel: 'yoon2016',
};

export function resolveOptions(input: PatientInput['options']): EngineOptions {
  const given = input ?? {};
  return {
    minSdDurationDays: given.minSdDurationDays ?? DEFAULT_OPTIONS.minSdDurationDays,
    requireConfirmation: given.requireConfirmation ?? DEFAULT_OPTIONS.requireConfirmation,
    minConfirmationDays: given.minConfirmationDays ?? DEFAULT_OPTIONS.minConfirmationDays,
    whoProgressionMode: given.whoProgressionMode ?? DEFAULT_OPTIONS.whoProgressionMode,
    tooSmallDefaultMm: given.tooSmallDefaultMm ?? DEFAULT_OPTIONS.tooSmallDefaultMm,
    iRecistMinConfirmDays: given.iRecistMinConfirmDays ?? DEFAULT_OPTIONS.iRecistMinConfirmDays,
    measurementNoiseModel: given.measurementNoiseModel ?? DEFAULT_OPTIONS.measurementNoiseModel,
  };
}
