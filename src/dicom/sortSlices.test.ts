import { describe, expect, it } from 'vitest';
import type { InstanceMetadata } from './instanceMetadata';
import { readingDirectionOf, sortSlices } from './sortSlices';

const axial = [1, 0, 0, 0, 1, 0];
const axialFlipped = [1, 0, 0, 0, -1, 0]; // normal points to the feet: the order must not follow it
const coronal = [1, 0, 0, 0, 0, -1];
const sagittal = [0, 1, 0, 0, 0, -1];
const obliqueAxial = [1, 0, 0, 0, Math.cos(0.3), -Math.sin(0.3)];

describe('readingDirectionOf (LPS: +x left, +y posterior, +z head)', () => {
  it.each([
    ['axial reads head to feet', axial, [0, 0, -1]],
    ['axial with a feet-pointing normal still reads head to feet', axialFlipped, [0, 0, -1]],
    ['coronal reads anterior to posterior', coronal, [0, 1, 0]],
    ['sagittal reads right to left', sagittal, [1, 0, 0]],
  ])('%s', (_, orientation, expected) => {
    expect(readingDirectionOf(orientation).map((value) => value + 0)).toEqual(expected);
  });

  it('an oblique axial plane reads mostly feet-ward', () => {
    expect(readingDirectionOf(obliqueAxial)[2]).toBeLessThan(-0.9);
  });
});

describe('sortSlices', () => {
  const slice = (orientation: number[] | null, position: [number, number, number] | null, instanceNumber: number) => ({
    metadata: { imageOrientationPatient: orientation, imagePositionPatient: position, instanceNumber } as unknown as InstanceMetadata,
  });

  it('puts the most superior axial slice first, whatever the instance numbers', () => {
    const sorted = sortSlices([slice(axial, [0, 0, -10], 1), slice(axial, [0, 0, 20], 3), slice(axial, [0, 0, 5], 2)]);
    expect(sorted.map((entry) => entry.metadata.imagePositionPatient![2])).toEqual([20, 5, -10]);
  });

  it('falls back to instance numbers when a slice has no geometry', () => {
    const sorted = sortSlices([slice(null, null, 3), slice(axial, [0, 0, 5], 1), slice(null, null, 2)]);
    expect(sorted.map((entry) => entry.metadata.instanceNumber)).toEqual([1, 2, 3]);
  });
});
