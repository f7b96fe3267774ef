import { assessRead } from '../engine';
import type { LesionRole } from '../domain/input';
import type { BidirectionalMeasurement, LesionDefinition, Observation, Point3, ReadSession } from '../read/model';
import { toExchangeInput } from '../read/toExchangeInput';

/** Small two-timepoint reads for the quiz's table tests: lesions placed by caliper centre and long axis. */

export const BL = 'study-bl';
export const FU1 = 'study-fu1';

/** A caliper of this long axis centred at `centre` (short axis half of it), on study `studyUid`. */
export function caliper(studyUid: string, centre: Point3, longAxisMm: number, shortAxisMm = longAxisMm / 2): BidirectionalMeasurement {
  const [x, y, z] = centre;
  return {
    longAxisMm,
    shortAxisMm,
    longAxis: [[x - longAxisMm / 2, y, z], [x + longAxisMm / 2, y, z]],
    shortAxis: [[x, y - shortAxisMm / 2, z], [x, y + shortAxisMm / 2, z]],
    image: { studyInstanceUid: studyUid, seriesInstanceUid: 's', sopInstanceUid: `${studyUid}.1`, frameNumber: null },
  };
}

export interface LesionSpec {
  id: string;
  label: string;
  role: LesionRole;
  organ?: string;
  node?: boolean;
  /** per study: [centre, long axis] for a caliper, or 'present' without one */
  at: Partial<Record<string, [Point3, number] | 'present'>>;
}

export function read(readerName: string, specs: LesionSpec[]): ReadSession {
  const observations: ReadSession['observations'] = { [BL]: {}, [FU1]: {} };
  const lesions = specs.map((spec): LesionDefinition => {
    for (const [studyUid, value] of Object.entries(spec.at)) {
      const observation: Observation =
        value === 'present' || value === undefined
          ? { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null }
          : { status: 'present', whole: caliper(studyUid, value[0], value[1], spec.node ? value[1] : value[1] / 2), enhancing: { kind: 'notMeasured' }, meanHU: null };
      observations[studyUid]![spec.id] = observation;
    }
    const firstStudyUid = Object.keys(spec.at)[0]!;
    return { id: spec.id, label: spec.label, role: spec.role, organ: spec.organ ?? 'liver segment VII', isLymphNode: spec.node ?? false, firstStudyUid, splitFrom: null, ...(spec.role === 'new' ? { vascularPattern: 'typical' } : {}) };
  });
  return {
    schemaVersion: 1, readId: readerName, patientId: 'P', patientName: 'P', readerName, createdAt: '2024-01-01T00:00:00Z',
    timepoints: [
      { studyInstanceUid: BL, date: '2024-01-01', modality: 'CT', sliceThicknessMm: 5 },
      { studyInstanceUid: FU1, date: '2024-04-01', modality: 'CT', sliceThicknessMm: 5 },
    ],
    lesions, observations, criteria: ['RECIST1.1', 'WHO'],
  };
}

export function outputOf(session: ReadSession) {
  const reply = assessRead(toExchangeInput(session));
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  return reply.output;
}

