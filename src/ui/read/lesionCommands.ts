import type { EditCommand } from '../../state/readController';
import { EMPTY_PRESENT, type BidirectionalMeasurement, type LesionDefinition, type Observation, type ReadSession } from '../../../workers/read/model';
import { isLymphNodeSite } from '../../../workers/read/organs';

export type Part = 'whole' | 'enhancing';

/** The next free label: L1, L2… for baseline lesions, NL1, NL2… for new ones. */
export function nextLabel(session: ReadSession, role: LesionDefinition['role']): string {
  const prefix = role === 'new' ? 'NL' : 'L';
  const taken = new Set(session.lesions.map((lesion) => lesion.label));
  let index = 1;
  while (taken.has(`${prefix}${index}`)) index += 1;
  return `${prefix}${index}`;
}

export function newLesion(session: ReadSession, studyUid: string, role: LesionDefinition['role'], organ: string): LesionDefinition {
  return { id: crypto.randomUUID(), label: nextLabel(session, role), role, organ, isLymphNode: isLymphNodeSite(organ), firstStudyUid: studyUid, splitFrom: null };
}

/** A caliper for one part of a lesion at one timepoint, keeping whatever else was recorded there. */
export function withMeasurement(previous: Observation | undefined, part: Part, measurement: BidirectionalMeasurement | null): Observation {
  const base = previous?.status === 'present' ? previous : EMPTY_PRESENT;
  if (part === 'whole') return { ...base, whole: measurement };
  return { ...base, enhancing: measurement ? { kind: 'measured', measurement } : { kind: 'notMeasured' } };
}

/** The lesion's mean attenuation (Choi), measured over a region: like a caliper, it records the lesion as present. */
export function withDensity(previous: Observation | undefined, meanHU: number): Observation {
  const base = previous?.status === 'present' ? previous : EMPTY_PRESENT;
  return { ...base, meanHU };
}

/** Changing the status; "split" also creates two fragments the reader then measures. */
export function statusCommands(session: ReadSession, lesion: LesionDefinition, studyUid: string, status: Observation['status'], mergedInto?: string): EditCommand[] {
  const set = (observation: Observation): EditCommand => ({ kind: 'setObservation', studyUid, lesionId: lesion.id, observation });
  switch (status) {
    case 'present':
      return [set(EMPTY_PRESENT)];
    case 'merged': {
      const survivor = mergedInto ?? session.lesions.find((other) => other.id !== lesion.id && other.role === lesion.role)?.id;
      return survivor ? [set({ status: 'merged', mergedInto: survivor })] : [];
    }
    case 'split': {
      const fragments = ['a', 'b'].map((suffix): LesionDefinition => ({
        ...lesion,
        id: crypto.randomUUID(),
        label: `${lesion.label}${suffix}`,
        firstStudyUid: studyUid,
        splitFrom: lesion.id,
      }));
      return [
        set({ status: 'split' }),
        ...fragments.flatMap((fragment): EditCommand[] => [
          { kind: 'addLesion', lesion: fragment },
          { kind: 'setObservation', studyUid, lesionId: fragment.id, observation: EMPTY_PRESENT },
        ]),
      ];
    }
    default:
      return [set({ status })];
  }
}
