import type { PatientModel } from '../../domain/model';
import type { CriteriaResult } from '../../domain/result';
import { checkConformance } from './conformance';
import { productMeasure } from './measure';
import { recistNewLesion } from './newLesions';
import type { NonTargetRules } from './nonTarget';
import { perLesionProgression } from './perLesion';
import { runCriterion, type CriterionSpec } from './runner';
import type { TimepointScope } from './course';
import { classifySumTarget, sumTargetCategory, type ExtraProgression, type SumRules } from './sumTarget';

/** WHO and EASL: the bidimensional (sum of products) machinery, configured per criterion. */
export interface ProductCriterion {
  readonly criterion: string;
  readonly kind: 'whole' | 'enhancing';
  readonly rules: SumRules;
  readonly nonTarget: NonTargetRules;
}

export function productSpec(config: ProductCriterion, mode: 'sum' | 'anyLesion'): CriterionSpec {
  const measure = productMeasure(config.kind);
  return {
    measure,
    nonTarget: config.nonTarget,
    newLesion: recistNewLesion, // WHO-5, EASL-5: any new lesion → PD
    sumRules: config.rules,
    classifyTarget: (ctx, scope) => classifySumTarget(ctx, config.rules, perLesion(mode, scope, config)),
    targetCategory: (ctx, scope) => sumTargetCategory(ctx, config.rules, perLesion(mode, scope, config)),
    conformance: (model) => checkConformance(model, { criterion: config.criterion, measure, selectionLimits: false, measurableAxis: null, nodeRules: false }),
  };
}

/** WHO-3b / EASL-4 per-lesion progression, in whoProgressionMode "anyLesion" only. */
function perLesion(mode: 'sum' | 'anyLesion', scope: TimepointScope, config: ProductCriterion): ExtraProgression | undefined {
  return mode === 'anyLesion' ? (ctx) => perLesionProgression(ctx, scope, config.rules.increase, 'product') : undefined;
}

export function assessProduct(model: PatientModel, config: ProductCriterion): CriteriaResult {
  return runCriterion(model, productSpec(config, model.options.whoProgressionMode));
}
