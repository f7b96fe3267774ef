import type { LesionEntry, LesionObservation, TimepointModel } from '../../domain/model';
import type { Ratio } from '../../domain/exact';

/** C-2: Σ meanHU (hundredths) and count over the targets present; null when not scorable. */
export interface DensityTotal {
  readonly sumHhu: number;
  readonly count: number;
}

/** Running Σ meanHU and count; `scorable` false once a present target lacks meanHU. */
interface Tally {
  sumHhu: number;
  count: number;
  scorable: boolean;
}

/** Disappeared lesions are excluded (C-2); merged ones live on in their survivor. */
function tallyEntry(entry: LesionEntry, tally: Tally): void {
  if (entry.status !== 'present' && entry.status !== 'tooSmallToMeasure') return;
  if (entry.meanHu === null) tally.scorable = false; // C-2: one present target without meanHU → no density response
  else {
    tally.sumHhu += entry.meanHu;
    tally.count += 1;
  }
}

function tallyObservation(observation: LesionObservation, tally: Tally): void {
  if (observation.kind === 'entry') tallyEntry(observation.entry, tally);
  else if (observation.kind === 'split') for (const fragment of observation.fragments) tallyEntry(fragment, tally);
}

export function densityTotal(tp: TimepointModel): DensityTotal | null {
  const tally: Tally = { sumHhu: 0, count: 0, scorable: true };
  for (const observation of tp.targets) {
    tallyObservation(observation, tally);
    if (!tally.scorable) return null;
  }
  return tally.count === 0 ? null : { sumHhu: tally.sumHhu, count: tally.count };
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
