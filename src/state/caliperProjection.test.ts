import { describe, expect, it } from 'vitest';
import type { ImageSeries, Study } from './studyModel';
import type { BidirectionalMeasurement, Point3 } from '../../workers/read/model';
import { projectCaliper } from './caliperProjection';

const axial = [1, 0, 0, 0, 1, 0];
const sagittal = [0, 1, 0, 0, 0, -1];

function series(uid: string, frameOfReferenceUid: string | null, orientation: number[], heightsMm: number[], thicknessMm: number | null = 5): ImageSeries {
  return {
    kind: 'image',
    seriesInstanceUid: uid,
    description: `series ${uid}`,
    modality: 'CT',
    seriesNumber: Number(uid.slice(1)),
    frameOfReferenceUid,
    calibrated: true,
    slices: heightsMm.map((height, index) => ({
      frameNumber: null,
      instance: {
        metadata: {
          sopInstanceUid: `${uid}.${index}`,
          imageOrientationPatient: orientation,
          imagePositionPatient: orientation === axial ? [0, 0, height] : [height, 0, 0],
          sliceThicknessMm: thicknessMm,
        },
      },
    })) as unknown as ImageSeries['slices'],
  };
}

const arterial = series('s2', 'for-1', axial, [10, 5, 0, -5, -10]);
const portal = series('s3', 'for-1', axial, [12, 7, 2, -3, -8]);
const otherFrame = series('s4', 'for-2', axial, [10, 5, 0, -5, -10]);
const sagittalSeries = series('s5', 'for-1', sagittal, [-10, -5, 0, 5, 10]);
const study = { imageSeries: [arterial, portal, otherFrame, sagittalSeries] } as unknown as Study;

function caliperAt(heightMm: number, drawnOn = 's2'): BidirectionalMeasurement {
  const at = (x: number, y: number): Point3 => [x, y, heightMm];
  return {
    longAxisMm: 20,
    shortAxisMm: 10,
    longAxis: [at(-10, 0), at(10, 0)],
    shortAxis: [at(0, -5), at(0, 5)],
    image: { studyInstanceUid: 'st', seriesInstanceUid: drawnOn, sopInstanceUid: `${drawnOn}.x`, frameNumber: null },
  };
}

describe('projectCaliper: a caliper on the other series of its frame of reference', () => {
  it('shows on the nearest slice by position, not by index, named by the series it was drawn on', () => {
    expect(projectCaliper(study, portal, caliperAt(0))).toEqual({
      image: { studyInstanceUid: 'st', seriesInstanceUid: 's3', sopInstanceUid: 's3.2', frameNumber: null },
      drawnOnLabel: '2: series s2',
    });
  });

  const thin = series('s6', 'for-1', axial, [12, 7, 2], 3);
  it.each([
    ['2 mm from the nearest slice, 5 mm thick', portal, 5, 's3.1'],
    ['exactly half a thickness (1.5 mm) from a 3 mm slice', thin, 8.5, 's6.1'],
    ['nothing 1.6 mm from a 3 mm slice (beyond half its thickness)', thin, 8.6, undefined],
  ])('shows %s', (_, target, heightMm, sop) => {
    expect(projectCaliper(study, target, caliperAt(heightMm))?.image.sopInstanceUid).toBe(sop);
  });

  it.each([
    ['beyond the end of the stack', series('s3', 'for-1', axial, [12, 7]), caliperAt(-20)],
    ['another frame of reference', otherFrame, caliperAt(0)],
    ['another plane (an axial caliper on a sagittal series)', sagittalSeries, caliperAt(0)],
    ['the series it was drawn on (shown as it is)', arterial, caliperAt(0)],
    ['a series not in the study', portal, caliperAt(0, 's9')],
  ])('does not show on %s', (_, target, caliper) => {
    expect(projectCaliper(study, target, caliper)).toBeNull();
  });
});
