import type { BaselineLesion } from '../../domain/model';
import type { TargetResponse } from '../../domain/result';
import type { RuleId } from '../../domain/ruleIds';
import type { BurdenUnit } from '../../domain/units';
import { formatAmount } from '../../domain/units';
import type { TargetBurden } from './burden';
import { decreaseThreshold, increaseThreshold, roundingNote, versusReference } from './explain';
import { meetsDecrease, meetsIncrease, type DecreaseRule, type IncreaseRule } from './thresholds';
import { verdict, type Verdict } from './verdict';

/** What a sum-based target response needs to know about one follow-up timepoint. */
export interface TargetContext {
  readonly unit: BurdenUnit;
  readonly burden: TargetBurden;
  readonly baselineSum: number | null;
  /** G-3: smallest evaluable sum before this timepoint */
  readonly nadirSum: number | null;
  /** R-REAP-1: an earlier timepoint had overall CR */
  readonly priorOverallCR: boolean;
  /** R-TGT-5: an earlier timepoint had target PR */
  readonly priorTargetPR: boolean;
}

/** The thresholds and wording of one sum-based criterion. */
export interface SumRules {
  /** "sum", "SPD", "viable sum" ... */
  readonly sumName: string;
  readonly increase: IncreaseRule;
  readonly decrease: DecreaseRule;
  readonly crRule: RuleId;
  readonly crText: string;
  readonly sdRule: RuleId;
  /** lesion-level CR; its negation is "disease" for R-REAP-1 */
  isClear(lesion: BaselineLesion, amount: number): boolean;
}

/** Further PD evidence beyond the sum (WHO-3b per-lesion progression). */
export type ExtraProgression = (ctx: TargetContext) => Verdict<'PD'> | null;

/** Baseline sum missing, or R-NE-1 with the R-NE-2 exception. Null when the sum is evaluable. */
export function notEvaluable(ctx: TargetContext, rules: SumRules, extra?: ExtraProgression): Verdict<TargetResponse> | null {
  const { unit, burden, baselineSum, nadirSum } = ctx;
  if (baselineSum === null || nadirSum === null) {
    return verdict('NE', 'R-NE-1', 'NE: the baseline target sum is not evaluable (a target has no baseline measurement), so no response can be computed');
  }
  if (burden.sum !== null) return null;
  if (meetsIncrease(burden.partialSum, nadirSum, rules.increase)) {
    return verdict(
      'PD',
      'R-NE-2',
      `PD although ${burden.missing.join('; ')}: the measured targets alone sum ${formatAmount(unit, burden.partialSum)}, ` +
        `${versusReference(unit, burden.partialSum, nadirSum, 'nadir')} (${increaseThreshold(unit, rules.increase)}); a missing lesion can only add`,
    );
  }
  const byLesion = extra?.(ctx);
  if (byLesion) return byLesion;
  return verdict('NE', 'R-NE-1', `NE: ${burden.missing.join('; ')}; the measured targets (${formatAmount(unit, burden.partialSum)}) do not prove PD (R-NE-2)`);
}

/** R-REAP-1: after an overall CR, any target disease again is PD whatever the sum does. */
export function reappearance(ctx: TargetContext, rules: SumRules): Verdict<TargetResponse> | null {
  if (!ctx.priorOverallCR) return null;
  const back = ctx.burden.lesions.filter((l) => l.measured.kind === 'value' && !rules.isClear(l.lesion, l.measured.amount));
  if (back.length === 0) return null;
  const list = back.map((l) => `${l.lesion.name} ${l.measured.kind === 'value' ? formatAmount(ctx.unit, l.measured.amount) : ''}`).join(', ');
  return verdict('PD', 'R-REAP-1', `PD: disease reappeared after an earlier overall CR (${list}); any reappearance after CR is PD, even below the sum threshold`);
}

export function allClear(burden: TargetBurden, rules: SumRules): boolean {
  return burden.lesions.every((l) => l.measured.kind === 'value' && rules.isClear(l.lesion, l.measured.amount));
}

/** Precedence: NE → reappearance → PD → CR → PR → SD (docs/criteria.md, "Target response"). */
export function classifySumTarget(ctx: TargetContext, rules: SumRules, extra?: ExtraProgression): Verdict<TargetResponse> {
  const early = notEvaluable(ctx, rules, extra) ?? reappearance(ctx, rules);
  if (early) return early;
  const { unit, burden, baselineSum, nadirSum } = ctx;
  // notEvaluable() returned null, so all three are numbers
  const sum = burden.sum ?? 0;
  const baseline = baselineSum ?? 0;
  const nadir = nadirSum ?? 0;
  const name = rules.sumName;
  if (meetsIncrease(sum, nadir, rules.increase)) {
    return verdict('PD', rules.increase.rule, `PD: ${name} ${formatAmount(unit, sum)} is ${versusReference(unit, sum, nadir, 'nadir')} (${increaseThreshold(unit, rules.increase)})`);
  }
  const byLesion = extra?.(ctx);
  if (byLesion) return byLesion;
  if (allClear(burden, rules)) return verdict('CR', rules.crRule, `CR: ${rules.crText} (${name} ${formatAmount(unit, sum)})`);
  const prMet = meetsDecrease(sum, baseline, rules.decrease);
  const fromBaseline = versusReference(unit, sum, baseline, 'baseline');
  if (prMet) return verdict('PR', rules.decrease.rule, `PR: ${name} ${formatAmount(unit, sum)} is ${fromBaseline} (${decreaseThreshold(rules.decrease)})`);
  const sd = verdict<TargetResponse>(
    'SD',
    rules.sdRule,
    `SD: ${name} ${formatAmount(unit, sum)} is ${fromBaseline} (PR needs ${decreaseThreshold(rules.decrease)})` +
      `${roundingNote(sum, baseline, rules.decrease.pct)} and ${versusReference(unit, sum, nadir, 'nadir')} ` +
      `(PD needs ${increaseThreshold(unit, rules.increase)})${roundingNote(sum, nadir, rules.increase.pct)}`,
  );
  return ctx.priorTargetPR ? withContinuingPrNote(sd) : sd;
}

/** R-TGT-5 / A2: literal SD after a PR; say how EORTC would read it. */
function withContinuingPrNote(sd: Verdict<TargetResponse>): Verdict<TargetResponse> {
  return {
    category: sd.category,
    reasons: [
      ...sd.reasons,
      { rule: 'R-TGT-5', text: 'Literal timepoint category after an earlier PR; the EORTC RECIST FAQ would call this a continuing PR (best overall response is unaffected)' },
    ],
  };
}
