import type { BaselineLesion, LesionEntry, LesionObservation } from '../../domain/model';
import type { IRecistResponse, LesionMargin, MarginNoneWhy, Reason, TargetMargin, TargetResponse } from '../../domain/result';
import { divRoundHalfAway } from '../../domain/exact';
import { isWithinNoise, noiseLimitHmm, NOISE_MODEL_IDS, NOISE_MODELS, type NoiseModelId } from '../../domain/noise';
import type { BurdenUnit } from '../../domain/units';
import type { LesionAmount, TargetBurden } from './burden';
import type { Caliper, LesionMeasure } from './measure';
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
  /** the criterion's measure: its caliper behind each present lesion's amount */
  readonly measure: Pick<LesionMeasure, 'caliper'>;
  readonly rules: SumRules;
  readonly baselineSum: number | null;
  readonly nadirSum: number | null;
  readonly category: TargetResponse | 'ND';
  readonly noiseModel: NoiseModelId;
  /** an earlier timepoint had overall CR: any target disease again is PD (R-REAP-1) */
  readonly afterOverallCR: boolean;
  /** a PD clause beyond the sum thresholds may apply (WHO-3b, whoProgressionMode "anyLesion"): search each lesion on its own */
  readonly hiddenProgression: boolean;
  readonly reclassifier: Reclassifier;
}

/** The criterion's classifier on a burden in which one lesion has a hypothetical amount. */
export interface Reclassifier {
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

/** disappeared, merged and too-small values are conventions (R-MEAS-2/3/5), not caliper readings */
const isCaliperReading = (status: LesionEntry['status']): boolean => status === 'present' || status === 'unequivocalProgression';

function movableTargets(input: MarginInput): Movable[] {
  const movable: Movable[] = [];
  const { lesions } = input.burden;
  for (let index = 0; index < lesions.length; index += 1) {
    const { lesion, measured } = lesions[index]!;
    const observation = input.observations[index];
    if (observation?.kind !== 'entry' || measured.kind !== 'value' || !isCaliperReading(observation.entry.status)) continue;
    const caliper = input.measure.caliper(observation.entry);
    if (caliper !== null && caliper.lengthHmm * caliper.factor === measured.amount) movable.push({ index, lesion, amount: measured.amount, caliper });
  }
  return movable;
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
  // isClear is monotone: double until it fails, then bisect
  let low = 0;
  let high = 1;
  while (rules.isClear(lesion, high)) {
    low = high;
    high *= 2;
    if (high > 2 ** 40) return null; // clear at any plausible size: no boundary
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (rules.isClear(lesion, middle)) low = middle;
    else high = middle;
  }
  return low;
}

function withAmount(burden: TargetBurden, index: number, amount: number, current: number): TargetBurden {
  const delta = amount - current;
  const lesions = burden.lesions.slice();
  lesions[index] = { lesion: burden.lesions[index]!.lesion, measured: { kind: 'value', amount } };
  return {
    lesions,
    sum: burden.sum === null ? null : burden.sum + delta,
    partialSum: burden.partialSum + delta,
    missing: burden.missing,
  };
}

/** One lesion's variable v (amount = v × factor): its current value and the classifier at another. */
interface Axis {
  readonly target: Movable;
  readonly factor: number;
  readonly start: number;
  /** the last clear amount when it is a boundary here (normalLimitsThatCount), else null */
  readonly normalLimit: number | null;
}

/** A value of one lesion's variable where the category may first differ. */
interface Candidate {
  readonly axis: Axis;
  readonly value: number;
  readonly change: number;
}

type FlipOf = Flip & { readonly target: Movable };

function categoryAt(input: MarginInput, axis: Axis, value: number): TargetResponse {
  return input.reclassifier.classifyAt(withAmount(input.burden, axis.target.index, value * axis.factor, axis.target.amount));
}

/**
 * The category can only change where the lesion's amount crosses a boundary: the PD sum against the
 * nadir, the PR sum against the baseline, the lesion's own normal limit. For each boundary (the last
 * amount X before it) the first value past it is floor(X / factor) + 1 going up, floor(X / factor)
 * going down; only those are candidates.
 */
function candidates(input: MarginInput, bounds: SumBounds, axis: Axis, into: Candidate[]): void {
  const others = (input.burden.sum ?? 0) - axis.target.amount;
  const first = into.length;
  addCandidate(axis, bounds.firstProgressing - others - 1, into, first);
  addCandidate(axis, axis.normalLimit, into, first);
  addCandidate(axis, bounds.lastResponding === null ? null : bounds.lastResponding - others, into, first);
}

/** The first value past one boundary, unless this axis already has it (from `first` on in `into`). */
function addCandidate(axis: Axis, lastBefore: number | null, into: Candidate[], first: number): void {
  if (lastBefore === null || lastBefore < 0) return;
  const { factor, start } = axis;
  const below = Math.floor(lastBefore / factor);
  // never both sides: that would need below < start < below + 1, and start is an integer
  const value = below + 1 > start ? below + 1 : below < start ? below : null;
  if (value === null) return;
  for (let index = first; index < into.length; index += 1) if (into[index]!.value === value) return;
  into.push({ axis, value, change: value - start });
}

/** The sum boundaries of this timepoint (the same for every lesion). */
interface SumBounds {
  readonly firstProgressing: number;
  readonly lastResponding: number | null;
}

/**
 * A lesion's normal limit (R-TGT-1) decides a category only when crossing it can end or make a CR
 * (every other target is clear, or this is a CR) or after an overall CR (R-REAP-1); otherwise it is
 * no boundary and is not tried, which spares a re-run of the classifier per lesion.
 */
function normalLimitsThatCount(input: MarginInput, targets: readonly Movable[]): (number | null)[] {
  const { lesions } = input.burden;
  let unclear = 0;
  for (const entry of lesions) if (!isClearAmount(entry, input.rules)) unclear += 1;
  const limits: (number | null)[] = [];
  for (const target of targets) {
    const othersClear = unclear - (isClearAmount(lesions[target.index]!, input.rules) ? 0 : 1) === 0;
    limits.push(othersClear || input.category === 'CR' || input.afterOverallCR ? lastClearAmount(target.lesion, input.rules) : null);
  }
  return limits;
}

function isClearAmount(entry: LesionAmount, rules: SumRules): boolean {
  return entry.measured.kind === 'value' && rules.isClear(entry.lesion, entry.measured.amount);
}

/** Nearest first; a tie goes to the longer caliper, for which the same millimetres are a smaller share. */
const byNearness = (a: Candidate, b: Candidate) => Math.abs(a.change) - Math.abs(b.change) || b.axis.target.caliper.lengthHmm - a.axis.target.caliper.lengthHmm;

/**
 * The nearest flip over all lesions: the candidates are every boundary, so the first one (nearest
 * first) whose category differs is the nearest change. With a per-lesion progression clause
 * (WHO-3b) a boundary the list does not name can come first; then every lesion is searched on its
 * own and PD, monotone in a lesion's size, is pinned by bisection.
 */
function nearestFlip(input: MarginInput, axes: readonly Axis[], current: TargetResponse, hiddenProgression: boolean): FlipOf | null {
  const bounds: SumBounds = { firstProgressing: firstProgressingSum(input.nadirSum ?? 0, input.rules), lastResponding: lastRespondingSum(input.baselineSum ?? 0, input.rules) };
  if (hiddenProgression) {
    const flips: FlipOf[] = [];
    for (const axis of axes) {
      const list: Candidate[] = [];
      candidates(input, bounds, axis, list);
      const flip = firstFlip(input, list, current, true);
      if (flip !== null) flips.push(flip);
    }
    return closest(flips);
  }
  const all: Candidate[] = [];
  for (const axis of axes) candidates(input, bounds, axis, all);
  return firstFlip(input, all, current, false);
}

function firstFlip(input: MarginInput, list: readonly Candidate[], current: TargetResponse, pin: boolean): FlipOf | null {
  // nearest first, by repeated selection: the first candidate usually flips, so a full sort is wasted
  const left = list.slice();
  while (left.length > 0) {
    let at = 0;
    for (let index = 1; index < left.length; index += 1) if (byNearness(left[index]!, left[at]!) < 0) at = index;
    const candidate = left[at]!;
    left.splice(at, 1);
    const toward = categoryAt(input, candidate.axis, candidate.value);
    if (toward === current) continue;
    const { axis } = candidate;
    const value = pin && (toward === 'PD' || current === 'PD') ? pinProgression(input, axis, candidate.value, current) : candidate.value;
    return { value, change: value - axis.start, toward: value === candidate.value ? toward : categoryAt(input, axis, value), target: axis.target };
  }
  return null;
}

/** PD holds on one side of a single boundary between the start and value: find it by bisection (monotone). */
function pinProgression(input: MarginInput, axis: Axis, value: number, current: TargetResponse): number {
  if (onCurrentSide(input, axis, value > axis.start ? value - 1 : value + 1, current)) return value;
  let inside = axis.start; // same side as the current category
  let outside = value;
  while (Math.abs(outside - inside) > 1) {
    const middle = Math.floor((inside + outside) / 2);
    if (onCurrentSide(input, axis, middle, current)) inside = middle;
    else outside = middle;
  }
  return outside;
}

/** PD at this value exactly when the current category is PD. */
function onCurrentSide(input: MarginInput, axis: Axis, value: number, current: TargetResponse): boolean {
  return (categoryAt(input, axis, value) === 'PD') === (current === 'PD');
}

function closest(flips: readonly FlipOf[]): FlipOf | null {
  let best: FlipOf | null = null;
  for (const flip of flips) {
    const size = Math.abs(flip.change);
    const bestSize = best === null ? Infinity : Math.abs(best.change);
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
  const limits = normalLimitsThatCount(input, targets);
  const bySum = nearestFlip(input, axesOf(targets, limits, 'amount'), category, input.hiddenProgression);
  // diameters: the amount is the caliper length; products: the long axis moves, the perpendicular stays
  const isProduct = targets.some((target) => target.caliper.factor !== 1);
  const byCaliper = isProduct ? nearestFlip(input, axesOf(targets, limits, 'caliper'), category, input.hiddenProgression) : bySum;
  if (bySum === null || byCaliper === null) return none('noFlip', noiseModel);
  return found(input, bySum, byCaliper);
}

/** Each target's variable: its amount (factor 1), or its caliper length (amount = length × factor). */
function axesOf(targets: readonly Movable[], normalLimits: readonly (number | null)[], variable: 'amount' | 'caliper'): Axis[] {
  const axes: Axis[] = [];
  for (let index = 0; index < targets.length; index += 1) {
    const target = targets[index]!;
    const normalLimit = normalLimits[index] ?? null;
    axes.push(variable === 'amount' ? { target, factor: 1, start: target.amount, normalLimit } : { target, factor: target.caliper.factor, start: target.caliper.lengthHmm, normalLimit });
  }
  return axes;
}

function found(input: MarginInput, bySum: Flip, byCaliper: Flip & { readonly target: Movable }): TargetMargin {
  const { unit, noiseModel } = input;
  const sum = input.burden.sum ?? 0;
  const { caliper } = byCaliper.target;
  const limit = noiseLimitHmm(noiseModel, caliper.lengthHmm, byCaliper.change);
  const withinNoise = isWithinNoise(noiseModel, caliper.lengthHmm, byCaliper.change);
  const lesion: LesionMargin = {
    id: byCaliper.target.lesion.id,
    name: byCaliper.target.lesion.name,
    axis: caliper.axis,
    axisMm: caliper.lengthHmm / 100,
    changeMm: byCaliper.change / 100,
    toward: byCaliper.toward,
    noiseLimitMm: limit === null ? null : Math.round(limit) / 100,
  };
  const sumChange = bySum.change / unit.stepsPerUnit;
  const sumChangeHundredthsPct = sum === 0 ? null : divRoundHalfAway(bySum.change * 10_000, sum);
  const sumChangePct = sumChangeHundredthsPct === null ? null : sumChangeHundredthsPct / 100;
  const reasons: Reason[] = [
    {
      rule: 'MARGIN-1',
      text: `margin: the target response ${input.category} would become ${bySum.toward} with a sum change of ${signed(sumChange, unit)}${sumChangeHundredthsPct === null ? '' : ` (${sumChangeHundredthsPct > 0 ? '+' : ''}${hundredthsText(sumChangeHundredthsPct)}% of the sum)`}`,
    },
    {
      rule: 'MARGIN-2',
      text: `${lesion.name} first: its ${AXIS_WORDS[lesion.axis]} ${digits(lesion.axisMm, MM)} mm changed by ${signed(lesion.changeMm, MM)} makes the target response ${lesion.toward}`,
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

/** A non-negative value in steps of the unit: every digit the steps carry, trailing zeros dropped past one decimal (integer arithmetic: cheap and exact). */
function digits(value: number, unit: BurdenUnit): string {
  const steps = Math.round(value * unit.stepsPerUnit);
  const places = unit.stepsPerUnit === 100 ? 2 : 4;
  let fraction = String(steps % unit.stepsPerUnit).padStart(places, '0');
  while (fraction.length > 1 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${Math.floor(steps / unit.stepsPerUnit)}.${fraction}`;
}

/**
 * The number h / 100 as JavaScript writes it (shortest form: "5", "-18.7", "0.05"), from the integer h:
 * the same text as `${h / 100}` without the float-to-text conversion, which is slow.
 */
function hundredthsText(hundredths: number): string {
  const size = Math.abs(hundredths);
  const whole = Math.floor(size / 100);
  const cents = size % 100;
  const sign = hundredths < 0 ? '-' : '';
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${cents % 10 === 0 ? cents / 10 : cents < 10 ? `0${cents}` : cents}`;
}

/** MARGIN-3's relative limits as written in the sentence, per model and direction ("-22.1%"), computed once. */
const RELATIVE_LIMIT_TEXT: Partial<Record<NoiseModelId, { readonly lower: string; readonly upper: string }>> = Object.fromEntries(
  NOISE_MODEL_IDS.flatMap((id) => {
    const limits = NOISE_MODELS[id];
    return limits.kind === 'relative' ? [[id, { lower: `-${limits.lowerPermille / 10}%`, upper: `+${limits.upperPermille / 10}%` }]] : [];
  }),
);

function noiseText(withinNoise: boolean, lesion: LesionMargin, model: NoiseModelId): string {
  const relative = RELATIVE_LIMIT_TEXT[model];
  const limit = signed((lesion.changeMm < 0 ? -1 : 1) * (lesion.noiseLimitMm ?? 0), MM);
  const basis = relative === undefined ? '' : ` (${lesion.changeMm < 0 ? relative.lower : relative.upper} of ${digits(lesion.axisMm, MM)} mm)`;
  const where = withinNoise ? 'within measurement noise' : 'outside measurement noise';
  return `${where}: ${signed(lesion.changeMm, MM)} on ${lesion.name} is ${withinNoise ? 'inside' : 'not inside'} the inter-reader limit of agreement ${limit}${basis}, ${MODEL_WORDS[model]}`;
}

/** iRECIST reports the RECIST 1.1 target margin under its own labels (IR-1). */
export function relabelMargin(margin: TargetMargin, label: (category: TargetResponse) => IRecistResponse): TargetMargin {
  if (margin.kind === 'none') return margin;
  return { ...margin, toward: relabel(margin.toward, label), lesion: { ...margin.lesion, toward: relabel(margin.lesion.toward, label) } };
}

function relabel(category: TargetResponse | IRecistResponse, label: (category: TargetResponse) => IRecistResponse): IRecistResponse {
  return isTargetResponse(category) ? label(category) : category;
}

const TARGET_RESPONSES: ReadonlySet<string> = new Set<TargetResponse>(['CR', 'PR', 'SD', 'PD', 'NE']);
const isTargetResponse = (category: TargetResponse | IRecistResponse): category is TargetResponse => TARGET_RESPONSES.has(category);
