/** Messages between the floor page and its decode workers. */
export interface DecodeRequest {
  index: number;
  file: File;
}

/** Milliseconds a worker spent on one file, by stage. */
export interface StageTimes {
  readMs: number;
  parseMs: number;
  decodeMs: number;
}

export type DecodeReply =
  | { index: number; ok: true; pixels: Int16Array; times: StageTimes }
  | { index: number; ok: false; message: string };

/** What the floor page publishes on `window.__floor` for the benchmark driver. */
export interface FloorResult {
  workers: number;
  files: number;
  /** performance.now() of the input's change event, of the first and of the last decoded slice. */
  changeAt: number;
  firstSliceAt: number;
  doneAt: number;
  /** Summed over all files and workers. */
  stageMs: StageTimes;
  decodedBytes: number;
  /** Sum of every decoded pixel value: equal for the uncompressed and the JPEG-LS copy when decoding is right. */
  checksum: number;
  errors: string[];
}
