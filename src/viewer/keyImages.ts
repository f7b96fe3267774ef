import { imageLoader, type Types } from '@cornerstonejs/core';
import type { ImageSeries, Slice, Study } from '../state/studyModel';
import type { Point3 } from '../../workers/read/model';
import type { CornerstoneRuntime } from './cornerstoneRuntime';
import { cropAround, distanceFromPlaneMm, patientToPixel, pixelToOutput, renderCrop, type Crop, type ImagePlane, type VoiWindowValues } from './keyImageGeometry';
import { modalityValueAt, planeOf } from './imagePixels';
import { windowPresets } from './presets';

/** The same colours as the reading viewports' calipers (measurementLayer.ts). */
export const CALIPER_COLOURS = { whole: 'rgb(80, 200, 255)', enhancing: 'rgb(255, 150, 40)' } as const;

export interface KeyImageCaliper {
  part: 'whole' | 'enhancing';
  longAxis: readonly [Point3, Point3];
  shortAxis: readonly [Point3, Point3];
  longAxisMm: number;
}

/** One image of a lesion at a timepoint, with every caliper drawn on it. */
export interface KeyImageRequest {
  lesionLabel: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameNumber: number | null;
  calipers: readonly KeyImageCaliper[];
}

export type KeyImageRendering =
  | { kind: 'rendered'; url: string; sizePx: number; sideMm: number }
  /** a reason a person understands: the image is not loaded, could not be decoded, ... */
  | { kind: 'unavailable'; reason: string };

export type KeyImageRenderer = (request: KeyImageRequest) => Promise<KeyImageRendering>;

/** Output side in pixels: about 2× the printed size, so that paper shows no blur. */
const OUTPUT_SIZE = 360;
/** A caliper further than this from the image plane was not drawn on this image. */
const PLANE_TOLERANCE_MM = 1;

function findSlice(studies: readonly Study[], request: KeyImageRequest): { series: ImageSeries; index: number } | null {
  for (const study of studies) {
    for (const series of study.imageSeries) {
      if (series.seriesInstanceUid !== request.seriesInstanceUid) continue;
      const index = series.slices.findIndex((slice: Slice) => slice.instance.metadata.sopInstanceUid === request.sopInstanceUid && slice.frameNumber === request.frameNumber);
      if (index >= 0) return { series, index };
    }
  }
  return null;
}

const firstOf = (value: number | number[] | undefined): number | undefined => (Array.isArray(value) ? value[0] : value);

/** The image's own window when it has one; otherwise the abdomen window for CT, the full range for others. */
function windowOf(image: Types.IImage, modality: string): VoiWindowValues {
  const center = firstOf(image.windowCenter);
  const width = firstOf(image.windowWidth);
  if (center !== undefined && width !== undefined && Number.isFinite(center) && Number.isFinite(width) && width > 0) return { center, width };
  if (modality === 'CT') return { center: windowPresets.abdomen.windowCenter, width: windowPresets.abdomen.windowWidth };
  const scaled = (value: number) => (image.preScale?.scaled ? value : value * image.slope + image.intercept);
  const [low, high] = [scaled(image.minPixelValue), scaled(image.maxPixelValue)];
  return { center: (low + high) / 2, width: Math.max(1, high - low) };
}

function drawCalipers(context: CanvasRenderingContext2D, plane: ImagePlane, crop: Crop, request: KeyImageRequest): void {
  const toOutput = (point: Point3) => pixelToOutput(crop, OUTPUT_SIZE, patientToPixel(plane, point));
  context.lineCap = 'round';
  for (const caliper of request.calipers) {
    context.strokeStyle = CALIPER_COLOURS[caliper.part];
    context.lineWidth = 2;
    for (const [from, to] of [caliper.longAxis, caliper.shortAxis]) {
      const [a, b] = [toOutput(from), toOutput(to)];
      context.beginPath();
      context.moveTo(a[0], a[1]);
      context.lineTo(b[0], b[1]);
      context.stroke();
      // end ticks, perpendicular to the line, as on a caliper
      const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      const [nx, ny] = [(-(b[1] - a[1]) / length) * 5, ((b[0] - a[0]) / length) * 5];
      for (const end of [a, b]) {
        context.beginPath();
        context.moveTo(end[0] - nx, end[1] - ny);
        context.lineTo(end[0] + nx, end[1] + ny);
        context.stroke();
      }
    }
  }
  // the label beside the upper end of the first caliper's long axis
  const first = request.calipers[0];
  if (first) {
    const ends = first.longAxis.map(toOutput);
    const upper = ends.reduce((best, end) => (end[1] < best[1] ? end : best));
    context.font = 'bold 22px sans-serif';
    context.textBaseline = 'bottom';
    const x = Math.min(Math.max(upper[0] + 8, 4), OUTPUT_SIZE - context.measureText(request.lesionLabel).width - 4);
    const y = Math.max(upper[1] - 6, 26);
    context.lineWidth = 4;
    context.strokeStyle = 'rgb(0, 0, 0)';
    context.strokeText(request.lesionLabel, x, y);
    context.fillStyle = CALIPER_COLOURS[first.part];
    context.fillText(request.lesionLabel, x, y);
  }
}

/** A 10 mm scale bar in the lower left corner. */
function drawScaleBar(context: CanvasRenderingContext2D, crop: Crop): void {
  const lengthPx = (10 / crop.sideMm) * OUTPUT_SIZE;
  const y = OUTPUT_SIZE - 12;
  context.strokeStyle = 'rgb(255, 255, 255)';
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(12, y);
  context.lineTo(12 + lengthPx, y);
  context.stroke();
  context.font = '16px sans-serif';
  context.fillStyle = 'rgb(255, 255, 255)';
  context.textBaseline = 'bottom';
  context.fillText('10 mm', 12, y - 4);
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'error' in error) return errorText((error as { error: unknown }).error);
  return String(error);
}

/**
 * Key images for the report: each is drawn on a canvas of its own, off screen, from the decoded
 * image in Cornerstone's cache; the reading viewports are not touched.
 */
export function createKeyImageRenderer(runtime: CornerstoneRuntime, studies: readonly Study[]): KeyImageRenderer {
  return async (request) => {
    const found = findSlice(studies, request);
    if (!found) return { kind: 'unavailable', reason: 'the image is not among the loaded studies' };
    const slice = found.series.slices[found.index]!;
    const imageId = runtime.imageIdsOf(found.series)[found.index]!;
    let image: Types.IImage;
    try {
      image = await imageLoader.loadAndCacheImage(imageId);
    } catch (error) {
      return { kind: 'unavailable', reason: `the image could not be decoded: ${errorText(error)}` };
    }
    const plane = planeOf(imageId, slice);
    if (!plane) return { kind: 'unavailable', reason: 'the image has no pixel spacing or geometry' };
    const points = request.calipers.flatMap((caliper) => [...caliper.longAxis, ...caliper.shortAxis]);
    if (points.some((point) => distanceFromPlaneMm(plane, point) > PLANE_TOLERANCE_MM)) {
      return { kind: 'unavailable', reason: 'the caliper does not lie on this image' };
    }
    const crop = cropAround(plane, points, Math.max(...request.calipers.map((caliper) => caliper.longAxisMm)));
    const pixels = image.getPixelData();
    const components = image.color ? Math.max(1, image.numberOfComponents || (image.rgba ? 4 : 3)) : 1;
    const valueAt =
      modalityValueAt(image) ??
      ((index: number) => pixels[index * components]! * 0.299 + pixels[index * components + 1]! * 0.587 + pixels[index * components + 2]! * 0.114);
    const window = image.color ? { center: 127.5, width: 256 } : windowOf(image, slice.instance.metadata.modality);
    const rgba = renderCrop({ rows: image.rows, columns: image.columns, valueAt }, crop, OUTPUT_SIZE, window, image.photometricInterpretation === 'MONOCHROME1');
    const canvas = document.createElement('canvas');
    canvas.width = OUTPUT_SIZE;
    canvas.height = OUTPUT_SIZE;
    const context = canvas.getContext('2d');
    if (!context) return { kind: 'unavailable', reason: 'this browser gave no 2D canvas' };
    context.putImageData(new ImageData(rgba, OUTPUT_SIZE, OUTPUT_SIZE), 0, 0);
    drawCalipers(context, plane, crop, request);
    drawScaleBar(context, crop);
    return { kind: 'rendered', url: canvas.toDataURL('image/png'), sizePx: OUTPUT_SIZE, sideMm: crop.sideMm };
  };
}
