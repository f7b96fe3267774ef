// Seeded pseudo-random numbers for the phantom: sfc32 (uniform) and Box-Muller (normal).
// Deterministic across platforms: only 32-bit integer arithmetic and IEEE double maths.
import { createHash } from 'node:crypto';

export interface Rng {
  uniform(): number;
  normal(): number;
}

/** Four 32-bit seed words from the SHA-256 of a name, so each series has its own noise stream. */
function seedWords(name: string): [number, number, number, number] {
  const digest = createHash('sha256').update(name).digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
}

export function createRng(name: string): Rng {
  let [a, b, c, d] = seedWords(name);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  let spare: number | null = null;
  return {
    uniform: next,
    normal(): number {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const u1 = 1 - next(); // (0, 1]
      const u2 = next();
      const radius = Math.sqrt(-2 * Math.log(u1));
      spare = radius * Math.sin(2 * Math.PI * u2);
      return radius * Math.cos(2 * Math.PI * u2);
    },
  };
}
