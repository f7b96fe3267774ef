import { dicomParser, type DataSet } from '../../dicom/dicomParserInterop';
import type { InstanceMetadata } from '../../dicom/instanceMetadata';
import type { LoaderWayReason } from './protocol';

/** A checked single-frame grayscale image, split as its decoder and the page's metadata need it. */
export interface SliceFile {
  /** The data set up to (not including) the pixel data element: the page's metadata is parsed from it. */
  header: Uint8Array;
  /** The frame's compressed or native bytes: a view into the file, not a copy. */
  pixels: Uint8Array;
  transferSyntaxUid: string;
}

const DEFLATED = '1.2.840.10008.1.2.1.99';
const IMPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
/** (7FE0,0010) as its four bytes in the file, by byte order */
const PIXEL_DATA_TAG_LE = [0xe0, 0x7f, 0x10, 0x00];
const PIXEL_DATA_TAG_BE = [0x7f, 0xe0, 0x00, 0x10];

/**
 * Whether an image the file reader has passed goes this way (decoded whole in the worker) or the
 * image loader's, and if this way, its header and frame. Only the common case comes here: one frame,
 * one grayscale sample of 8, 16 or 32 bits. Everything else (colour, palettes, multi-frame, deflated
 * data sets, 1-bit overlays) keeps the loader's own handling, which is known to be right for it.
 */
export function sliceFileOf(dataSet: DataSet, metadata: InstanceMetadata): SliceFile | { loaderWay: LoaderWayReason } {
  if (metadata.numberOfFrames !== 1) return { loaderWay: 'multi-frame' };
  const samples = dataSet.uint16('x00280002') ?? 1;
  const photometric = (dataSet.string('x00280004') ?? '').trim();
  if (samples !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) return { loaderWay: 'not-grayscale' };
  const transferSyntaxUid = metadata.transferSyntaxUid;
  if (transferSyntaxUid === DEFLATED) return { loaderWay: 'deflated' };
  const bitsAllocated = dataSet.uint16('x00280100') ?? 0;
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) return { loaderWay: 'bits-allocated' };
  const element = dataSet.elements.x7fe00010;
  if (!element) return { loaderWay: 'pixel-data-layout' };
  const bytes = dataSet.byteArray;
  // The element's own header: tag, VR and length, 8 bytes in implicit VR, 12 for OB/OW in explicit VR.
  const headerEnd = element.dataOffset - (transferSyntaxUid === IMPLICIT_LITTLE_ENDIAN ? 8 : 12);
  const tag = transferSyntaxUid === BIG_ENDIAN ? PIXEL_DATA_TAG_BE : PIXEL_DATA_TAG_LE;
  if (headerEnd < 0 || tag.some((byte, index) => bytes[headerEnd + index] !== byte)) return { loaderWay: 'pixel-data-layout' };
  const pixels = element.encapsulatedPixelData ? encapsulatedFrame(dataSet) : nativeFrame(bytes, element.dataOffset, element.length, metadata, bitsAllocated);
  if (!pixels) return { loaderWay: 'pixel-data-layout' };
  return { header: bytes.subarray(0, headerEnd), pixels, transferSyntaxUid };
}

/** Exactly one frame's bytes: the element may hold a pad byte the decoder must not see. */
function nativeFrame(bytes: Uint8Array, offset: number, length: number, metadata: InstanceMetadata, bitsAllocated: number): Uint8Array | null {
  const frameBytes = (metadata.rows * metadata.columns * bitsAllocated) / 8;
  return length >= frameBytes ? bytes.subarray(offset, offset + frameBytes) : null;
}

/** A single frame is every fragment; one fragment is a view, several are joined (as the loader joins them). */
function encapsulatedFrame(dataSet: DataSet): Uint8Array | null {
  const element = dataSet.elements.x7fe00010!;
  const fragments = element.fragments ?? [];
  if (fragments.length === 0) return null;
  if (fragments.length === 1) return dataSet.byteArray.subarray(fragments[0]!.position, fragments[0]!.position + fragments[0]!.length);
  return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, fragments.length);
}
