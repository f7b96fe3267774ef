/**
 * A ZIP archive of stored (uncompressed) entries, for the de-identified case the browser downloads.
 * DICOM pixel data is mostly compressed or noisy already, so deflating would cost time for little;
 * "stored" keeps the writer small enough to read whole (APPNOTE 6.3.10 §4.3, §4.4).
 */

export interface ZipEntry {
  /** a relative path with forward slashes; it is cleaned of leading slashes and "..", never trusted */
  path: string;
  bytes: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let index = 0; index < bytes.length; index++) crc = CRC_TABLE[(crc ^ bytes[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A path safe to unpack anywhere: relative, no empty, "." or ".." parts, no backslashes or drive letters. */
export function safeZipPath(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.' && part !== '..').map((part) => part.replace(/:/g, '_'));
  return parts.join('/') || 'unnamed';
}

const MAX_STORED_BYTES = 0xffffffff;
const DOS_DATE_1980_01_01 = 0x21; // no timestamps: the archive says nothing of when the case was made
const UTF8_NAMES = 1 << 11;

export function writeZip(entries: readonly ZipEntry[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const seen = new Set<string>();
  for (const entry of entries) {
    let path = safeZipPath(entry.path);
    for (let copy = 2; seen.has(path); copy++) path = `${safeZipPath(entry.path)}.${copy}`;
    seen.add(path);
    if (entry.bytes.length > MAX_STORED_BYTES || offset > MAX_STORED_BYTES) throw new Error('the case is larger than 4 GB, which a plain ZIP cannot hold');
    const name = encoder.encode(path);
    const crc = crc32(entry.bytes);
    const header = new Uint8Array(30 + name.length);
    const h = new DataView(header.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true); // version needed: 2.0
    h.setUint16(6, UTF8_NAMES, true);
    h.setUint16(8, 0, true); // stored
    h.setUint16(10, 0, true);
    h.setUint16(12, DOS_DATE_1980_01_01, true);
    h.setUint32(14, crc, true);
    h.setUint32(18, entry.bytes.length, true);
    h.setUint32(22, entry.bytes.length, true);
    h.setUint16(26, name.length, true);
    h.setUint16(28, 0, true);
    header.set(name, 30);
    const record = new Uint8Array(46 + name.length);
    const c = new DataView(record.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, UTF8_NAMES, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, 0, true);
    c.setUint16(14, DOS_DATE_1980_01_01, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, entry.bytes.length, true);
    c.setUint32(24, entry.bytes.length, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    record.set(name, 46);
    local.push(header, entry.bytes);
    central.push(record);
    offset += header.length + entry.bytes.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  if (entries.length > 0xffff) throw new Error('the case has more than 65,535 files, which a plain ZIP cannot list');
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...local, ...central, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
