import type { Hmm } from './exact';

/**
 * Measurement-noise models for the margin flag (docs/criteria.md, MARGIN-3): the inter-reader 95 %
 * limits of agreement of one lesion's measured axis. A verdict is "within measurement noise" when
 * the change of one lesion that would flip it lies strictly inside that lesion's limits.
 */
export const NOISE_MODEL_IDS = ['yoon2016', 'huh2018', 'off'] as const;
export type NoiseModelId = (typeof NOISE_MODEL_IDS)[number];

/** Limits in the direction of the change: a growth is tested against the upper limit, a shrinkage against the lower. */
export type NoiseLimits =
  /** per mille of the lesion's current axis (integers, so the comparison is exact) */
  | { readonly kind: 'relative'; readonly lowerPermille: number; readonly upperPermille: number }
  /** hundredths of a mm */
  | { readonly kind: 'absolute'; readonly lowerHmm: Hmm; readonly upperHmm: Hmm }
  | { readonly kind: 'off' };

export const NOISE_MODELS: Readonly<Record<NoiseModelId, NoiseLimits>> = {
  // Yoon 2016, pooled inter-observer 95 % LoA of the relative difference, single lesion long axis: −22.1 % to +25.4 %
  yoon2016: { kind: 'relative', lowerPermille: 221, upperPermille: 254 },
  // Huh 2018, inter-observer 95 % LoA, NET liver metastases, portal venous phase CT: −7.9 to +7.1 mm
  huh2018: { kind: 'absolute', lowerHmm: 790, upperHmm: 710 },
  off: { kind: 'off' },
};

/** The limit (hundredths of a mm, may be fractional for relative limits) for a change of this sign; null when off. */
export function noiseLimitHmm(model: NoiseModelId, axisHmm: Hmm, changeHmm: Hmm): number | null {
  const limits = NOISE_MODELS[model];
  const growing = changeHmm > 0;
  switch (limits.kind) {
    case 'relative':
      return (axisHmm * (growing ? limits.upperPermille : limits.lowerPermille)) / 1000;
    case 'absolute':
      return growing ? limits.upperHmm : limits.lowerHmm;
    case 'off':
      return null;
  }
}

/** |change| strictly inside the limits, exactly (integers: relative limits are cross-multiplied). */
export function isWithinNoise(model: NoiseModelId, axisHmm: Hmm, changeHmm: Hmm): boolean {
  const limits = NOISE_MODELS[model];
  const growing = changeHmm > 0;
  const size = Math.abs(changeHmm);
  switch (limits.kind) {
    case 'relative':
      return size * 1000 < axisHmm * (growing ? limits.upperPermille : limits.lowerPermille);
    case 'absolute':
      return size < (growing ? limits.upperHmm : limits.lowerHmm);
    case 'off':
      return false;
  }
}
