/**
 * Values a file may carry but Nadir must not believe: each refusal is named on the image and in the
 * load report, and the image stays viewable, uncalibrated for what was refused. A closed set, each
 * with the sentence the user reads (a code without one fails type-checking).
 */
export type ValueRefusal =
  | { code: 'pixel-spacing'; text: string }
  | { code: 'rescale'; slope: number; intercept: number }
  | { code: 'geometry'; attribute: 'position' | 'orientation' }
  | { code: 'slice-thickness'; text: string };

export const PIXEL_SPACING_RANGE_MM = { min: 0.01, max: 10 } as const;
export const CT_HU_RANGE = { min: -2000, max: 40000 } as const;
/** No real CT stores more than this many HU between its lowest and highest storable value. */
const MAX_HU_SPAN = 200_000;

type MessageOf = { [Code in ValueRefusal['code']]: (refusal: Extract<ValueRefusal, { code: Code }>) => string };

const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

const messages: MessageOf = {
  'pixel-spacing': ({ text }) =>
    `pixel spacing "${shown(text)}" is not a length between ${PIXEL_SPACING_RANGE_MM.min} and ${PIXEL_SPACING_RANGE_MM.max} mm: shown uncalibrated, no measurement in mm`,
  rescale: ({ slope, intercept }) =>
    `rescale slope ${shown(String(slope))} and intercept ${shown(String(intercept))} do not give Hounsfield units between ${CT_HU_RANGE.min} and ${CT_HU_RANGE.max}: shown as stored values, no density in HU`,
  geometry: ({ attribute }) => `image ${attribute} is not a finite, valid value: shown without its place in the patient`,
  'slice-thickness': ({ text }) => `slice thickness "${shown(text)}" is not a plausible length: not shown`,
};

export function describeRefusal(refusal: ValueRefusal): string {
  return (messages[refusal.code] as (refusal: ValueRefusal) => string)(refusal);
}

/** Pixel spacing as a pair of plausible lengths, or null. */
export function plausibleSpacing(values: readonly number[] | null): [number, number] | null {
  if (!values || values.length !== 2) return null;
  const inRange = (value: number) => Number.isFinite(value) && value >= PIXEL_SPACING_RANGE_MM.min && value <= PIXEL_SPACING_RANGE_MM.max;
  return inRange(values[0]!) && inRange(values[1]!) ? [values[0]!, values[1]!] : null;
}

/**
 * Whether a CT's rescale puts its stored values on the Hounsfield scale. Real CTs store padding far
 * below −2000 HU (−3024 is common), so the whole storable range cannot be held to −2000…40000; the
 * rule is that the slope is finite and positive, the range reaches into −2000…40000, and it spans
 * no more than a CT could. Slope 0 with intercept 10¹² (every pixel 999,999,995,904 HU) fails.
 */
export function plausibleCtRescale(slope: number, intercept: number, bitsStored: number, signed: boolean): boolean {
  if (!Number.isFinite(slope) || !Number.isFinite(intercept) || slope <= 0) return false;
  const lowestStored = signed ? -(2 ** (bitsStored - 1)) : 0;
  const highestStored = signed ? 2 ** (bitsStored - 1) - 1 : 2 ** bitsStored - 1;
  const lowestHu = slope * lowestStored + intercept;
  const highestHu = slope * highestStored + intercept;
  return highestHu >= CT_HU_RANGE.min && lowestHu <= CT_HU_RANGE.max && highestHu - lowestHu <= MAX_HU_SPAN;
}

/** A direction cosine pair must be two finite unit vectors (within rounding) at right angles. */
export function plausibleOrientation(values: readonly number[]): boolean {
  if (values.length !== 6 || !values.every(Number.isFinite)) return false;
  const [a, b, c, d, e, f] = values as [number, number, number, number, number, number];
  const unit = (x: number, y: number, z: number) => Math.abs(Math.hypot(x, y, z) - 1) < 0.01;
  return unit(a, b, c) && unit(d, e, f) && Math.abs(a * d + b * e + c * f) < 0.01;
}

/** Positions in mm: finite, and within a kilometre of the origin (no scanner is larger). */
export const plausiblePosition = (values: readonly number[]) => values.length === 3 && values.every((value) => Number.isFinite(value) && Math.abs(value) < 1e6);
