import type { PatientModel } from '../../domain/model';
import type { CriteriaResult } from '../../domain/result';
import { checkConformance } from '../shared/conformance';
import { volumeMeasure } from '../shared/measure';
import { recistNewLesion } from '../shared/newLesions';
import { RECIST_NON_TARGET, type NonTargetRules } from '../shared/nonTarget';
import { runCriterion, type CriterionSpec } from '../shared/runner';
import { classifySumTarget, sumTargetCategory, type SumRules } from '../shared/sumTarget';

/**
 * The volumetric criteria (docs/criteria.md, "Volumetric criteria"): the sum of the targets' segmented
 * volumes, whole (vRECIST) or enhancing (qEASL), against the volume equivalents of RECIST's diameter
 * thresholds. Lesion selection, non-targets and new lesions follow RECIST 1.1 (V-4) and EASL (QE-4).
 */

export const VRECIST_RULES: SumRules = {
  sumName: 'target volume',
  increase: { rule: 'V-3', pct: 73, minAbsolute: 0 }, // V-3: ≥ +73 % vs nadir (1.2³ − 1 = +72.8 %)
  decrease: { rule: 'V-2', pct: -65 }, // V-2: ≤ −65 % vs baseline (0.7³ − 1 = −65.7 %)
  crRule: 'V-4',
  crText: 'every target volume is 0 mL',
  sdRule: 'V-4',
  isClear: (_lesion, amount) => amount === 0,
};

export const QEASL_RULES: SumRules = {
  sumName: 'enhancing target volume',
  increase: { rule: 'QE-3', pct: 73, minAbsolute: 0 }, // QE-3: ≥ +73 % vs nadir (Tacher 2016)
  decrease: { rule: 'QE-2', pct: -65 }, // QE-2: ≤ −65 % vs baseline (Lin 2012, Tacher 2016)
  crRule: 'QE-4',
  crText: 'no enhancing volume in any target (0 mL)',
  sdRule: 'QE-4',
  isClear: (_lesion, amount) => amount === 0,
};

/** QE-4: a non-target is resolved when nothing of it enhances any more (as EASL-2). */
const QEASL_NON_TARGET: NonTargetRules = {
  crRule: 'QE-4',
  resolvedText: 'shows no enhancing volume (0 mL, enhancing long axis 0, or disappeared)',
  isResolved: (entry) => entry.status === 'disappeared' || entry.enhancingLongAxis === 0 || entry.enhancingVolume === 0,
};

function volumetricSpec(criterion: string, kind: 'whole' | 'enhancing', rules: SumRules, nonTarget: NonTargetRules): CriterionSpec {
  const measure = volumeMeasure(kind);
  return {
    measure,
    nonTarget,
    newLesion: recistNewLesion, // V-4, QE-4: an unequivocal new lesion is PD
    sumRules: rules,
    classifyTarget: (ctx) => classifySumTarget(ctx, rules),
    targetCategory: (ctx) => sumTargetCategory(ctx, rules),
    conformance: (model) => checkConformance(model, { criterion, measure, selectionLimits: false, measurableAxis: null, nodeRules: false }),
  };
}

export const VRECIST = volumetricSpec('vRECIST', 'whole', VRECIST_RULES, RECIST_NON_TARGET);
export const QEASL = volumetricSpec('qEASL', 'enhancing', QEASL_RULES, QEASL_NON_TARGET);

export const assessVrecist = (model: PatientModel): CriteriaResult => runCriterion(model, VRECIST);
export const assessQeasl = (model: PatientModel): CriteriaResult => runCriterion(model, QEASL);
