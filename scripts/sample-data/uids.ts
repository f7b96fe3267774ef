// Deterministic DICOM UIDs: 2.25.<decimal of a 128-bit hash of a fixed name> (PS3.5 §B.2).
import { createHash } from 'node:crypto';

export function uidFromName(name: string): string {
  const digest = createHash('sha256').update(`nadir-phantom:${name}`).digest();
  const value = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  return `2.25.${value.toString(10)}`;
}
