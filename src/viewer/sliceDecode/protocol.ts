import type { InstanceMetadata } from '../../dicom/instanceMetadata';
import type { DicomFileResult } from '../../dicom/readDicomFile';

/**
 * The messages between the viewer and its slice decoders (./sliceDecode.worker.ts). A slice is
 * opened (read whole and checked in the worker), then decoded there, so that its bytes cross to the
 * page once, as the decoded pixels, and are never parsed on the page.
 *
 * The key is `nadir`, not `type`: the worker also holds the image loader's decoder module, whose
 * comlink listener answers messages with a comlink `type` and ignores all others.
 */
export type SliceRequest =
  /** A local file (its Blob) or an instance retrieved from a server (its bytes, moved). */
  | { nadir: 'open'; id: number; name: string; source: Blob | ArrayBuffer }
  | { nadir: 'decode'; id: number; frame: FrameToDecode; options: DecodeOptions; decodeConfig: unknown }
  /** The opened slice will not be decoded (the study was closed, the decoding failed). */
  | { nadir: 'release'; id: number };

export type SliceReply =
  /** Not an image this way can show: unreadable (a named problem) or another object. */
  | { id: number; kind: 'refused'; result: Exclude<DicomFileResult, { kind: 'image' }> }
  /** An image for the image loader's own way (multi-frame, colour, deflated): its whole bytes, checked, moved back. */
  | { id: number; kind: 'whole'; bytes: ArrayBuffer; reason: LoaderWayReason; metadata: InstanceMetadata }
  /**
   * A grayscale single-frame image, checked: its data set up to the pixel data, for the page's metadata.
   * `metadata`: what the file says of itself, for the page to hold against what placed its slice.
   */
  | { id: number; kind: 'opened'; header: ArrayBuffer; transferSyntaxUid: string; metadata: InstanceMetadata }
  | { id: number; kind: 'decoded'; frame: DecodedFrame }
  | { id: number; kind: 'failed'; message: string }
  | { id: number; kind: 'released' };

/** Why a checked image goes the image loader's own way, which handles every case, rather than this one. */
export type LoaderWayReason = 'multi-frame' | 'not-grayscale' | 'deflated' | 'bits-allocated' | 'pixel-data-layout';

/** The image loader's image frame (its getImageFrame), without pixel data: what its decoder is told. */
export interface FrameToDecode {
  samplesPerPixel: number;
  photometricInterpretation: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  [key: string]: unknown;
}

/** The image loader's decode options (createImage's), as its decoder reads them. */
export interface DecodeOptions {
  preScale: { enabled: boolean; scalingParameters?: Record<string, unknown> };
  allowFloatRendering: boolean;
  [key: string]: unknown;
}

export type PixelArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array;

/** What the image loader's decoder made of a frame: pixels in the smallest type that holds them, scaled as asked. */
export interface DecodedFrame extends FrameToDecode {
  pixelData: PixelArray;
  pixelDataLength: number;
  smallestPixelValue: number;
  largestPixelValue: number;
  preScale?: { enabled: boolean; scaled?: boolean; scalingParameters?: Record<string, unknown> };
  decodeTimeInMS?: number;
}
