import type { TargetMargin } from '../domain/result';

/** Short wording of a measurement margin (MARGIN-1..3) for the panel's hover and the report's cell. */

const AXIS: Record<Extract<TargetMargin, { kind: 'found' }>['lesion']['axis'], string> = {
  longAxis: 'long axis',
  shortAxis: 'short axis',
  enhancingLongAxis: 'enhancing long axis',
};

const signedMm = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)} mm`;

/** "L1 long axis +0.01 mm → SD" */
export function marginLesionText(margin: TargetMargin): string | null {
  if (margin.kind !== 'found') return null;
  const { lesion } = margin;
  return `${lesion.name} ${AXIS[lesion.axis]} ${signedMm(lesion.changeMm)} → ${lesion.toward}`;
}

/** "L1 +0.01 mm → SD": for a table cell */
export function marginShortText(margin: TargetMargin): string | null {
  return margin.kind === 'found' ? `${margin.lesion.name} ${signedMm(margin.lesion.changeMm)} → ${margin.lesion.toward}` : null;
}

/** One sentence: what flips the target response, and against which limit. */
export function marginSentence(margin: TargetMargin): string {
  if (margin.kind === 'none') return margin.reasons.map((reason) => reason.text).join('; ');
  const { lesion } = margin;
  const limit = lesion.noiseLimitMm === null ? 'no noise model' : `inter-reader limit ${signedMm(Math.sign(lesion.changeMm) * lesion.noiseLimitMm)} (${margin.noiseModel})`;
  const flag = margin.withinNoise ? 'Within measurement noise' : 'Margin';
  return `${flag}: ${marginLesionText(margin)}; ${limit}.`;
}
