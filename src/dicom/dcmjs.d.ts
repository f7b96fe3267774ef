// dcmjs ships no TypeScript declarations. This declares only the part Nadir uses (src/dicom/sr), with
// `unknown` where dcmjs returns loosely shaped data; src/dicom/sr/dcmjsFacade.ts narrows it.
declare module 'dcmjs' {
  /** A dataset keyed by tag ("00100010") or, once naturalized, by keyword ("PatientName"). */
  export type DcmjsDataset = Record<string, unknown>;

  export interface DcmjsDicomDict {
    meta: DcmjsDataset;
    dict: DcmjsDataset;
    /** Part 10 bytes; works in the browser and in Node (no Buffer) */
    write(options?: Record<string, unknown>): ArrayBuffer;
  }

  export interface DcmjsData {
    DicomDict: new (meta: DcmjsDataset) => DcmjsDicomDict;
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DcmjsDicomDict };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: DcmjsDataset): DcmjsDataset;
      naturalizeDataset(dataset: DcmjsDataset): DcmjsDataset;
    };
  }

  const dcmjs: { data: DcmjsData; log?: { setLevel?(level: string): void } };
  export default dcmjs;
}
