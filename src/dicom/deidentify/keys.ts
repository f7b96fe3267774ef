import { sha1 } from '../sr/uids';

/**
 * Everything the de-identifier derives (new UIDs, the patient's pseudonym and date offset) is an
 * HMAC of the original under the run's secret: the same original gives the same result in every file
 * of a run, and nobody without the secret can go back or test a guess. A run given the same secret
 * again (the `--secret` option) maps a later follow-up study onto the same patient and UIDs.
 */

const BLOCK_BYTES = 64;

/** HMAC-SHA-1 (RFC 2104); SHA-1 is adequate in an HMAC, and is the hash the project already has. */
export function hmacSha1(key: Uint8Array, message: Uint8Array): Uint8Array {
  const shortKey = key.length > BLOCK_BYTES ? sha1(key) : key;
  const inner = new Uint8Array(BLOCK_BYTES + message.length);
  const outer = new Uint8Array(BLOCK_BYTES + 20);
  for (let i = 0; i < BLOCK_BYTES; i += 1) {
    const byte = shortKey[i] ?? 0;
    inner[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
  }
  inner.set(message, BLOCK_BYTES);
  outer.set(sha1(inner), BLOCK_BYTES);
  return sha1(outer);
}

export interface RunKeys {
  /** a new UID under 2.25 (PS3.5 B.2) from 128 bits of the HMAC of the original UID */
  uid(original: string): string;
  /** 8 hex digits naming the patient in the output */
  pseudonym(patientKey: string): string;
  /** a whole number of days, between −10 and −1 years: the patient's dates move back by it */
  dateOffsetDays(patientKey: string): number;
}

const MIN_OFFSET_DAYS = 365;
const OFFSET_SPAN_DAYS = 3288;

export function runKeys(secret: string): RunKeys {
  const key = new TextEncoder().encode(secret);
  const digest = (purpose: string, value: string) => hmacSha1(key, new TextEncoder().encode(`${purpose}\u0000${value}`));
  return {
    uid: (original) => `2.25.${digest('uid', original).slice(0, 16).reduce((value, byte) => (value << 8n) | BigInt(byte), 0n).toString()}`,
    pseudonym: (patientKey) => [...digest('patient', patientKey).slice(0, 4)].map((byte) => byte.toString(16).padStart(2, '0')).join('').toUpperCase(),
    dateOffsetDays: (patientKey) => {
      const bytes = digest('dates', patientKey);
      const number = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
      return -(MIN_OFFSET_DAYS + (number % OFFSET_SPAN_DAYS));
    },
  };
}

/** A fresh secret of 128 random bits, for a run that was given none. */
export function randomSecret(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
