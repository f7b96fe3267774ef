/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import type { PixelPoint, SliceImage } from './image';
import { segmentLesion, type SegmentOptions, type SegmentResult } from './segment';
import { segmentVolume, type VolumeEstimate } from './volume';

/** Click-to-measure off the main thread: a click's 100–200 ms of segmentation never stalls the viewer. */
export const measureApi = {
  segment(image: SliceImage, seed: PixelPoint, options: SegmentOptions): SegmentResult {
    return segmentLesion(image, seed, options);
  },
  /** M-SEG-5: the clicked lesion followed from its slice outward, its whole and enhancing volume. */
  volume(slices: SliceImage[], sliceSpacingMm: number, index: number, seed: PixelPoint, options: SegmentOptions): VolumeEstimate | null {
    return segmentVolume(slices, sliceSpacingMm, index, seed, options);
  },
};
export type MeasureApi = typeof measureApi;

Comlink.expose(measureApi, self);
