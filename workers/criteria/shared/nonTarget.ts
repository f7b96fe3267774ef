import type { LesionEntry, LesionObservation, PatientModel, TimepointModel } from '../../domain/model';
import type { NonTargetResponse } from '../../domain/result';
import type { RuleId } from '../../domain/ruleIds';
import { verdict, type Verdict } from './verdict';

/** How a criterion decides that a non-target is no longer disease (R-NT-1, WHO-4, EASL-2, M-NT-1). */
export interface NonTargetRules {
  readonly crRule: RuleId;
  /** e.g. "disappeared, or a node with short axis < 10 mm" */
  readonly resolvedText: string;
  isResolved(entry: LesionEntry, tooSmallHmm: number): boolean;
}

const NODE_NORMAL_HMM = 1000; // R-TGT-1 / R-NT-1: a node is normal below 10.0 mm short axis

/** R-NT-1 (RECIST 1.1, Choi, iRECIST): disappeared, or a node that is no longer pathological. */
export const RECIST_NON_TARGET: NonTargetRules = {
  crRule: 'R-NT-1',
  resolvedText: 'disappeared (nodes: short axis < 10 mm)',
  isResolved(entry, tooSmallHmm) {
    if (entry.status === 'disappeared') return true;
    if (!entry.isLymphNode) return false;
    if (entry.status === 'tooSmallToMeasure') return tooSmallHmm < NODE_NORMAL_HMM;
    return entry.shortAxis !== null && entry.shortAxis < NODE_NORMAL_HMM;
  },
};

/** lesion names (labels), for the reason text */
interface Sorted {
  readonly progressed: string[];
  readonly unevaluated: string[];
  readonly persisting: string[];
}

function sortNonTargets(model: PatientModel, tp: TimepointModel, rules: NonTargetRules, tooSmallHmm: number): Sorted {
  const sorted: Sorted = { progressed: [], unevaluated: [], persisting: [] };
  for (let index = 0; index < model.nonTargets.length; index += 1) {
    const observation: LesionObservation = tp.nonTargets[index] ?? NOT_LISTED;
    if (observation.kind === 'notListed') sorted.unevaluated.push(model.nonTargets[index]!.name);
    else if (observation.kind === 'entry') sortEntry(observation.entry, rules, tooSmallHmm, sorted);
    else for (const fragment of observation.fragments) sortEntry(fragment, rules, tooSmallHmm, sorted);
  }
  return sorted;
}

const NOT_LISTED: LesionObservation = { kind: 'notListed' };

function sortEntry(entry: LesionEntry, rules: NonTargetRules, tooSmallHmm: number, sorted: Sorted): void {
  if (entry.status === 'unequivocalProgression') sorted.progressed.push(entry.name);
  else if (entry.status === 'notEvaluated' || entry.status === 'split') sorted.unevaluated.push(entry.name);
  else if (entry.status !== 'merged' && !rules.isResolved(entry, tooSmallHmm)) sorted.persisting.push(entry.name);
}

/** Precedence PD → reappearance after CR → NE → NonCR/NonPD → CR; ND without baseline non-targets. */
export function classifyNonTargets(
  model: PatientModel,
  tp: TimepointModel,
  rules: NonTargetRules,
  priorOverallCR: boolean,
  tooSmallHmm: number,
): Verdict<NonTargetResponse> {
  if (model.nonTargets.length === 0) return verdict('ND', 'R-NT-5', 'ND: no non-target lesion at baseline');
  const { progressed, unevaluated, persisting } = sortNonTargets(model, tp, rules, tooSmallHmm);
  if (progressed.length > 0) {
    return verdict('PD', 'R-NT-3', `PD: unequivocal progression of non-target ${progressed.join(', ')} (reader's judgement, taken at face value)`);
  }
  if (priorOverallCR && persisting.length > 0) {
    return verdict('PD', 'R-REAP-1', `PD: non-target ${persisting.join(', ')} present again after an earlier overall CR`);
  }
  if (unevaluated.length > 0) return verdict('NE', 'R-NT-4', `NE: non-target ${unevaluated.join(', ')} not evaluated`);
  if (persisting.length > 0) return verdict('NonCR/NonPD', 'R-NT-2', `NonCR/NonPD: non-target ${persisting.join(', ')} persists`);
  return verdict('CR', rules.crRule, `CR: every non-target ${rules.resolvedText}`);
}
