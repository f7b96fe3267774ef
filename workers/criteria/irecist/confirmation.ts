import type { Reason } from '../../domain/result';
import { formatAmount, DIAMETER_UNIT } from '../../domain/units';
import type { Components } from '../shared/course';
import type { LesionEntry, PatientModel, TimepointModel } from '../../domain/model';
import { isNewLesionPresent } from '../shared/newLesions';
import type { NewLesionClass } from './newLesionTargets';

const FURTHER_INCREASE_HMM = 500; // IR-2(a): ≥ 5 mm above the sum at the iUPD timepoint, cumulative

/** The open iUPD: what it was triggered by and the values later increases are measured from. */
export interface OpenIupd {
  readonly id: string;
  readonly day: number;
  readonly byTarget: boolean;
  readonly byNonTarget: boolean;
  readonly byNewLesions: boolean;
  /** target sum at the iUPD timepoint (measured part when not all were evaluable) */
  readonly targetSum: number;
  readonly newLesionTargetSum: number | null;
  /** new lesions present at or before the iUPD timepoint */
  readonly knownNewLesions: ReadonlySet<string>;
}

/** What iRECIST needs per timepoint beyond the RECIST 1.1 components. */
export interface IrTimepoint {
  readonly tp: TimepointModel;
  readonly components: Components;
  readonly newLesionTargetSum: number | null;
  readonly classes: ReadonlyMap<string, NewLesionClass>;
}

export function presentNewLesions(tp: TimepointModel): LesionEntry[] {
  return tp.newLesions.filter(isNewLesionPresent);
}

export function openIupd(model: PatientModel, at: IrTimepoint): OpenIupd {
  const { components, tp } = at;
  const known = new Set<string>();
  for (const earlier of model.timepoints.slice(1, tp.index + 1)) for (const entry of presentNewLesions(earlier)) known.add(entry.id);
  return {
    id: tp.id,
    day: tp.day,
    byTarget: components.target.category === 'PD',
    byNonTarget: components.nonTarget.category === 'PD',
    byNewLesions: components.newLesions.category,
    targetSum: components.ctx.burden.sum ?? components.ctx.burden.partialSum,
    newLesionTargetSum: at.newLesionTargetSum,
    knownNewLesions: known,
  };
}

/** One piece of IR-2 evidence and the category it belongs to. */
export interface Trigger {
  readonly category: 'target' | 'nonTarget' | 'newLesions';
  readonly reason: Reason;
}

const trigger = (category: Trigger['category'], text: string): Trigger => ({ category, reason: { rule: 'IR-2', text } });

const mm = (amount: number): string => formatAmount(DIAMETER_UNIT, amount);

function targetTriggers(open: OpenIupd, at: IrTimepoint): Trigger[] {
  const { burden } = at.components.ctx;
  const current = burden.sum ?? burden.partialSum;
  if (open.byTarget) {
    if (current - open.targetSum < FURTHER_INCREASE_HMM) return [];
    return [trigger('target', `(a) target sum ${mm(current)} is ${mm(current - open.targetSum)} above ${mm(open.targetSum)} at iUPD ${open.id} (>= 5 mm, cumulative)`)];
  }
  return at.components.target.category === 'PD' ? [trigger('target', '(c) target lesions, not part of the iUPD, now meet RECIST 1.1 PD')] : [];
}

function nonTargetTriggers(open: OpenIupd, at: IrTimepoint): Trigger[] {
  if (!open.byNonTarget) {
    return at.components.nonTarget.category === 'PD' ? [trigger('nonTarget', '(c) non-target lesions, not part of the iUPD, now show unequivocal progression')] : [];
  }
  const grown = at.tp.nonTargets.flatMap((observation) => {
    if (observation.kind === 'notListed') return [];
    const entries = observation.kind === 'entry' ? [observation.entry] : observation.fragments;
    return entries.filter((entry) => entry.furtherIncrease).map((entry) => entry.name);
  });
  return grown.length > 0 ? [trigger('nonTarget', `(a) further increase of non-target ${grown.join(', ')} (reader flag furtherIncrease)`)] : [];
}

function newLesionTriggers(open: OpenIupd, at: IrTimepoint): Trigger[] {
  const present = presentNewLesions(at.tp);
  const reasons: Trigger[] = [];
  const another = present.filter((entry) => !open.knownNewLesions.has(entry.id)).map((entry) => entry.name);
  if (another.length > 0) reasons.push(trigger('newLesions', `(b) another new lesion since iUPD ${open.id}: ${another.join(', ')}`));
  if (!open.byNewLesions) return reasons;
  const nlt = at.newLesionTargetSum;
  if (nlt !== null && open.newLesionTargetSum !== null && nlt - open.newLesionTargetSum >= FURTHER_INCREASE_HMM) {
    reasons.push(trigger('newLesions', `(a) new-lesion target sum ${mm(nlt)} is ${mm(nlt - open.newLesionTargetSum)} above iUPD ${open.id} (>= 5 mm)`));
  }
  const grownNlnt = present.filter(
    (entry) => at.classes.get(entry.id) === 'NLNT' && open.knownNewLesions.has(entry.id) && (entry.furtherIncrease || entry.status === 'unequivocalProgression'),
  );
  if (grownNlnt.length > 0) reasons.push(trigger('newLesions', `(a) new-lesion non-target ${grownNlnt.map((e) => e.name).join(', ')} increased`));
  return reasons;
}

/** IR-2: the evidence that would confirm the open iUPD at this timepoint (empty: none). */
export function confirmationTriggers(open: OpenIupd, at: IrTimepoint): Trigger[] {
  return [...targetTriggers(open, at), ...nonTargetTriggers(open, at), ...newLesionTriggers(open, at)];
}
