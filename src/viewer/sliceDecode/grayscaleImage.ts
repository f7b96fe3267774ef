import { canRenderFloatTextures, Enums, metaData, utilities, type Types } from '@cornerstonejs/core';
import loaderApi from '@cornerstonejs/dicom-image-loader/imageLoader';
import type { DecodedFrame, DecodeOptions, FrameToDecode } from './protocol';

/**
 * The image loader's createImage, grayscale single-frame part, split in two around the decoding:
 * what the decoder is told (from the slice's metadata, exactly as createImage asks it), and the
 * image Cornerstone caches (the fields createImage sets). Kept in step with
 * @cornerstonejs/dicom-image-loader 5.14's imageLoader/createImage.js; colour, palettes and
 * multi-frame images never come here (./sliceFile.ts sends them the loader's own way).
 */
export function decodeRequestFor(imageId: string): { frame: FrameToDecode; options: DecodeOptions; decodeConfig: unknown } {
  const frame: Record<string, unknown> = { ...loaderApi.getImageFrame(imageId) };
  // what cannot cross to a worker (createImage drops the same)
  for (const key of Object.keys(frame)) if (typeof frame[key] === 'function' || frame[key] instanceof Promise) delete frame[key];
  const scalingParameters = loaderApi.getScalingParameters(metaData, imageId) as Record<string, unknown> | undefined;
  const options: DecodeOptions = {
    preScale: scalingParameters ? { enabled: true, scalingParameters } : { enabled: false },
    allowFloatRendering: canRenderFloatTextures(),
  };
  const { decodeConfig, wasmBasePath = utilities.getWasmBasePath() } = loaderApi.internal.getOptions() as { decodeConfig?: Record<string, unknown>; wasmBasePath?: string };
  return { frame: frame as FrameToDecode, options, decodeConfig: wasmBasePath === undefined ? decodeConfig : { ...decodeConfig, wasmBasePath } };
}

interface Modules {
  plane: Partial<Types.ImagePlaneModule>;
  voiLut: { windowCenter?: number[]; windowWidth?: number[]; voiLUTFunction?: string[]; voiLutFunction?: string; voiLUTSequence?: unknown[] };
  modalityLut: { rescaleIntercept?: number; rescaleSlope?: number; modalityLUTSequence?: unknown[] };
  sopCommon: { sopClassUID?: string };
  calibration: Record<string, unknown>;
}

function modulesOf(imageId: string): Modules {
  const { MetadataModules } = Enums;
  const get = <T>(module: string) => (metaData.get(module, imageId) ?? {}) as T;
  return {
    plane: get(MetadataModules.IMAGE_PLANE),
    voiLut: get(MetadataModules.VOI_LUT),
    modalityLut: get(MetadataModules.MODALITY_LUT),
    sopCommon: get(MetadataModules.SOP_COMMON),
    calibration: get(MetadataModules.CALIBRATION),
  };
}

/** The decoded frame as the image Cornerstone caches: the fields createImage gives a grayscale image. */
export function grayscaleImage(imageId: string, decoded: DecodedFrame): Types.IImage {
  // No setPixelDataType pass: the decoder's post-processing already chose the type by the same rule
  // (getPixelDataTypeFromMinMax) from the same smallest and largest values; createImage's pass only copies.
  const frame = { ...decoded };
  const { plane, voiLut, modalityLut, sopCommon, calibration } = modulesOf(imageId);
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ scalarData: frame.pixelData, width: frame.columns, height: frame.rows, numberOfComponents: 1 });
  const image = {
    imageId,
    dataType: frame.pixelData.constructor.name,
    color: false,
    calibration,
    columnPixelSpacing: plane.columnPixelSpacing,
    columns: frame.columns,
    height: frame.rows,
    preScale: frame.preScale,
    intercept: modalityLut.rescaleIntercept ? modalityLut.rescaleIntercept : 0,
    slope: modalityLut.rescaleSlope ? modalityLut.rescaleSlope : 1,
    invert: frame.photometricInterpretation === 'MONOCHROME1',
    minPixelValue: frame.smallestPixelValue,
    maxPixelValue: frame.largestPixelValue,
    rowPixelSpacing: plane.rowPixelSpacing,
    rows: frame.rows,
    sizeInBytes: frame.pixelData.byteLength,
    width: frame.columns,
    windowCenter: voiLut.windowCenter ? voiLut.windowCenter[0] : undefined,
    windowWidth: voiLut.windowWidth ? voiLut.windowWidth[0] : undefined,
    voiLUTFunction: (voiLut.voiLUTFunction?.length && voiLut.voiLUTFunction[0]) || voiLut.voiLutFunction || undefined,
    decodeTimeInMS: frame.decodeTimeInMS,
    floatPixelData: undefined,
    imageFrame: frame,
    voxelManager,
    rgba: false,
    getPixelData: () => frame.pixelData,
    getCanvas: undefined,
    numberOfComponents: 1,
    modalityLUT: modalityLut.modalityLUTSequence?.length && loaderApi.isModalityLUTForDisplay(sopCommon.sopClassUID ?? '') ? modalityLut.modalityLUTSequence[0] : undefined,
    voiLUT: voiLut.voiLUTSequence?.length ? voiLut.voiLUTSequence[0] : undefined,
  };
  if (image.windowCenter === undefined || image.windowWidth === undefined) {
    const windowLevel = utilities.windowLevel.toWindowLevel(frame.smallestPixelValue, frame.largestPixelValue);
    image.windowWidth = windowLevel.windowWidth;
    image.windowCenter = windowLevel.windowCenter;
  }
  return image as unknown as Types.IImage;
}
