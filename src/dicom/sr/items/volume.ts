import type { LesionVolume } from '../../../../workers/read/model';
import { CODES } from '../codes';
import { find, numItem, numValueOf } from '../contentItem';
import type { Dataset } from '../dcmjsFacade';

/**
 * A lesion's segmented volume (V-1, QE-1) as three NUMs, written and read here: the whole volume
 * (SCT Volume, mL), the viable volume and the slices it spans (private codes, ../README.md).
 */

export function writeVolume(volume: LesionVolume): Dataset[] {
  return [
    numItem(CODES.volume, volume.volumeMl, CODES.millilitre, []),
    numItem(CODES.viableVolume, volume.enhancingVolumeMl, CODES.millilitre, []),
    numItem(CODES.segmentedSlices, volume.sliceCount, CODES.sliceCountUnit, []),
  ];
}

/** The volume when all three of its values were written; ../srChecks.ts names a partial or implausible one. */
export function readVolume(nums: Dataset[]): LesionVolume | null {
  const volumeMl = numValueOf(find(nums, CODES.volume));
  const enhancingVolumeMl = numValueOf(find(nums, CODES.viableVolume));
  const sliceCount = numValueOf(find(nums, CODES.segmentedSlices));
  return volumeMl === null || enhancingVolumeMl === null || sliceCount === null ? null : { volumeMl, enhancingVolumeMl, sliceCount };
}
