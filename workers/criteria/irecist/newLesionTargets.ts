import type { LesionEntry, PatientModel, TimepointModel } from '../../domain/model';
import { measureEntry, type LesionMeasure } from '../shared/measure';
import { isNewLesionPresent } from '../shared/newLesions';

/**
 * IR-4: each new lesion is classified once, when first seen: a new-lesion target (NLT) if
 * measurable (≥ 10 mm long axis, nodes ≥ 15 mm short axis) and within 5 in total and 2 per
 * organ, otherwise a new-lesion non-target (NLNT). NLTs are summed apart from the target sum.
 */

const NLT_MIN_HMM = 1000;
const NLT_NODE_MIN_HMM = 1500;
const MAX_NLT = 5;
const MAX_NLT_PER_ORGAN = 2;

export type NewLesionClass = 'NLT' | 'NLNT';

function measurable(entry: LesionEntry): boolean {
  if (entry.status !== 'present' && entry.status !== 'unequivocalProgression') return false;
  const axis = entry.isLymphNode ? entry.shortAxis : entry.longAxis;
  return axis !== null && axis >= (entry.isLymphNode ? NLT_NODE_MIN_HMM : NLT_MIN_HMM);
}

export function classifyNewLesionIds(model: PatientModel): ReadonlyMap<string, NewLesionClass> {
  const classes = new Map<string, NewLesionClass>();
  const perOrgan = new Map<string, number>();
  let nltCount = 0;
  for (const tp of model.timepoints) {
    for (const entry of tp.newLesions) {
      if (classes.has(entry.id) || !isNewLesionPresent(entry)) continue;
      const organ = (entry.organ ?? `(unspecified ${entry.id})`).trim().toLowerCase();
      const inOrgan = perOrgan.get(organ) ?? 0;
      const isTarget = measurable(entry) && nltCount < MAX_NLT && inOrgan < MAX_NLT_PER_ORGAN;
      classes.set(entry.id, isTarget ? 'NLT' : 'NLNT');
      if (isTarget) {
        nltCount += 1;
        perOrgan.set(organ, inOrgan + 1);
      }
    }
  }
  return classes;
}

/** Sum of the NLTs seen so far, in hundredths of a mm; null if none yet or one is unmeasured. */
export function newLesionTargetSum(
  model: PatientModel,
  tp: TimepointModel,
  classes: ReadonlyMap<string, NewLesionClass>,
  measure: LesionMeasure,
  tooSmallHmm: number,
): number | null {
  const seen = new Set<string>();
  for (const earlier of model.timepoints.slice(1, tp.index + 1)) {
    for (const entry of earlier.newLesions) if (classes.get(entry.id) === 'NLT') seen.add(entry.id);
  }
  if (seen.size === 0) return null;
  let total = 0;
  for (const id of seen) {
    const entry = tp.newLesions.find((lesion) => lesion.id === id);
    const measured = entry === undefined ? null : measureEntry(entry, measure, tooSmallHmm);
    if (measured === null || measured.kind === 'missing') return null;
    total += measured.amount;
  }
  return total;
}
