/// <reference lib="webworker" />
// The image loader's own decoder module: its package's exports hide it, so it is reached by path.
// Its comlink listener (it is the loader's worker entry) ignores these messages: see ./protocol.ts.
import { decodeImageFrame } from '../../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js';
import { readDicomDataSet } from '../../dicom/readDicomFile';
import type { DecodedFrame, DecodeOptions, FrameToDecode, SliceReply, SliceRequest } from './protocol';
import { sliceFileOf } from './sliceFile';

interface Opened {
  pixels: Uint8Array;
  transferSyntaxUid: string;
}

/** Slices opened and not yet decoded or released, by request id: each holds its file's bytes. */
const opened = new Map<number, Opened>();

type Answer = { reply: SliceReply; transfer: Transferable[] };

async function open(id: number, name: string, source: Blob | ArrayBuffer): Promise<Answer> {
  const buffer = source instanceof ArrayBuffer ? source : await source.arrayBuffer();
  const read = readDicomDataSet(new Uint8Array(buffer), name);
  if (read.dataSet === null) return { reply: { id, kind: 'refused', result: read.result }, transfer: [] };
  const slice = sliceFileOf(read.dataSet, read.result.metadata);
  if ('loaderWay' in slice) return { reply: { id, kind: 'whole', bytes: buffer, reason: slice.loaderWay, metadata: read.result.metadata }, transfer: [buffer] };
  opened.set(id, { pixels: slice.pixels, transferSyntaxUid: slice.transferSyntaxUid });
  const header = slice.header.slice().buffer;
  return { reply: { id, kind: 'opened', header, transferSyntaxUid: slice.transferSyntaxUid, metadata: read.result.metadata }, transfer: [header] };
}

type Decoder = (frame: FrameToDecode, transferSyntax: string, pixelData: Uint8Array, decodeConfig: unknown, options: DecodeOptions, callback: undefined) => Promise<DecodedFrame>;
const decoder: Decoder = decodeImageFrame;

async function decode(id: number, frame: FrameToDecode, options: DecodeOptions, decodeConfig: unknown): Promise<Answer> {
  const slice = opened.get(id);
  if (!slice) return { reply: { id, kind: 'failed', message: 'the slice was not opened' }, transfer: [] };
  opened.delete(id);
  const decoded = await decoder({ ...frame }, slice.transferSyntaxUid, slice.pixels, decodeConfig, options, undefined);
  // the decoder's output is a fresh array in every case (it converts to the smallest type that holds the values)
  return { reply: { id, kind: 'decoded', frame: decoded }, transfer: [decoded.pixelData.buffer] };
}

async function answer(request: SliceRequest): Promise<Answer> {
  switch (request.nadir) {
    case 'open':
      return open(request.id, request.name, request.source);
    case 'decode':
      return decode(request.id, request.frame, request.options, request.decodeConfig);
    case 'release':
      opened.delete(request.id);
      return { reply: { id: request.id, kind: 'released' }, transfer: [] };
  }
}

self.addEventListener('message', (event: MessageEvent<SliceRequest | { nadir?: undefined }>) => {
  const request = event.data;
  if (!request || request.nadir === undefined) return;
  answer(request).then(
    ({ reply, transfer }) => self.postMessage(reply, transfer),
    (error: unknown) => {
      opened.delete(request.id);
      self.postMessage({ id: request.id, kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies SliceReply);
    },
  );
});
