import type { BidirectionalMeasurement, ImageReference, LesionDefinition, Observation, Point3, PresentObservation, ReadSession } from '../read/model';

/**
 * A realistic read for tests of the report and of the SR (src/dicom/sr): three CT timepoints of a
 * patient with liver metastases after chemoembolization. Targets: L1 (liver segment VII, enhancing),
 * L2 (a portocaval lymph node), L3 (liver segment II, enhancing, disappears at FU2); a non-target NT1
 * (peritoneum); a new lesion N1 (liver segment IV) at FU2. L1 at FU1 is on a multi-frame image.
 *
 * Hand-worked RECIST 1.1 sums (exchange input is at 0.1 mm; nodes count their short axis):
 *   BL  L1 42.4 + L2 18.0 + L3 20.0 = 80.4 mm
 *   FU1 L1 40.0 + L2 14.0 + L3 12.0 = 66.0 mm  (-17.9 % from baseline: SD)
 *   FU2 L1 45.0 + L2 13.0 + L3 0    = 58.0 mm  (-27.9 %; below nadir) but N1 is new: PD (new lesion)
 */

export const STUDY = { bl: '1.2.826.0.1.3680043.8.498.101', fu1: '1.2.826.0.1.3680043.8.498.102', fu2: '1.2.826.0.1.3680043.8.498.103' } as const;
export const SERIES = { bl: '1.2.826.0.1.3680043.8.498.201', fu1: '1.2.826.0.1.3680043.8.498.202', fu2: '1.2.826.0.1.3680043.8.498.203' } as const;
/** the one multi-frame (enhanced CT) series, used by L1 at FU1 */
export const FU1_ENHANCED_SERIES = '1.2.826.0.1.3680043.8.498.212';

const image = (study: keyof typeof STUDY, instance: number, frameNumber: number | null = null, series?: string): ImageReference => ({
  studyInstanceUid: STUDY[study],
  seriesInstanceUid: series ?? SERIES[study],
  sopInstanceUid: `${SERIES[study]}.${instance}`,
  frameNumber,
});

/** A long axis along (0.6, 0.8, 0) and a short axis along (-0.8, 0.6, 0) through `centre`, lengths exact. */
export function bidirectional(centre: Point3, longAxisMm: number, shortAxisMm: number, ref: ImageReference): BidirectionalMeasurement {
  const [x, y, z] = centre;
  const along = (u: readonly [number, number], half: number, sign: number): Point3 => [x + sign * half * u[0], y + sign * half * u[1], z];
  return {
    longAxisMm,
    shortAxisMm,
    longAxis: [along([0.6, 0.8], longAxisMm / 2, -1), along([0.6, 0.8], longAxisMm / 2, 1)],
    shortAxis: [along([-0.8, 0.6], shortAxisMm / 2, -1), along([-0.8, 0.6], shortAxisMm / 2, 1)],
    image: ref,
  };
}

const lesion = (id: string, label: string, role: LesionDefinition['role'], organ: string, extra: Partial<LesionDefinition> = {}): LesionDefinition => ({
  id,
  label,
  role,
  organ,
  isLymphNode: false,
  firstStudyUid: role === 'new' ? STUDY.fu2 : STUDY.bl,
  splitFrom: null,
  ...extra,
});

const present = (whole: BidirectionalMeasurement | null, enhancing: PresentObservation['enhancing'] = { kind: 'notMeasured' }, meanHU: number | null = null): Observation => ({
  status: 'present',
  whole,
  enhancing,
  meanHU,
});

const L1_CENTRE: Point3 = [-87.314159, 42.718281, -161.25];
const L2_CENTRE: Point3 = [12.5, 30.25, -140.0];
const L3_CENTRE: Point3 = [-40.125, 80.5, -120.0];
const N1_CENTRE: Point3 = [-20.0, 55.5, -150.0];

export const FIXTURE_SESSION: ReadSession = {
  schemaVersion: 1,
  readId: 'read-2024-0042',
  patientId: 'NADIR-P042',
  patientName: 'DOE^JANE',
  readerName: 'Reader^Rita',
  createdAt: '2024-07-12T09:30:00Z',
  timepoints: [
    { studyInstanceUid: STUDY.bl, date: '2024-01-10', modality: 'CT', sliceThicknessMm: 2.5 },
    { studyInstanceUid: STUDY.fu1, date: '2024-04-10', modality: 'CT', sliceThicknessMm: 2.5 },
    { studyInstanceUid: STUDY.fu2, date: '2024-07-10', modality: 'CT', sliceThicknessMm: 2.5 },
  ],
  lesions: [
    lesion('les-a', 'L1', 'target', 'liver segment VII'),
    lesion('les-b', 'L2', 'target', 'lymph node, portocaval', { isLymphNode: true }),
    lesion('les-c', 'L3', 'target', 'liver segment II'),
    lesion('les-d', 'NT1', 'nontarget', 'peritoneum'),
    lesion('les-e', 'N1', 'new', 'liver segment IV', { vascularPattern: 'typical' }),
  ],
  observations: {
    [STUDY.bl]: {
      'les-a': present(bidirectional(L1_CENTRE, 42.37125, 30.123456, image('bl', 41)), { kind: 'measured', measurement: bidirectional(L1_CENTRE, 30.0, 20.0, image('bl', 41)) }, 45.5),
      'les-b': present(bidirectional(L2_CENTRE, 25.0, 18.0, image('bl', 37))),
      'les-c': present(bidirectional(L3_CENTRE, 20.0, 15.0, image('bl', 30)), { kind: 'measured', measurement: bidirectional(L3_CENTRE, 15.0, 10.0, image('bl', 30)) }),
      'les-d': present(null),
    },
    [STUDY.fu1]: {
      'les-a': present(bidirectional(L1_CENTRE, 40.0, 28.0, image('fu1', 7, 12, FU1_ENHANCED_SERIES)), { kind: 'measured', measurement: bidirectional(L1_CENTRE, 12.0, 8.0, image('fu1', 7, 12, FU1_ENHANCED_SERIES)) }, 30.25),
      'les-b': present(bidirectional(L2_CENTRE, 22.0, 14.0, image('fu1', 38))),
      'les-c': present(bidirectional(L3_CENTRE, 12.0, 9.0, image('fu1', 31)), { kind: 'noEnhancement' }),
      'les-d': present(null),
    },
    [STUDY.fu2]: {
      'les-a': present(bidirectional(L1_CENTRE, 45.0, 31.0, image('fu2', 42)), { kind: 'measured', measurement: bidirectional(L1_CENTRE, 14.0, 9.0, image('fu2', 42)) }),
      'les-b': present(bidirectional(L2_CENTRE, 21.0, 13.0, image('fu2', 36))),
      'les-c': { status: 'disappeared' },
      'les-d': present(null),
      'les-e': present(bidirectional(N1_CENTRE, 15.0, 12.0, image('fu2', 39))),
    },
  },
  criteria: ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'],
};
