import type { BaselineLesion } from '../../domain/model';
import type { TargetResponse } from '../../domain/result';
import type { RuleId } from '../../domain/ruleIds';
import type { BurdenUnit } from '../../domain/units';
import { formatAmount } from '../../domain/units';
import type { LesionAmount, TargetBurden } from './burden';
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

/**
 * The clause of the precedence NE → reappearance → PD → CR → PR → SD (docs/criteria.md, "Target
 * response") that decides a sum-based target response. Deciding and explaining are apart because
 * the margin search (MARGIN-1) re-runs the decision dozens of times per patient and reads only its
 * category; the sentences are written once, for the timepoint's own result.
 */
type SumClause =
  /** R-NE-1: the baseline (or every earlier) sum is not evaluable */
  | { readonly kind: 'noBaseline' }
  /** R-NE-2: a target is missing, but the measured ones alone are PD */
  | { readonly kind: 'missingProvesPD' }
  /** R-NE-1: a target is missing and the measured ones do not prove PD */
  | { readonly kind: 'missing' }
  /** a PD clause beyond the sum (WHO-3b per-lesion progression) */
  | { readonly kind: 'byLesion'; readonly verdict: Verdict<'PD'> }
  /** R-REAP-1 */
  | { readonly kind: 'reappeared'; readonly back: readonly LesionAmount[] }
  | { readonly kind: 'grew' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'shrank' }
  | { readonly kind: 'stable' };

const CATEGORY_OF: Record<SumClause['kind'], TargetResponse> = {
  noBaseline: 'NE',
  missingProvesPD: 'PD',
  missing: 'NE',
  byLesion: 'PD',
  reappeared: 'PD',
  grew: 'PD',
  clear: 'CR',
  shrank: 'PR',
  stable: 'SD',
};

const NO_BASELINE: SumClause = { kind: 'noBaseline' };
const MISSING_PROVES_PD: SumClause = { kind: 'missingProvesPD' };
const MISSING: SumClause = { kind: 'missing' };
const GREW: SumClause = { kind: 'grew' };
const CLEAR: SumClause = { kind: 'clear' };
const SHRANK: SumClause = { kind: 'shrank' };
const STABLE: SumClause = { kind: 'stable' };

function decideSumTarget(ctx: TargetContext, rules: SumRules, extra: ExtraProgression | undefined): SumClause {
  const { burden, baselineSum, nadirSum } = ctx;
  if (baselineSum === null || nadirSum === null) return NO_BASELINE;
  if (burden.sum === null) {
    if (meetsIncrease(burden.partialSum, nadirSum, rules.increase)) return MISSING_PROVES_PD;
    const byLesion = extra?.(ctx);
    return byLesion ? { kind: 'byLesion', verdict: byLesion } : MISSING;
  }
  const back = reappeared(ctx, rules);
  if (back.length > 0) return { kind: 'reappeared', back };
  if (meetsIncrease(burden.sum, nadirSum, rules.increase)) return GREW;
  const byLesion = extra?.(ctx);
  if (byLesion) return { kind: 'byLesion', verdict: byLesion };
  if (allClear(burden, rules)) return CLEAR;
  return meetsDecrease(burden.sum, baselineSum, rules.decrease) ? SHRANK : STABLE;
}

/** R-REAP-1: after an overall CR, the targets with disease again (none without an earlier CR). */
function reappeared(ctx: TargetContext, rules: SumRules): LesionAmount[] {
  const back: LesionAmount[] = [];
  if (!ctx.priorOverallCR) return back;
  for (const l of ctx.burden.lesions) if (l.measured.kind === 'value' && !rules.isClear(l.lesion, l.measured.amount)) back.push(l);
  return back;
}

/** R-REAP-1: after an overall CR, any target disease again is PD whatever the sum does. */
export function reappearance(ctx: TargetContext, rules: SumRules): Verdict<TargetResponse> | null {
  const back = reappeared(ctx, rules);
  return back.length === 0 ? null : reappearanceVerdict(ctx.unit, back);
}

function reappearanceVerdict(unit: BurdenUnit, back: readonly LesionAmount[]): Verdict<TargetResponse> {
  const list = back.map((l) => `${l.lesion.name} ${l.measured.kind === 'value' ? formatAmount(unit, l.measured.amount) : ''}`).join(', ');
  return verdict('PD', 'R-REAP-1', `PD: disease reappeared after an earlier overall CR (${list}); any reappearance after CR is PD, even below the sum threshold`);
}

export function allClear(burden: TargetBurden, rules: SumRules): boolean {
  for (const l of burden.lesions) if (!(l.measured.kind === 'value' && rules.isClear(l.lesion, l.measured.amount))) return false;
  return true;
}

/** The target response alone, as classifySumTarget gives it, without its sentences (the margin search). */
export function sumTargetCategory(ctx: TargetContext, rules: SumRules, extra?: ExtraProgression): TargetResponse {
  return CATEGORY_OF[decideSumTarget(ctx, rules, extra).kind];
}

/** Precedence: NE → reappearance → PD → CR → PR → SD (docs/criteria.md, "Target response"). */
export function classifySumTarget(ctx: TargetContext, rules: SumRules, extra?: ExtraProgression): Verdict<TargetResponse> {
  return explainSumTarget(ctx, rules, decideSumTarget(ctx, rules, extra));
}

function explainSumTarget(ctx: TargetContext, rules: SumRules, clause: SumClause): Verdict<TargetResponse> {
  const { unit, burden } = ctx;
  // every clause past noBaseline has both references
  const baseline = ctx.baselineSum ?? 0;
  const nadir = ctx.nadirSum ?? 0;
  switch (clause.kind) {
    case 'noBaseline':
      return verdict('NE', 'R-NE-1', 'NE: the baseline target sum is not evaluable (a target has no baseline measurement), so no response can be computed');
    case 'missingProvesPD':
      return verdict(
        'PD',
        'R-NE-2',
        `PD although ${burden.missing.join('; ')}: the measured targets alone sum ${formatAmount(unit, burden.partialSum)}, ` +
          `${versusReference(unit, burden.partialSum, nadir, 'nadir')} (${increaseThreshold(unit, rules.increase)}); a missing lesion can only add`,
      );
    case 'missing':
      return verdict('NE', 'R-NE-1', `NE: ${burden.missing.join('; ')}; the measured targets (${formatAmount(unit, burden.partialSum)}) do not prove PD (R-NE-2)`);
    case 'byLesion':
      return clause.verdict;
    case 'reappeared':
      return reappearanceVerdict(unit, clause.back);
    default:
      return explainSum(ctx, rules, clause.kind, burden.sum ?? 0, baseline, nadir);
  }
}

/** The clauses decided on an evaluable sum. */
function explainSum(ctx: TargetContext, rules: SumRules, kind: 'grew' | 'clear' | 'shrank' | 'stable', sum: number, baseline: number, nadir: number): Verdict<TargetResponse> {
  const { unit } = ctx;
  const name = rules.sumName;
  if (kind === 'grew') {
    return verdict('PD', rules.increase.rule, `PD: ${name} ${formatAmount(unit, sum)} is ${versusReference(unit, sum, nadir, 'nadir')} (${increaseThreshold(unit, rules.increase)})`);
  }
  if (kind === 'clear') return verdict('CR', rules.crRule, `CR: ${rules.crText} (${name} ${formatAmount(unit, sum)})`);
  const fromBaseline = versusReference(unit, sum, baseline, 'baseline');
  if (kind === 'shrank') return verdict('PR', rules.decrease.rule, `PR: ${name} ${formatAmount(unit, sum)} is ${fromBaseline} (${decreaseThreshold(rules.decrease)})`);
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
