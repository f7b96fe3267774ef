import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfBytes, MultipartError, parseMediaType, parseMultipart } from './multipart';

const bytes = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
const text = (data: Uint8Array) => String.fromCharCode(...data);
const concat = (...chunks: Uint8Array[]) => {
  const result = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
};

/** A multipart body as Orthanc writes it: each part with Content-Type and Content-Length. */
function multipartBody(boundary: string, parts: Uint8Array[], withLength = true): Uint8Array {
  return concat(
    ...parts.flatMap((part) => [
      bytes(`--${boundary}\r\nContent-Type: application/dicom\r\n${withLength ? `Content-Length: ${part.length}\r\n` : ''}MIME-Version: 1.0\r\n\r\n`),
      part,
      bytes('\r\n'),
    ]),
    bytes(`--${boundary}--\r\n`),
  );
}

describe('parseMediaType', () => {
  it('reads a quoted type and an unquoted boundary, as Orthanc sends them', () => {
    expect(parseMediaType('multipart/related; type="application/dicom"; boundary=5743-69971cbe')).toEqual({
      type: 'multipart/related',
      parameters: { type: 'application/dicom', boundary: '5743-69971cbe' },
    });
  });

  it('reads a quoted boundary holding semicolons, spaces and escaped quotes', () => {
    expect(parseMediaType('Multipart/Related;Boundary="a; b \\"c\\"";type=application/dicom').parameters).toEqual({
      boundary: 'a; b "c"',
      type: 'application/dicom',
    });
    expect(parseMediaType('Multipart/Related;Boundary="x"').type).toBe('multipart/related');
  });

  it('gives no parameters for a bare type and skips a parameter without a value', () => {
    expect(parseMediaType('application/dicom+json')).toEqual({ type: 'application/dicom+json', parameters: {} });
    expect(parseMediaType('multipart/related; junk; boundary=b').parameters).toEqual({ boundary: 'b' });
    expect(parseMediaType('')).toEqual({ type: '', parameters: {} });
  });
});

describe('indexOfBytes', () => {
  it('finds a needle like String.indexOf does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '-', '\r', '\n') }), fc.string({ unit: fc.constantFrom('a', 'b', '-'), minLength: 1, maxLength: 4 }), fc.nat(20), (haystack, needle, from) => {
        expect(indexOfBytes(bytes(haystack), bytes(needle), from)).toBe(from > haystack.length ? -1 : haystack.indexOf(needle, from));
      }),
    );
  });
});

describe('parseMultipart', () => {
  it('splits the parts of a WADO-RS answer and reads their headers', () => {
    const first = Uint8Array.from([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d, 255]);
    const second = bytes('DICM second file');
    const parts = parseMultipart(multipartBody('b0undary', [first, second]), 'b0undary');
    expect(parts).toHaveLength(2);
    expect(parts[0]!.headers).toEqual({ 'content-type': 'application/dicom', 'content-length': '8', 'mime-version': '1.0' });
    expect([...parts[0]!.body]).toEqual([...first]);
    expect(text(parts[1]!.body)).toBe('DICM second file');
  });

  it('finds the end of a part by its delimiter when there is no Content-Length', () => {
    const parts = parseMultipart(multipartBody('xyz', [bytes('one'), bytes('two\r\n-not-the-boundary')], false), 'xyz');
    expect(parts.map((part) => text(part.body))).toEqual(['one', 'two\r\n-not-the-boundary']);
  });

  it('does not trust a Content-Length that the delimiter does not confirm', () => {
    const body = bytes('--b\r\nContent-Length: 2\r\n\r\nabcdef\r\n--b--');
    expect(text(parseMultipart(body, 'b')[0]!.body)).toBe('abcdef');
  });

  it('ignores a preamble, an epilogue, transport padding and a part without headers', () => {
    const body = bytes('preamble text\r\n--b  \r\n\r\nno headers\r\n--b\t\r\nContent-Type: application/dicom\r\n\r\nx\r\n--b--  epilogue');
    const parts = parseMultipart(body, 'b');
    expect(parts.map((part) => [part.headers, text(part.body)])).toEqual([
      [{}, 'no headers'],
      [{ 'content-type': 'application/dicom' }, 'x'],
    ]);
  });

  it('unfolds a folded header line', () => {
    const parts = parseMultipart(bytes('--b\r\nContent-Type: multipart/related;\r\n type=x\r\n\r\nbody\r\n--b--'), 'b');
    expect(parts[0]!.headers['content-type']).toBe('multipart/related; type=x');
  });

  it('gives no part for an empty multipart body', () => {
    expect(parseMultipart(bytes('--b--\r\n'), 'b')).toEqual([]);
  });

  it('returns views into the body, not copies', () => {
    const body = multipartBody('b', [bytes('payload')]);
    expect(parseMultipart(body, 'b')[0]!.body.buffer).toBe(body.buffer);
  });

  it('keeps any bytes as they are (round trip)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), fc.boolean(), (payloads, withLength) => {
        const boundary = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
        const parts = parseMultipart(multipartBody(boundary, payloads, withLength), boundary);
        expect(parts.map((part) => [...part.body])).toEqual(payloads.map((payload) => [...payload]));
      }),
    );
  });

  it('names what is wrong with a broken body', () => {
    expect(() => parseMultipart(bytes('no delimiter here'), 'b')).toThrow(/no boundary delimiter/);
    expect(() => parseMultipart(bytes('--b\r\nContent-Type: application/dicom\r\n\r\ncut short'), 'b')).toThrow(/cut short/);
    expect(() => parseMultipart(bytes('--b\r\nContent-Type: application/dicom'), 'b')).toThrow(/no end of headers/);
    expect(() => parseMultipart(bytes('--bX\r\n\r\nx\r\n--b--'), 'b')).toThrow(/not followed by a line break/);
    expect(() => parseMultipart(bytes('--b\r\nno colon\r\n\r\nx\r\n--b--'), 'b')).toThrow(/malformed header line/);
    expect(() => parseMultipart(bytes('x'), '')).toThrow(MultipartError);
  });
});
