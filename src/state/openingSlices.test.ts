import { describe, expect, it } from 'vitest';
import { emptyPlace, type Place } from './place';
import { openingSlices } from './openingSlices';
import type { ImageSeries, Study } from './studyModel';

const series = (uid: string, sliceCount: number): ImageSeries => ({
  kind: 'image',
  seriesInstanceUid: uid,
  description: uid,
  modality: 'CT',
  seriesNumber: null,
  frameOfReferenceUid: null,
  calibrated: true,
  // only their number matters here
  slices: new Array(sliceCount).fill(null) as ImageSeries['slices'],
});

const study = (uid: string, date: string, imageSeries: ImageSeries[]): Study => ({
  studyInstanceUid: uid,
  patientName: 'DOE^JANE',
  patientId: 'P1',
  date,
  description: '',
  imageSeries,
  otherSeries: [],
});

const arterial = series('arterial', 40);
const portal = series('portal', 41);
const studies = [
  study('fu2', '2024-07-01', [series('fu2-portal', 30)]),
  study('bl', '2024-01-10', [arterial, portal]),
  study('fu1', '2024-04-01', [series('fu1-portal', 20)]),
];

const opened = (place: Place) => openingSlices(studies, place).map(({ series: shown, index }) => `${shown.seriesInstanceUid} #${index}`);

describe('the slices the reading view opens on', () => {
  it('are the middle slices of the first series of the oldest and the newest study', () => {
    expect(opened(emptyPlace())).toEqual(['arterial #20', 'fu2-portal #15']);
  });

  it('follow the timepoints chosen before', () => {
    expect(opened({ ...emptyPlace(), timepoints: { baselineUid: 'bl', followUpUid: 'fu1' } })).toEqual(['arterial #20', 'fu1-portal #10']);
  });

  it('are the series and slice a study was left on', () => {
    const views = new Map([['bl', { seriesUid: 'portal', sliceIndex: 7, zoomPan: null }]]);
    expect(opened({ ...emptyPlace(), views })).toEqual(['portal #7', 'fu2-portal #15']);
  });

  it('fall back to the first series when the one kept is no longer there', () => {
    const views = new Map([['bl', { seriesUid: 'gone', sliceIndex: 7, zoomPan: null }]]);
    expect(opened({ ...emptyPlace(), views })).toEqual(['arterial #20', 'fu2-portal #15']);
  });

  it('are none without a study that has images', () => {
    expect(openingSlices([study('sr-only', '2024-01-10', [])], emptyPlace())).toEqual([]);
  });
});
