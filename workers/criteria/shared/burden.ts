import type { BaselineLesion, PatientModel, TimepointModel } from '../../domain/model';
import { measureObservation, type LesionMeasure, type Measured } from './measure';

export interface LesionAmount {
  readonly lesion: BaselineLesion;
  readonly measured: Measured;
}

/** The target tumour burden at one timepoint (R-MEAS-1, WHO-1, EASL-1, M-1, C-1). */
export interface TargetBurden {
  readonly lesions: readonly LesionAmount[];
  /** exact sum, or null when a target is not evaluable (R-NE-1; G-3: never a nadir) */
  readonly sum: number | null;
  /** sum of the measured targets only: a lower bound of the true sum (R-NE-2) */
  readonly partialSum: number;
  /** "L2 not evaluated", one per unmeasured target */
  readonly missing: readonly string[];
}

export function targetBurden(model: PatientModel, tp: TimepointModel, measure: LesionMeasure, tooSmallHmm: number): TargetBurden {
  const lesions: LesionAmount[] = [];
  const missing: string[] = [];
  let partialSum = 0;
  model.targets.forEach((lesion, index) => {
    const observation = tp.targets[index] ?? { kind: 'notListed' };
    const measured = measureObservation(observation, measure, tooSmallHmm);
    lesions.push({ lesion, measured });
    if (measured.kind === 'value') partialSum += measured.amount;
    else missing.push(`${lesion.name} ${measured.why}`);
  });
  return { lesions, sum: missing.length === 0 ? partialSum : null, partialSum, missing };
}

/** G-3 / A10: the nadir at t is the smallest evaluable sum strictly before t (baseline included). */
export function nadirsBefore(burdens: readonly TargetBurden[]): (number | null)[] {
  const nadirs: (number | null)[] = [];
  let nadir: number | null = null;
  for (const burden of burdens) {
    nadirs.push(nadir);
    if (burden.sum !== null && (nadir === null || burden.sum < nadir)) nadir = burden.sum;
  }
  return nadirs;
}
