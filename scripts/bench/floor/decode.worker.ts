/// <reference lib="webworker" />
/**
 * The floor's decoder: reads a File, finds the pixel data with dicom-parser and decodes it with the
 * codec the app's image loader uses for that transfer syntax (CharLS wasm for JPEG-LS), nothing more.
 */
import charlsFactory, { type JpegLSDecoder } from '@cornerstonejs/codec-charls/decodewasmjs';
import charlsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url';
import * as dicomParserNamespace from 'dicom-parser';
import type { DecodeReply, DecodeRequest } from './protocol';

const dicomParserWithDefault = dicomParserNamespace as typeof dicomParserNamespace & { default?: typeof dicomParserNamespace };
const dicomParser = dicomParserWithDefault.default?.parseDicom ? dicomParserWithDefault.default : dicomParserNamespace;

const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
const UNCOMPRESSED_LE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

let charls: Promise<JpegLSDecoder> | null = null;
const jpegLsDecoder = (): Promise<JpegLSDecoder> =>
  (charls ??= charlsFactory({ locateFile: (path) => (path.endsWith('.wasm') ? charlsWasmUrl : path) }).then((codec) => new codec.JpegLSDecoder()));

async function decode({ index, file }: DecodeRequest): Promise<{ reply: DecodeReply; transfer: Transferable[] }> {
  const started = performance.now();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const read = performance.now();
  const dataSet = dicomParser.parseDicom(bytes);
  const pixelData = dataSet.elements.x7fe00010;
  const transferSyntax = dataSet.string('x00020010') ?? '';
  if (!pixelData) throw new Error('no pixel data');
  const parsed = performance.now();
  let pixels: Int16Array;
  if (JPEG_LS.has(transferSyntax)) {
    const fragments = pixelData.fragments ?? [];
    const frame =
      fragments.length === 1
        ? bytes.subarray(fragments[0]!.position, fragments[0]!.position + fragments[0]!.length)
        : dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, 0, fragments.length);
    const decoder = await jpegLsDecoder();
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const decoded = decoder.getDecodedBuffer();
    pixels = new Int16Array(decoded.length / 2);
    new Uint8Array(pixels.buffer).set(decoded);
  } else if (UNCOMPRESSED_LE.has(transferSyntax)) {
    pixels = new Int16Array(bytes.buffer.slice(pixelData.dataOffset, pixelData.dataOffset + pixelData.length));
  } else {
    throw new Error(`transfer syntax ${transferSyntax} is not part of the benchmark`);
  }
  const done = performance.now();
  return {
    reply: { index, ok: true, pixels, times: { readMs: read - started, parseMs: parsed - read, decodeMs: done - parsed } },
    transfer: [pixels.buffer],
  };
}

self.onmessage = (event: MessageEvent<DecodeRequest>) => {
  decode(event.data).then(
    ({ reply, transfer }) => self.postMessage(reply, transfer),
    (error: unknown) => self.postMessage({ index: event.data.index, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies DecodeReply),
  );
};
