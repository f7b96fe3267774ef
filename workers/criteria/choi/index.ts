import type { PatientModel } from '../../domain/model';
import type { CriteriaResult, Issue, Reason, TargetResponse } from '../../domain/result';
import { pctAtMost, ratioToPct1, type Ratio } from '../../domain/exact';
import { formatAmount, formatPct } from '../../domain/units';
import { checkConformance } from '../shared/conformance';
import type { TargetOutcome, TimepointScope } from '../shared/course';
import { decreaseThreshold, increaseThreshold, versusReference } from '../shared/explain';
import { diameterMeasure } from '../shared/measure';
import { recistNewLesion } from '../shared/newLesions';
import { RECIST_NON_TARGET } from '../shared/nonTarget';
import { runCriterion, type CriterionSpec } from '../shared/runner';
import type { Verdict } from '../shared/verdict';
import { allClear, reappearance, type SumRules, type TargetContext } from '../shared/sumTarget';
import { meetsDecrease, meetsIncrease } from '../shared/thresholds';
import { RECIST11_RULES } from '../recist11';
import { densityChange, densityTotal, meanHu } from './density';

const DENSITY_DROP_PCT = -15; // C-3: density decrease ≥ 15 % vs baseline

export const CHOI_RULES: SumRules = {
  sumName: 'size',
  increase: { rule: 'C-4', pct: 10, minAbsolute: 0 }, // C-4 / A4: size ≥ +10 % vs nadir, no absolute floor
  decrease: { rule: 'C-3', pct: -10 }, // C-3: size ≤ −10 % vs baseline
  crRule: 'C-5',
  crText: 'every target has disappeared (nodes: short axis < 10 mm)',
  sdRule: 'C-3',
  isClear: RECIST11_RULES.isClear, // C-5 uses the RECIST node rule
};

interface Density {
  readonly ratio: Ratio | null;
  readonly meanHU: number | null;
  readonly baselineMeanHU: number | null;
  /** C-3 density clause met; an unscorable density never meets it */
  readonly dropMet: boolean;
}

function densityAt(scope: TimepointScope): Density {
  const baselineTp = scope.course.model.timepoints[0];
  const current = densityTotal(scope.tp);
  const baseline = baselineTp ? densityTotal(baselineTp) : null;
  const ratio = densityChange(current, baseline);
  return { ratio, meanHU: meanHu(current), baselineMeanHU: meanHu(baseline), dropMet: ratio !== null && pctAtMost(ratio, DENSITY_DROP_PCT) };
}

function densityText(density: Density): string {
  if (density.ratio === null) return 'density not scorable (C-2: a present target lacks meanHU, or no baseline density)';
  return `mean density ${density.meanHU} HU is ${formatPct(density.ratio)} vs baseline ${density.baselineMeanHU} HU (PR clause needs ${DENSITY_DROP_PCT}% or less)`;
}

const outcome = (category: TargetOutcome['category'], reasons: Reason[], density: Density): TargetOutcome => ({
  category,
  reasons,
  extra: {
    densityChangeFromBaselinePct: density.ratio === null ? null : ratioToPct1(density.ratio),
    densityMeanHU: density.meanHU,
    baselineDensityMeanHU: density.baselineMeanHU,
  },
});

/** C-1: Choi 2007 used RECIST 1.0 long axes; Nadir measures nodes by short axis and says so. */
function classifyChoi(ctx: TargetContext, scope: TimepointScope): TargetOutcome {
  const density = densityAt(scope);
  const result = explainChoi(ctx, density, decideChoi(ctx, density));
  if (!scope.course.model.targets.some((lesion) => lesion.isLymphNode)) return result;
  const note: Reason = { rule: 'C-1', text: 'nodal targets are measured by short axis (R-MEAS-1), not by the RECIST 1.0 long axis Choi 2007 used' };
  return { ...result, reasons: [...result.reasons, note] };
}

/** classifyChoi's category alone, without its sentences (the margin search). */
function choiCategory(ctx: TargetContext, scope: TimepointScope): TargetResponse {
  return decideChoi(ctx, densityAt(scope)).category;
}

/**
 * The clause that decides Choi's target response (decided apart from its sentences, as in sumTarget.ts).
 * `grew` with a PR or SD: the size grew (C-4) but the density clause of C-3 kept it from PD.
 */
type ChoiClause =
  | { readonly kind: 'noBaseline'; readonly category: 'NE' }
  | { readonly kind: 'missing'; readonly category: 'PD' | 'NE' }
  | { readonly kind: 'reappeared'; readonly category: TargetResponse; readonly verdict: Verdict<TargetResponse> }
  | { readonly kind: 'grew'; readonly category: 'PD' }
  | { readonly kind: 'clear'; readonly category: 'CR' }
  | { readonly kind: 'responded'; readonly category: 'PR'; readonly grew: boolean; readonly sizeDrop: boolean }
  | { readonly kind: 'stable'; readonly category: 'SD'; readonly grew: boolean };

/** C-3/C-4/C-5 with R-NE / R-REAP first; "size up but density down ≥ 15 %" is PR, not PD. */
function decideChoi(ctx: TargetContext, density: Density): ChoiClause {
  const { burden, baselineSum, nadirSum } = ctx;
  if (baselineSum === null || nadirSum === null) return { kind: 'noBaseline', category: 'NE' };
  const size = burden.sum ?? burden.partialSum;
  const grew = meetsIncrease(size, nadirSum, CHOI_RULES.increase);
  if (burden.sum === null) return { kind: 'missing', category: grew && !density.dropMet ? 'PD' : 'NE' };
  const back = reappearance(ctx, CHOI_RULES);
  if (back) return { kind: 'reappeared', category: back.category, verdict: back };
  if (grew && !density.dropMet) return { kind: 'grew', category: 'PD' };
  if (allClear(burden, CHOI_RULES)) return { kind: 'clear', category: 'CR' };
  const sizeDrop = meetsDecrease(size, baselineSum, CHOI_RULES.decrease);
  return sizeDrop || density.dropMet ? { kind: 'responded', category: 'PR', grew, sizeDrop } : { kind: 'stable', category: 'SD', grew };
}

function explainChoi(ctx: TargetContext, density: Density, clause: ChoiClause): TargetOutcome {
  if (clause.kind === 'noBaseline') return outcome('NE', [{ rule: 'R-NE-1', text: 'NE: the baseline size is not evaluable' }], density);
  const { unit, burden } = ctx;
  // decideChoi returned noBaseline when either reference was missing
  const baselineSum = ctx.baselineSum ?? 0;
  const nadirSum = ctx.nadirSum ?? 0;
  const size = burden.sum ?? burden.partialSum;
  const sizeText = `${burden.sum === null ? 'measured size' : 'size'} ${formatAmount(unit, size)} is ${versusReference(unit, size, nadirSum, 'nadir')}`;
  switch (clause.kind) {
    case 'missing':
      return clause.category === 'PD'
        ? outcome('PD', [{ rule: 'R-NE-2', text: `PD although ${burden.missing.join('; ')}: ${sizeText} (C-4: ${increaseThreshold(unit, CHOI_RULES.increase)}) and ${densityText(density)}` }], density)
        : outcome('NE', [{ rule: 'R-NE-1', text: `NE: ${burden.missing.join('; ')}` }], density);
    case 'reappeared':
      return outcome(clause.category, [...clause.verdict.reasons], density);
    case 'grew':
      return outcome('PD', [{ rule: 'C-4', text: `PD: ${sizeText} (${increaseThreshold(unit, CHOI_RULES.increase)}) and the density clause of C-3 is not met: ${densityText(density)}` }], density);
    case 'clear':
      return outcome('CR', [{ rule: 'C-5', text: `CR: ${CHOI_RULES.crText}` }], density);
  }
  const notes: Reason[] = clause.grew ? [{ rule: 'C-4', text: `not PD: ${sizeText} but ${densityText(density)}, which meets the PR density clause` }] : [];
  const fromBaseline = `size ${formatAmount(unit, size)} is ${versusReference(unit, size, baselineSum, 'baseline')}`;
  if (clause.kind === 'responded') {
    const why = clause.sizeDrop ? `${fromBaseline} (${decreaseThreshold(CHOI_RULES.decrease)})` : densityText(density);
    return outcome('PR', [...notes, { rule: 'C-3', text: `PR: ${why}; size OR density suffices` }], density);
  }
  return outcome('SD', [...notes, { rule: 'C-3', text: `SD: ${fromBaseline} (PR needs ${decreaseThreshold(CHOI_RULES.decrease)}), ${densityText(density)}, and not PD (C-4)` }], density);
}

function meanHuIssues(lesionId: string, meanHu: number | null): Issue[] {
  return meanHu === null ? [{ rule: 'CONF-8', severity: 'warning', lesionId, text: 'Choi target has no meanHU at baseline; no density response can be scored (C-2)' }] : [];
}

const measure = diameterMeasure('longAxis'); // C-1: RECIST-style sum, R-MEAS-1 (short axis for nodes)

export const CHOI: CriterionSpec = {
  measure,
  nonTarget: RECIST_NON_TARGET,
  newLesion: recistNewLesion,
  sumRules: CHOI_RULES,
  classifyTarget: classifyChoi,
  targetCategory: choiCategory,
  conformance: (model) =>
    checkConformance(model, {
      criterion: 'Choi',
      measure,
      selectionLimits: false,
      measurableAxis: 'longAxis',
      nodeRules: true,
      extra: (lesion, entry) => (entry.status === 'present' ? meanHuIssues(lesion.id, entry.meanHu) : []),
    }),
};

export function assessChoi(model: PatientModel): CriteriaResult {
  return runCriterion(model, CHOI);
}
