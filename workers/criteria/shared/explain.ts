import { changeRatio, ratioToPct1 } from '../../domain/exact';
import type { BurdenUnit } from '../../domain/units';
import { formatAmount, formatDelta, formatPct } from '../../domain/units';
import type { DecreaseRule, IncreaseRule } from './thresholds';

/** Sentences for `reasons`: numbers first, threshold in brackets, so a reader can check them. */

/** "+21.3% over nadir 47.0 mm" or "+5.0 mm over nadir 0.0 mm (no percentage at a nadir of 0, G-3)" */
export function versusReference(unit: BurdenUnit, amount: number, reference: number, referenceName: string): string {
  const ref = `${referenceName} ${formatAmount(unit, reference)}`;
  if (reference === 0) return `${formatDelta(unit, amount - reference)} over ${ref} (no percentage at 0, G-3)`;
  return `${formatPct(changeRatio(amount, reference))} (${formatDelta(unit, amount - reference)}) vs ${ref}`;
}

export function increaseThreshold(unit: BurdenUnit, rule: IncreaseRule): string {
  const absolute = rule.minAbsolute > 0 ? ` and >= +${formatAmount(unit, rule.minAbsolute)}` : '';
  return `>= +${rule.pct}%${absolute}`;
}

export function decreaseThreshold(rule: DecreaseRule): string {
  return `<= ${rule.pct}%`;
}

/** Extra words when display rounding would suggest the opposite verdict (G-2: −29.96 % shows as −30.0 %). */
export function roundingNote(amount: number, reference: number, thresholdPct: number): string {
  if (reference <= 0) return '';
  const ratio = changeRatio(amount, reference);
  const exactlyAtThreshold = ratio.num * 100 === thresholdPct * ratio.den;
  const shown = ratioToPct1(ratio);
  return shown === thresholdPct && !exactlyAtThreshold ? ' (the exact change does not reach the threshold; only the display rounds to it)' : '';
}

export function pctOrNull(amount: number | null, reference: number | null): number | null {
  if (amount === null || reference === null || reference <= 0) return null;
  return ratioToPct1(changeRatio(amount, reference));
}
