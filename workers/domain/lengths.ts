/**
 * One rounding for measured lengths. A caliper measures a length to float precision; the exchange
 * format takes lengths at 0.1 mm resolution (docs/criteria.md#G-2), so the engine assesses the
 * length rounded to 0.1 mm. What the reader sees, the report prints and the CSV exports is that same
 * value: a 12.35 mm lesion is 12.4 mm everywhere, never 12.3 on screen and 12.4 in the verdict.
 *
 * Rounding is half away from zero on the decimal value: the length is first brought back to the
 * decimal it reads as (12 significant digits), so 12.35 — stored as 12.3499999… — rounds up, as it
 * does on paper, while 12.349 rounds down.
 */
export function toTenthMm(lengthMm: number): number {
  const tenths = Number((Math.abs(lengthMm) * 10).toPrecision(12));
  const rounded = (Math.sign(lengthMm) * Math.round(tenths)) / 10;
  return rounded === 0 ? 0 : rounded; // never -0
}

/** A length as shown: the value assessed, with its one decimal ("12.4"). */
export const formatTenthMm = (lengthMm: number): string => toTenthMm(lengthMm).toFixed(1);

/** Long × short axis as shown ("40.0 × 30.1"), each as assessed. */
export const formatAxesMm = (longAxisMm: number, shortAxisMm: number): string => `${formatTenthMm(longAxisMm)} × ${formatTenthMm(shortAxisMm)}`;
