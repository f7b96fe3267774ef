import type { BaselineLesion, LesionEntry, LesionObservation } from '../../domain/model';
import type { IRecistResponse, LesionMargin, MarginNoneWhy, Reason, TargetMargin, TargetResponse } from '../../domain/result';
import { divRoundHalfAway } from '../../domain/exact';
import { isWithinNoise, noiseLimitHmm, NOISE_MODELS, type NoiseModelId } from '../../domain/noise';
import type { BurdenUnit } from '../../domain/units';
import type { TargetBurden } from './burden';
import type { Caliper } from './measure';
import type { SumRules } from './sumTarget';
import { meetsDecrease, meetsIncrease } from './thresholds';

/**
 * MARGIN-1/2/3: how far a target response is from the nearest other category. The criterion's own
 * classifier is re-run on hypothetical burdens where one measured target has another value, so the
 * margin is exact at every boundary the classifier knows (inclusive thresholds, nadir and baseline
 * references, the 5 mm floor, node normality, reappearance, Choi's fixed density, WHO-3b).
 */

export interface MarginInput {
  readonly unit: BurdenUnit;
  readonly burden: TargetBurden;
  /** tp.targets, aligned with burden.lesions */
  readonly observations: readonly LesionObservation[];
  readonly caliper: (entry: LesionEntry) => Caliper | null;
  readonly rules: SumRules;
  readonly baselineSum: number | null;
  readonly nadirSum: number | null;
  readonly category: TargetResponse | 'ND';
  readonly noiseModel: NoiseModelId;
  /** the criterion's classifier on a burden in which one lesion has a hypothetical amount */
  classifyAt(burden: TargetBurden): TargetResponse;
}

/** A target a reader measured: its amount can move with the caliper (MARGIN-2). */
interface Movable {
  readonly index: number;
  readonly lesion: BaselineLesion;
  readonly amount: number;
  readonly caliper: Caliper;
}

/** The nearest value of a variable (an amount, or a caliper length) at which the category changes. */
interface Flip {
  readonly value: number;
  readonly change: number;
  readonly toward: TargetResponse;
}

const MEASURED_STATUSES: ReadonlySet<LesionEntry['status']> = new Set(['present', 'unequivocalProgression']);

function movableTargets(input: MarginInput): Movable[] {
  return input.burden.lesions.flatMap((lesionAmount, index) => {
    const observation = input.observations[index];
    if (observation?.kind !== 'entry' || lesionAmount.measured.kind !== 'value') return [];
    // disappeared, merged and too-small values are conventions (R-MEAS-2/3/5), not caliper readings
    if (!MEASURED_STATUSES.has(observation.entry.status)) return [];
    const caliper = input.caliper(observation.entry);
    if (caliper === null || caliper.lengthHmm * caliper.factor !== lesionAmount.measured.amount) return [];
    return [{ index, lesion: lesionAmount.lesion, amount: lesionAmount.measured.amount, caliper }];
  });
}

/** Smallest sum that is PD against the nadir (R-TGT-3 and its kin), from the engine's own predicate. */
function firstProgressingSum(nadir: number, rules: SumRules): number {
  const { pct, minAbsolute } = rules.increase;
  let sum = nadir === 0 ? Math.max(minAbsolute, 1) : nadir + Math.max(minAbsolute, Math.ceil((pct * nadir) / 100));
  while (!meetsIncrease(sum, nadir, rules.increase)) sum += 1;
  while (sum > 0 && meetsIncrease(sum - 1, nadir, rules.increase)) sum -= 1;
  return sum;
}

/** Largest sum that is a PR against the baseline, or null when none is (baseline 0). */
function lastRespondingSum(baseline: number, rules: SumRules): number | null {
  if (!meetsDecrease(0, baseline, rules.decrease)) return null;
  let sum = Math.floor(((100 + rules.decrease.pct) * baseline) / 100);
  while (!meetsDecrease(sum, baseline, rules.decrease)) sum -= 1;
  while (meetsDecrease(sum + 1, baseline, rules.decrease)) sum += 1;
  return sum;
}

/** Largest amount at which this lesion is still "clear" (R-TGT-1 node < 10 mm, 0 otherwise); null when no amount is. */
function lastClearAmount(lesion: BaselineLesion, rules: SumRules): number | null {
  if (!rules.isClear(lesion, 0)) return null;
  let low = 0; // clear
  let high = 2 ** 40; // not clear for any plausible lesion
  if (rules.isClear(lesion, high)) return null;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (rules.isClear(lesion, middle)) low = middle;
    else high = middle;
  }
  return low;
}

function withAmount(burden: TargetBurden, index: number, amount: number, current: number): TargetBurden {
  const delta = amount - current;
  return {
    lesions: burden.lesions.map((entry, at) => (at === index ? { lesion: entry.lesion, measured: { kind: 'value', amount } } : entry)),
    sum: burden.sum === null ? null : burden.sum + delta,
    partialSum: burden.partialSum + delta,
    missing: burden.missing,
  };
}

/**
 * The nearest flips of one lesion's variable v (amount = v × factor) upward and downward. The
 * category can only change where the amount crosses a threshold (the last amount before each
 * boundary is listed); PD is monotone in the amount, so its boundary is also pinned exactly when
 * a boundary the list does not know (WHO-3b) comes first.
 */
function lesionFlips(input: MarginInput, target: Movable, factor: number, start: number, current: TargetResponse): Flip[] {
  const sum = input.burden.sum ?? 0;
  const others = sum - target.amount;
  const categoryAt = (value: number): TargetResponse => input.classifyAt(withAmount(input.burden, target.index, value * factor, target.amount));
  const lastBefore = [firstProgressingSum(input.nadirSum ?? 0, input.rules) - others - 1, lastClearAmount(target.lesion, input.rules)];
  const responding = lastRespondingSum(input.baselineSum ?? 0, input.rules);
  if (responding !== null) lastBefore.push(responding - others);
  const values = new Set<number>([0]);
  for (const amount of lastBefore) {
    if (amount === null || amount < 0) continue;
    values.add(Math.floor(amount / factor));
    values.add(Math.floor(amount / factor) + 1);
  }
  const up = [...values].filter((value) => value > start).sort((a, b) => a - b);
  const down = [...values].filter((value) => value < start).sort((a, b) => b - a);
  return [nearest(up, categoryAt, current, start), nearest(down, categoryAt, current, start)].filter((flip): flip is Flip => flip !== null);
}

function nearest(ordered: readonly number[], categoryAt: (value: number) => TargetResponse, current: TargetResponse, start: number): Flip | null {
  for (const value of ordered) {
    const toward = categoryAt(value);
    if (toward === current) continue;
    const exact = toward === 'PD' || current === 'PD' ? pinProgression(categoryAt, start, value, current) : value;
    return { value: exact, change: exact - start, toward: categoryAt(exact) };
  }
  return null;
}

/** PD holds on one side of a single boundary between start and value: find it by bisection (monotone). */
function pinProgression(categoryAt: (value: number) => TargetResponse, start: number, value: number, current: TargetResponse): number {
  const isSide = (at: number) => (categoryAt(at) === 'PD') === (current === 'PD');
  // the common case: the listed boundary is the boundary (no per-lesion clause came first)
  if (isSide(value > start ? value - 1 : value + 1)) return value;
  let inside = start; // same side as the current category
  let outside = value;
  while (Math.abs(outside - inside) > 1) {
    const middle = Math.floor((inside + outside) / 2);
    if (isSide(middle)) inside = middle;
    else outside = middle;
  }
  return outside;
}

function closest(flips: readonly (Flip & { readonly target: Movable })[]): (Flip & { readonly target: Movable }) | null {
  let best: (Flip & { readonly target: Movable }) | null = null;
  for (const flip of flips) {
    const size = Math.abs(flip.change);
    const bestSize = best === null ? Infinity : Math.abs(best.change);
    // a tie goes to the longer caliper: the same millimetres are a smaller share of it
    if (size < bestSize || (best !== null && size === bestSize && flip.target.caliper.lengthHmm > best.target.caliper.lengthHmm)) best = flip;
  }
  return best;
}

const NONE_TEXT: Record<MarginNoneWhy, string> = {
  noTargets: 'no margin: there is no target lesion (non-target disease only)',
  targetNotEvaluable: 'no margin: the target sum is not evaluable, so there is no sum to move (R-NE-1)',
  noMeasuredTarget: 'no margin: no target carries a caliper measurement at this timepoint (disappeared, merged, split or too small to measure values are conventions, not readings)',
  noFlip: 'no margin: no change of one measured target changes the target response',
};

function none(why: MarginNoneWhy, noiseModel: NoiseModelId): TargetMargin {
  return { kind: 'none', why, withinNoise: false, noiseModel, reasons: [{ rule: 'MARGIN-1', text: NONE_TEXT[why] }] };
}

export function targetMargin(input: MarginInput): TargetMargin {
  const { category, burden, noiseModel } = input;
  if (category === 'ND') return none('noTargets', noiseModel);
  if (category === 'NE' || burden.sum === null || input.baselineSum === null || input.nadirSum === null) return none('targetNotEvaluable', noiseModel);
  const targets = movableTargets(input);
  if (targets.length === 0) return none('noMeasuredTarget', noiseModel);
  const sumFlips = targets.flatMap((target) => lesionFlips(input, target, 1, target.amount, category).map((flip) => ({ ...flip, target })));
  const caliperFlips = targets.flatMap((target) =>
    target.caliper.factor === 1 ? [] : lesionFlips(input, target, target.caliper.factor, target.caliper.lengthHmm, category).map((flip) => ({ ...flip, target })),
  );
  const bySum = closest(sumFlips);
  const byCaliper = closest(caliperFlips.length > 0 ? caliperFlips : sumFlips);
  if (bySum === null || byCaliper === null) return none('noFlip', noiseModel);
  return found(input, bySum, byCaliper);
}

function found(input: MarginInput, bySum: Flip, byCaliper: Flip & { readonly target: Movable }): TargetMargin {
  const { unit, noiseModel } = input;
  const sum = input.burden.sum ?? 0;
  const { caliper } = byCaliper.target;
  const limit = noiseLimitHmm(noiseModel, caliper.lengthHmm, byCaliper.change);
  const withinNoise = isWithinNoise(noiseModel, caliper.lengthHmm, byCaliper.change);
  const lesion: LesionMargin = {
    id: byCaliper.target.lesion.id,
    axis: caliper.axis,
    axisMm: caliper.lengthHmm / 100,
    changeMm: byCaliper.change / 100,
    toward: byCaliper.toward,
    noiseLimitMm: limit === null ? null : Math.round(limit) / 100,
  };
  const sumChange = bySum.change / unit.stepsPerUnit;
  const sumChangePct = sum === 0 ? null : divRoundHalfAway(bySum.change * 10_000, sum) / 100;
  const reasons: Reason[] = [
    {
      rule: 'MARGIN-1',
      text: `margin: the target response ${input.category} would become ${bySum.toward} with a sum change of ${signed(sumChange, unit)}${sumChangePct === null ? '' : ` (${sumChangePct > 0 ? '+' : ''}${sumChangePct}% of the sum)`}`,
    },
    {
      rule: 'MARGIN-2',
      text: `${lesion.id} first: its ${AXIS_WORDS[lesion.axis]} ${digits(lesion.axisMm, MM)} mm changed by ${signed(lesion.changeMm, MM)} makes the target response ${lesion.toward}`,
    },
  ];
  if (limit !== null) reasons.push({ rule: 'MARGIN-3', text: noiseText(withinNoise, lesion, noiseModel) });
  return { kind: 'found', sumChange, sumChangePct, toward: bySum.toward, lesion, withinNoise, noiseModel, reasons };
}

const MM: BurdenUnit = { symbol: 'mm', stepsPerUnit: 100 };

const AXIS_WORDS: Record<LesionMargin['axis'], string> = {
  longAxis: 'long axis',
  shortAxis: 'short axis',
  enhancingLongAxis: 'enhancing long axis',
};

const MODEL_WORDS: Record<NoiseModelId, string> = {
  yoon2016: 'Yoon 2016',
  huh2018: 'Huh 2018',
  off: 'no model',
};

/** "+0.01 mm", "-0.0001 mm²": every digit the unit's steps carry, trailing zeros dropped past one decimal. */
function signed(value: number, unit: BurdenUnit): string {
  return `${value < 0 ? '-' : '+'}${digits(Math.abs(value), unit)} ${unit.symbol}`;
}

function digits(value: number, unit: BurdenUnit): string {
  return value.toFixed(unit.stepsPerUnit === 100 ? 2 : 4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '.0');
}

function noiseText(withinNoise: boolean, lesion: LesionMargin, model: NoiseModelId): string {
  const limits = NOISE_MODELS[model];
  const limit = signed((lesion.changeMm < 0 ? -1 : 1) * (lesion.noiseLimitMm ?? 0), MM);
  const basis = limits.kind === 'relative' ? ` (${lesion.changeMm < 0 ? '-' : '+'}${(lesion.changeMm < 0 ? limits.lowerPermille : limits.upperPermille) / 10}% of ${digits(lesion.axisMm, MM)} mm)` : '';
  const where = withinNoise ? 'within measurement noise' : 'outside measurement noise';
  return `${where}: ${signed(lesion.changeMm, MM)} on ${lesion.id} is ${withinNoise ? 'inside' : 'not inside'} the inter-reader limit of agreement ${limit}${basis}, ${MODEL_WORDS[model]}`;
}

/** iRECIST reports the RECIST 1.1 target margin under its own labels (IR-1). */
export function relabelMargin(margin: TargetMargin, label: (category: TargetResponse) => IRecistResponse): TargetMargin {
  if (margin.kind === 'none') return margin;
  const asTarget = (category: TargetResponse | IRecistResponse): IRecistResponse => (isTargetResponse(category) ? label(category) : category);
  return { ...margin, toward: asTarget(margin.toward), lesion: { ...margin.lesion, toward: asTarget(margin.lesion.toward) } };
}

const TARGET_RESPONSES: ReadonlySet<string> = new Set<TargetResponse>(['CR', 'PR', 'SD', 'PD', 'NE']);
const isTargetResponse = (category: TargetResponse | IRecistResponse): category is TargetResponse => TARGET_RESPONSES.has(category);
