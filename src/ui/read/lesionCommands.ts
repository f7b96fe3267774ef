import type { PanelMessage } from '../../state/measurementIntake';
import type { EditCommand } from '../../state/readController';
import type { RoiStatistics } from '../../viewer/roiStatistics';
import { EMPTY_PRESENT, observationOf, timepointLabel, type LesionDefinition, type Observation, type Point3, type ReadSession } from '../../../workers/read/model';

/** The lesion's mean attenuation (Choi), measured over a region: like a caliper, it records the lesion as present. */
export function withDensity(previous: Observation | undefined, meanHU: number): Observation {
  const base = previous?.status === 'present' ? previous : EMPTY_PRESENT;
  return { ...base, meanHU };
}

/** Changing the status, one gesture; "split" also creates two fragments the reader then measures. */
export function statusCommand(session: ReadSession, lesion: LesionDefinition, studyUid: string, status: Observation['status'], mergedInto?: string): EditCommand | null {
  const commands = statusCommands(session, lesion, studyUid, status, mergedInto);
  if (commands.length <= 1) return commands[0] ?? null;
  return { kind: 'gesture', name: `${lesion.label} ${status}`, commands: commands.flatMap((command) => (command.kind === 'gesture' ? command.commands : [command])) };
}

function statusCommands(session: ReadSession, lesion: LesionDefinition, studyUid: string, status: Observation['status'], mergedInto?: string): EditCommand[] {
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

/**
 * Whether a density region can belong to the lesion: with a whole-lesion caliper at that timepoint,
 * its centre must lie within half the long axis of the caliper's centre and its area within the
 * ellipse the two axes span. A region mostly outside the lesion would give its surroundings' HU.
 */
export function densityRegionProblem(observation: Observation | undefined, region: { centre: Point3; areaMm2: number }, label: string): string | null {
  const whole = observation?.status === 'present' ? observation.whole : null;
  if (!whole) return null;
  const [a, b] = whole.longAxis;
  const centre: Point3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  const offsetMm = Math.hypot(region.centre[0] - centre[0], region.centre[1] - centre[1], region.centre[2] - centre[2]);
  if (offsetMm > whole.longAxisMm / 2) return `the ellipse's centre is ${offsetMm.toFixed(1)} mm from ${label}'s, outside its calipers: draw it inside the lesion`;
  const lesionAreaMm2 = (Math.PI / 4) * whole.longAxisMm * whole.shortAxisMm;
  if (region.areaMm2 > lesionAreaMm2) {
    return `the ellipse (${(region.areaMm2 / 100).toFixed(2)} cm²) is larger than ${label} (${(lesionAreaMm2 / 100).toFixed(2)} cm² by its calipers): draw it inside the lesion`;
  }
  return null;
}

/**
 * What a density region drawn at a timepoint does: the selected lesion's mean HU, or a warning and
 * nothing recorded (no lesion selected, or a region that cannot be the lesion's).
 */
export function densityOutcome(
  session: ReadSession,
  lesionId: string | null,
  studyUid: string,
  region: { statistics: RoiStatistics; centre: Point3 },
): { command: EditCommand | null; message: PanelMessage } {
  const lesion = session.lesions.find((candidate) => candidate.id === lesionId);
  if (!lesion) return { command: null, message: { kind: 'warning', text: 'Not recorded: select the lesion first; the mean attenuation is recorded for the selected lesion.' } };
  const { meanHU, standardDeviationHU, pixelCount, areaMm2 } = region.statistics;
  const previous = observationOf(session, studyUid, lesion.id);
  const problem = densityRegionProblem(previous, { centre: region.centre, areaMm2 }, lesion.label);
  if (problem) return { command: null, message: { kind: 'warning', text: `Not recorded: ${problem}.` } };
  // Kept to 0.01 HU, so that the HU field shows what was recorded: the pixels are whole HU, with
  // noise of several HU, and a density change (Choi) is judged in percent of tens of HU.
  const recordedHU = Math.round(meanHU * 100) / 100;
  const unchecked = previous?.status === 'present' && previous.whole ? '' : ' No caliper at this timepoint to check the region against.';
  return {
    command: { kind: 'setObservation', studyUid, lesionId: lesion.id, observation: withDensity(previous, recordedHU) },
    message: {
      kind: 'info',
      text: `${lesion.label} ${timepointLabel(session, studyUid)}: mean ${meanHU.toFixed(1)} HU (SD ${standardDeviationHU.toFixed(1)}) over ${pixelCount} pixels, ${(areaMm2 / 100).toFixed(2)} cm².${unchecked}`,
    },
  };
}

/**
 * Carrying forward: every non-target with nothing recorded at this timepoint takes its status from
 * the timepoint before (a present one stays present, with no measurement copied). One gesture.
 */
export function carryForwardCommand(session: ReadSession, studyUid: string): EditCommand | null {
  const index = session.timepoints.findIndex((timepoint) => timepoint.studyInstanceUid === studyUid);
  const previousUid = index > 0 ? session.timepoints[index - 1]!.studyInstanceUid : null;
  if (!previousUid) return null;
  const commands = session.lesions.flatMap((lesion): EditCommand[] => {
    if (lesion.role !== 'nontarget' || observationOf(session, studyUid, lesion.id)) return [];
    const before = observationOf(session, previousUid, lesion.id);
    if (!before || before.status === 'split' || before.status === 'merged') return [];
    const observation: Observation = before.status === 'present' ? EMPTY_PRESENT : { status: before.status };
    return [{ kind: 'setObservation', studyUid, lesionId: lesion.id, observation }];
  });
  if (commands.length === 0) return null;
  return { kind: 'gesture', name: `non-target statuses carried forward to ${timepointLabel(session, studyUid)}`, commands: commands.flatMap((command) => (command.kind === 'gesture' ? command.commands : [command])) };
}

/** The next lesion after `fromIndex` with nothing recorded at a study (a new lesion only from its own study on). */
export function nextUnmeasured(session: ReadSession, studyUid: string, fromIndex: number): string | null {
  const order = session.timepoints.map((timepoint) => timepoint.studyInstanceUid);
  const count = session.lesions.length;
  for (let step = 1; step <= count; step++) {
    const lesion = session.lesions[(fromIndex + step + count) % count]!;
    const seen = order.indexOf(lesion.firstStudyUid) <= order.indexOf(studyUid);
    if (seen && !observationOf(session, studyUid, lesion.id)) return lesion.id;
  }
  return null;
}
