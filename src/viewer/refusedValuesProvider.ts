import { metaData } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import type { ImageIndex } from './imageIndex';

/** Above the image loader's own provider (priority 0 or so): Cornerstone asks this one first. */
const PRIORITY = 10_000;
const IDENTITY_ORIENTATION = [1, 0, 0, 0, 1, 0];

/**
 * What Cornerstone is told about an image whose values Nadir refused (src/dicom/plausibility.ts):
 * no pixel spacing (so it draws in pixels, never "mm" from a 1e308 spacing), a default plane when
 * position or orientation were refused, and an identity rescale when the CT rescale was refused,
 * so that the image stays viewable with its stored values. Other images pass through untouched.
 */
export function registerRefusedValuesProvider(images: ImageIndex): () => void {
  const provider = (type: string, query: unknown): unknown => {
    if ((type !== 'imagePlaneModule' && type !== 'modalityLutModule') || typeof query !== 'string') return undefined;
    const imageId = query;
    const metadata = images.sliceOf(imageId)?.instance.metadata;
    if (!metadata || metadata.refusedValues.length === 0) return undefined;
    if (type === 'modalityLutModule') return metadata.densityCalibrated ? undefined : { rescaleSlope: 1, rescaleIntercept: 0, rescaleType: 'US' };
    const refusesPlane = metadata.refusedValues.some((refusal) => refusal.code === 'pixel-spacing' || refusal.code === 'geometry');
    if (!refusesPlane) return undefined;
    const base = (dicomImageLoader.wadouri.metaData.metaDataProvider(type, imageId) ?? {}) as Record<string, unknown>;
    const orientation = metadata.imageOrientationPatient ?? IDENTITY_ORIENTATION;
    return {
      ...base,
      pixelSpacing: metadata.pixelSpacingMm ?? undefined,
      rowPixelSpacing: metadata.pixelSpacingMm?.[0] ?? null,
      columnPixelSpacing: metadata.pixelSpacingMm?.[1] ?? null,
      imagePositionPatient: metadata.imagePositionPatient ?? [0, 0, 0],
      imageOrientationPatient: orientation,
      rowCosines: orientation.slice(0, 3),
      columnCosines: orientation.slice(3, 6),
      usingDefaultValues: metadata.pixelSpacingMm === null,
    };
  };
  metaData.addProvider(provider, PRIORITY);
  return () => metaData.removeProvider(provider);
}
