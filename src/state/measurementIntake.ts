import type { MeasurementEvent } from '../viewer/measurementLayer';
import type { ProposalResult } from '../viewer/clickProposal';
import { EMPTY_PRESENT, observationOf, type BidirectionalMeasurement, type LesionDefinition, type LesionVolume, type Observation, type Point3, type ReadSession } from '../../workers/read/model';
import type { EditCommand } from './readController';
import { centreOf, expectedCentre, farLimitMm, distanceMm } from './lesionPosition';
import { newLesion } from './lesionFactory';
import { formatAxesMm } from '../../workers/domain/lengths';
import type { ProposedDensity } from '../../workers/measure/proposedDensity';

/**
 * Turning what the viewer reports (a caliper drawn or moved) into read commands: one pure function,
 * tested by table. Nothing here changes a verdict silently: a caliper that is not plainly the selected
 * lesion's first measurement at this timepoint asks what it is, or what it replaces.
 */

export type Part = 'whole' | 'enhancing';

/** What the last drawing did: a warning (nothing recorded) or what was recorded. */
export interface PanelMessage {
  kind: 'info' | 'warning';
  text: string;
}

/** A caliper drawn and not yet given to a lesion. */
export interface Caliper {
  studyUid: string;
  viewportId: string;
  part: Part;
  measurement: BidirectionalMeasurement;
  /**
   * Click-to-measure: the viable part proposed with the whole lesion and accepted with it, recorded
   * together as one step (docs/measurement.md); absent for a drawn caliper.
   */
  viable?: BidirectionalMeasurement | null;
  /**
   * Click-to-measure in 3D (V-1, QE-1): the lesion's volumes, recorded with its calipers; null when the
   * slices around were searched and the lesion not followed (an earlier volume is then dropped, and the
   * audit says so); absent for a drawn caliper, or before the search has answered (an earlier volume stays).
   */
  volume?: LesionVolume | null;
  /**
   * Click-to-measure on a portal-phase CT (M-SEG-6): the lesion's mean HU for Choi, recorded with its
   * calipers where the lesion has no mean HU at that timepoint (one measured by an ellipse stays).
   */
  meanHU?: number;
  /** for the audit trail: where the caliper came from ("click-to-measure proposed …, accepted …") */
  origin?: string;
}

/** A click-to-measure proposal waiting for the reader: its calipers and the levels that made them. */
export interface Proposal {
  caliper: Caliper & { part: 'whole' };
  /** the calipers as proposed, before any handle the reader moved */
  proposed: { whole: BidirectionalMeasurement; viable: BidirectionalMeasurement | null };
  /** where the reader clicked, so that a changed threshold proposes again from the same place */
  at: Point3;
  enhancingThreshold: number;
  backgroundLevel: number;
  unit: 'HU' | 'signal';
  /** M-SEG-6: the lesion's mean HU, or why none is proposed */
  density: ProposedDensity;
}

export type LesionChoice =
  | { kind: 'existing'; lesionId: string; label: string; distanceMm: number | null; far: boolean }
  | { kind: 'newTarget' }
  | { kind: 'newNonTarget' }
  | { kind: 'newLesion' }
  | { kind: 'discard' };

export interface Replacement {
  caliper: Caliper;
  lesionId: string;
  label: string;
  previous: BidirectionalMeasurement;
  /** how far apart the old and the new caliper's centres are */
  centresApartMm: number;
}

export type Intake =
  | { kind: 'nothing'; message: PanelMessage | null }
  | { kind: 'record'; command: EditCommand; select: string | null; message: PanelMessage | null }
  /** no lesion selected: which lesion is it? */
  | { kind: 'ask'; caliper: Caliper; choices: LesionChoice[] }
  /** the lesion already has this measurement here: replace it? */
  | { kind: 'confirmReplace'; replacement: Replacement }
  /** the reader moved a handle of the caliper still waiting for an answer */
  | { kind: 'editPending'; part: Part; measurement: BidirectionalMeasurement }
  /** click-to-measure proposed calipers: shown, marked as proposed, until the reader accepts them */
  | { kind: 'proposal'; proposal: Proposal }
  /** the volume of the click still proposed, found over the slices around it after its calipers */
  | { kind: 'proposalVolume'; at: Point3; volume: LesionVolume | null }
  | { kind: 'density' };

export interface IntakeContext {
  session: ReadSession;
  selectedLesionId: string | null;
  /** the study each viewport shows */
  studyOfViewport: Readonly<Record<string, string | undefined>>;
}

const SEPARATOR = '|';
export const PENDING_KEY = 'pending';

/** The key of a measurement shown on a viewport: the lesion, the study and the part. */
export const measurementKey = (lesionId: string, studyUid: string, part: Part) => [lesionId, studyUid, part].join(SEPARATOR);

export function parseMeasurementKey(key: string): { lesionId: string; studyUid: string; part: Part } | null {
  const [lesionId, studyUid, part] = key.split(SEPARATOR);
  return lesionId && studyUid && (part === 'whole' || part === 'enhancing') ? { lesionId, studyUid, part } : null;
}

export const measurementOfPart = (observation: Observation | undefined, part: Part): BidirectionalMeasurement | null => {
  if (observation?.status !== 'present') return null;
  if (part === 'whole') return observation.whole;
  return observation.enhancing.kind === 'measured' ? observation.enhancing.measurement : null;
};

/** A caliper (with the viable part proposed with it, if any) recorded over what was there. */
export function observationFor(previous: Observation | undefined, caliper: Caliper): Observation {
  const whole = withMeasurement(previous, caliper.part, caliper.measurement);
  const viable = caliper.viable ? withMeasurement(whole, 'enhancing', caliper.viable) : whole;
  const withViable = viable.status === 'present' && viable.meanHU === null && caliper.meanHU !== undefined ? { ...viable, meanHU: caliper.meanHU } : viable;
  if (withViable.status !== 'present' || caliper.volume === undefined) return withViable;
  if (caliper.volume) return { ...withViable, volume: caliper.volume };
  const { volume: _dropped, ...withoutVolume } = withViable;
  return withoutVolume;
}

/** A caliper for one part of a lesion at one timepoint, keeping whatever else was recorded there. */
export function withMeasurement(previous: Observation | undefined, part: Part, measurement: BidirectionalMeasurement | null): Observation {
  const base = previous?.status === 'present' ? previous : EMPTY_PRESENT;
  if (part === 'whole') return { ...base, whole: measurement };
  return { ...base, enhancing: measurement ? { kind: 'measured', measurement } : { kind: 'notMeasured' } };
}

/** Whether a lesion exists at a study: recorded there or earlier. */
export function isSeenBy(session: ReadSession, lesion: LesionDefinition, studyUid: string): boolean {
  const order = session.timepoints.map((timepoint) => timepoint.studyInstanceUid);
  const first = order.indexOf(lesion.firstStudyUid);
  const at = order.indexOf(studyUid);
  return first !== -1 && at !== -1 && first <= at;
}

const partName: Record<Part, string> = { whole: 'caliper', enhancing: 'viable-part caliper' };
const axes = (m: BidirectionalMeasurement) => `${formatAxesMm(m.longAxisMm, m.shortAxisMm)} mm`;
/** What a caliper records, as the message says it: "caliper 40.0 × 30.0 mm", with the viable part when proposed with it. */
const recorded = (caliper: Caliper) => `${partName[caliper.part]} ${axes(caliper.measurement)}${caliper.viable ? `, viable part ${axes(caliper.viable)}` : ''}`;

function farWarning(session: ReadSession, lesion: LesionDefinition, caliper: Caliper): PanelMessage | null {
  const expected = expectedCentre(session, lesion.id, caliper.studyUid);
  if (!expected) return null;
  const apartMm = distanceMm(expected.centre, centreOf(caliper.measurement));
  if (apartMm <= farLimitMm(expected.longAxisMm)) return null;
  return { kind: 'warning', text: `Check: this ${partName[caliper.part]} is ${apartMm.toFixed(0)} mm from where ${lesion.label} is expected. Undo (Ctrl+Z) if it is another lesion.` };
}

/** Recording a caliper for a lesion that has no such measurement here yet. */
export function recordFor(session: ReadSession, lesion: LesionDefinition, caliper: Caliper): Intake {
  const command = named(
    { kind: 'setObservation', studyUid: caliper.studyUid, lesionId: lesion.id, observation: observationFor(observationOf(session, caliper.studyUid, lesion.id), caliper) },
    caliper,
    lesion.label,
  );
  const message = farWarning(session, lesion, caliper) ?? { kind: 'info' as const, text: `${lesion.label}: ${recorded(caliper)} recorded.` };
  return { kind: 'record', command, select: lesion.id, message };
}

/** The choices for a caliper, the likeliest first (Enter takes it). */
export function choicesFor(session: ReadSession, caliper: Caliper): LesionChoice[] {
  const centre = centreOf(caliper.measurement);
  const existing = session.lesions
    .filter((lesion) => isSeenBy(session, lesion, caliper.studyUid) && observationOf(session, caliper.studyUid, lesion.id)?.status !== 'split')
    .map((lesion): Extract<LesionChoice, { kind: 'existing' }> => {
      const expected = expectedCentre(session, lesion.id, caliper.studyUid);
      const apart = expected ? distanceMm(expected.centre, centre) : null;
      return { kind: 'existing', lesionId: lesion.id, label: lesion.label, distanceMm: apart, far: apart === null || apart > farLimitMm(expected!.longAxisMm) };
    })
    .sort((a, b) => (a.distanceMm ?? Infinity) - (b.distanceMm ?? Infinity));
  const isBaseline = caliper.studyUid === session.timepoints[0]?.studyInstanceUid;
  const fresh: LesionChoice[] = isBaseline ? [{ kind: 'newTarget' }, { kind: 'newNonTarget' }] : [{ kind: 'newLesion' }, { kind: 'newTarget' }, { kind: 'newNonTarget' }];
  // A lesion near its expected place comes first; one far away is listed after the new ones.
  return [...existing.filter((choice) => !choice.far), ...fresh, ...existing.filter((choice) => choice.far), { kind: 'discard' }];
}

function replacementOf(lesion: LesionDefinition, caliper: Caliper, previous: BidirectionalMeasurement): Intake {
  return {
    kind: 'confirmReplace',
    replacement: { caliper, lesionId: lesion.id, label: lesion.label, previous, centresApartMm: distanceMm(centreOf(previous), centreOf(caliper.measurement)) },
  };
}

function forLesion(session: ReadSession, lesion: LesionDefinition, caliper: Caliper): Intake {
  const previous = measurementOfPart(observationOf(session, caliper.studyUid, lesion.id), caliper.part);
  return previous ? replacementOf(lesion, caliper, previous) : recordFor(session, lesion, caliper);
}

/**
 * A caliper with a lesion selected: near where the lesion is (or is expected), its first measurement
 * here is recorded and a second one is a re-measurement to confirm; far from it, probably another
 * lesion, so the reader is asked which (the selected one is listed, flagged far).
 */
function forSelected(session: ReadSession, lesion: LesionDefinition, caliper: Caliper): Intake {
  const previous = measurementOfPart(observationOf(session, caliper.studyUid, lesion.id), caliper.part);
  const expected = expectedCentre(session, lesion.id, caliper.studyUid);
  if (expected && distanceMm(expected.centre, centreOf(caliper.measurement)) > farLimitMm(expected.longAxisMm)) return { kind: 'ask', caliper, choices: choicesFor(session, caliper) };
  return previous ? replacementOf(lesion, caliper, previous) : recordFor(session, lesion, caliper);
}

/** What a viewer event does to the read. */
export function intakeOf(event: MeasurementEvent, context: IntakeContext): Intake {
  if (event.kind === 'proposed') return proposalIntake(event.viewportId, event.result, context);
  if (event.kind === 'proposedVolume') return { kind: 'proposalVolume', at: event.at, volume: event.volume };
  if (!event.result.ok) return { kind: 'nothing', message: { kind: 'warning', text: `Not measured: ${event.result.reason}.` } };
  if (event.kind === 'density') return { kind: 'density' };
  const { session } = context;
  if (event.kind === 'edited') {
    if (event.key.startsWith(PENDING_KEY)) return { kind: 'editPending', part: event.key.endsWith(`${SEPARATOR}enhancing`) ? 'enhancing' : 'whole', measurement: event.result.measurement };
    const key = parseMeasurementKey(event.key);
    if (!key) return { kind: 'nothing', message: null };
    const observation = withMeasurement(observationOf(session, key.studyUid, key.lesionId), key.part, event.result.measurement);
    return { kind: 'record', command: { kind: 'setObservation', studyUid: key.studyUid, lesionId: key.lesionId, observation }, select: null, message: null };
  }
  const studyUid = context.studyOfViewport[event.viewportId];
  if (!studyUid) return { kind: 'nothing', message: null };
  if (!session.timepoints.some((timepoint) => timepoint.studyInstanceUid === studyUid)) {
    // Recorded there, it would count nowhere (no table column, response or report): refused, and said.
    const baselineModality = session.timepoints[0]?.modality ?? 'the baseline';
    return { kind: 'nothing', message: { kind: 'warning', text: `Not recorded: this study is not a timepoint of the read, whose timepoints are the ${baselineModality} studies from the baseline on. Choose it as the baseline to read it.` } };
  }
  return caliperIntake({ studyUid, viewportId: event.viewportId, part: event.part, measurement: event.result.measurement }, context);
}

/** A caliper of a timepoint of the read: the selected lesion's, or the reader is asked whose. */
export function caliperIntake(caliper: Caliper, context: IntakeContext): Intake {
  const { session } = context;
  const selected = session.lesions.find((lesion) => lesion.id === context.selectedLesionId);
  if (selected && isSeenBy(session, selected, caliper.studyUid)) return forSelected(session, selected, caliper);
  return { kind: 'ask', caliper, choices: choicesFor(session, caliper) };
}

/** A click's proposal waits to be accepted; a click that finds nothing says why, and records nothing. */
function proposalIntake(viewportId: string, result: ProposalResult, context: IntakeContext): Intake {
  if (!result.ok) return { kind: 'nothing', message: { kind: 'warning', text: `No proposal: ${result.reason}` } };
  const studyUid = context.studyOfViewport[viewportId];
  if (!studyUid || !context.session.timepoints.some((timepoint) => timepoint.studyInstanceUid === studyUid)) {
    return { kind: 'nothing', message: { kind: 'warning', text: 'No proposal: this study is not a timepoint of the read.' } };
  }
  const { at, enhancingThreshold, backgroundLevel, unit, density } = result;
  return {
    kind: 'proposal',
    proposal: { caliper: { studyUid, viewportId, part: 'whole', measurement: result.whole, viable: result.viable }, proposed: { whole: result.whole, viable: result.viable }, at, enhancingThreshold, backgroundLevel, unit, density },
  };
}

/**
 * The proposal as the reader accepts it, carrying for the audit trail what was proposed and what was
 * accepted: the same, or adjusted by a dragged handle.
 */
export function acceptedCaliper(proposal: Proposal): Caliper {
  const { caliper, proposed, enhancingThreshold, unit, density } = proposal;
  const describe = (whole: BidirectionalMeasurement, viable: BidirectionalMeasurement | null | undefined) => `${axes(whole)}${viable ? `, viable part ${axes(viable)}` : ', no viable part'}`;
  const same = (a: BidirectionalMeasurement | null | undefined, b: BidirectionalMeasurement | null | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const asProposed = same(caliper.measurement, proposed.whole) && same(caliper.viable, proposed.viable);
  const threshold = `enhancing above ${Math.round(enhancingThreshold)}${unit === 'HU' ? ' HU' : ''}`;
  const volume = caliper.volume ? `, volume ${volumeText(caliper.volume)}` : caliper.volume === null ? ', no volume found' : '';
  const meanHU = density.kind === 'measured' ? recordedHU(density.meanHU) : undefined;
  const on = density.kind === 'measured' && density.seriesDescription ? ` on ${density.seriesDescription}` : '';
  const hu = meanHU === undefined ? '' : `, mean ${meanHU.toFixed(1)} HU${on}`;
  const origin = `click-to-measure proposed ${describe(proposed.whole, proposed.viable)}${volume}${hu} (${threshold}); accepted ${asProposed ? 'as proposed' : describe(caliper.measurement, caliper.viable)}`;
  return meanHU === undefined ? { ...caliper, origin } : { ...caliper, meanHU, origin };
}

/**
 * Kept to 0.01 HU, as the ellipse's mean is (lesionCommands.densityOutcome): the HU field shows what was
 * recorded, and a density change (Choi) is judged in percent of tens of HU.
 */
export const recordedHU = (meanHU: number) => Math.round(meanHU * 100) / 100;

/** "12.3 mL, enhancing 4.5 mL (7 slices)": a volume as the prompt, the editor and the audit trail say it. */
export const volumeText = (volume: LesionVolume) => `${volume.volumeMl.toFixed(1)} mL, enhancing ${volume.enhancingVolumeMl.toFixed(1)} mL (${volume.sliceCount} slices)`;

/** A command recorded for a caliper, named by its origin when it has one (one gesture, one audit name). */
const named = (command: EditCommand, caliper: Caliper, what: string): EditCommand =>
  caliper.origin ? { kind: 'gesture', name: `${what}: ${caliper.origin}`, commands: command.kind === 'gesture' ? command.commands : [command] } : command;

const roleOfChoice = { newTarget: 'target', newNonTarget: 'nontarget', newLesion: 'new' } as const;

/** The reader's answer to "what is this caliper?". */
export function answerOf(session: ReadSession, caliper: Caliper, choice: LesionChoice, lastOrgan: string, newId: () => string): Intake {
  switch (choice.kind) {
    case 'discard':
      return { kind: 'nothing', message: { kind: 'info', text: 'Caliper discarded: nothing recorded.' } };
    case 'existing': {
      const lesion = session.lesions.find((candidate) => candidate.id === choice.lesionId);
      return lesion ? forLesion(session, lesion, caliper) : { kind: 'nothing', message: null };
    }
    default: {
      const lesion = newLesion(session, newId(), caliper.studyUid, roleOfChoice[choice.kind], lastOrgan);
      const observation = observationFor(undefined, caliper);
      return {
        kind: 'record',
        command: {
          kind: 'gesture',
          name: caliper.origin ? `caliper records new ${lesion.label}: ${caliper.origin}` : `caliper records new ${lesion.label}`,
          commands: [
            { kind: 'addLesion', lesion },
            { kind: 'setObservation', studyUid: caliper.studyUid, lesionId: lesion.id, observation },
          ],
        },
        select: lesion.id,
        message: { kind: 'info', text: `${lesion.label} added (${lesion.role === 'new' ? 'new lesion' : lesion.role === 'target' ? 'target' : 'non-target'}, ${lesion.organ}): ${recorded(caliper)}. Ctrl+Z undoes it.` },
      };
    }
  }
}

/** The confirmed replacement of a measurement. */
export function replacementCommand(session: ReadSession, replacement: Replacement): EditCommand {
  const { caliper, lesionId } = replacement;
  return named({ kind: 'setObservation', studyUid: caliper.studyUid, lesionId, observation: observationFor(observationOf(session, caliper.studyUid, lesionId), caliper) }, caliper, `${replacement.label} re-measured`);
}

export const describeChoice = (choice: LesionChoice): string => {
  switch (choice.kind) {
    case 'existing':
      return choice.distanceMm === null ? choice.label : `${choice.label} (${choice.distanceMm.toFixed(0)} mm${choice.far ? ', far' : ''})`;
    case 'newTarget':
      return 'new target';
    case 'newNonTarget':
      return 'new non-target';
    case 'newLesion':
      return 'new lesion';
    case 'discard':
      return 'discard';
  }
};

export type { Point3 };
