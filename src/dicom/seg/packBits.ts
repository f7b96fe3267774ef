/**
 * Pixel Data of a BINARY segmentation (PS3.5 8.1.1, PS3.3 C.8.20.2.1): one bit per pixel, the first
 * pixel in the lowest bit of the first byte, frames one after the other with no padding between them,
 * the whole padded to an even length.
 */
export function packBits(frames: readonly Uint8Array[]): ArrayBuffer {
  const bits = frames.reduce((total, frame) => total + frame.length, 0);
  const bytes = new Uint8Array(Math.ceil(Math.ceil(bits / 8) / 2) * 2);
  let at = 0;
  for (const frame of frames) {
    for (let index = 0; index < frame.length; index++, at++) {
      if (frame[index]) bytes[at >> 3]! |= 1 << (at & 7);
    }
  }
  return bytes.buffer;
}

/** The frames of packed Pixel Data, each `pixelsPerFrame` pixels, as one byte (0 or 1) per pixel. */
export function unpackBits(data: ArrayBuffer, frameCount: number, pixelsPerFrame: number): Uint8Array[] {
  const bytes = new Uint8Array(data);
  if (bytes.length * 8 < frameCount * pixelsPerFrame) throw new Error(`${bytes.length} bytes of pixel data hold fewer than ${frameCount} frames of ${pixelsPerFrame} pixels`);
  return Array.from({ length: frameCount }, (_, frame) => {
    const pixels = new Uint8Array(pixelsPerFrame);
    for (let index = 0, at = frame * pixelsPerFrame; index < pixelsPerFrame; index++, at++) pixels[index] = (bytes[at >> 3]! >> (at & 7)) & 1;
    return pixels;
  });
}
