import type { PatientModel } from '../../domain/model';
import type { CriteriaResult } from '../../domain/result';
import { assessProduct, type ProductCriterion } from '../shared/product';

export const WHO_CONFIG: ProductCriterion = {
  criterion: 'WHO',
  kind: 'whole', // WHO-1: long axis × short axis; nodes like any lesion (WHO-4)
  rules: {
    sumName: 'SPD',
    increase: { rule: 'WHO-3', pct: 25, minAbsolute: 0 }, // WHO-3 / A1 / A12: ≥ +25 % vs nadir SPD; WHO-6: no absolute minimum
    decrease: { rule: 'WHO-2', pct: -50 }, // WHO-2: ≤ −50 % vs baseline SPD
    crRule: 'WHO-4',
    crText: 'every target product is 0 mm²',
    sdRule: 'G-5', // WHO "no change" is reported as SD
    isClear: (_lesion, amount) => amount === 0,
  },
  nonTarget: {
    crRule: 'WHO-4',
    resolvedText: 'disappeared ("disappearance of all known disease")',
    isResolved: (entry) => entry.status === 'disappeared',
  },
};

export function assessWho(model: PatientModel): CriteriaResult {
  return assessProduct(model, WHO_CONFIG);
}
