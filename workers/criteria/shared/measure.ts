import type { LesionEntry, LesionObservation } from '../../domain/model';
import type { MarginAxis } from '../../domain/result';
import type { BurdenUnit } from '../../domain/units';
import { DIAMETER_UNIT, PRODUCT_UNIT, VOLUME_UNIT } from '../../domain/units';

/** A lesion's amount in the criterion's integer unit, or why it has none (→ NE, R-NE-1). */
export type Measured = { readonly kind: 'value'; readonly amount: number } | { readonly kind: 'missing'; readonly why: string };

const value = (amount: number): Measured => ({ kind: 'value', amount });
const missing = (why: string): Measured => ({ kind: 'missing', why });

/** How a criterion turns one lesion into an amount. */
export interface LesionMeasure {
  readonly unit: BurdenUnit;
  /** a lesion that is there and measured */
  present(entry: LesionEntry): Measured;
  /** R-MEAS-3 (and WHO-1's 5 × 5 mm²): the amount of a lesion too small to measure */
  tooSmall(defaultHmm: number): number;
  /** MARGIN-2: the caliper axis behind a present lesion's amount, as amount = lengthHmm × factor; null when it has none */
  caliper(entry: LesionEntry): Caliper | null;
}

/** A lesion's amount as one measured axis times a factor (1 for diameters, the perpendicular axis for products). */
export interface Caliper {
  readonly axis: MarginAxis;
  readonly lengthHmm: number;
  readonly factor: number;
}

export function measureEntry(entry: LesionEntry, measure: LesionMeasure, tooSmallHmm: number): Measured {
  switch (entry.status) {
    case 'disappeared': // R-MEAS-2: recorded as 0 mm
    case 'merged': // R-MEAS-5: the survivor carries the coalesced measurement
      return value(0);
    case 'tooSmallToMeasure':
      return value(measure.tooSmall(tooSmallHmm));
    case 'notEvaluated':
      return missing('not evaluated');
    case 'split':
      return missing('split, but no fragment was recorded');
    case 'present':
    case 'unequivocalProgression':
      return measure.present(entry);
  }
}

/** R-MEAS-4: a split lesion is the sum of its fragments; one unmeasured fragment leaves it unmeasured. */
export function measureObservation(observation: LesionObservation, measure: LesionMeasure, tooSmallHmm: number): Measured {
  if (observation.kind === 'notListed') return missing('not recorded at this timepoint');
  if (observation.kind === 'entry') return measureEntry(observation.entry, measure, tooSmallHmm);
  let total = 0;
  for (const fragment of observation.fragments) {
    const measured = measureEntry(fragment, measure, tooSmallHmm);
    if (measured.kind === 'missing') return missing(`fragment ${fragment.name} ${measured.why}`);
    total += measured.amount;
  }
  return value(total);
}

/**
 * Unidimensional value (R-MEAS-1): short axis for nodes, otherwise the long axis, or for
 * mRECIST (M-1) the long axis of the viable, enhancing part.
 */
export function diameterMeasure(nonNodalAxis: 'longAxis' | 'enhancingLongAxis'): LesionMeasure {
  const axisName = nonNodalAxis === 'longAxis' ? 'long axis' : 'enhancing (viable) long axis';
  return {
    unit: DIAMETER_UNIT,
    present(entry) {
      const axis = entry.isLymphNode ? entry.shortAxis : entry[nonNodalAxis];
      if (axis !== null) return value(axis);
      return missing(entry.isLymphNode ? 'has no short axis (nodes are measured by short axis, R-MEAS-1)' : `has no ${axisName} measurement`);
    },
    tooSmall: (defaultHmm) => defaultHmm,
    caliper(entry) {
      const axis: MarginAxis = entry.isLymphNode ? 'shortAxis' : nonNodalAxis;
      const lengthHmm = entry[axis];
      return lengthHmm === null ? null : { axis, lengthHmm, factor: 1 };
    },
  };
}

/** Bidimensional value (WHO-1, EASL-1): long axis × its perpendicular; a zero long axis is 0. */
export function productMeasure(kind: 'whole' | 'enhancing'): LesionMeasure {
  const label = kind === 'whole' ? 'a long and short axis' : 'an enhancing long and short axis';
  return {
    unit: PRODUCT_UNIT,
    present(entry) {
      const long = kind === 'whole' ? entry.longAxis : entry.enhancingLongAxis;
      const short = kind === 'whole' ? entry.shortAxis : entry.enhancingShortAxis;
      if (long === 0 || short === 0) return value(0);
      if (long === null || short === null) return missing(`lacks ${label} measurement for the product`);
      return value(long * short);
    },
    tooSmall: (defaultHmm) => defaultHmm * defaultHmm,
    // MARGIN-2: the long axis moves, its perpendicular stays (a 0 perpendicular leaves nothing to move)
    caliper(entry) {
      const axis: MarginAxis = kind === 'whole' ? 'longAxis' : 'enhancingLongAxis';
      const long = entry[axis];
      const short = kind === 'whole' ? entry.shortAxis : entry.enhancingShortAxis;
      return long === null || short === null || short === 0 ? null : { axis, lengthHmm: long, factor: short };
    },
  };
}

/**
 * Volume (V-1, QE-1): the lesion's segmented volume, whole or enhancing, in exact µL. A disappeared
 * lesion is 0 (R-MEAS-2), an enhancing long axis of 0 is no enhancing volume (QE-1, as EASL-1);
 * a lesion too small to measure counts the sphere of the default diameter (V-2, after R-MEAS-3).
 */
export function volumeMeasure(kind: 'whole' | 'enhancing'): LesionMeasure {
  return {
    unit: VOLUME_UNIT,
    present(entry) {
      if (kind === 'enhancing' && entry.enhancingLongAxis === 0) return value(0);
      const volume = kind === 'whole' ? entry.volume : entry.enhancingVolume;
      return volume === null ? missing(`has no ${kind === 'whole' ? '' : 'enhancing '}volume (measure it with click-to-measure in 3D)`) : value(volume);
    },
    // defaultHmm is hundredths of a mm: (π/6)·d³ with d in mm gives mm³, which is µL
    tooSmall: (defaultHmm) => Math.round((Math.PI / 6) * (defaultHmm / 100) ** 3),
    // MARGIN-2: a volume has no caliper axis to move
    caliper: () => null,
  };
}
