import type { PatientModel } from '../../domain/model';
import type { CriteriaResult } from '../../domain/result';
import { assessProduct, type ProductCriterion } from '../shared/product';

export const EASL_CONFIG: ProductCriterion = {
  criterion: 'EASL',
  kind: 'enhancing', // EASL-1: enhancing long axis × enhancing short axis (viable tumour)
  rules: {
    sumName: 'enhancing SPD',
    increase: { rule: 'EASL-4', pct: 25, minAbsolute: 0 }, // EASL-4: ≥ +25 % vs nadir, inclusive (A12)
    decrease: { rule: 'EASL-3', pct: -50 }, // EASL-3: ≤ −50 % vs baseline
    crRule: 'EASL-2',
    crText: 'no enhancing tumour in any target (enhancing SPD 0)',
    sdRule: 'G-5',
    isClear: (_lesion, amount) => amount === 0,
  },
  nonTarget: {
    crRule: 'EASL-2',
    resolvedText: 'shows no residual enhancement (enhancing long axis 0, or disappeared)',
    isResolved: (entry) => entry.status === 'disappeared' || entry.enhancingLongAxis === 0,
  },
};

export function assessEasl(model: PatientModel): CriteriaResult {
  return assessProduct(model, EASL_CONFIG);
}
