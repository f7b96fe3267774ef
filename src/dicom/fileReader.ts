import { wrap, type Remote } from 'comlink';
import type { ReadFilesApi } from './readFiles.worker';
import type { ReadFile } from './studies';
import type { SourceFile } from '../state/studyModel';
import type { DicomFileResult } from './readDicomFile';

export interface DicomFileReader {
  /**
   * Reads the header of every file, enough to place it in its series; progress counts files done.
   * Compressed pixel data is checked later, by `check`. Never rejects for a bad file: that is in its result.
   */
  read(files: readonly SourceFile[], onProgress: (done: number, total: number) => void): Promise<ReadFile[]>;
  /** Reads one file whole and checks all of it (pixel data too); its bytes come back for the decoder, read once. */
  check(file: SourceFile): Promise<{ result: DicomFileResult; bytes: ArrayBuffer }>;
  dispose(): void;
}

const BATCH_SIZE = 16;

/** Reads files in a small pool of workers, in batches so that progress moves and memory stays flat. */
export function createWorkerFileReader(workerCount = Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1))): DicomFileReader {
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./readFiles.worker.ts', import.meta.url), { type: 'module' }));
  const remotes: Remote<ReadFilesApi>[] = workers.map((worker) => wrap<ReadFilesApi>(worker));
  let nextCheck = 0;
  return {
    async read(files, onProgress) {
      const results: ReadFile[] = new Array<ReadFile>(files.length);
      let nextBatch = 0;
      let done = 0;
      const drain = async (remote: Remote<ReadFilesApi>) => {
        while (nextBatch * BATCH_SIZE < files.length) {
          const start = nextBatch++ * BATCH_SIZE;
          const batch = files.slice(start, start + BATCH_SIZE);
          const read = await remote.read(batch.map((file) => ({ name: file.name, blob: file.blob })));
          read.forEach((result, offset) => (results[start + offset] = { file: batch[offset]!, result }));
          done += batch.length;
          onProgress(done, files.length);
        }
      };
      await Promise.all(remotes.map(drain));
      return results;
    },
    check(file) {
      // one after the other through the pool: a slice's check waits behind few others
      const remote = remotes[nextCheck++ % remotes.length]!;
      return remote.check({ name: file.name, blob: file.blob });
    },
    dispose() {
      workers.forEach((worker) => worker.terminate());
    },
  };
}
