import { describe, expect, it } from 'vitest';
import { namesPortalPhase, proposedDensity } from './proposedDensity';

describe('a click proposes the lesion\'s mean HU only where Choi reads it (M-SEG-6, C-2)', () => {
  it.each([
    { image: { modality: 'CT', densityCalibrated: true, seriesDescription: 'PHANTOM CT PORTAL VENOUS' }, expected: { kind: 'measured', meanHU: 93.4 } },
    { image: { modality: 'CT', densityCalibrated: true, seriesDescription: 'Abdomen 5mm' }, expected: { kind: 'measured', meanHU: 93.4 } },
    { image: { modality: 'CT', densityCalibrated: true, seriesDescription: 'PHANTOM CT ARTERIAL' }, expected: { kind: 'notProposed', reason: 'arterialPhase' } },
    { image: { modality: 'CT', densityCalibrated: true, seriesDescription: 'Leber art. Phase' }, expected: { kind: 'notProposed', reason: 'arterialPhase' } },
    { image: { modality: 'CT', densityCalibrated: true, seriesDescription: 'HAP 2.5mm' }, expected: { kind: 'notProposed', reason: 'arterialPhase' } },
    // words that only contain the letters: not the arterial phase
    { image: { modality: 'CT', densityCalibrated: true, seriesDescription: 'PARTIAL HEART' }, expected: { kind: 'measured', meanHU: 93.4 } },
    { image: { modality: 'CT', densityCalibrated: false, seriesDescription: 'PORTAL' }, expected: { kind: 'notProposed', reason: 'notHounsfield' } },
    { image: { modality: 'MR', densityCalibrated: false, seriesDescription: 'T1 PORTAL' }, expected: { kind: 'notProposed', reason: 'notHounsfield' } },
  ])('$image.modality "$image.seriesDescription" (calibrated: $image.densityCalibrated) → $expected.kind', ({ image, expected }) => {
    expect(proposedDensity(image, 93.4)).toEqual(expected);
  });
});

describe('the series Choi reads, when the click is on the arterial one: named for the portal venous phase', () => {
  it.each([
    ['PHANTOM CT PORTAL VENOUS', true],
    ['Abd PV 3mm', true],
    ['Leber portalvenös', true],
    ['VENOUS PHASE', true],
    ['PHANTOM CT ARTERIAL', false],
    ['Abdomen 5mm', false],
    ['ART + PORTAL fused', false],
  ] as const)('"%s" → %s', (description, expected) => {
    expect(namesPortalPhase(description)).toBe(expected);
  });
});
