import type { InstanceMetadata } from '../../dicom/instanceMetadata';
import type { DecodedFrame, DecodeOptions, FrameToDecode, LoaderWayReason, SliceReply, SliceRequest } from './protocol';

/** A slice read whole and checked in a decoder worker, and what may be done with it next. */
export type OpenedSlice =
  | { kind: 'refused'; result: Extract<SliceReply, { kind: 'refused' }>['result'] }
  /** For the image loader's own way: the whole checked bytes. */
  | { kind: 'whole'; bytes: ArrayBuffer; reason: LoaderWayReason; metadata: InstanceMetadata }
  | {
      kind: 'opened';
      /** The data set up to the pixel data, for the page's metadata */
      header: ArrayBuffer;
      /** what the file says of itself */
      metadata: InstanceMetadata;
      transferSyntaxUid: string;
      /** Decodes the slice in the worker that holds its bytes; they are let go there either way. */
      decode(frame: FrameToDecode, options: DecodeOptions, decodeConfig: unknown): Promise<DecodedFrame>;
      /** The slice will not be decoded: its bytes are let go. */
      release(): void;
    };

export interface SliceDecoders {
  /** A local file (its Blob: the worker reads it) or a retrieved instance (its bytes: moved to the worker). */
  open(name: string, source: Blob | ArrayBuffer): Promise<OpenedSlice>;
  /**
   * Nothing is left to decode for now: a decoder that holds no slice is stopped. An idle decoder kept
   * its heap and its codec's memory (some 30 MB for two, once a CT was decoded) for as long as the page
   * lived; it is started again, its script from the browser's cache, when a slice comes.
   */
  rest(): void;
  /** Slices are coming: stopped decoders start now, while their slices are still being retrieved. */
  wake(): void;
  dispose(): void;
}

interface Pending {
  resolve(reply: SliceReply): void;
  reject(error: Error): void;
}

interface Decoder {
  /** null while stopped (rest) */
  worker: Worker | null;
  pending: Map<number, Pending>;
  /** slices opened here and not yet decoded or let go: their bytes are in this worker */
  held: number;
}

/**
 * A pool of slice decoders (./sliceDecode.worker.ts). A slice opens in the least busy worker and is
 * decoded in the same one, which holds its bytes between the two steps.
 */
export function createSliceDecoders(count: number, start: () => Worker): SliceDecoders {
  let nextId = 1;
  const workerOf = (decoder: Decoder): Worker => {
    if (decoder.worker) return decoder.worker;
    const worker = start();
    worker.addEventListener('message', (event: MessageEvent<SliceReply | null>) => {
      const reply = event.data;
      if (!reply || typeof reply.id !== 'number') return;
      decoder.pending.get(reply.id)?.resolve(reply);
      decoder.pending.delete(reply.id);
    });
    // an error nothing in the worker caught: every slice it held fails (by name, in the series' report)
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      for (const pending of decoder.pending.values()) pending.reject(new Error(event.message || 'the decoder stopped'));
      decoder.pending.clear();
    });
    decoder.worker = worker;
    return worker;
  };
  const decoders: Decoder[] = Array.from({ length: count }, () => {
    const decoder: Decoder = { worker: null, pending: new Map(), held: 0 };
    workerOf(decoder);
    return decoder;
  });
  const ask = (decoder: Decoder, request: SliceRequest, transfer: Transferable[] = []): Promise<SliceReply> =>
    new Promise((resolve, reject) => {
      decoder.pending.set(request.id, { resolve, reject });
      workerOf(decoder).postMessage(request, transfer);
    });
  const leastBusy = () => decoders.reduce((best, decoder) => (decoder.pending.size < best.pending.size ? decoder : best));

  return {
    async open(name, source) {
      const decoder = leastBusy();
      const id = nextId++;
      const reply = await ask(decoder, { nadir: 'open', id, name, source }, source instanceof ArrayBuffer ? [source] : []);
      switch (reply.kind) {
        case 'refused':
          return { kind: 'refused', result: reply.result };
        case 'whole':
          return { kind: 'whole', bytes: reply.bytes, reason: reply.reason, metadata: reply.metadata };
        case 'opened': {
          decoder.held += 1;
          let letGo = false;
          // the worker lets the bytes go once it has decoded them, or when told to
          const leave = () => {
            if (!letGo) decoder.held -= 1;
            letGo = true;
          };
          return {
            kind: 'opened',
            header: reply.header,
            metadata: reply.metadata,
            transferSyntaxUid: reply.transferSyntaxUid,
            async decode(frame, options, decodeConfig) {
              const decoded = await ask(decoder, { nadir: 'decode', id, frame, options, decodeConfig }).finally(leave);
              if (decoded.kind === 'decoded') return decoded.frame;
              throw new Error(decoded.kind === 'failed' ? decoded.message : `unexpected answer ${decoded.kind}`);
            },
            release() {
              void ask(decoder, { nadir: 'release', id })
                .catch(() => undefined)
                .finally(leave);
            },
          };
        }
        case 'failed':
          throw new Error(reply.message);
        default:
          throw new Error(`unexpected answer ${reply.kind}`);
      }
    },
    rest() {
      for (const decoder of decoders) {
        if (!decoder.worker || decoder.pending.size > 0 || decoder.held > 0) continue;
        decoder.worker.terminate();
        decoder.worker = null;
      }
    },
    wake() {
      decoders.forEach(workerOf);
    },
    dispose() {
      decoders.forEach((decoder) => decoder.worker?.terminate());
    },
  };
}

/**
 * The app's slice decoders, one per core (at most 4), started with the page: their script loads and
 * compiles while Cornerstone's much larger chunk does, so a study's first slice does not wait for
 * them (they were started with Cornerstone, ~300 ms later on a cold load).
 */
export function startSliceDecoders(): SliceDecoders {
  const count = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 4));
  return createSliceDecoders(count, () => new Worker(new URL('./sliceDecode.worker.ts', import.meta.url), { type: 'module' }));
}
