/**
 * Deterministic UIDs for lesion identity. A lesion's Tracking Unique Identifier must be the same in the
 * SR of every timepoint, so it is derived from what does not change: the read id and the lesion id.
 * Without a UID root: a name-based (SHA-1, version 5) UUID turned into a 2.25 UID (PS3.5 B.2,
 * ISO/IEC 9834-8). With one: `<root>.<decimal digits of the same hash>`, cut to 64 characters.
 */

/** SHA-1 (FIPS 180-4) of bytes; synchronous, for both browser and Node. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t += 1) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 80; t += 1) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t += 1) {
      const f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) >>> 0;
      e = d;
      d = c;
      c = ((b << 30) | (b >>> 2)) >>> 0;
      b = a;
      a = temp;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  h.forEach((word, index) => outView.setUint32(index * 4, word));
  return out;
}

/** The URL namespace of RFC 4122: 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
const URL_NAMESPACE = '6ba7b8119dad11d180b400c04fd430c8';

/** A version-5 (SHA-1, name-based) UUID of `name` in the URL namespace, as a 128-bit integer. */
export function uuidV5(name: string): bigint {
  const nameBytes = new TextEncoder().encode(name);
  const bytes = new Uint8Array(16 + nameBytes.length);
  bytes.set(URL_NAMESPACE.match(/../g)!.map((hex) => parseInt(hex, 16)));
  bytes.set(nameBytes, 16);
  const digest = sha1(bytes).slice(0, 16);
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return digest.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

const DICOM_UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/;

/** True for a syntactically valid DICOM UID (PS3.5 9.1): digits and dots, no leading zeros, ≤ 64 characters. */
export const isDicomUid = (value: string): boolean => value.length <= 64 && DICOM_UID.test(value);

/**
 * The lesion's Tracking Unique Identifier: stable for one read and lesion, different for any other.
 * A lesion restored from an SR has its tracking UID as its id: it keeps it, so that the lesion is the
 * same lesion in every SR written after the import, whichever read holds it now.
 */
export function trackingUid(readId: string, lesionId: string, uidRoot?: string): string {
  if (isDicomUid(lesionId)) return lesionId;
  const digits = uuidV5(`urn:nadir:read:${encodeURIComponent(readId)}:lesion:${encodeURIComponent(lesionId)}`).toString();
  return uidRoot ? `${uidRoot}.${digits}`.slice(0, 64) : `2.25.${digits}`;
}

/** A new UID under 2.25 from 128 random bits (PS3.5 B.2), for SR series and instances. */
export function randomUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `2.25.${bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n).toString()}`;
}
