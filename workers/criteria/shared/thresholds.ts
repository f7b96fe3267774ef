import { changeRatio, pctAtLeast, pctAtMost } from '../../domain/exact';
import type { RuleId } from '../../domain/ruleIds';

/** "≥ pct % over the nadir and ≥ minAbsolute over it" (R-TGT-3, WHO-3, EASL-4, M-4, C-4). */
export interface IncreaseRule {
  readonly rule: RuleId;
  /** integer percentage, inclusive */
  readonly pct: number;
  /** absolute floor in the burden's integer steps, inclusive; 0 when the criterion has none */
  readonly minAbsolute: number;
}

/** "≤ pct % from baseline" (R-TGT-2, WHO-2, EASL-3, M-3, C-3); pct is negative, inclusive. */
export interface DecreaseRule {
  readonly rule: RuleId;
  readonly pct: number;
}

/**
 * Exact, inclusive increase test. At a nadir of 0 the percentage is undefined (G-3): any growth
 * is an infinite increase, so only the absolute floor decides (R-TGT-3: "only the ≥ 5 mm clause
 * applies"; M-4: "from a viable nadir of 0, any recurrence is PD").
 */
export function meetsIncrease(amount: number, nadir: number, rule: IncreaseRule): boolean {
  const absoluteMet = amount - nadir >= rule.minAbsolute;
  if (nadir === 0) return amount > 0 && absoluteMet;
  return absoluteMet && pctAtLeast(changeRatio(amount, nadir), rule.pct);
}

/** Exact, inclusive decrease test against a positive baseline. */
export function meetsDecrease(amount: number, baseline: number, rule: DecreaseRule): boolean {
  return baseline > 0 && pctAtMost(changeRatio(amount, baseline), rule.pct);
}
