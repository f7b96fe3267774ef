import { extractInstanceMetadata, type AttributeSource, type InstanceMetadata } from './instanceMetadata';
import { NON_IMAGE_MODALITIES, type DicomFileResult } from './readDicomFile';
import { isSupportedTransferSyntax } from './transferSyntaxes';
import { describeProblem } from './fileProblems';

/**
 * An instance described by a server's DICOM JSON (PS3.18 §F.2), as WADO-RS series metadata gives
 * it, read by the same rules as a file (instanceMetadata.ts): the stacks of a study are built before
 * any pixel data is retrieved. The JSON is untrusted: every value is type-checked where it is read.
 */

type DicomJsonDataset = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** dicom-parser's tag ('x00280030') to DICOM JSON's ('00280030'; upper-case hex, lower-case tolerated). */
const jsonTag = (tag: string) => tag.replace(/^x/, '').toUpperCase();
const TAG_KEY = /^[0-9A-Fa-f]{8}$/;

function elementOf(dataset: DicomJsonDataset, tag: string): Record<string, unknown> | null {
  const key = jsonTag(tag);
  if (!TAG_KEY.test(key)) return null;
  const found = Object.hasOwn(dataset, key) ? dataset[key] : Object.hasOwn(dataset, key.toLowerCase()) ? dataset[key.toLowerCase()] : undefined;
  return isRecord(found) ? found : null;
}

/** A value as the text a file would hold: numbers as written, a person name by its alphabetic form. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (isRecord(value) && typeof value.Alphabetic === 'string') return value.Alphabetic;
  // anything else (an object, null, NaN) is no value a file could hold: read as an unreadable one
  return '';
}

/**
 * The reads of instanceMetadata.ts over DICOM JSON, with dicom-parser's meaning: an element absent
 * or without a value gives undefined, a multi-valued one its values joined by `\`, and a number
 * that does not parse NaN (which the plausibility rules refuse, naming the value).
 */
export function dicomJsonAttributes(dataset: DicomJsonDataset): AttributeSource {
  const texts = (tag: string): string[] | undefined => {
    const element = elementOf(dataset, tag);
    if (!element || !Array.isArray(element.Value) || element.Value.length === 0) return undefined;
    return element.Value.map(textOf);
  };
  const string = (tag: string, index?: number): string | undefined => {
    const all = texts(tag);
    if (!all) return undefined;
    return index === undefined ? all.join('\\').trim() : all[index]?.trim();
  };
  const elements: Record<string, true> = {};
  for (const key of Object.keys(dataset)) if (TAG_KEY.test(key)) elements[`x${key.toLowerCase()}`] = true;
  return {
    elements,
    string,
    floatString: (tag, index) => {
      const text = string(tag, index ?? 0);
      return text === undefined ? undefined : Number.parseFloat(text);
    },
    intString: (tag, index) => {
      const text = string(tag, index ?? 0);
      return text === undefined ? undefined : Number.parseInt(text, 10);
    },
    uint16: (tag, index) => {
      const element = elementOf(dataset, tag);
      const value = element && Array.isArray(element.Value) ? element.Value[index ?? 0] : undefined;
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : undefined;
    },
  };
}

/** Far above any multi-frame CT, MR or PET series (a few thousand frames), far below a count that freezes the page. */
export const MAX_FRAMES_FROM_METADATA = 20_000;

/** A DICOM UID: digits and dots, at most 64 characters. */
const isUid = (value: string) => /^[0-9]+(\.[0-9]+)*$/.test(value) && value.length <= 64;

/**
 * What an instance is, from its metadata alone: an image to retrieve later, another object (SR, SEG…)
 * to retrieve whole, or a named problem. What only the pixel data can tell (a truncated file, an
 * unsupported transfer syntax the metadata did not name) is checked again on the retrieved file.
 */
export function readDicomJsonInstance(dataset: DicomJsonDataset, name: string): DicomFileResult {
  const attributes = dicomJsonAttributes(dataset);
  for (const [tag, label] of [
    ['x00080018', 'SOP Instance UID'],
    ['x0020000e', 'Series Instance UID'],
    ['x0020000d', 'Study Instance UID'],
  ] as const) {
    if (!isUid(attributes.string(tag) ?? '')) return { kind: 'unreadable', problem: { code: 'malformed', detail: `the server's metadata gives no valid ${label}` } };
  }
  let metadata: InstanceMetadata;
  try {
    metadata = extractInstanceMetadata(attributes, name);
  } catch {
    return { kind: 'unreadable', problem: { code: 'malformed', detail: 'its attributes cannot be read' } };
  }
  if (NON_IMAGE_MODALITIES.has(metadata.modality)) return { kind: 'non-image', metadata };
  // A file's frame count is bounded by its pixel data; metadata's is not, and every frame becomes a slice.
  if (metadata.numberOfFrames > MAX_FRAMES_FROM_METADATA) {
    const detail = `the server's metadata announces ${metadata.numberOfFrames.toLocaleString('en-US')} frames (more than ${MAX_FRAMES_FROM_METADATA.toLocaleString('en-US')}, none retrieved)`;
    return { kind: 'unreadable', problem: { code: 'malformed', detail } };
  }
  if (metadata.rows === 0 || metadata.columns === 0) return { kind: 'unreadable', problem: { code: 'no-pixel-data', modality: metadata.modality } };
  // Servers rarely put the file meta group in metadata; when one does, an unsupported syntax is named now.
  const transferSyntaxUid = attributes.string('x00020010');
  if (transferSyntaxUid !== undefined && !isSupportedTransferSyntax(transferSyntaxUid)) {
    return { kind: 'unreadable', problem: { code: 'unsupported-transfer-syntax', transferSyntaxUid } };
  }
  return { kind: 'image', metadata };
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What the stacks were built from (metadata) and what they show (the file) must be one instance, with one geometry. */
const MUST_MATCH: readonly { field: keyof InstanceMetadata; label: string }[] = [
  { field: 'sopInstanceUid', label: 'SOP Instance UID' },
  { field: 'seriesInstanceUid', label: 'Series Instance UID' },
  { field: 'rows', label: 'rows' },
  { field: 'columns', label: 'columns' },
  { field: 'numberOfFrames', label: 'number of frames' },
  { field: 'imagePositionPatient', label: 'image position' },
  { field: 'imageOrientationPatient', label: 'image orientation' },
  { field: 'pixelSpacingMm', label: 'pixel spacing' },
];

/**
 * Why a retrieved file cannot be shown where its metadata put it, or null when it can: a slice is
 * placed, sorted and measured by its metadata and displayed from its file, so the two must agree.
 */
export function retrievedFileProblem(described: InstanceMetadata, retrieved: DicomFileResult): string | null {
  if (retrieved.kind === 'unreadable') return describeProblem(retrieved.problem);
  if (retrieved.kind !== 'image') return "the server sent a non-image object where its metadata described an image: not shown";
  const differing = MUST_MATCH.filter(({ field }) => !sameValue(described[field], retrieved.metadata[field])).map(({ label }) => label);
  return differing.length === 0 ? null : `the retrieved file does not match the server's metadata (${differing.join(', ')}): not shown`;
}
