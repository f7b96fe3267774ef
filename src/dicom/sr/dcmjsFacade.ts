import dcmjs, { type DcmjsDataset } from 'dcmjs';
import type { FileProblem } from '../fileProblems';
import { checkedBytes } from '../readDicomFile';
import { redecodeSequenceItems } from './characterSets';

/**
 * The only door to dcmjs: writes a naturalized dataset (keywords as keys) as a Part 10 file, reads one
 * back, and narrows the loosely typed values dcmjs returns. Serialises with DicomDict.write(), which
 * works in the browser and in Node alike (datasetToBuffer needs Node's Buffer).
 */

export type Dataset = Record<string, unknown>;

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export interface FileMetaFields {
  implementationClassUid: string;
  implementationVersionName: string;
}

export function writePart10(dataset: Dataset, meta: FileMetaFields): ArrayBuffer {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const fileMeta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: meta.implementationClassUid,
    ImplementationVersionName: meta.implementationVersionName,
  });
  const dict = new DicomDict(fileMeta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset as DcmjsDataset);
  return dict.write();
}

/** Why readPart10 refused a file, in the closed set of file problems. */
export class FileProblemError extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem.code);
  }
}

/**
 * Reads a Part 10 file into a naturalized dataset; throws on bytes that are not DICOM. The bytes
 * pass the image reader's structural check first: dcmjs trusts declared lengths and recurses per
 * nesting level, so a hostile length or depth would otherwise hold the thread for minutes. Text inside
 * sequences is decoded with the dataset's character set (dcmjs reads it as latin1: ./characterSets.ts).
 */
export function readPart10(buffer: ArrayBuffer): Dataset {
  const checked = checkedBytes(new Uint8Array(buffer));
  if ('code' in checked) throw new FileProblemError(checked);
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  const file = DicomMessage.readFile(buffer);
  redecodeSequenceItems(file.dict);
  const dataset = DicomMetaDictionary.naturalizeDataset(file.dict);
  const meta = DicomMetaDictionary.naturalizeDataset(file.meta);
  return { ...dataset, _fileMeta: meta };
}

// ---- narrowing of naturalized values -------------------------------------------------------------

/** dcmjs gives a single value as itself or as a one-element array, depending on the VR and the version. */
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export function text(dataset: Dataset, keyword: string): string | null {
  const value = first(dataset[keyword]);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  // PN values are { Alphabetic: "..." } once naturalized
  if (typeof value === 'object' && value !== null && 'Alphabetic' in value) {
    const alphabetic = (value as { Alphabetic: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : null;
  }
  return null;
}

export function numberValue(dataset: Dataset, keyword: string): number | null {
  const value = first(dataset[keyword]);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A binary number as stored, not-finite values included (for checks); null when absent. */
export function rawNumber(dataset: Dataset, keyword: string): number | null {
  const value = first(dataset[keyword]);
  return typeof value === 'number' ? value : null;
}

export function numbers(dataset: Dataset, keyword: string): number[] {
  const value = dataset[keyword];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((item) => {
    const parsed = typeof item === 'number' ? item : typeof item === 'string' ? Number(item) : Number.NaN;
    return Number.isFinite(parsed) ? [parsed] : [];
  });
}

export function sequence(dataset: Dataset, keyword: string): Dataset[] {
  const value = dataset[keyword];
  const list: unknown[] = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? [value] : [];
  return list.filter((item): item is Dataset => typeof item === 'object' && item !== null && !Array.isArray(item));
}
