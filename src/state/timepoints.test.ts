import { describe, expect, it } from 'vitest';
import type { Study } from './studyModel';
import { defaultTimepoints, distinctPatients, orderByDate, reconcileTimepoints } from './timepoints';

const study = (uid: string, date: string | null, patientId = 'P1'): Study => ({
  studyInstanceUid: uid,
  patientName: 'DOE^JANE',
  patientId,
  date,
  description: '',
  imageSeries: [],
  otherSeries: [],
});

describe('timepoints', () => {
  const ordered = orderByDate([study('fu2', '2024-07-01'), study('nodate', null), study('bl', '2024-01-10'), study('fu1', '2024-04-01')]);

  it('orders studies by date, undated last', () => {
    expect(ordered.map((s) => s.studyInstanceUid)).toEqual(['bl', 'fu1', 'fu2', 'nodate']);
  });

  it('takes the oldest as baseline and the newest as follow-up by default', () => {
    expect(defaultTimepoints(ordered.slice(0, 3))).toEqual({ baselineUid: 'bl', followUpUid: 'fu2' });
    expect(defaultTimepoints([study('only', '2024-01-01')])).toEqual({ baselineUid: 'only', followUpUid: null });
  });

  it('never shows the baseline as its own follow-up', () => {
    expect(reconcileTimepoints(ordered, { baselineUid: 'fu1', followUpUid: 'fu1' })).toEqual({ baselineUid: 'fu1', followUpUid: 'nodate' });
  });

  it('notices mixed patients', () => {
    expect(distinctPatients([study('a', null, 'P1'), study('b', null, 'P2')])).toHaveLength(2);
  });
});
