/**
 * A byte-level reader of `multipart/related` bodies (RFC 2046 §5.1, as DICOMweb WADO-RS uses them).
 * It splits parts and reads their headers; it knows nothing of DICOM.
 */

export interface MediaType {
  /** Lower case, e.g. `multipart/related`. */
  type: string;
  /** Parameter names in lower case; values unquoted, case kept. */
  parameters: Record<string, string>;
}

export interface BodyPart<Buffer extends ArrayBufferLike = ArrayBufferLike> {
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** A view into the body handed in (no copy). */
  body: Uint8Array<Buffer>;
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

/** Parses a Content-Type value: `multipart/related; type="application/dicom"; boundary=abc`. */
export function parseMediaType(header: string): MediaType {
  const semicolon = header.indexOf(';');
  const type = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  const parameters: Record<string, string> = {};
  let rest = semicolon < 0 ? '' : header.slice(semicolon + 1);
  while (rest.length > 0) {
    const match = /^\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)\s*(?:;|$)/.exec(rest);
    if (!match) {
      // A parameter without a value, or garbage: skip to the next one.
      const next = rest.indexOf(';');
      rest = next < 0 ? '' : rest.slice(next + 1);
      continue;
    }
    const raw = match[2]!.trim();
    parameters[match[1]!.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    rest = rest.slice(match[0].length);
  }
  return { type, parameters };
}

const ascii = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0) & 0xff);
const CR = 0x0d;
const LF = 0x0a;
const HYPHEN = 0x2d;

/** First index of `needle` in `haystack` at or after `from`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  if (needle.length === 0) return from <= haystack.length ? from : -1;
  const first = needle[0]!;
  const last = haystack.length - needle.length;
  for (let start = haystack.indexOf(first, from); start !== -1 && start <= last; start = haystack.indexOf(first, start + 1)) {
    let offset = 1;
    while (offset < needle.length && haystack[start + offset] === needle[offset]) offset += 1;
    if (offset === needle.length) return start;
  }
  return -1;
}

const decodeLatin1 = (bytes: Uint8Array) => Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');

function parseHeaders(block: Uint8Array): Record<string, string> {
  const headers: Record<string, string> = {};
  // Folded continuation lines (starting with white space) belong to the header before them.
  const lines = decodeLatin1(block).split(/\r?\n(?![ \t])/);
  for (const line of lines) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`a part has a malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return headers;
}

/** The index just past the line break that ends the delimiter line starting at `position`. */
function skipToLineEnd(body: Uint8Array, position: number): number {
  let cursor = position;
  // Transport padding (RFC 2046: linear white space) may follow a delimiter.
  while (body[cursor] === 0x20 || body[cursor] === 0x09) cursor += 1;
  if (body[cursor] === CR && body[cursor + 1] === LF) return cursor + 2;
  if (body[cursor] === LF) return cursor + 1;
  throw new MultipartError('a boundary delimiter is not followed by a line break');
}

/**
 * Splits a multipart body into its parts. `boundary` is the Content-Type's `boundary` parameter
 * (unquoted). The preamble and epilogue are ignored; a missing closing delimiter is an error
 * (the answer was cut short).
 */
export function parseMultipart<Buffer extends ArrayBufferLike>(body: Uint8Array<Buffer>, boundary: string): BodyPart<Buffer>[] {
  if (boundary.length === 0 || boundary.length > 200) throw new MultipartError('the multipart boundary is empty or too long');
  const dashBoundary = ascii(`--${boundary}`);
  const delimiter = ascii(`\r\n--${boundary}`);
  // The first delimiter may open the body without a preceding line break.
  let position = indexOfBytes(body, dashBoundary, 0);
  if (position !== 0) {
    const found = indexOfBytes(body, delimiter, 0);
    if (found < 0) throw new MultipartError('the multipart body holds no boundary delimiter');
    position = found + 2;
  }
  position += dashBoundary.length;
  const parts: BodyPart<Buffer>[] = [];
  for (;;) {
    if (body[position] === HYPHEN && body[position + 1] === HYPHEN) return parts;
    const headerStart = skipToLineEnd(body, position);
    let headerEnd: number;
    let bodyStart: number;
    if (body[headerStart] === CR && body[headerStart + 1] === LF) {
      // No headers at all: the blank line comes at once.
      headerEnd = headerStart;
      bodyStart = headerStart + 2;
    } else {
      headerEnd = indexOfBytes(body, ascii('\r\n\r\n'), headerStart);
      if (headerEnd < 0) throw new MultipartError('a part has no end of headers');
      bodyStart = headerEnd + 4;
    }
    const headers = parseHeaders(body.subarray(headerStart, headerEnd));
    // Content-Length, when given and confirmed by the delimiter after it, saves scanning the body.
    const declared = Number(headers['content-length']);
    let bodyEnd = -1;
    if (Number.isSafeInteger(declared) && declared >= 0 && startsWithAt(body, delimiter, bodyStart + declared)) bodyEnd = bodyStart + declared;
    if (bodyEnd < 0) bodyEnd = indexOfBytes(body, delimiter, bodyStart);
    if (bodyEnd < 0) throw new MultipartError('the multipart body ends before its closing boundary (the answer was cut short)');
    parts.push({ headers, body: body.subarray(bodyStart, bodyEnd) });
    position = bodyEnd + delimiter.length;
  }
}

function startsWithAt(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let offset = 0; offset < needle.length; offset++) if (haystack[at + offset] !== needle[offset]) return false;
  return true;
}
