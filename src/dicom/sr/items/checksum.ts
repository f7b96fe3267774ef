import { PRIVATE_SCHEME, type Code } from '../codes';
import { childText, textItem } from '../contentItem';
import type { Dataset } from '../dcmjsFacade';

/**
 * The content checksum Nadir seals each measurement report with (issue 17 §1): a TEXT item under
 * Qualitative Evaluations (TID 1500 allows TEXT there), "Checksum of the report's content" (99NADIR
 * CONTENT-CHECKSUM), 16 hexadecimal digits.
 *
 * Why: a lesion label, a digit of a UID or a date is free text in an SR. Changed by a damaged file or
 * an editor, it still reads as a valid report, and the import would bring in a different read with no
 * problem listed (the fuzz campaign found "L2" read as "L:" after one flipped bit). The checksum is
 * taken over what Nadir reads from the report (readMeasurementReports), not over its bytes: an archive
 * that re-encodes the file changes nothing, a change of what the read would be does.
 *
 * It detects corruption and editing, not a forger: anyone can recompute it. A read that must be
 * attributable is signed (VERIFIED, issue 15) and kept in the PACS; DICOM digital signatures (PS3.15
 * annex C) would need a key infrastructure Nadir does not have.
 */
export const CONTENT_CHECKSUM_CONCEPT: Code = { value: 'CONTENT-CHECKSUM', scheme: PRIVATE_SCHEME.designator, meaning: "Checksum of the report's content" };

/** Implementation versions (file meta) that always seal: a report of theirs without a checksum lost it. */
export const SEALING_VERSIONS: readonly string[] = ['NADIR_SR_3'];

/**
 * cyrb53-style hash, two 32-bit lanes over UTF-16 code units, 64 bits as 16 hex digits. Public-domain
 * construction (bryc, 2018); chosen for being short, pure and fast, and any change of the text flips
 * about half of the output bits.
 */
export function checksumOf(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
  return `${hex(h2)}${hex(h1)}`;
}

/** The item that carries the checksum. */
export const checksumItem = (checksum: string): Dataset => textItem('CONTAINS', CONTENT_CHECKSUM_CONCEPT, checksum);

/** The checksum a report was sealed with, among its qualitative evaluations; null when it has none. */
export const storedChecksum = (evaluations: Dataset[]): string | null => childText(evaluations, CONTENT_CHECKSUM_CONCEPT);
