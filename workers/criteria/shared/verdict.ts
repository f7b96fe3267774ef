import type { Reason } from '../../domain/result';

/** A category with the rules that decided it. */
export interface Verdict<C> {
  readonly category: C;
  readonly reasons: readonly Reason[];
}

export function verdict<C>(category: C, rule: string, text: string): Verdict<C> {
  return { category, reasons: [{ rule, text }] };
}
