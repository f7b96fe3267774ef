import type { PatientModel } from '../../domain/model';
import type { CriteriaResult } from '../../domain/result';
import { checkConformance } from '../shared/conformance';
import type { ComponentRules } from '../shared/course';
import { diameterMeasure } from '../shared/measure';
import { recistNewLesion } from '../shared/newLesions';
import { RECIST_NON_TARGET } from '../shared/nonTarget';
import { runCriterion, type CriterionSpec } from '../shared/runner';
import { classifySumTarget, sumTargetCategory, type SumRules } from '../shared/sumTarget';

const NODE_NORMAL_HMM = 1000; // R-TGT-1: a node is normal below 10.0 mm; exactly 10.0 mm is not

export const RECIST11_RULES: SumRules = {
  sumName: 'sum',
  increase: { rule: 'R-TGT-3', pct: 20, minAbsolute: 500 }, // R-TGT-3: ≥ +20 % vs nadir and ≥ +5 mm
  decrease: { rule: 'R-TGT-2', pct: -30 }, // R-TGT-2: ≤ −30 % vs baseline
  crRule: 'R-TGT-1',
  crText: 'every non-nodal target is 0 mm and every nodal target is < 10 mm short axis',
  sdRule: 'R-TGT-4',
  isClear: (lesion, amount) => (lesion.isLymphNode ? amount < NODE_NORMAL_HMM : amount === 0),
};

/** RECIST 1.1 components, reused by iRECIST (IR-1: "mirror RECIST 1.1"). */
export const RECIST11_COMPONENTS: ComponentRules = {
  measure: diameterMeasure('longAxis'), // R-MEAS-1
  nonTarget: RECIST_NON_TARGET,
  newLesion: recistNewLesion,
  sumRules: RECIST11_RULES,
  classifyTarget: (ctx) => classifySumTarget(ctx, RECIST11_RULES),
  targetCategory: (ctx) => sumTargetCategory(ctx, RECIST11_RULES),
};

export const RECIST11: CriterionSpec = {
  ...RECIST11_COMPONENTS,
  conformance: (model) =>
    checkConformance(model, { criterion: 'RECIST 1.1', measure: RECIST11_COMPONENTS.measure, selectionLimits: true, measurableAxis: 'longAxis', nodeRules: true }),
};

export function assessRecist11(model: PatientModel): CriteriaResult {
  return runCriterion(model, RECIST11);
}
