import type { LesionEntry, LesionObservation, TimepointModel } from '../../domain/model';
import type { Ratio } from '../../domain/exact';

/** C-2: Σ meanHU (hundredths) and count over the targets present; null when not scorable. */
export interface DensityTotal {
  readonly sumHhu: number;
  readonly count: number;
}

function presentEntries(observation: LesionObservation | undefined): readonly LesionEntry[] {
  if (observation === undefined || observation.kind === 'notListed') return [];
  const entries = observation.kind === 'entry' ? [observation.entry] : observation.fragments;
  // disappeared lesions are excluded (C-2); merged ones live on in their survivor
  return entries.filter((entry) => entry.status === 'present' || entry.status === 'tooSmallToMeasure');
}

export function densityTotal(tp: TimepointModel): DensityTotal | null {
  let sumHhu = 0;
  let count = 0;
  for (const observation of tp.targets) {
    for (const entry of presentEntries(observation)) {
      if (entry.meanHu === null) return null; // C-2: one present target without meanHU → no density response
      sumHhu += entry.meanHu;
      count += 1;
    }
  }
  return count === 0 ? null : { sumHhu, count };
}

/**
 * Change of the unweighted mean density vs baseline (C-2, A5), as an exact ratio:
 * (St/nt − Sb/nb) / (Sb/nb) = (St·nb − Sb·nt) / (Sb·nt). Undefined for a baseline mean ≤ 0 HU,
 * where a relative "decrease" has no meaning.
 */
export function densityChange(current: DensityTotal | null, baseline: DensityTotal | null): Ratio | null {
  if (current === null || baseline === null || baseline.sumHhu <= 0) return null;
  return {
    num: current.sumHhu * baseline.count - baseline.sumHhu * current.count,
    den: baseline.sumHhu * current.count,
  };
}

/** The mean in HU rounded to 0.01 (for reporting only; classification uses the exact totals). */
export function meanHu(total: DensityTotal | null): number | null {
  return total === null ? null : Math.round(total.sumHhu / total.count) / 100;
}
