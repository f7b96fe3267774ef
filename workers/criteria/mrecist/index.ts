import type { PatientModel } from '../../domain/model';
import type { CriteriaResult, Issue } from '../../domain/result';
import { checkConformance } from '../shared/conformance';
import { diameterMeasure } from '../shared/measure';
import type { NonTargetRules } from '../shared/nonTarget';
import { RECIST_NON_TARGET } from '../shared/nonTarget';
import { runCriterion, type CriterionSpec } from '../shared/runner';
import { classifySumTarget, sumTargetCategory, type SumRules } from '../shared/sumTarget';
import { RECIST11_RULES } from '../recist11';
import { mrecistNewLesion } from './newLesion';

export const MRECIST_RULES: SumRules = {
  sumName: 'viable sum',
  increase: { rule: 'M-4', pct: 20, minAbsolute: 0 }, // M-4 / A3: ≥ +20 % vs nadir, no 5 mm floor
  decrease: { rule: 'M-3', pct: -30 }, // M-3: ≤ −30 % vs baseline
  crRule: 'M-2',
  crText: 'no viable (enhancing) tumour in any non-nodal target and every nodal target < 10 mm short axis',
  sdRule: 'R-TGT-4',
  isClear: RECIST11_RULES.isClear, // M-2: viable 0, nodes < 10 mm
};

/** M-NT-1: no intratumoural enhancement left (nodes: the RECIST short-axis rule). */
const MRECIST_NON_TARGET: NonTargetRules = {
  crRule: 'M-NT-1',
  resolvedText: 'shows no intratumoural enhancement (nodes: short axis < 10 mm)',
  isResolved: (entry, tooSmallHmm) =>
    entry.isLymphNode ? RECIST_NON_TARGET.isResolved(entry, tooSmallHmm) : entry.status === 'disappeared' || entry.enhancingLongAxis === 0,
};

function enhancementIssues(lesionId: string, isNode: boolean, enhancingLongAxis: number | null): Issue[] {
  if (isNode) return [];
  if (enhancingLongAxis === 0) {
    return [{ rule: 'CONF-7', severity: 'warning', lesionId, text: 'mRECIST target shows no arterial enhancement at baseline; mRECIST targets should be viable (M-1)' }];
  }
  return [];
}

export const MRECIST: CriterionSpec = {
  measure: diameterMeasure('enhancingLongAxis'), // M-1
  nonTarget: MRECIST_NON_TARGET,
  newLesion: mrecistNewLesion,
  sumRules: MRECIST_RULES,
  classifyTarget: (ctx) => classifySumTarget(ctx, MRECIST_RULES),
  targetCategory: (ctx) => sumTargetCategory(ctx, MRECIST_RULES),
  conformance: (model) =>
    checkConformance(model, {
      criterion: 'mRECIST',
      measure: MRECIST.measure,
      selectionLimits: true,
      measurableAxis: 'enhancingLongAxis',
      nodeRules: true,
      missingMeasurementRule: 'CONF-7', // M-1: no enhancing measurement, mRECIST cannot score the target
      extra: (lesion, entry) => (entry.status === 'present' ? enhancementIssues(lesion.id, lesion.isLymphNode, entry.enhancingLongAxis) : []),
    }),
};

export function assessMrecist(model: PatientModel): CriteriaResult {
  return runCriterion(model, MRECIST);
}
