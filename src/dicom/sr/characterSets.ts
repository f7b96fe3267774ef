/**
 * Character sets of DICOM text, honoured inside sequences too.
 *
 * dcmjs (0.52) decodes the top level of a dataset with its Specific Character Set (0008,0005) but reads
 * every sequence item with a fresh stream whose decoder is "latin1" (the WHATWG windows-1252 decoder),
 * so "Müller" written as UTF-8 inside an SR content item comes back as "MÃ¼ller". windows-1252 as
 * WHATWG defines it maps every byte to one code point and back, so the item's bytes can be recovered
 * exactly and decoded again with the character set in force: the item's own, else its parent's.
 */

/** Defined terms of (0008,0005) (PS3.3 C.12.1.1.2), single-byte and UTF-8, as WHATWG encoding labels. */
export const DICOM_CHARACTER_SETS: Readonly<Record<string, string>> = {
  '': 'windows-1252',
  ISO_IR_6: 'windows-1252',
  ISO_IR_100: 'windows-1252',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'iso-8859-9',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_166: 'windows-874',
  ISO_IR_13: 'shift_jis',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** The encoding label of a (0008,0005) value (its first term; ISO 2022 escapes are not decoded), or null when unknown. */
export function encodingOf(specificCharacterSet: string): string | null {
  const term = specificCharacterSet.split('\\')[0]!.trim().replace(/^ISO 2022 IR /, 'ISO IR ').replace(/ /g, '_');
  return DICOM_CHARACTER_SETS[term] ?? null;
}

/** VRs whose values are decoded with the character set (PS3.5 6.1.2.3); the others are ASCII. */
const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);

const CHARACTER_SET_TAG = '00080005';

/** windows-1252 code point → byte, for the 32 bytes 0x80–0x9F where it differs from Latin-1. */
const WINDOWS_1252_HIGH: ReadonlyMap<number, number> = (() => {
  const decoder = new TextDecoder('windows-1252');
  const table = new Map<number, number>();
  for (let byte = 0x80; byte <= 0x9f; byte += 1) table.set(decoder.decode(new Uint8Array([byte])).codePointAt(0)!, byte);
  return table;
})();

/** The bytes that dcmjs's latin1 decoding turned into `decoded`; null when it cannot have come from there. */
export function windows1252Bytes(decoded: string): Uint8Array | null {
  const bytes = new Uint8Array(decoded.length);
  for (let index = 0; index < decoded.length; index += 1) {
    const code = decoded.charCodeAt(index);
    const byte = WINDOWS_1252_HIGH.get(code) ?? (code <= 0xff && (code < 0x80 || code > 0x9f) ? code : null);
    if (byte === null) return null;
    bytes[index] = byte;
  }
  return bytes;
}

/** Decodes again a string that was decoded as windows-1252; ASCII comes back as itself. */
export function redecode(decoded: string, encoding: string): string {
  // eslint-disable-next-line no-control-regex
  if (encoding === 'windows-1252' || /^[\x00-\x7f]*$/.test(decoded)) return decoded;
  const bytes = windows1252Bytes(decoded);
  return bytes ? new TextDecoder(encoding).decode(bytes) : decoded;
}

type Element = { vr?: unknown; Value?: unknown; _rawValue?: unknown };

function redecodeValue(value: unknown, encoding: string): unknown {
  if (typeof value === 'string') return redecode(value, encoding);
  // PN: { Alphabetic, Ideographic, Phonetic }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, part]) => [key, typeof part === 'string' ? redecode(part, encoding) : part]));
  }
  return value;
}

const characterSetOf = (item: Record<string, unknown>): string | null => {
  const element = item[CHARACTER_SET_TAG] as Element | undefined;
  const raw = Array.isArray(element?._rawValue) ? element._rawValue : element?.Value;
  return Array.isArray(raw) && typeof raw[0] === 'string' ? raw.join('\\') : null;
};

/**
 * Fixes, in place, the text of every sequence item of a dcmjs dictionary (tag-keyed, as DicomMessage
 * reads it): each item's text is decoded again with the character set in force for it. The top
 * level is left alone (dcmjs decoded it right). An item with a character set of its own was decoded
 * with it by dcmjs.
 */
export function redecodeSequenceItems(dict: Record<string, unknown>, inherited: string | null = null): void {
  const encoding = inherited ?? encodingOf(characterSetOf(dict) ?? '') ?? 'windows-1252';
  for (const element of Object.values(dict) as Element[]) {
    if (element?.vr !== 'SQ' || !Array.isArray(element.Value)) continue;
    for (const item of element.Value as Record<string, unknown>[]) {
      if (typeof item !== 'object' || item === null) continue;
      const own = characterSetOf(item);
      const itemEncoding = own !== null ? (encodingOf(own) ?? encoding) : encoding;
      if (own === null) {
        for (const child of Object.values(item) as Element[]) {
          if (typeof child?.vr === 'string' && TEXT_VRS.has(child.vr) && Array.isArray(child.Value)) {
            child.Value = child.Value.map((value) => redecodeValue(value, itemEncoding));
          }
        }
      }
      redecodeSequenceItems(item, itemEncoding);
    }
  }
}
