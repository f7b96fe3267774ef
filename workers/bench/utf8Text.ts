/**
 * The cohort benchmark's output text, carried from a worker thread to the main thread as UTF-8 bytes.
 *
 * Posting a 125 MB string costs three fresh copies (the serialiser's buffer, the receiver's string,
 * and a flattened copy when the string was concatenated); on this VM first touching fresh memory
 * costs ~3 ms per MB, so the copies cost more than the assessment. Written once into one buffer,
 * transferred (not copied) and decoded once on the main thread, the same text costs two.
 */

export interface Utf8Text {
  /** UTF-8 bytes [0, byteLength) are the text; the rest is unused reservation */
  readonly buffer: ArrayBuffer;
  readonly byteLength: number;
}

/** Appends strings as UTF-8 into one growing buffer. */
export class Utf8TextWriter {
  private bytes: Uint8Array;
  private used = 0;
  private readonly encoder = new TextEncoder();

  /** `reserve`: the expected size in bytes; untouched pages of the reservation cost nothing. */
  constructor(reserve: number) {
    this.bytes = new Uint8Array(Math.max(1 << 16, reserve));
  }

  write(text: string): void {
    let rest = text;
    for (;;) {
      // encodeInto stops before a character that does not fit, never inside one
      const { read, written } = this.encoder.encodeInto(rest, this.bytes.subarray(this.used));
      this.used += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      this.grow(this.used + 3 * rest.length); // at most 3 UTF-8 bytes per UTF-16 unit
    }
  }

  private grow(needed: number): void {
    const bigger = new Uint8Array(Math.max(needed, 2 * this.bytes.length));
    bigger.set(this.bytes.subarray(0, this.used));
    this.bytes = bigger;
  }

  /** The text so far; the writer must not be used afterwards (the buffer is meant to be transferred). */
  finish(): Utf8Text {
    return { buffer: this.bytes.buffer as ArrayBuffer, byteLength: this.used };
  }
}

const decoder = new TextDecoder();

export function decodeUtf8Text(text: Utf8Text): string {
  return decoder.decode(new Uint8Array(text.buffer, 0, text.byteLength));
}
