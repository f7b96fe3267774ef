import { metaData, type Types } from '@cornerstonejs/core';
import type { Slice } from '../state/studyModel';
import type { Point3 } from '../../workers/read/model';
import type { ImagePlane } from './keyImageGeometry';

/** What the report's key images and the density ROI read from a decoded image. */

const triple = (value: ArrayLike<number>): Point3 => [value[0] ?? 0, value[1] ?? 0, value[2] ?? 0];

/** The plane Cornerstone placed the image on (per frame for multi-frame images); the header's as a fallback. */
export function planeOf(imageId: string, slice: Slice): ImagePlane | null {
  const module = metaData.get('imagePlaneModule', imageId) as Types.ImagePlaneModule | undefined;
  const header = slice.instance.metadata;
  if (!header.pixelSpacingMm) return null;
  const position = module?.imagePositionPatient ?? header.imagePositionPatient;
  const orientation = module?.imageOrientationPatient ?? header.imageOrientationPatient;
  if (!position || !orientation || orientation.length < 6) return null;
  return {
    origin: triple(position),
    rowCosines: triple([orientation[0]!, orientation[1]!, orientation[2]!]),
    columnCosines: triple([orientation[3]!, orientation[4]!, orientation[5]!]),
    columnSpacingMm: module?.columnPixelSpacing ?? header.pixelSpacingMm[1],
    rowSpacingMm: module?.rowPixelSpacing ?? header.pixelSpacingMm[0],
    rows: header.rows,
    columns: header.columns,
  };
}


/**
 * The stored values of a greyscale image as modality values (HU for CT): Cornerstone may have applied
 * the rescale already while decoding (preScale), or not. Null for colour images.
 */
export function modalityValueAt(image: Types.IImage): ((index: number) => number) | null {
  if (image.color) return null;
  const pixels = image.getPixelData();
  if (image.preScale?.scaled === true) return (index) => pixels[index]!;
  return (index) => pixels[index]! * image.slope + image.intercept;
}
