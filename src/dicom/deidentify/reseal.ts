import { readMeasurementReports } from '../sr/readMeasurementReports';

/**
 * De-identification changes a Nadir report's content on purpose (its UIDs, dates and names are
 * replaced), so the content checksum it was sealed with (sr/items/checksum.ts) no longer matches, and
 * the de-identified case's reference read would be refused as changed. The de-identifier is Nadir
 * too: it takes the checksum again over the de-identified content and writes it in place (same length,
 * so the file's structure is untouched). A report with no checksum, or one not read as a measurement
 * report, is returned as it is.
 */
export function resealed(bytes: Uint8Array): Uint8Array {
  const buffer = bytes.slice().buffer;
  const seal = readMeasurementReports([buffer]).recorded[0]?.seal;
  if (!seal || seal.stored === null || seal.stored === seal.computed) return bytes;
  const from = new TextEncoder().encode(seal.stored);
  const at = occurrences(bytes, from);
  // the stored checksum is 16 hexadecimal digits: found other than once, the bytes are not what was read
  if (at.length !== 1) return bytes;
  const copy = bytes.slice();
  copy.set(new TextEncoder().encode(seal.computed), at[0]);
  return copy;
}

function occurrences(haystack: Uint8Array, needle: Uint8Array): number[] {
  const found: number[] = [];
  outer: for (let index = 0; index + needle.length <= haystack.length; index++) {
    for (let offset = 0; offset < needle.length; offset++) if (haystack[index + offset] !== needle[offset]) continue outer;
    found.push(index);
  }
  return found;
}
