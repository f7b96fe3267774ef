import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SliceImage } from '../../workers/measure/image';
import { dcmjsData, type DicomDataset } from '../sample-data/dcmjs';
import { decodeRleFrame } from './rle';

/** One slice of a series on disk, with the geometry that maps its pixels to patient coordinates (mm). */
export interface SeriesSlice {
  readonly file: string;
  readonly sopInstanceUID: string;
  readonly image: SliceImage;
  readonly positionMm: readonly [number, number, number];
  /** direction of increasing column, then of increasing row (ImageOrientationPatient) */
  readonly rowDirection: readonly [number, number, number];
  readonly columnDirection: readonly [number, number, number];
  /** distance along the slice normal */
  readonly heightMm: number;
}

/** A named refusal of the measure command: exit code 2. */
export class MeasureInputError extends Error {}

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);
const RLE = '1.2.840.10008.1.2.5';

const numbers = (value: unknown, count: number, name: string, file: string): number[] => {
  const list = (Array.isArray(value) ? value : [value]).map(Number);
  if (list.length < count || list.slice(0, count).some((item) => !Number.isFinite(item))) throw new MeasureInputError(`${file}: ${name} is missing or not ${count} numbers`);
  return list.slice(0, count);
};

const cross = (a: readonly number[], b: readonly number[]): [number, number, number] => [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];

function pixelBytes(dataset: DicomDataset, transferSyntax: string, file: string, rows: number, columns: number, bitsAllocated: number): Uint8Array {
  const frames = dataset.PixelData as ArrayBuffer[] | ArrayBuffer | undefined;
  const first = Array.isArray(frames) ? frames[0] : frames;
  if (!first) throw new MeasureInputError(`${file}: no pixel data`);
  if (NATIVE.has(transferSyntax)) return new Uint8Array(first);
  if (transferSyntax === RLE) {
    // dcmjs hands an encapsulated frame as its fragments; an RLE frame is one fragment, or their concatenation.
    const fragments = (Array.isArray(frames) ? frames : [first]).map((fragment) => new Uint8Array(fragment));
    const frame = fragments.length === 1 ? fragments[0]! : Uint8Array.from(fragments.flatMap((fragment) => [...fragment]));
    return decodeRleFrame(frame, rows, columns, bitsAllocated);
  }
  throw new MeasureInputError(`${file}: transfer syntax ${transferSyntax} is not one the measure command decodes (native or RLE Lossless)`);
}

function toSlice(path: string, file: string): SeriesSlice {
  let dataset: DicomDataset;
  let transferSyntax: string;
  try {
    const part10 = dcmjsData.DicomMessage.readFile(new Uint8Array(readFileSync(path)).buffer);
    dataset = dcmjsData.DicomMetaDictionary.naturalizeDataset(part10.dict);
    transferSyntax = String(dcmjsData.DicomMetaDictionary.naturalizeDataset(part10.meta).TransferSyntaxUID ?? '');
  } catch (error) {
    throw new MeasureInputError(`${file}: not a readable DICOM file (${(error as Error).message})`);
  }
  const [rows, columns] = [Number(dataset.Rows), Number(dataset.Columns)];
  const bitsAllocated = Number(dataset.BitsAllocated);
  if (!(rows > 0 && columns > 0) || (bitsAllocated !== 8 && bitsAllocated !== 16)) throw new MeasureInputError(`${file}: not a single-sample 8- or 16-bit image`);
  if (Number(dataset.SamplesPerPixel ?? 1) !== 1) throw new MeasureInputError(`${file}: colour images are not measured`);
  const [rowSpacingMm, columnSpacingMm] = numbers(dataset.PixelSpacing, 2, 'PixelSpacing', file) as [number, number];
  const orientation = numbers(dataset.ImageOrientationPatient, 6, 'ImageOrientationPatient', file);
  const position = numbers(dataset.ImagePositionPatient, 3, 'ImagePositionPatient', file) as [number, number, number];
  const bytes = pixelBytes(dataset, transferSyntax, file, rows, columns, bitsAllocated);
  const signed = Number(dataset.PixelRepresentation) === 1;
  const slope = Number(dataset.RescaleSlope ?? 1) || 1;
  const intercept = Number(dataset.RescaleIntercept ?? 0) || 0;
  const values = new Float32Array(rows * columns);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let index = 0; index < values.length; index++) {
    const stored = bitsAllocated === 8 ? (signed ? view.getInt8(index) : view.getUint8(index)) : signed ? view.getInt16(index * 2, true) : view.getUint16(index * 2, true);
    values[index] = stored * slope + intercept;
  }
  const rowDirection = orientation.slice(0, 3) as [number, number, number];
  const columnDirection = orientation.slice(3, 6) as [number, number, number];
  const normal = cross(rowDirection, columnDirection);
  return {
    file,
    sopInstanceUID: String(dataset.SOPInstanceUID ?? ''),
    image: { values, rows, columns, rowSpacingMm, columnSpacingMm },
    positionMm: position,
    rowDirection,
    columnDirection,
    heightMm: position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2],
  };
}

const dicomFilesUnder = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return dicomFilesUnder(path);
    return /\.(dcm|json|md|txt)$/i.test(name) && !/\.dcm$/i.test(name) ? [] : [path];
  });

/** The slices of one series folder, ordered along the slice normal. */
export function readSeries(folder: string): SeriesSlice[] {
  let paths: string[];
  try {
    paths = dicomFilesUnder(folder);
  } catch {
    throw new MeasureInputError(`${folder}: not a folder that can be read`);
  }
  const slices = paths.map((path) => toSlice(path, relative(folder, path)));
  if (slices.length === 0) throw new MeasureInputError(`${folder}: holds no DICOM image`);
  return slices.sort((a, b) => a.heightMm - b.heightMm);
}

/** Patient coordinates (mm) of a point of a slice in pixel units. */
export function toPatientMm(slice: SeriesSlice, column: number, row: number): [number, number, number] {
  const { positionMm: p, rowDirection: x, columnDirection: y, image } = slice;
  return [0, 1, 2].map((axis) => p[axis]! + column * image.columnSpacingMm * x[axis]! + row * image.rowSpacingMm * y[axis]!) as [number, number, number];
}

/** The slice nearest to a patient point, and the point in that slice's pixel units. */
export function locate(slices: readonly SeriesSlice[], pointMm: readonly [number, number, number]): { slice: SeriesSlice; index: number; column: number; row: number; offPlaneMm: number } {
  const normal = cross(slices[0]!.rowDirection, slices[0]!.columnDirection);
  const height = pointMm[0] * normal[0] + pointMm[1] * normal[1] + pointMm[2] * normal[2];
  let index = 0;
  slices.forEach((slice, candidate) => {
    if (Math.abs(slice.heightMm - height) < Math.abs(slices[index]!.heightMm - height)) index = candidate;
  });
  const slice = slices[index]!;
  const d = [0, 1, 2].map((axis) => pointMm[axis]! - slice.positionMm[axis]!);
  const dot = (v: readonly number[]) => d[0]! * v[0]! + d[1]! * v[1]! + d[2]! * v[2]!;
  return {
    slice,
    index,
    column: dot(slice.rowDirection) / slice.image.columnSpacingMm,
    row: dot(slice.columnDirection) / slice.image.rowSpacingMm,
    offPlaneMm: Math.abs(slice.heightMm - height),
  };
}
