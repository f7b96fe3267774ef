import pako from 'pako';
import dcmjs from 'dcmjs';
import type { FileProblem } from '../fileProblems';
import { checkedBytes } from '../readDicomFile';
import { encodingOf, readMetaHeader, type Encoding } from '../structure';

/**
 * A Part 10 file as a tree of elements that keep their value bytes as read, so that a de-identified
 * copy changes only what it means to change. dcmjs would round-trip the whole data set through its
 * own value model (re-fragmenting compressed pixel data at 20 KB, re-encoding text in another
 * character set); here every element that is not touched is written back byte for byte, the
 * encapsulated pixel data (fragments, offset table, delimiter) included.
 *
 * The bytes pass the same structural check as any file Nadir opens (checkedBytes: lengths, nesting
 * depth, deflate limits) before this parser reads them, so it can trust the lengths it meets.
 */

export type Element =
  | { kind: 'value'; tag: number; vr: string; bytes: Uint8Array }
  | { kind: 'sequence'; tag: number; vr: string; items: Element[][] }
  /** encapsulated pixel data: everything after the element header through the sequence delimiter */
  | { kind: 'encapsulated'; tag: number; vr: string; raw: Uint8Array };

export interface DicomTree {
  /** the file meta group (0002), always explicit VR little endian */
  meta: Element[];
  dataSet: Element[];
  transferSyntaxUid: string;
  /** the data set was deflated (1.2.840.10008.1.2.1.99) and is written deflated again */
  deflated: boolean;
  /** the 128-byte preamble as read (usually zeros; kept as is) */
  preamble: Uint8Array;
}

const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
const DEFLATED = '1.2.840.10008.1.2.1.99';
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const EXPLICIT_LITTLE: Encoding = { explicit: true, littleEndian: true };
const IMPLICIT_LITTLE: Encoding = { explicit: false, littleEndian: true };

export const tagHex = (tag: number): string => tag.toString(16).padStart(8, '0').toUpperCase();
export const groupOf = (tag: number): number => tag >>> 16;

/** The data dictionary's VR of a standard tag (for implicit VR files); 'UN' when unknown or private. */
export function dictionaryVr(tag: number): string {
  const hex = tagHex(tag);
  const entry = (dcmjs.data.DicomMetaDictionary as unknown as { dictionary: Record<string, { vr?: string } | undefined> }).dictionary[
    `(${hex.slice(0, 4)},${hex.slice(4)})`
  ];
  if (!entry?.vr) return 'UN';
  // multi-VR entries ("OB or OW", "US or SS", "ox"): binary or numeric, never a VR the profile acts upon
  return /^[A-Z]{2}$/.test(entry.vr) ? entry.vr : 'OB';
}

class Reader {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly encoding: Encoding,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private tagAt(at: number, littleEndian: boolean): number {
    return ((this.view.getUint16(at, littleEndian) << 16) | this.view.getUint16(at + 2, littleEndian)) >>> 0;
  }

  /** Elements from `start` until `end` (exclusive) or, with end null, an item delimiter; returns them and the next offset. */
  elements(start: number, end: number | null, encoding: Encoding): { elements: Element[]; next: number } {
    const elements: Element[] = [];
    let at = start;
    while (end === null || at < end) {
      if (at + 8 > this.bytes.length) break;
      const tag = this.tagAt(at, encoding.littleEndian);
      if (tag === ITEM_END) return { elements, next: at + 8 };
      let vr: string;
      let length: number;
      let valueStart: number;
      if (encoding.explicit) {
        vr = String.fromCharCode(this.bytes[at + 4]!, this.bytes[at + 5]!);
        if (LONG_VRS.has(vr)) {
          length = this.view.getUint32(at + 8, encoding.littleEndian);
          valueStart = at + 12;
        } else {
          length = this.view.getUint16(at + 6, encoding.littleEndian);
          valueStart = at + 8;
        }
      } else {
        vr = dictionaryVr(tag);
        length = this.view.getUint32(at + 4, true);
        valueStart = at + 8;
      }
      if (tag === PIXEL_DATA && length === UNDEFINED) {
        const after = this.afterFragments(valueStart, encoding.littleEndian);
        elements.push({ kind: 'encapsulated', tag, vr, raw: this.bytes.slice(valueStart, after) });
        at = after;
        continue;
      }
      const valueEnd = length === UNDEFINED ? null : valueStart + length;
      const startsWithItem = valueStart + 4 <= this.bytes.length && this.tagAt(valueStart, encoding.littleEndian) === ITEM;
      // implicit VR: vr is the dictionary's, 'UN' for private and unknown tags
      const isSequence = vr === 'SQ' || length === UNDEFINED || (vr === 'UN' && length > 0 && startsWithItem);
      if (isSequence) {
        // items of a UN sequence are implicit VR little endian whatever the transfer syntax (PS3.5 6.2.2)
        const itemEncoding = vr === 'UN' && encoding.explicit ? IMPLICIT_LITTLE : encoding;
        const { items, next } = this.items(valueStart, valueEnd, itemEncoding);
        // vr stays as read ('UN' too): the profile treats an undeclared sequence on its own terms
        elements.push({ kind: 'sequence', tag, vr, items });
        at = next;
        continue;
      }
      elements.push({ kind: 'value', tag, vr, bytes: this.bytes.slice(valueStart, valueEnd!) });
      at = valueEnd!;
    }
    return { elements, next: at };
  }

  private items(start: number, end: number | null, encoding: Encoding): { items: Element[][]; next: number } {
    const items: Element[][] = [];
    let at = start;
    while (end === null || at < end) {
      const tag = this.tagAt(at, encoding.littleEndian);
      const length = this.view.getUint32(at + 4, encoding.littleEndian);
      if (tag === SEQUENCE_END) return { items, next: at + 8 };
      // checkedBytes has refused anything else inside a sequence
      const itemEnd = length === UNDEFINED ? null : at + 8 + length;
      const { elements, next } = this.elements(at + 8, itemEnd, encoding);
      items.push(elements);
      at = itemEnd ?? next;
    }
    return { items, next: at };
  }

  private afterFragments(start: number, littleEndian: boolean): number {
    let at = start;
    while (at + 8 <= this.bytes.length) {
      const tag = this.tagAt(at, littleEndian);
      const length = this.view.getUint32(at + 4, littleEndian);
      at += 8;
      if (tag === SEQUENCE_END) return at;
      at += length;
    }
    return at;
  }
}

/** Parses a Part 10 file; or the problem that makes it unreadable (the same checks as the viewer's). */
export function parseDicomTree(bytes: Uint8Array): DicomTree | FileProblem {
  const marker = (at: number) => bytes.length >= at + 4 && String.fromCharCode(...bytes.subarray(at, at + 4)) === 'DICM';
  if (bytes.length === 0) return { code: 'empty' };
  // a DICOM file that lost its preamble is a damaged DICOM file, not some other kind of file
  if (!marker(128)) return marker(0) ? { code: 'malformed', detail: 'the 128-byte preamble is missing (the file starts with DICM)' } : { code: 'not-dicom' };
  const header = readMetaHeader(bytes);
  if ('code' in header) return header;
  const checked = checkedBytes(bytes);
  if ('code' in checked) return checked;
  const meta = new Reader(bytes, EXPLICIT_LITTLE).elements(132, header.dataSetStart, EXPLICIT_LITTLE).elements;
  const deflated = header.transferSyntaxUid === DEFLATED;
  const encoding = encodingOf(header.transferSyntaxUid);
  const whole = checked.whole;
  const dataSet = new Reader(whole, encoding).elements(header.dataSetStart, whole.length, encoding).elements;
  return { meta, dataSet, transferSyntaxUid: header.transferSyntaxUid, deflated, preamble: bytes.slice(0, 128) };
}

class Writer {
  private chunks: Uint8Array[] = [];
  size = 0;

  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  header(tag: number, vr: string | null, length: number, littleEndian: boolean): void {
    const long = vr !== null && LONG_VRS.has(vr);
    const out = new Uint8Array(vr === null ? 8 : long ? 12 : 8);
    const view = new DataView(out.buffer);
    view.setUint16(0, tag >>> 16, littleEndian);
    view.setUint16(2, tag & 0xffff, littleEndian);
    if (vr === null) {
      view.setUint32(4, length, littleEndian);
    } else {
      out[4] = vr.charCodeAt(0);
      out[5] = vr.charCodeAt(1);
      if (long) view.setUint32(8, length, littleEndian);
      else view.setUint16(6, length, littleEndian);
    }
    this.push(out);
  }

  bytes(): Uint8Array {
    const whole = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      whole.set(chunk, at);
      at += chunk.length;
    }
    return whole;
  }
}

/**
 * Writes elements in the given encoding, in tag order. Sequences and items are written with
 * undefined length and delimiters: lengths never need recomputing when a nested value changes.
 */
function writeElements(writer: Writer, elements: readonly Element[], encoding: Encoding): void {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  for (const element of sorted) {
    const vr = encoding.explicit ? element.vr : null;
    if (element.kind === 'encapsulated') {
      writer.header(element.tag, vr, UNDEFINED, encoding.littleEndian);
      writer.push(element.raw);
    } else if (element.kind === 'sequence') {
      // a sequence read from UN stays UN, its items implicit VR little endian as they were read (PS3.5 6.2.2)
      const undeclared = vr === 'UN';
      const itemEncoding = undeclared ? IMPLICIT_LITTLE : encoding;
      writer.header(element.tag, vr === null ? null : undeclared ? 'UN' : 'SQ', UNDEFINED, encoding.littleEndian);
      for (const item of element.items) {
        writer.header(ITEM, null, UNDEFINED, itemEncoding.littleEndian);
        writeElements(writer, item, itemEncoding);
        writer.header(ITEM_END, null, 0, itemEncoding.littleEndian);
      }
      writer.header(SEQUENCE_END, null, 0, itemEncoding.littleEndian);
    } else {
      writer.header(element.tag, vr, element.bytes.length, encoding.littleEndian);
      writer.push(element.bytes);
    }
  }
}

/** The Part 10 bytes of a tree: the meta group with its group length recomputed, then the data set. */
export function writeDicomTree(tree: DicomTree): Uint8Array {
  const metaWriter = new Writer();
  writeElements(
    metaWriter,
    tree.meta.filter((element) => element.tag !== 0x00020000),
    EXPLICIT_LITTLE,
  );
  const metaBytes = metaWriter.bytes();
  const body = new Writer();
  writeElements(body, tree.dataSet, encodingOf(tree.transferSyntaxUid));
  const bodyBytes = tree.deflated ? pako.deflateRaw(body.bytes()) : body.bytes();
  const out = new Writer();
  out.push(tree.preamble);
  out.push(new TextEncoder().encode('DICM'));
  out.header(0x00020000, 'UL', 4, true);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, metaBytes.length, true);
  out.push(groupLength);
  out.push(metaBytes);
  out.push(bodyBytes);
  return out.bytes();
}

// ---- values ---------------------------------------------------------------------------------------

/** A text value as stored (backslash-separated values), without trailing padding. Latin-1 keeps bytes 1:1. */
export function textOf(element: Element): string {
  if (element.kind !== 'value') return '';
  return new TextDecoder('latin1').decode(element.bytes).replace(/[\0 ]+$/, '');
}

/** Bytes of an ASCII text value, padded to even length (UI with NUL, others with space: PS3.5 6.2). */
export function textBytes(value: string, vr: string): Uint8Array {
  const padded = value.length % 2 === 0 ? value : `${value}${vr === 'UI' ? '\0' : ' '}`;
  return Uint8Array.from(padded, (character) => character.charCodeAt(0) & 0xff);
}

export function textElement(tag: number, vr: string, value: string): Element {
  return { kind: 'value', tag, vr, bytes: textBytes(value, vr) };
}
