import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../../workers/engine';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { FIXTURE_SESSION } from '../../../tests/fixtures/reportRead';
import { buildReportModel, type KeyImage } from '../../../workers/report/reportModel';
import { formatAxes, formatDateTime, formatPercent, formatSum } from './format';
import { groupKeyImages } from './keyImageGroups';

describe('report formatting', () => {
  it.each([
    [17.24, '+17.2%'],
    [-5.747, '−5.7%'],
    [-0.04, '0.0%'],
    [0.04, '0.0%'],
    [0, '0.0%'],
    [-100, '−100.0%'],
    [null, '–'],
  ])('formatPercent(%j) is %j', (value, text) => expect(formatPercent(value)).toBe(text));

  it('prints sums and axes to 0.1 from unrounded values', () => {
    expect(formatSum(87.04999, 'mm')).toBe('87.0 mm');
    expect(formatSum(2207.96, 'mm²')).toBe('2208.0 mm²');
    expect(formatSum(null, 'mm')).toBe('–');
    expect(formatAxes(42.37125, 30.123456)).toBe('42.4 × 30.1');
    expect(formatAxes(null, 3)).toBe('–');
  });

  it('prints a date-time with its UTC offset, and leaves what is not a date alone', () => {
    expect(formatDateTime('2024-07-12T09:30:00Z')).toMatch(/^2024-07-1[12] \d\d:\d0 \(UTC[+−]\d\d:\d\d\)$/);
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });
});

describe('key image groups', () => {
  const reply = assessPatient(toExchangeInput(FIXTURE_SESSION));
  if (!reply.ok) throw new Error('the fixture does not assess');
  const model = buildReportModel(FIXTURE_SESSION, reply.output, { generatedAt: '2024-07-12T10:00:00Z' });
  const lesionOrder = FIXTURE_SESSION.lesions.map((lesion) => lesion.label);
  const groups = groupKeyImages(model.keyImages, lesionOrder, ['BL', 'FU1', 'FU2']);

  it('puts the whole lesion and its viable part on one thumbnail when they share an image', () => {
    const l1Baseline = groups.find((group) => group.lesionLabel === 'L1' && group.timepoint === 'BL')!;
    expect(l1Baseline.parts.map((part) => part.part)).toEqual(['whole', 'enhancing']);
    const l1FollowUp1 = groups.find((group) => group.lesionLabel === 'L1' && group.timepoint === 'FU1')!;
    expect(l1FollowUp1.frameNumber).toBe(12);
    expect(l1FollowUp1.parts).toHaveLength(2);
  });

  it('orders by lesion, then timepoint, with one thumbnail per lesion, timepoint and image', () => {
    expect(groups.map((group) => `${group.lesionLabel} ${group.timepoint}`)).toEqual([
      'L1 BL', 'L1 FU1', 'L1 FU2', 'L2 BL', 'L2 FU1', 'L2 FU2', 'L3 BL', 'L3 FU1', 'N1 FU2',
    ]);
    expect(groups.reduce((count, group) => count + group.parts.length, 0)).toBe(model.keyImages.length);
  });

  it('keeps parts on different images apart (whole on the portal, viable on the arterial series)', () => {
    const whole = model.keyImages.find((image) => image.lesionLabel === 'L2' && image.timepoint === 'BL')!;
    const enhancing: KeyImage = { ...whole, part: 'enhancing', seriesInstanceUid: 'arterial', sopInstanceUid: 'arterial.1' };
    const split = groupKeyImages([enhancing, whole], ['L2'], ['BL']);
    expect(split.map((group) => group.parts.map((part) => part.part))).toEqual([['enhancing'], ['whole']]);
  });
});
