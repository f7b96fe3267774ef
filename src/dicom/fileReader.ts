import { wrap, type Remote } from 'comlink';
import type { ReadFilesApi } from './readFiles.worker';
import type { ReadFile } from './studies';
import type { SourceFile } from '../state/studyModel';
import type { DicomFileResult } from './readDicomFile';
import { FIRST_HEAD_BYTES, readHeaderOnly } from './readDicomHeader';

export interface DicomFileReader {
  /**
   * Reads the header of every file, enough to place it in its series; progress counts files done.
   * Compressed pixel data is checked when the slice is decoded. Never rejects for a bad file: that is in its result.
   */
  read(files: readonly SourceFile[], onProgress: (done: number, total: number) => void): Promise<ReadFile[]>;
  /** Reads one file whole and checks all of it (pixel data too); its bytes come back for the decoder, read once. */
  check(file: SourceFile): Promise<{ result: DicomFileResult; bytes: ArrayBuffer }>;
  dispose(): void;
}

/** Files whose first bytes are read as one Blob (firstBytesOfEach); progress moves once per batch. */
const BATCH_SIZE = 16;
/** Batches in flight at once: the browser's blob store answers one after the other, so a few suffice. */
const CONCURRENT_BATCHES = 4;
/**
 * Headers are parsed on the page up to this length (a CT's is 1 to 3 KiB, an MR's with a Siemens CSA
 * header up to some 20 KiB); a longer one, and any file only its whole can tell, is read in a worker.
 */
const PAGE_HEADER_MAX_BYTES = 256 * 1024;

/** How file bytes are read: the browser's Blob reads, or a test's stand-in that fails where it is told to. */
export interface BlobBytes {
  /** The first `length` bytes of each blob; rejects when any of them cannot be read. */
  firstBytesOfEach(blobs: readonly Blob[], length: number): Promise<Uint8Array[]>;
  /** The bytes of `blob` up to `length`; rejects when it cannot be read. */
  upTo(blob: Blob, length: number): Promise<Uint8Array>;
}

export const browserBlobBytes: BlobBytes = {
  /**
   * Read as one Blob made of their slices: one read of the browser's blob store for the batch
   * instead of one per file. Each comes back as a copy of its own.
   */
  async firstBytesOfEach(blobs, length) {
    const parts = blobs.map((blob) => blob.slice(0, length));
    const joined = new Uint8Array(await new Blob(parts).arrayBuffer());
    let at = 0;
    return parts.map((part) => joined.slice(at, (at += part.size)));
  },
  async upTo(blob, length) {
    return new Uint8Array(await blob.slice(0, length).arrayBuffer());
  },
};

const notReadable = (error: unknown): DicomFileResult => ({
  kind: 'unreadable',
  problem: { code: 'not-readable', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
});

/**
 * Reads the header of every file on the page, in batches; a file only its whole can tell goes to
 * `readWhole`. A file the browser cannot read (gone from the disk since it was chosen) is named as
 * such and the others read on: one bad file does not lose the opening.
 */
export async function readHeaders(
  files: readonly SourceFile[],
  onProgress: (done: number, total: number) => void,
  readWhole: (file: SourceFile) => Promise<DicomFileResult>,
  bytes: BlobBytes = browserBlobBytes,
): Promise<ReadFile[]> {
  const readOne = async (file: SourceFile, head: Uint8Array | Error): Promise<DicomFileResult> => {
    try {
      if (head instanceof Error) throw head;
      const bytesUpTo = async (length: number) => (length <= head.length ? head.subarray(0, length) : bytes.upTo(file.blob, length));
      const onPage = await readHeaderOnly(file.name, file.blob.size, bytesUpTo, FIRST_HEAD_BYTES, PAGE_HEADER_MAX_BYTES);
      return onPage ?? (await readWhole(file));
    } catch (error) {
      return notReadable(error);
    }
  };
  // the batch read fails as a whole when one file fails: then each is read alone to find which
  const headsOf = (batch: readonly SourceFile[]): Promise<(Uint8Array | Error)[]> =>
    bytes.firstBytesOfEach(batch.map((file) => file.blob), FIRST_HEAD_BYTES).catch(() =>
      Promise.all(batch.map((file) => bytes.upTo(file.blob, FIRST_HEAD_BYTES).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))),
    );
  const results: ReadFile[] = new Array<ReadFile>(files.length);
  let next = 0;
  let done = 0;
  const drain = async () => {
    while (next < files.length) {
      const start = next;
      next += BATCH_SIZE;
      const batch = files.slice(start, start + BATCH_SIZE);
      const heads = await headsOf(batch);
      const read = await Promise.all(batch.map((file, offset) => readOne(file, heads[offset]!)));
      read.forEach((result, offset) => (results[start + offset] = { file: batch[offset]!, result }));
      done += batch.length;
      onProgress(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, drain));
  return results;
}

/**
 * Reads headers on the page and whole files in a small pool of workers.
 *
 * Why headers on the page: a header is a few KiB whose parsing takes some 0.05 ms, while handing a
 * File to a worker costs the page a synchronous registration of its Blob, slow while the browser
 * is busy reading files (0.5 s of main-thread time for 600 CT slices), and reading it there is no
 * faster. Opening 600 CT slices, their headers took 1.2 s through workers and 0.7 s on the page.
 */
export function createWorkerFileReader(workerCount = Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1))): DicomFileReader {
  // Started on first use: an opening from a server reads only its non-image objects here, often none,
  // and a worker's start (its script compiled, again on every visit) takes a core the first image needs.
  const workers: Worker[] = [];
  const remotes: Remote<ReadFilesApi>[] = [];
  let nextWorker = 0;
  // one after the other through the pool: a file waits behind few others
  const remote = () => {
    const index = nextWorker++ % workerCount;
    if (!remotes[index]) {
      const worker = new Worker(new URL('./readFiles.worker.ts', import.meta.url), { type: 'module' });
      workers[index] = worker;
      remotes[index] = wrap<ReadFilesApi>(worker);
    }
    return remotes[index];
  };
  return {
    read(files, onProgress) {
      return readHeaders(files, onProgress, (file) => remote().readWhole({ name: file.name, blob: file.blob }));
    },
    check(file) {
      return remote().check({ name: file.name, blob: file.blob });
    },
    dispose() {
      workers.forEach((worker) => worker.terminate());
    },
  };
}
