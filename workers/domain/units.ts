import { divRoundHalfAway, pctTenths, type Ratio } from './exact';

/**
 * The unit of a criterion's tumour burden. Amounts are integers: hundredths of a mm for
 * diameters (RECIST 1.1, mRECIST, Choi, iRECIST), 1e-4 mm² for products (WHO, EASL), µL (mm³)
 * for volumes (vRECIST, qEASL).
 */
export interface BurdenUnit {
  readonly symbol: 'mm' | 'mm²' | 'mL';
  /** integer steps per mm (100), per mm² (10 000) or per mL (1 000) */
  readonly stepsPerUnit: number;
}

export const DIAMETER_UNIT: BurdenUnit = { symbol: 'mm', stepsPerUnit: 100 };
export const PRODUCT_UNIT: BurdenUnit = { symbol: 'mm²', stepsPerUnit: 10_000 };
export const VOLUME_UNIT: BurdenUnit = { symbol: 'mL', stepsPerUnit: 1000 };

/** Amount → reported number at 0.01 resolution (G-2), half away from zero. */
export function reportAmount(unit: BurdenUnit, amount: number): number {
  const hundredths = divRoundHalfAway(amount, unit.stepsPerUnit / 100);
  return hundredths / 100;
}

/** Amount → text such as "57.0 mm" or "640.25 mm²": one decimal unless the second one matters. */
export function formatAmount(unit: BurdenUnit, amount: number): string {
  return `${formatNumber(reportAmount(unit, amount))} ${unit.symbol}`;
}

/** A signed amount difference, e.g. "+10.0 mm". */
export function formatDelta(unit: BurdenUnit, amount: number): string {
  const text = formatAmount(unit, Math.abs(amount));
  return amount < 0 ? `-${text}` : `+${text}`;
}

/**
 * A signed percentage from an exact ratio, rounded for display only, e.g. "+21.3%". Written from the
 * integer tenths of ratioToPct1 (what toFixed(1) of its value gives, at half the cost: reasons hold many).
 */
export function formatPct(ratio: Ratio): string {
  const tenths = pctTenths(ratio);
  const size = Math.abs(tenths);
  return `${tenths < 0 ? '-' : '+'}${Math.floor(size / 10)}.${size % 10}%`;
}

/** A non-negative value at 0.01 resolution as text: one decimal unless the second one matters. */
function formatNumber(value: number): string {
  const hundredths = Math.round(value * 100);
  const whole = Math.floor(hundredths / 100);
  const cents = hundredths - whole * 100;
  if (cents % 10 === 0) return `${whole}.${cents / 10}`;
  return `${whole}.${cents < 10 ? '0' : ''}${cents}`;
}
