/**
 * DICOM RLE Lossless (PS3.5 Annex G) for the measure command, which runs in Node where the viewer's
 * decoders (browser workers) are not. A frame is a 64-byte header of segment offsets, then one PackBits
 * segment per byte plane, most significant byte first.
 */
export function decodeRleFrame(frame: Uint8Array, rows: number, columns: number, bitsAllocated: number): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  if (segments !== bytesPerSample) throw new Error(`RLE frame has ${segments} segments; ${bytesPerSample} expected for one sample of ${bitsAllocated} bits`);
  const pixels = rows * columns;
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let segment = 0; segment < segments; segment++) {
    const start = view.getUint32(4 + segment * 4, true);
    const end = segment + 1 < segments ? view.getUint32(8 + segment * 4, true) : frame.byteLength;
    // Segment 0 holds the most significant bytes; the output is little endian.
    const byteInSample = bytesPerSample - 1 - segment;
    let written = 0;
    for (let at = start; at < end && written < pixels; ) {
      const control = (frame[at++]! << 24) >> 24;
      if (control >= 0) {
        for (let i = 0; i <= control && written < pixels; i++) out[written++ * bytesPerSample + byteInSample] = frame[at++]!;
      } else if (control !== -128) {
        const value = frame[at++]!;
        for (let i = 0; i < 1 - control && written < pixels; i++) out[written++ * bytesPerSample + byteInSample] = value;
      }
    }
    if (written < pixels) throw new Error(`RLE segment ${segment + 1} holds ${written} of ${pixels} pixels`);
  }
  return out;
}
