import type { Reason } from '../../domain/result';
import type { RuleId } from '../../domain/ruleIds';

/** A category with the rules that decided it. */
export interface Verdict<C> {
  readonly category: C;
  readonly reasons: readonly Reason[];
}

export function verdict<C>(category: C, rule: RuleId, text: string): Verdict<C> {
  return { category, reasons: [{ rule, text }] };
}
