/**
 * The floor page of `npm run bench:viewer`: a folder picked through an <input webkitdirectory> (the
 * way the app gets it), every file read and decoded in a pool of plain Web Workers, as many as the
 * app's image loader starts (min(hardwareConcurrency, 4)), each kept two files busy. The decoded
 * slices are kept on the main thread, as the app keeps them in its cache. Results on window.__floor.
 */
import type { DecodeReply, FloorResult } from './protocol';

declare global {
  interface Window {
    __floor?: FloorResult;
  }
}

const IN_FLIGHT_PER_WORKER = 2;
const workerCount = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 4));
const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' }));
const input = document.querySelector<HTMLInputElement>('[data-testid="floor-input"]')!;
const status = document.querySelector<HTMLElement>('[data-testid="floor-status"]')!;

function decodeAll(files: readonly File[], changeAt: number): Promise<FloorResult> {
  const slices: (Int16Array | null)[] = new Array<Int16Array | null>(files.length).fill(null);
  const result: FloorResult = {
    workers: workerCount,
    files: files.length,
    changeAt,
    firstSliceAt: NaN,
    doneAt: NaN,
    stageMs: { readMs: 0, parseMs: 0, decodeMs: 0 },
    decodedBytes: 0,
    checksum: 0,
    errors: [],
  };
  let next = 0;
  let finished = 0;
  return new Promise((resolve) => {
    if (files.length === 0) resolve({ ...result, doneAt: performance.now() });
    const send = (worker: Worker) => {
      if (next < files.length) {
        const index = next++;
        worker.postMessage({ index, file: files[index]! });
      }
    };
    for (const worker of workers) {
      worker.onmessage = (event: MessageEvent<DecodeReply>) => {
        const reply = event.data;
        if (reply.ok) {
          slices[reply.index] = reply.pixels;
          result.decodedBytes += reply.pixels.byteLength;
          result.stageMs.readMs += reply.times.readMs;
          result.stageMs.parseMs += reply.times.parseMs;
          result.stageMs.decodeMs += reply.times.decodeMs;
          if (Number.isNaN(result.firstSliceAt)) result.firstSliceAt = performance.now();
        } else {
          result.errors.push(`${files[reply.index]?.webkitRelativePath ?? reply.index}: ${reply.message}`);
        }
        if (++finished === files.length) {
          result.doneAt = performance.now();
          // Outside the timed part: a checksum proves both copies decoded to the same pixels.
          let checksum = 0;
          for (const slice of slices) if (slice) for (let i = 0; i < slice.length; i++) checksum += slice[i]!;
          result.checksum = checksum;
          resolve(result);
        } else {
          send(worker);
        }
      };
      for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) send(worker);
    }
  });
}

input.addEventListener('change', () => {
  const changeAt = performance.now();
  const files = Array.from(input.files ?? []);
  status.textContent = `decoding ${files.length} files`;
  void decodeAll(files, changeAt).then((result) => {
    window.__floor = result;
    status.textContent = `done: ${result.files} files, ${result.errors.length} errors`;
  });
});
status.textContent = 'ready';
