import { dicomParser, type DataSet } from './dicomParserInterop';
import type { FileProblem } from './fileProblems';
import { inflateWithinLimit } from './inflate';
import { extractInstanceMetadata, type InstanceMetadata } from './instanceMetadata';
import { checkDataSetStructure, encodingOf, readMetaHeader } from './structure';
import { isSupportedTransferSyntax } from './transferSyntaxes';

/** What one file turned out to be. */
export type DicomFileResult =
  | { kind: 'image'; metadata: InstanceMetadata }
  /** SR, SEG, presentation states, key objects: listed for the reader, never rendered as images. */
  | { kind: 'non-image'; metadata: InstanceMetadata }
  | { kind: 'unreadable'; problem: FileProblem };

export const PREAMBLE_BYTES = 128;
/** Objects listed for the reader, never rendered as images. */
export const NON_IMAGE_MODALITIES: ReadonlySet<string> = new Set(['SR', 'SEG', 'KO', 'PR', 'RTSTRUCT', 'RTPLAN', 'RTRECORD', 'REG', 'DOC', 'RWV']);

const DEFLATED = '1.2.840.10008.1.2.1.99';

export function hasDicmMarkerAt(bytes: Uint8Array, offset: number): boolean {
  return bytes.length >= offset + 4 && String.fromCharCode(...bytes.subarray(offset, offset + 4)) === 'DICM';
}

/** The furthest byte any parsed element claims, when that is past the end of the file. */
function furthestByteBeyond(dataSet: DataSet | undefined, fileSize: number): number | null {
  let furthest: number | null = null;
  for (const element of Object.values(dataSet?.elements ?? {})) {
    const end = element.dataOffset + element.length;
    if (element.length !== 0xffffffff && end > fileSize && (furthest === null || end > furthest)) furthest = end;
  }
  return furthest;
}

function problemFromParseError(error: unknown, fileSize: number): FileProblem {
  const partial = error !== null && typeof error === 'object' && 'exception' in error ? (error as { exception: unknown; dataSet?: DataSet }) : null;
  const cause = partial ? partial.exception : error;
  // Matched, never shown: the parser's own words (or a JavaScript error) are no reason a reader can use.
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (/past end|overrun|maxPosition|cannot be greater than/i.test(detail)) {
    return { code: 'truncated', fileSizeBytes: fileSize, neededBytes: furthestByteBeyond(partial?.dataSet, fileSize) };
  }
  if (/0002,0010/.test(detail)) return { code: 'malformed', detail: 'the file meta header names no transfer syntax (0002,0010)' };
  if (/item tag/i.test(detail)) return { code: 'malformed', detail: 'a sequence item is damaged' };
  return { code: 'malformed', detail: 'its structure cannot be read' };
}

/**
 * Compressed frames must lie inside the pixel data: a decoder handed a frame that starts past the
 * end fails deep inside its own callbacks, where no caller can catch it.
 */
function encapsulatedFrameProblem(dataSet: DataSet, numberOfFrames: number): FileProblem | null {
  const pixelData = dataSet.elements.x7fe00010;
  if (!pixelData?.encapsulatedPixelData) return null;
  const fragments = pixelData.fragments ?? [];
  const dataBytes = fragments.reduce((total, fragment) => total + fragment.length, 0);
  const last = fragments.at(-1);
  const end = last ? last.position + last.length : pixelData.dataOffset;
  const delimiter = [0xfe, 0xff, 0xdd, 0xe0];
  if (pixelData.hadUndefinedLength && delimiter.some((byte, index) => dataSet.byteArray[end + index] !== byte)) {
    return { code: 'truncated', fileSizeBytes: dataSet.byteArray.length, neededBytes: null };
  }
  const offsets = pixelData.basicOffsetTable ?? [];
  const outside = offsets.findIndex((offset) => offset >= dataBytes);
  if (outside >= 0) return { code: 'malformed', detail: `compressed frame ${outside + 1} of ${numberOfFrames} starts past the end of the pixel data (the file is probably truncated)` };
  if (offsets.length === 0 && fragments.length < numberOfFrames) {
    return { code: 'malformed', detail: `${numberOfFrames} frames announced but only ${fragments.length} compressed fragments present` };
  }
  // Without offsets, frame boundaries must be guessed from codec markers; Cornerstone's guess fails
  // outside its own callbacks, so such files are declined here with a clear reason.
  if (offsets.length === 0 && numberOfFrames > 1 && fragments.length > numberOfFrames) {
    return { code: 'unsupported-frame-layout', numberOfFrames, fragments: fragments.length };
  }
  return null;
}

export const NATIVE_SYNTAXES: ReadonlySet<string> = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

/**
 * Uncompressed pixel data must hold every frame the header announces: a file that claims 1,000
 * frames and holds one would otherwise become 1,000 slices and as many decoder errors.
 */
function nativePixelDataProblem(dataSet: DataSet, metadata: InstanceMetadata): FileProblem | null {
  const pixelData = dataSet.elements.x7fe00010;
  if (!pixelData || pixelData.encapsulatedPixelData || !NATIVE_SYNTAXES.has(metadata.transferSyntaxUid)) return null;
  const samples = dataSet.uint16('x00280002') ?? 1;
  const bitsAllocated = dataSet.uint16('x00280100') ?? 16;
  // YBR_FULL_422 stores two luminance samples per shared chroma pair: two thirds of three samples.
  const subsampled = /YBR_FULL_422/.test(dataSet.string('x00280004') ?? '') ? 2 / 3 : 1;
  const { rows, columns, numberOfFrames } = metadata;
  const expectedBytes = Math.ceil((rows * columns * samples * subsampled * bitsAllocated * numberOfFrames) / 8);
  if (pixelData.length >= expectedBytes) return null;
  return { code: 'pixel-data-mismatch', numberOfFrames, rows, columns, expectedBytes, actualBytes: pixelData.length };
}

/**
 * What the attributes of a data set say it is: an image Nadir can show, another object, or a named
 * problem. The pixel data's content is not looked at (classifyParsed does, on a whole file).
 */
export function classifyAttributes(dataSet: DataSet, fileName: string, hasPixelData: boolean): DicomFileResult {
  let metadata: InstanceMetadata;
  try {
    metadata = extractInstanceMetadata(dataSet, fileName);
  } catch {
    return { kind: 'unreadable', problem: { code: 'malformed', detail: 'its attributes cannot be read' } };
  }
  if (NON_IMAGE_MODALITIES.has(metadata.modality)) return { kind: 'non-image', metadata };
  if (!hasPixelData || metadata.rows === 0 || metadata.columns === 0) {
    return { kind: 'unreadable', problem: { code: 'no-pixel-data', modality: metadata.modality } };
  }
  if (!isSupportedTransferSyntax(metadata.transferSyntaxUid)) {
    return { kind: 'unreadable', problem: { code: 'unsupported-transfer-syntax', transferSyntaxUid: metadata.transferSyntaxUid } };
  }
  return { kind: 'image', metadata };
}

/** What a parsed data set is: an image Nadir can show, another object, or a named problem. */
function classifyParsed(dataSet: DataSet, fileName: string): DicomFileResult {
  const attributes = classifyAttributes(dataSet, fileName, dataSet.elements.x7fe00010 !== undefined);
  if (attributes.kind !== 'image') return attributes;
  const { metadata } = attributes;
  const frameProblem = encapsulatedFrameProblem(dataSet, metadata.numberOfFrames) ?? nativePixelDataProblem(dataSet, metadata);
  return frameProblem ? { kind: 'unreadable', problem: frameProblem } : attributes;
}

/**
 * The file's bytes once they have passed the structural walk (./structure.ts), a deflated body
 * inflated within its limit; or why they did not.
 */
export function checkedBytes(bytes: Uint8Array): { whole: Uint8Array } | FileProblem {
  const meta = readMetaHeader(bytes);
  if ('code' in meta) return meta;
  const whole = meta.transferSyntaxUid === DEFLATED ? inflateWithinLimit(bytes, meta.dataSetStart) : bytes;
  if ('code' in whole) return whole;
  return checkDataSetStructure(whole, meta.dataSetStart, encodingOf(meta.transferSyntaxUid)) ?? { whole };
}

/** Reads and classifies one file. Never throws: every failure becomes a problem the user can read. */
export function readDicomFile(bytes: Uint8Array, fileName: string): DicomFileResult {
  return readDicomDataSet(bytes, fileName).result;
}

/** A file read whole and classified, with its parsed data set when it passed (for the decoder, ../viewer/sliceDecode). */
export type ReadDataSet =
  /** An image's offsets are into `dataSet.byteArray`: for a deflated file, the inflated bytes. */
  | { result: Extract<DicomFileResult, { kind: 'image' }>; dataSet: DataSet }
  | { result: Exclude<DicomFileResult, { kind: 'image' }>; dataSet: null };

/** readDicomFile, keeping what it parsed. Never throws. */
export function readDicomDataSet(bytes: Uint8Array, fileName: string): ReadDataSet {
  const unreadable = (problem: FileProblem): ReadDataSet => ({ result: { kind: 'unreadable', problem }, dataSet: null });
  if (bytes.length === 0) return unreadable({ code: 'empty' });
  if (!hasDicmMarkerAt(bytes, PREAMBLE_BYTES)) {
    return unreadable(
      hasDicmMarkerAt(bytes, 0) ? { code: 'malformed', detail: 'the 128-byte preamble is missing (the file starts with DICM)' } : { code: 'not-dicom' },
    );
  }
  const checked = checkedBytes(bytes);
  if ('code' in checked) return unreadable(checked);
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, { inflater: () => checked.whole });
  } catch (error) {
    return unreadable(problemFromParseError(error, bytes.length));
  }
  // Compared with the parsed byte array, which for a deflated file is the inflated one.
  const parsedLength = dataSet.byteArray.length;
  const beyondEnd = furthestByteBeyond(dataSet, parsedLength);
  if (beyondEnd !== null) return unreadable({ code: 'truncated', fileSizeBytes: parsedLength, neededBytes: beyondEnd });

  const result = classifyParsed(dataSet, fileName);
  return result.kind === 'image' ? { result, dataSet } : { result, dataSet: null };
}

const PIXEL_DATA_TAG = 'x7fe00010';

/**
 * Classifies a file from its first bytes alone, when that is certain: uncompressed pixel data whose
 * declared length ends the file. Reading 64 KiB instead of 512 KiB per CT slice is most of the
 * time to the first image. Returns null whenever the whole file is needed to be sure.
 */
export function readDicomHead(head: Uint8Array, fileName: string, fileSize: number): DicomFileResult | null {
  if (head.length >= fileSize || !hasDicmMarkerAt(head, PREAMBLE_BYTES)) return null;
  // Only native syntaxes qualify; a deflated head must not even be inflated here, without a limit.
  const meta = readMetaHeader(head);
  if ('code' in meta || !NATIVE_SYNTAXES.has(meta.transferSyntaxUid)) return null;
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(head, { untilTag: PIXEL_DATA_TAG });
  } catch {
    return null;
  }
  const pixelData = dataSet.elements[PIXEL_DATA_TAG];
  const transferSyntax = dataSet.string('x00020010') ?? '';
  if (!pixelData || pixelData.hadUndefinedLength || !NATIVE_SYNTAXES.has(transferSyntax)) return null;
  const headerElementsComplete = Object.values(dataSet.elements).every(
    (element) => element === pixelData || element.dataOffset + element.length <= head.length,
  );
  if (!headerElementsComplete) return null;
  // The header before the pixel data passes the same structural check as a whole file (lengths,
  // nesting depth): a file the whole read refuses is never opened by the quick path. Native pixel
  // data is OB or OW; any other VR (a damaged one: the fuzz campaign's) is left to the whole read.
  const encoding = encodingOf(meta.transferSyntaxUid);
  if (encoding.explicit && pixelData.vr !== 'OB' && pixelData.vr !== 'OW') return null;
  const pixelHeaderStart = pixelData.dataOffset - (encoding.explicit ? 12 : 8);
  if (checkDataSetStructure(head.subarray(0, pixelHeaderStart), meta.dataSetStart, encoding)) return null;
  const pixelEnd = pixelData.dataOffset + pixelData.length;
  if (pixelEnd > fileSize) return { kind: 'unreadable', problem: { code: 'truncated', fileSizeBytes: fileSize, neededBytes: pixelEnd } };
  // Elements after the pixel data are unseen here and may be damaged: only the whole file can tell.
  if (pixelEnd !== fileSize) return null;
  return classifyParsed(dataSet, fileName);
}
