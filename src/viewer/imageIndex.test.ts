import { describe, expect, it } from 'vitest';
import type { ImageSeries } from '../state/studyModel';
import { createImageIndex } from './imageIndex';

const series = (uid: string): ImageSeries => ({ kind: 'image', seriesInstanceUid: uid, description: 'PORTAL', modality: 'CT', seriesNumber: 3, frameOfReferenceUid: 'F', calibrated: true, slices: [] });

describe('the image index', () => {
  // A patient closed and opened again: the first opening's files can no longer be retrieved (its
  // retrievals are cancelled), so click-to-measure must read the mean HU from the new ones.
  it('keeps the latest registration of a series opened again', () => {
    const index = createImageIndex();
    index.register(series('1.2.3'), ['old']);
    index.register(series('1.2.4'), []);
    index.register(series('1.2.3'), ['new']);
    expect(index.registered().map((entry) => [entry.series.seriesInstanceUid, entry.imageIds])).toEqual([
      ['1.2.4', []],
      ['1.2.3', ['new']],
    ]);
  });
});
