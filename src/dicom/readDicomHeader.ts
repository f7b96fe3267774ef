import { dicomParser, type DataSet } from './dicomParserInterop';
import { classifyAttributes, hasDicmMarkerAt, NATIVE_SYNTAXES, PREAMBLE_BYTES, readDicomHead, type DicomFileResult } from './readDicomFile';
import { encodingOf, findPixelData, readMetaHeader } from './structure';

/**
 * What the first bytes of a file tell:
 *  - 'read': the file is decided. An image whose pixel data is compressed is decided on its
 *    attributes alone: its pixel data is checked with the whole file when the slice is decoded,
 *    as an instance retrieved from a PACS is.
 *  - 'more': the header goes on past these bytes; read more of the file (nextHeadLength).
 *  - 'whole': only the whole file can tell (deflated, an object without pixel data, a damaged header,
 *    elements after uncompressed pixel data): readDicomFile decides, names a problem as it always has.
 */
export type HeaderRead = { kind: 'read'; result: DicomFileResult } | { kind: 'more' } | { kind: 'whole' };

/**
 * The first read of a file: a CT slice's header is 1 to 3 KiB and its whole 512 KiB. Headers with
 * large private elements (an MR's Siemens CSA header) read on, 16 and then 64 KiB; reading 64 KiB
 * of every file made 600 CT headers take 0.3 s longer.
 */
export const FIRST_HEAD_BYTES = 4 * 1024;

/** How much of a file to read next when its header is longer than `current` bytes: four times as much, at most the file. */
export function nextHeadLength(current: number, fileSize: number): number {
  return Math.min(fileSize, Math.max(1, current) * 4);
}

const DEFLATED = '1.2.840.10008.1.2.1.99';
const UNDEFINED_LENGTH = 0xffffffff;

/** The pixel data element's length field, from its header at `at` (explicit VR: 4 bytes after VR and reserved). */
function pixelDataLength(head: Uint8Array, at: number, explicit: boolean, littleEndian: boolean): number | null {
  const lengthAt = at + (explicit ? 8 : 4);
  if (lengthAt + 4 > head.length) return null;
  return new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(lengthAt, littleEndian);
}

/**
 * Reads a file's header from its first bytes (`head`, of a file of `fileSize` bytes). Every element
 * before the pixel data passes the same structural walk as a whole file; any doubt goes to the whole read.
 */
export function readDicomHeader(head: Uint8Array, fileName: string, fileSize: number): HeaderRead {
  if (head.length >= fileSize || !hasDicmMarkerAt(head, PREAMBLE_BYTES)) return { kind: 'whole' };
  const native = readDicomHead(head, fileName, fileSize);
  if (native !== null) return { kind: 'read', result: native };
  const meta = readMetaHeader(head);
  if ('code' in meta) return meta.code === 'truncated' ? { kind: 'more' } : { kind: 'whole' };
  // readDicomHead decides uncompressed files whenever their first bytes can; a deflated body is inflated whole
  if (meta.transferSyntaxUid === DEFLATED) return { kind: 'whole' };
  if (NATIVE_SYNTAXES.has(meta.transferSyntaxUid)) return nativeGrowOrWhole(head, meta.dataSetStart, meta.transferSyntaxUid);
  const encoding = encodingOf(meta.transferSyntaxUid);
  const found = findPixelData(head, meta.dataSetStart, encoding);
  if (found === 'absent' || ('code' in found && found.code === 'truncated')) return { kind: 'more' };
  if ('code' in found) return { kind: 'whole' };
  const length = pixelDataLength(head, found.pixelDataAt, encoding.explicit, encoding.littleEndian);
  if (length === null) return { kind: 'more' };
  // compressed pixel data is always encapsulated (undefined length); anything else is the whole read's to name
  if (length !== UNDEFINED_LENGTH) return { kind: 'whole' };
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(head.subarray(0, found.pixelDataAt));
  } catch {
    return { kind: 'whole' };
  }
  const result = classifyAttributes(dataSet, fileName, true);
  // objects that are not images are read whole now: they are few and their readers need every byte
  return result.kind === 'non-image' ? { kind: 'whole' } : { kind: 'read', result };
}

/** An uncompressed file readDicomHead could not decide: its header goes on past `head`, or only the whole file decides. */
function nativeGrowOrWhole(head: Uint8Array, dataSetStart: number, transferSyntaxUid: string): HeaderRead {
  const found = findPixelData(head, dataSetStart, encodingOf(transferSyntaxUid));
  if (found === 'absent' || ('code' in found && found.code === 'truncated')) return { kind: 'more' };
  // the pixel data element's own header (at most 12 bytes) cut off: readDicomHead needs it whole
  if (!('code' in found) && found.pixelDataAt + 12 > head.length) return { kind: 'more' };
  return { kind: 'whole' };
}

/**
 * A file's header from as few of its first bytes as it takes: `firstLength`, then more
 * (nextHeadLength) while the header goes on, up to `maxLength`; null when only the whole file can
 * tell, or when its header is longer than `maxLength`. `bytesUpTo(n)` gives the file's first n bytes.
 */
export async function readHeaderOnly(
  fileName: string,
  fileSize: number,
  bytesUpTo: (length: number) => Promise<Uint8Array>,
  firstLength = FIRST_HEAD_BYTES,
  maxLength = Infinity,
): Promise<DicomFileResult | null> {
  for (let length = firstLength; length < fileSize && length <= maxLength; length = nextHeadLength(length, fileSize)) {
    const read = readDicomHeader(await bytesUpTo(length), fileName, fileSize);
    if (read.kind === 'read') return read.result;
    if (read.kind === 'whole') return null;
  }
  return null;
}
