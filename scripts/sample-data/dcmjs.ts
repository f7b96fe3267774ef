// A typed door to dcmjs, which ships no TypeScript declarations. Loaded with createRequire so that
// no ambient `declare module 'dcmjs'` is needed (src/dicom may declare its own).
import { createRequire } from 'node:module';

export type DicomDataset = Record<string, unknown>;

export interface DicomDictInstance {
  meta: DicomDataset;
  dict: DicomDataset;
  write(options?: Record<string, unknown>): ArrayBuffer;
}

export interface DcmjsData {
  DicomDict: new (meta: DicomDataset) => DicomDictInstance;
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictInstance };
  DicomMetaDictionary: {
    denaturalizeDataset(dataset: DicomDataset): DicomDataset;
    naturalizeDataset(dataset: DicomDataset): DicomDataset;
  };
}

const require = createRequire(import.meta.url);
const dcmjs = require('dcmjs') as { data: DcmjsData; log?: { setLevel?(level: string): void } };
dcmjs.log?.setLevel?.('error');

export const dcmjsData: DcmjsData = dcmjs.data;

/** Writes one dataset as a Part 10 file in Explicit VR Little Endian. */
export function writePart10(dataset: DicomDataset, implementationClassUid: string): ArrayBuffer {
  const { DicomDict, DicomMetaDictionary } = dcmjsData;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: implementationClassUid,
    ImplementationVersionName: 'NADIR_PHANTOM_1',
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return dict.write();
}

/** Reads a Part 10 file into a naturalized dataset (keywords as keys). */
export function readPart10(buffer: ArrayBuffer): DicomDataset {
  const { DicomMessage, DicomMetaDictionary } = dcmjsData;
  const file = DicomMessage.readFile(buffer);
  return DicomMetaDictionary.naturalizeDataset(file.dict);
}
