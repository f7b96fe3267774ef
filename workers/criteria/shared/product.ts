import type { PatientModel } from '../../domain/model';
import type { CriteriaResult } from '../../domain/result';
import { checkConformance } from './conformance';
import { productMeasure } from './measure';
import { recistNewLesion } from './newLesions';
import type { NonTargetRules } from './nonTarget';
import { perLesionProgression } from './perLesion';
import { runCriterion, type CriterionSpec } from './runner';
import { classifySumTarget, type SumRules } from './sumTarget';

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
    classifyTarget: (ctx, scope) =>
      classifySumTarget(ctx, config.rules, mode === 'anyLesion' ? (c) => perLesionProgression(c, scope, config.rules.increase, 'product') : undefined),
    conformance: (model) => checkConformance(model, { criterion: config.criterion, measure, selectionLimits: false, measurableAxis: null, nodeRules: false }),
  };
}

export function assessProduct(model: PatientModel, config: ProductCriterion): CriteriaResult {
  return runCriterion(model, productSpec(config, model.options.whoProgressionMode));
}
