import { observationOf, type BidirectionalMeasurement, type Observation, type Point3, type ReadSession } from '../../workers/read/model';

export const centreOf = (measurement: BidirectionalMeasurement): Point3 => {
  const [a, b] = measurement.longAxis;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
};

export const distanceMm = (a: Point3, b: Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Beyond this a caliper is flagged as far from its lesion: the lesion's size, at least 20 mm. */
export const farLimitMm = (longAxisMm: number) => Math.max(20, longAxisMm);

function anyMeasurement(observation: Observation | undefined): BidirectionalMeasurement | null {
  if (observation?.status !== 'present') return null;
  return observation.whole ?? (observation.enhancing.kind === 'measured' ? observation.enhancing.measurement : null);
}

/**
 * The shift between two studies' patient coordinates (each visit has its own table position and
 * frame of reference), estimated from the lesions measured in both; zero until one is.
 */
export function studyOffset(session: ReadSession, fromStudyUid: string, toStudyUid: string): Point3 {
  return measuredStudyOffset(session, fromStudyUid, toStudyUid) ?? [0, 0, 0];
}

/** The shift between two studies from the lesions measured in both; null while none is. */
function measuredStudyOffset(session: ReadSession, fromStudyUid: string, toStudyUid: string): Point3 | null {
  const shifts = session.lesions.flatMap((lesion) => {
    const from = anyMeasurement(observationOf(session, fromStudyUid, lesion.id));
    const to = anyMeasurement(observationOf(session, toStudyUid, lesion.id));
    if (!from || !to) return [];
    const [a, b] = [centreOf(from), centreOf(to)];
    return [[b[0] - a[0], b[1] - a[1], b[2] - a[2]] as const];
  });
  if (shifts.length === 0) return null;
  const mean = (axis: 0 | 1 | 2) => shifts.reduce((total, shift) => total + shift[axis], 0) / shifts.length;
  return [mean(0), mean(1), mean(2)];
}

export interface ExpectedPosition {
  centre: Point3;
  longAxisMm: number;
  /**
   * measured: where it was measured at this study; shifted: where it was first measured, moved by the
   * offset the lesions measured in both studies give; unshifted: where it was first measured, no lesion
   * being measured in both yet (the viewer's slice offset is the better guess along the normal).
   */
  basis: 'measured' | 'shifted' | 'unshifted';
}

/**
 * Where a lesion is expected at a study: its measurement there, or else its position where it was
 * first measured plus the offset between the two studies. Null for a lesion never measured.
 */
export function expectedCentre(session: ReadSession, lesionId: string, studyUid: string): ExpectedPosition | null {
  const here = anyMeasurement(observationOf(session, studyUid, lesionId));
  if (here) return { centre: centreOf(here), longAxisMm: here.longAxisMm, basis: 'measured' };
  for (const timepoint of session.timepoints) {
    const reference = anyMeasurement(observationOf(session, timepoint.studyInstanceUid, lesionId));
    if (!reference) continue;
    const c = centreOf(reference);
    const o = measuredStudyOffset(session, timepoint.studyInstanceUid, studyUid);
    if (!o) return { centre: c, longAxisMm: reference.longAxisMm, basis: 'unshifted' };
    return { centre: [c[0] + o[0], c[1] + o[1], c[2] + o[2]], longAxisMm: reference.longAxisMm, basis: 'shifted' };
  }
  return null;
}
