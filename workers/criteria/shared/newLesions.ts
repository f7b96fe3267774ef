import type { LesionEntry, PatientModel, TimepointModel } from '../../domain/model';
import type { Reason } from '../../domain/result';
import type { Verdict } from './verdict';

/** Whether one new-lesion entry is an unequivocal new lesion under a criterion, and why. */
export interface NewLesionJudgement {
  readonly counts: boolean;
  readonly reason: Reason | null;
}

export type NewLesionRule = (entry: LesionEntry, tp: TimepointModel, model: PatientModel) => NewLesionJudgement;

/** R-NEW-1: any new lesion not disappeared / not evaluated; split fragments never reach here (R-MEAS-4). */
export function isNewLesionPresent(entry: LesionEntry): boolean {
  return entry.status !== 'disappeared' && entry.status !== 'notEvaluated';
}

export const recistNewLesion: NewLesionRule = (entry) =>
  isNewLesionPresent(entry)
    ? { counts: true, reason: { rule: 'R-NEW-1', text: `PD: new lesion ${entry.name}${entry.organ ? ` (${entry.organ})` : ''} is unequivocal` } }
    : { counts: false, reason: null };

export function classifyNewLesions(model: PatientModel, tp: TimepointModel, rule: NewLesionRule): Verdict<boolean> {
  let counts = false;
  const reasons: Reason[] = [];
  for (const entry of tp.newLesions) {
    const judgement = rule(entry, tp, model);
    counts ||= judgement.counts;
    if (judgement.reason) reasons.push(judgement.reason);
  }
  return { category: counts, reasons };
}
