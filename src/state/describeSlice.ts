import { describeRefusal } from '../dicom/plausibility';
import { slicePositionMm } from '../dicom/sortSlices';
import type { ImageSeries } from './studyModel';

/** The text a radiologist reads in the viewport corner for one slice. */
export function describeSlice(series: ImageSeries, sliceIndex: number): { position: string; thickness: string; refused: string[] } {
  const metadata = series.slices[sliceIndex]?.instance.metadata;
  const positionMm = metadata ? slicePositionMm(metadata) : null;
  return {
    position: positionMm === null ? 'position unknown' : `${positionMm.toFixed(1)} mm`,
    thickness: metadata?.sliceThicknessMm ? `${metadata.sliceThicknessMm.toFixed(1)} mm` : '',
    refused: (metadata?.refusedValues ?? []).map(describeRefusal),
  };
}
