import { observationOf, type BidirectionalMeasurement, type LesionDefinition, type Point3, type ReadSession } from '../read/model';

/**
 * Which of the learner's lesions is which of the reference's (issue 16 §2). Labels are the reader's
 * own (a learner's L1 may be the reference's L2), so lesions are matched by where they are: the
 * centres of their calipers on the same study, nearest first. A lesion recorded without any caliper
 * (a non-target noted as present) has no position; it is matched by its site instead.
 */
export type LesionMatch =
  | { kind: 'matched'; reference: LesionDefinition; learner: LesionDefinition; by: 'position'; distanceMm: number }
  | { kind: 'matched'; reference: LesionDefinition; learner: LesionDefinition; by: 'site' }
  /** in the reference, not recorded by the learner */
  | { kind: 'missed'; reference: LesionDefinition }
  /** recorded by the learner, not in the reference */
  | { kind: 'extra'; learner: LesionDefinition };

/** Two centres this close are one lesion: half the reference's long axis, at least 10 mm (a caliper on the same lesion, not on its neighbour). */
export const matchToleranceMm = (referenceLongAxisMm: number) => Math.max(10, referenceLongAxisMm / 2);

const centreOf = (measurement: BidirectionalMeasurement): Point3 => {
  const [a, b] = measurement.longAxis;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
};

/** The lesion's caliper centre and size on each study where it has one (the whole lesion, else its viable part). */
function positions(read: ReadSession, lesionId: string): Map<string, { centre: Point3; longAxisMm: number }> {
  const found = new Map<string, { centre: Point3; longAxisMm: number }>();
  for (const timepoint of read.timepoints) {
    const observation = observationOf(read, timepoint.studyInstanceUid, lesionId);
    if (observation?.status !== 'present') continue;
    const measurement = observation.whole ?? (observation.enhancing.kind === 'measured' ? observation.enhancing.measurement : null);
    if (measurement) found.set(timepoint.studyInstanceUid, { centre: centreOf(measurement), longAxisMm: measurement.longAxisMm });
  }
  return found;
}

/** The smallest centre distance over the studies where both have a caliper, when within the reference's tolerance. */
function closeness(reference: ReturnType<typeof positions>, learner: ReturnType<typeof positions>): number | null {
  let best: number | null = null;
  for (const [studyUid, at] of reference) {
    const other = learner.get(studyUid);
    if (!other) continue;
    const distance = Math.hypot(at.centre[0] - other.centre[0], at.centre[1] - other.centre[1], at.centre[2] - other.centre[2]);
    if (distance <= matchToleranceMm(at.longAxisMm) && (best === null || distance < best)) best = distance;
  }
  return best;
}

export function matchLesions(reference: ReadSession, learner: ReadSession): LesionMatch[] {
  const referencePositions = new Map(reference.lesions.map((lesion) => [lesion.id, positions(reference, lesion.id)]));
  const learnerPositions = new Map(learner.lesions.map((lesion) => [lesion.id, positions(learner, lesion.id)]));
  const pairs = reference.lesions.flatMap((ref) =>
    learner.lesions.flatMap((mine) => {
      const distanceMm = closeness(referencePositions.get(ref.id)!, learnerPositions.get(mine.id)!);
      return distanceMm === null ? [] : [{ ref, mine, distanceMm }];
    }),
  );
  pairs.sort((a, b) => a.distanceMm - b.distanceMm);
  const matchOfReference = new Map<string, LesionMatch>();
  const usedLearner = new Set<string>();
  for (const { ref, mine, distanceMm } of pairs) {
    if (matchOfReference.has(ref.id) || usedLearner.has(mine.id)) continue;
    matchOfReference.set(ref.id, { kind: 'matched', reference: ref, learner: mine, by: 'position', distanceMm });
    usedLearner.add(mine.id);
  }
  // Without a caliper, a learner's lesion can only be told by its site: the first unmatched reference lesion there, same role first.
  const positionless = learner.lesions.filter((mine) => !usedLearner.has(mine.id) && learnerPositions.get(mine.id)!.size === 0);
  for (const mine of positionless) {
    const candidates = reference.lesions.filter((ref) => !matchOfReference.has(ref.id) && ref.organ === mine.organ);
    const ref = candidates.find((candidate) => candidate.role === mine.role) ?? candidates[0];
    if (!ref) continue;
    matchOfReference.set(ref.id, { kind: 'matched', reference: ref, learner: mine, by: 'site' });
    usedLearner.add(mine.id);
  }
  return [
    ...reference.lesions.map((ref): LesionMatch => matchOfReference.get(ref.id) ?? { kind: 'missed', reference: ref }),
    ...learner.lesions.filter((mine) => !usedLearner.has(mine.id)).map((mine): LesionMatch => ({ kind: 'extra', learner: mine })),
  ];
}
