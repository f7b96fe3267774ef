import { describe, expect, it } from 'vitest';
import { formatAxesMm, formatTenthMm, toTenthMm } from './lengths';

describe('one rounding of measured lengths (G-2: 0.1 mm, half away from zero)', () => {
  it.each([
    ['a 12.35 mm lesion is 12.4 (toFixed would say 12.3)', 12.35, 12.4],
    ['12.349 mm stays below the half', 12.349, 12.3],
    ['12.25 mm rounds away from zero', 12.25, 12.3],
    ['0.05 mm is 0.1', 0.05, 0.1],
    ['1.45 mm (1.4499999… in binary) is 1.5', 1.45, 1.5],
    ['a value already at 0.1 mm is unchanged', 64.4, 64.4],
    ['0 is 0, not −0', -0.01, 0],
  ])('%s', (_name, lengthMm, expected) => {
    expect(Object.is(toTenthMm(lengthMm), expected)).toBe(true);
  });

  it('shows the value it assesses', () => {
    for (const lengthMm of [12.35, 1.45, 2.675, 40.05, 99.95]) expect(Number(formatTenthMm(lengthMm))).toBe(toTenthMm(lengthMm));
    expect(formatTenthMm(12.35)).toBe('12.4');
    expect(formatAxesMm(12.35, 8)).toBe('12.4 × 8.0');
  });
});
