import type { FileProblem } from './fileProblems';

/**
 * A structural walk over a Part 10 file before any parser sees it: every element, item and fragment
 * must end inside its container and the file, and sequences may nest only so deep. dicom-parser and
 * dcmjs trust declared lengths (a 4 GB UN length sends dcmjs looping for minutes) and recurse per
 * nesting level (a few thousand levels overflow the stack); this walk is iterative and allocates
 * nothing per element, so it is linear in the file size whatever the file claims.
 */

/** Deeper than any real SR content tree (a TID 1500 report nests about 8 levels). */
export const MAX_NESTING_DEPTH = 64;

const PREAMBLE_AND_MARKER = 132;
const UNDEFINED = 0xffffffff;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;

export type Encoding = { explicit: boolean; littleEndian: boolean };

export const IMPLICIT_LITTLE: Encoding = { explicit: false, littleEndian: true };
const EXPLICIT_LITTLE: Encoding = { explicit: true, littleEndian: true };

/** How the data set after the meta header is encoded, from its transfer syntax. */
export function encodingOf(transferSyntaxUid: string): Encoding {
  if (transferSyntaxUid === '1.2.840.10008.1.2') return IMPLICIT_LITTLE;
  if (transferSyntaxUid === '1.2.840.10008.1.2.2') return { explicit: true, littleEndian: false };
  return EXPLICIT_LITTLE;
}

interface Container {
  /** first byte after the container, null for undefined length (ends at a delimiter) */
  end: number | null;
  kind: 'root' | 'sequence' | 'item';
  /** items of a UN sequence are implicit VR little endian, whatever the transfer syntax */
  encoding: Encoding;
}

const truncated = (fileSizeBytes: number, neededBytes: number | null): FileProblem => ({ code: 'truncated', fileSizeBytes, neededBytes });

function readTag(view: DataView, at: number, littleEndian: boolean): number {
  return ((view.getUint16(at, littleEndian) << 16) | view.getUint16(at + 2, littleEndian)) >>> 0;
}

/** Walks the fragments of encapsulated pixel data; returns the offset after its delimiter, or a problem. */
function skipFragments(view: DataView, at: number, size: number): number | FileProblem {
  let position = at;
  while (position + 8 <= size) {
    const tag = readTag(view, position, true);
    const length = view.getUint32(position + 4, true);
    if (tag === SEQUENCE_END) return position + 8;
    if (tag !== ITEM) return { code: 'malformed', detail: 'the compressed pixel data is damaged (a fragment has no item tag)' };
    if (position + 8 + length > size) return truncated(size, position + 8 + length);
    position += 8 + length;
  }
  return truncated(size, null);
}

interface Header {
  tag: number;
  vr: string | null;
  length: number;
  headerBytes: number;
}

function readHeader(view: DataView, at: number, encoding: Encoding): Header | null {
  const tag = readTag(view, at, encoding.littleEndian);
  if (tag >>> 16 === 0xfffe || !encoding.explicit) return { tag, vr: null, length: view.getUint32(at + 4, encoding.littleEndian), headerBytes: 8 };
  const vr = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5));
  if (!LONG_VRS.has(vr)) return { tag, vr, length: view.getUint16(at + 6, encoding.littleEndian), headerBytes: 8 };
  if (at + 12 > view.byteLength) return null;
  return { tag, vr, length: view.getUint32(at + 8, encoding.littleEndian), headerBytes: 12 };
}

/** A value that is a sequence without saying so (implicit VR, UN): it starts with an item tag. */
function startsWithItem(view: DataView, at: number, end: number, littleEndian: boolean): boolean {
  return at + 4 <= end && readTag(view, at, littleEndian) === ITEM;
}

/**
 * Checks the data set that starts at `start` (after the meta header, or a whole inflated body).
 * Returns null when every length is consistent and nesting stays within MAX_NESTING_DEPTH.
 */
export function checkDataSetStructure(bytes: Uint8Array, start: number, encoding: Encoding): FileProblem | null {
  const outcome = walk(bytes, start, encoding, false);
  return outcome !== null && 'pixelDataAt' in outcome ? null : outcome;
}

/**
 * Where the top-level Pixel Data element starts, every element before it checked as
 * checkDataSetStructure checks them; 'absent' when the bytes end without one. On the first bytes of
 * a file only, a 'truncated' problem may just mean the header goes on past them.
 */
export function findPixelData(bytes: Uint8Array, start: number, encoding: Encoding): { pixelDataAt: number } | 'absent' | FileProblem {
  return walk(bytes, start, encoding, true) ?? 'absent';
}

function walk(bytes: Uint8Array, start: number, encoding: Encoding, stopAtPixelData: boolean): FileProblem | { pixelDataAt: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  const stack: Container[] = [{ end: size, kind: 'root', encoding }];
  let depth = 0;
  let position = start;
  for (;;) {
    const container = stack.at(-1)!;
    if (container.end !== null && position >= container.end) {
      if (container.kind === 'root') return null;
      stack.pop();
      if (container.kind === 'sequence') depth--;
      continue;
    }
    if (position + 8 > size) return container.kind === 'root' && position === size ? null : truncated(size, null);
    const header = readHeader(view, position, container.encoding);
    if (!header) return truncated(size, null);
    const valueStart = position + header.headerBytes;
    if (header.tag === ITEM_END || header.tag === SEQUENCE_END) {
      const closes = header.tag === ITEM_END ? 'item' : 'sequence';
      if (container.kind !== closes) return { code: 'malformed', detail: 'a sequence delimiter is out of place' };
      stack.pop();
      if (closes === 'sequence') depth--;
      position = valueStart;
      continue;
    }
    if (header.tag === ITEM) {
      if (container.kind !== 'sequence') return { code: 'malformed', detail: 'a sequence item stands outside any sequence' };
      if (header.length !== UNDEFINED && valueStart + header.length > (container.end ?? size)) return truncated(size, valueStart + header.length);
      stack.push({ end: header.length === UNDEFINED ? null : valueStart + header.length, kind: 'item', encoding: container.encoding });
      position = valueStart;
      continue;
    }
    if (container.kind === 'sequence') return { code: 'malformed', detail: 'a sequence holds something other than items' };
    if (stopAtPixelData && header.tag === PIXEL_DATA && stack.length === 1) return { pixelDataAt: position };
    const undefinedLength = header.length === UNDEFINED;
    if (undefinedLength && header.tag === PIXEL_DATA) {
      const after = skipFragments(view, valueStart, size);
      if (typeof after !== 'number') return after;
      position = after;
      continue;
    }
    const end = undefinedLength ? null : valueStart + header.length;
    if (end !== null && end > (container.end ?? size)) return truncated(size, end);
    const isUn = header.vr === 'UN';
    const isSequence = header.vr === 'SQ' || undefinedLength || ((header.vr === null || isUn) && startsWithItem(view, valueStart, end ?? size, container.encoding.littleEndian));
    if (!isSequence) {
      position = end!;
      continue;
    }
    if (++depth > MAX_NESTING_DEPTH) return { code: 'too-deeply-nested', limit: MAX_NESTING_DEPTH };
    stack.push({ end, kind: 'sequence', encoding: isUn ? IMPLICIT_LITTLE : container.encoding });
    position = valueStart;
  }
}

export interface MetaHeader {
  transferSyntaxUid: string;
  /** offset of the first data set element after the meta header */
  dataSetStart: number;
}

/** Reads the file meta group (always explicit VR little endian) with the same length checks. */
export function readMetaHeader(bytes: Uint8Array): MetaHeader | FileProblem {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = PREAMBLE_AND_MARKER;
  let transferSyntaxUid: string | null = null;
  while (position + 8 <= bytes.length && view.getUint16(position, true) === 0x0002) {
    const header = readHeader(view, position, EXPLICIT_LITTLE);
    if (!header || header.length === UNDEFINED) return { code: 'malformed', detail: 'the file meta header is damaged' };
    const end = position + header.headerBytes + header.length;
    if (end > bytes.length) return truncated(bytes.length, end);
    if (header.tag === 0x00020010) {
      transferSyntaxUid = new TextDecoder('latin1').decode(bytes.subarray(position + header.headerBytes, end)).replace(/[\0 ]+$/, '');
    }
    position = end;
  }
  if (transferSyntaxUid === null) return { code: 'malformed', detail: 'the file meta header names no transfer syntax (0002,0010)' };
  return { transferSyntaxUid, dataSetStart: position };
}
