/**
 * Exact arithmetic for response thresholds (G-2).
 *
 * Binary floating point misclassifies exact boundaries (92.0 → 64.4 mm is exactly −30 %, but
 * 64.4/92.0 − 1 evaluates to −0.2999999…). So every length is converted once, on input, to an
 * integer count of hundredths of a millimetre, every product to an integer count of 1e-4 mm², and
 * every percentage threshold is tested by cross-multiplication of integers. The largest
 * intermediate (a sum of products × 1000) stays far below 2^53 for any plausible lesion size
 * (15 lesions of 1 m × 1 m would be 1.5e15), so plain `number` integers are exact here.
 *
 * Inputs finer than 0.01 mm are rounded half away from zero to 0.01 mm on input (the exchange
 * format promises 0.1 mm resolution, so this never changes a conforming input).
 */

/** Integer hundredths of a millimetre (0.01 mm). */
export type Hmm = number;
/** Integer hundredths of a Hounsfield unit. */
export type Hhu = number;

/** A change ratio num/den with den > 0, kept as integers so thresholds compare exactly. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

/**
 * Decimal number → integer count of hundredths, exactly for any decimal with ≤ 2 places.
 * Fast path: a decimal with ≤ 2 places times 100 lands within float noise (≪ 1e-6) of an
 * integer. Otherwise the value is de-noised through 15 significant digits (the decimal the
 * JSON text most likely held) and rounded half away from zero.
 */
export function toHundredths(value: number): number {
  return toSteps(value, 100);
}

/** Volumes in mL → integer µL (mm³), the volumetric criteria's exact unit (V-1, QE-1). */
export type Ul = number;
export function toMicrolitres(valueMl: number): Ul {
  return toSteps(valueMl, 1000);
}

function toSteps(value: number, stepsPerUnit: number): number {
  const scaled = value * stepsPerUnit;
  const nearest = Math.round(scaled);
  if (Math.abs(scaled - nearest) < 1e-6) return nearest;
  const denoised = Number(scaled.toPrecision(15));
  return Math.sign(denoised) * Math.round(Math.abs(denoised));
}

/** Relative change of `value` against `reference` (reference must be > 0). */
export function changeRatio(value: number, reference: number): Ratio {
  return { num: value - reference, den: reference };
}

/** ratio × 100 ≥ pct, exactly (pct an integer percentage, e.g. 20 or −30). */
export function pctAtLeast(ratio: Ratio, pct: number): boolean {
  return ratio.num * 100 >= pct * ratio.den;
}

/** ratio × 100 ≤ pct, exactly. */
export function pctAtMost(ratio: Ratio, pct: number): boolean {
  return ratio.num * 100 <= pct * ratio.den;
}

/** Integer division rounded half away from zero (den > 0). */
export function divRoundHalfAway(num: number, den: number): number {
  const magnitude = Math.abs(num);
  let quotient = Math.floor(magnitude / den);
  // The float division can be off by one near an integer; the integer remainder corrects it.
  if (magnitude - quotient * den < 0) quotient -= 1;
  if (magnitude - quotient * den >= den) quotient += 1;
  const remainder = magnitude - quotient * den;
  const rounded = 2 * remainder >= den ? quotient + 1 : quotient;
  return num < 0 ? -rounded : rounded;
}

/** Percentage in integer tenths, rounded half away from zero (G-2: only for reporting, after classification). */
export function pctTenths(ratio: Ratio): number {
  return divRoundHalfAway(ratio.num * 1000, ratio.den);
}

/** Percentage rounded to 0.1, half away from zero (G-2: only for reporting, after classification). */
export function ratioToPct1(ratio: Ratio): number {
  const tenths = pctTenths(ratio);
  // 0 / 10 would be fine, but −0 would serialise as 0 anyway; normalise explicitly.
  return tenths === 0 ? 0 : tenths / 10;
}
