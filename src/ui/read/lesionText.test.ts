import { describe, expect, it } from 'vitest';
import { bidirectional } from '../../../tests/fixtures/reportRead';
import type { LesionDefinition } from '../../../workers/read/model';
import { cellSummary, shortSite } from './lesionText';

const image = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', frameNumber: null };
const target: LesionDefinition = { id: 'a', label: 'L1', role: 'target', organ: 'liver segment VII', isLymphNode: false, firstStudyUid: '1.2.3', splitFrom: null };
const nonTarget: LesionDefinition = { ...target, id: 'b', label: 'L2', role: 'nontarget' };
const whole = bidirectional([10, 20, 30], 40, 30, image);
const labelOf = (id: string) => (id === 'a' ? 'L1' : '?');

describe('a lesion in a table cell', () => {
  it('shows its axes, the viable part only when it differs, and the mean HU', () => {
    expect(cellSummary(target, { status: 'present', whole, enhancing: { kind: 'notMeasured' }, meanHU: null }, labelOf)).toMatchObject({ whole: '40.0 × 30.0', viable: null, hu: null });
    expect(cellSummary(target, { status: 'present', whole, enhancing: { kind: 'measured', measurement: whole }, meanHU: 112 }, labelOf)).toEqual({
      whole: '40.0 × 30.0',
      viable: 'v = whole',
      hu: '112 HU',
      full: 'present, 40.0 × 30.0 mm; viable 40.0 × 30.0 mm; mean 112 HU',
    });
    const viable = bidirectional([10, 20, 30], 20, 10, image);
    expect(cellSummary(target, { status: 'present', whole, enhancing: { kind: 'measured', measurement: viable }, meanHU: null }, labelOf).viable).toBe('v 20.0 × 10.0');
    expect(cellSummary(target, { status: 'present', whole, enhancing: { kind: 'noEnhancement' }, meanHU: null }, labelOf).viable).toBe('no viable');
  });

  it('says what is left to do, and the status when there is nothing to measure', () => {
    expect(cellSummary(target, undefined, labelOf)).toEqual({ whole: '—', viable: null, hu: null, full: 'not yet assessed' });
    expect(cellSummary(target, { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null }, labelOf).whole).toBe('to measure');
    expect(cellSummary(nonTarget, { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null }, labelOf).whole).toBe('present');
    expect(cellSummary(nonTarget, { status: 'notEvaluated' }, labelOf)).toMatchObject({ whole: 'NE', full: 'not evaluated' });
    expect(cellSummary(nonTarget, { status: 'merged', mergedInto: 'a' }, labelOf)).toMatchObject({ whole: '→ L1', full: 'merged into L1' });
  });
});

describe('a site in the table', () => {
  it('keeps the words that tell sites apart', () => {
    expect(shortSite('liver segment IVa')).toBe('liver IVa');
    expect(shortSite('retroperitoneal (para-aortic) lymph node')).toBe('para-aortic LN');
    expect(shortSite('portocaval lymph node')).toBe('portocaval LN');
    expect(shortSite('lung')).toBe('lung');
  });
});
