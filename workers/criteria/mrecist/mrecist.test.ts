import { describe, expect, it } from 'vitest';
import { assessOne, followUp, newLesion, nonTarget, patient, ruleIds, target } from '../../testing/builders';

/** mRECIST: viable (enhancing) long axis; hand-computed expectations. */
const viable = (id: string, enhancingLongAxisMm: number | null) => target(id, 40, { organ: 'liver', enhancingLongAxisMm, enhancingShortAxisMm: null });
const liverNew = (id: string, mm: number, more: Record<string, unknown> = {}) => newLesion(id, mm, { organ: 'liver', ...more });
const both = (visits: readonly (readonly Record<string, unknown>[])[]) => {
  const input = patient(visits.map((lesions, index) => [index * 56, lesions.map((l) => ({ id: 'x', ...l }))] as const), { criteria: ['mRECIST', 'RECIST1.1'] });
  return { m: assessOne(input, 'mRECIST'), r: assessOne(input, 'RECIST1.1') };
};

describe('mRECIST (Lencioni & Llovet 2010)', () => {
  it.each([
    ['M-4 viable 15 → 18 mm is +20 % (+3 mm): PD, no 5 mm floor (A3)', 15, 18, 'PD'],
    ['M-4 viable 15 → 17.9 mm is +19.3 %: SD', 15, 17.9, 'SD'],
    ['M-3 viable 20 → 14 mm is exactly −30 %: PR', 20, 14, 'PR'],
    ['M-3 viable 20 → 14.1 mm is −29.5 %: SD', 20, 14.1, 'SD'],
    ['M-2 no viable tumour left → CR', 20, 0, 'CR'],
  ])('%s', (_name, before, after, response) => {
    const { m, r } = both([[viable('L1', before)], [viable('L1', after)]]);
    expect(followUp(m, 1).targetResponse).toBe(response);
    expect(followUp(r, 1).targetResponse).toBe('SD'); // whole lesion stays 40 mm
  });

  it('M-1 a target without an enhancing measurement cannot be scored: NE, and said so', () => {
    const fu = followUp(both([[viable('L1', 20)], [viable('L1', null)]]).m, 1);
    expect(fu.targetResponse).toBe('NE');
    expect(fu.reasons.find((reason) => reason.rule === 'R-NE-1')?.text).toContain('enhancing');
  });

  it('M-4 from a viable nadir of 0 any recurrence is PD (non-target still enhancing, so no prior CR)', () => {
    const nt = nonTarget('NT1', 'present', { organ: 'liver', longAxisMm: 20, enhancingLongAxisMm: 10 });
    const { m } = both([[viable('L1', 20), nt], [viable('L1', 0), nt], [viable('L1', 1.0), nt]]);
    expect(m.timepoints.map((tp) => tp.overallResponse)).toEqual(['PR', 'PD']);
    expect(ruleIds(followUp(m, 2))).toContain('M-4');
  });

  it('M-NT-1 a non-target without intratumoural enhancement is resolved', () => {
    const nt = (enhancing: number) => nonTarget('NT1', 'present', { organ: 'liver', longAxisMm: 20, enhancingLongAxisMm: enhancing });
    expect(followUp(both([[viable('L1', 20), nt(10)], [viable('L1', 0), nt(0)]]).m, 1).overallResponse).toBe('CR');
  });

  it.each([
    ['M-NEW-1 new liver lesion 10.0 mm with typical pattern → PD', liverNew('X1', 10.0), true, true],
    ['M-NEW-3 new liver lesion 9.9 mm is not new HCC, but RECIST 1.1 calls it PD', liverNew('X1', 9.9), false, true],
    ['M-NEW-1 atypical 12 mm liver lesion is not new HCC yet', liverNew('X1', 12, { hccTypicalPattern: false }), false, true],
    ['M-NEW-1 a 12 mm liver lesion whose pattern was not assessed is not assumed typical', liverNew('X1', 12, { hccTypicalPattern: null }), false, true],
    ['M-NEW-1 an absent pattern is typical (the exchange format default)', liverNew('X1', 12, { hccTypicalPattern: undefined }), true, true],
    ['M-NEW-1 extrahepatic new lesion of any size → PD (RECIST rule)', newLesion('X1', 5, { organ: 'lung' }), true, true],
  ])('%s', (_name, lesion, mrecistNew, recistNew) => {
    const { m, r } = both([[viable('L1', 20)], [viable('L1', 20), lesion]]);
    expect(followUp(m, 1).newLesions).toBe(mrecistNew);
    expect(followUp(r, 1).newLesions).toBe(recistNew);
    if (lesion.hccTypicalPattern === null) expect(followUp(m, 1).reasons.map((reason) => reason.text).join(' ')).toContain('vascular pattern was not assessed');
  });

  it.each([
    ['M-NEW-2 atypical lesion 12 → 22 mm (+10 mm interval growth) becomes new HCC', 22, true],
    ['M-NEW-2 atypical lesion 12 → 21.9 mm (+9.9 mm) does not', 21.9, false],
  ])('%s', (_name, laterMm, counts) => {
    const atypical = (mm: number) => liverNew('X1', mm, { hccTypicalPattern: false });
    const { m } = both([[viable('L1', 20)], [viable('L1', 20), atypical(12)], [viable('L1', 20), atypical(laterMm)]]);
    expect(followUp(m, 1).newLesions).toBe(false);
    expect(followUp(m, 2).newLesions).toBe(counts);
  });
});

describe('EASL-1 / M-1 the classic TACE example across criteria', () => {
  it('EASL-1 size unchanged, enhancement gone: EASL CR, mRECIST CR, RECIST SD, WHO SD', () => {
    const lesion = (enhancing: number) => target('L1', 40, { organ: 'liver', shortAxisMm: 30, enhancingLongAxisMm: enhancing, enhancingShortAxisMm: enhancing === 0 ? 0 : 20 });
    const input = patient([[0, [lesion(30)]], [56, [lesion(0)]]]);
    const overall = (name: 'EASL' | 'mRECIST' | 'RECIST1.1' | 'WHO') => followUp(assessOne(input, name), 1).overallResponse;
    expect([overall('EASL'), overall('mRECIST'), overall('RECIST1.1'), overall('WHO')]).toEqual(['CR', 'CR', 'SD', 'SD']);
  });
});
