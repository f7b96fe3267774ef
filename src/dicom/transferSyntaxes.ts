/** Transfer syntaxes by UID: the name a person reads, and whether Cornerstone's decoders handle it. */
const transferSyntaxes: Record<string, { name: string; supported: boolean }> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', supported: true },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', supported: true },
  // Cornerstone 5.14's file loader finds no pixel data in deflated files, so Nadir says so up front.
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', supported: false },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian (retired)', supported: true },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', supported: true },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', supported: true },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', supported: true },
  '1.2.840.10008.1.2.4.53': { name: 'JPEG Spectral Selection, Non-Hierarchical (retired)', supported: true },
  '1.2.840.10008.1.2.4.55': { name: 'JPEG Full Progression, Non-Hierarchical (retired)', supported: true },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless, Non-Hierarchical (Process 14)', supported: true },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless, First-Order Prediction (Process 14 SV1)', supported: true },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', supported: true },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', supported: true },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', supported: true },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', supported: true },
  '1.2.840.10008.1.2.4.92': { name: 'JPEG 2000 Part 2 Multi-component Lossless', supported: false },
  '1.2.840.10008.1.2.4.93': { name: 'JPEG 2000 Part 2 Multi-component', supported: false },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG2 Main Profile @ Main Level', supported: false },
  '1.2.840.10008.1.2.4.101': { name: 'MPEG2 Main Profile @ High Level', supported: false },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 AVC/H.264 High Profile', supported: false },
  '1.2.840.10008.1.2.4.103': { name: 'MPEG-4 AVC/H.264 BD-compatible High Profile', supported: false },
  '1.2.840.10008.1.2.4.110': { name: 'JPEG XL Lossless', supported: true },
  '1.2.840.10008.1.2.4.111': { name: 'JPEG XL JPEG Recompression', supported: true },
  '1.2.840.10008.1.2.4.112': { name: 'JPEG XL', supported: true },
  '1.2.840.10008.1.2.4.201': { name: 'High-Throughput JPEG 2000 Lossless', supported: true },
  '1.2.840.10008.1.2.4.202': { name: 'High-Throughput JPEG 2000 with RPCL Options Lossless', supported: true },
  '1.2.840.10008.1.2.4.203': { name: 'High-Throughput JPEG 2000', supported: true },
};

export function transferSyntaxName(uid: string): string {
  return transferSyntaxes[uid]?.name ?? `unknown (${uid})`;
}

export function isSupportedTransferSyntax(uid: string): boolean {
  return transferSyntaxes[uid]?.supported ?? false;
}
