import { describe, expect, it } from 'vitest';
import { directionLetters, orientationMarkers, scaleBar } from './orientationMarkers';

describe('orientationMarkers (from ImageOrientationPatient)', () => {
  it.each([
    ['axial: patient right on the viewer left, anterior at the top', [1, 0, 0, 0, 1, 0], { top: 'A', right: 'L', bottom: 'P', left: 'R' }],
    ['coronal: head at the top', [1, 0, 0, 0, 0, -1], { top: 'H', right: 'L', bottom: 'F', left: 'R' }],
    ['sagittal: anterior on the left, head at the top', [0, 1, 0, 0, 0, -1], { top: 'H', right: 'P', bottom: 'F', left: 'A' }],
    ['axial flipped left-right', [-1, 0, 0, 0, 1, 0], { top: 'A', right: 'R', bottom: 'P', left: 'L' }],
  ])('%s', (_, orientation, expected) => {
    expect(orientationMarkers(orientation)).toEqual(expected);
  });

  it('names an oblique direction by its strongest axes first', () => {
    expect(directionLetters([0.8, -0.6, 0])).toBe('LA');
    expect(directionLetters([0.1, 0, -0.99])).toBe('F');
  });

  it('gives no markers for a malformed orientation', () => {
    expect(orientationMarkers([1, 0, 0])).toBeNull();
    expect(orientationMarkers([1, 0, 0, 0, Number.NaN, 0])).toBeNull();
  });
});

describe('scaleBar', () => {
  it.each([
    [0.5, 120, 50, 100], // 0.5 mm per px: 50 mm is 100 px, 100 mm would be 200 px
    [0.78125, 100, 50, 64],
    [0.1, 120, 10, 100],
  ])('%f mm/px within %i px: %i mm', (mmPerPx, maximumPx, lengthMm, lengthPx) => {
    expect(scaleBar(mmPerPx, maximumPx)).toEqual({ lengthMm, lengthPx });
  });

  it('shows no bar without calibration or room', () => {
    expect(scaleBar(null, 100)).toBeNull();
    expect(scaleBar(5, 0.1)).toBeNull();
  });
});
