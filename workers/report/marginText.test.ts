import { describe, expect, it } from 'vitest';
import type { CriteriaName } from '../domain/input';
import { assessOne, followUp, patient, target } from '../testing/builders';
import { marginSentence, marginShortText } from './marginText';

/** The wording the panel's hover and the report's cell show, from real engine margins. */
const marginOf = (criterion: CriteriaName, before: number, after: number, options: Record<string, unknown> = {}) =>
  followUp(assessOne(patient([[0, [target('L1', before)]], [56, [target('L1', after)]]], { criteria: [criterion], options }), criterion), 1).targetMargin;

describe('margin wording', () => {
  it.each<[string, CriteriaName, number, number, Record<string, unknown>, string | null, string]>([
    ['R-TGT-2 exactly −30 %: within noise', 'RECIST1.1', 50, 35, {}, 'L1 +0.01 mm → SD', 'Within measurement noise: L1 long axis +0.01 mm → SD; inter-reader limit +8.89 mm (yoon2016).'],
    ['R-TGT-3 10 mm short of PD on 50 mm: inside +25.4 %', 'RECIST1.1', 50, 50, {}, 'L1 +10.00 mm → PD', 'Within measurement noise: L1 long axis +10.00 mm → PD; inter-reader limit +12.70 mm (yoon2016).'],
    ['R-TGT-2 10 mm short of PR on 45 mm: beyond −22.1 %', 'RECIST1.1', 50, 45, {}, 'L1 −10.00 mm → PR', 'Margin: L1 long axis −10.00 mm → PR; inter-reader limit −9.95 mm (yoon2016).'],
    ['noise model off', 'RECIST1.1', 50, 35, { measurementNoiseModel: 'off' }, 'L1 +0.01 mm → SD', 'Margin: L1 long axis +0.01 mm → SD; no noise model.'],
    ['IR-1 i-labels', 'iRECIST', 50, 35, {}, 'L1 +0.01 mm → iSD', 'Within measurement noise: L1 long axis +0.01 mm → iSD; inter-reader limit +8.89 mm (yoon2016).'],
  ])('%s', (_name, criterion, before, after, options, short, sentence) => {
    const margin = marginOf(criterion, before, after, options);
    expect(marginShortText(margin)).toBe(short);
    expect(marginSentence(margin)).toBe(sentence);
  });
});
