import { describe, expect, it } from 'vitest';
import type { MeasurementEvent } from '../viewer/measurementLayer';
import { EMPTY_PRESENT, type BidirectionalMeasurement, type LesionDefinition, type Observation, type Point3, type ReadSession } from '../../workers/read/model';
import { bidirectional } from '../../tests/fixtures/reportRead';
import type { ProposedDensity } from '../../workers/measure/proposedDensity';
import { acceptedCaliper, answerOf, caliperIntake, intakeOf, measurementKey, observationFor, type Caliper, type Intake } from './measurementIntake';

const image = (study: string) => ({ studyInstanceUid: study, seriesInstanceUid: `${study}.1`, sopInstanceUid: `${study}.1.1`, frameNumber: null });
const caliperAt = (study: string, centre: Point3, longAxisMm = 30): BidirectionalMeasurement => bidirectional(centre, longAxisMm, longAxisMm / 2, image(study));
const lesion = (id: string, label: string, role: LesionDefinition['role'] = 'target', firstStudyUid = 'bl'): LesionDefinition => ({ id, label, role, organ: 'liver', isLymphNode: false, firstStudyUid, splitFrom: null });

/** L1 at (0,0,0) and L2 at (100,0,0) measured at baseline; at FU1 the table moved by +12 mm in z, which L2 shows. */
const session: ReadSession = {
  schemaVersion: 1,
  readId: 'r',
  patientId: 'P',
  patientName: 'P',
  readerName: 'Dr A',
  createdAt: 't0',
  timepoints: ['bl', 'fu1'].map((uid, index) => ({ studyInstanceUid: uid, date: `2024-0${index + 1}-01`, modality: 'CT', sliceThicknessMm: 5 })),
  lesions: [lesion('a', 'L1'), lesion('b', 'L2')],
  observations: {
    bl: { a: { ...EMPTY_PRESENT, whole: caliperAt('bl', [0, 0, 0], 40) }, b: { ...EMPTY_PRESENT, whole: caliperAt('bl', [100, 0, 0]) } },
    fu1: { b: { ...EMPTY_PRESENT, whole: caliperAt('fu1', [100, 0, 12]) } },
  },
  criteria: ['RECIST1.1'],
};
const studyOfViewport = { 'viewport-baseline': 'bl', 'viewport-follow-up': 'fu1' };
const drawn = (viewportId: string, centre: Point3, part: 'whole' | 'enhancing' = 'whole'): MeasurementEvent => ({
  kind: 'drawn',
  viewportId,
  part,
  result: { ok: true, measurement: caliperAt(studyOfViewport[viewportId as keyof typeof studyOfViewport], centre) },
});
const summary = (intake: Intake) => {
  switch (intake.kind) {
    case 'ask':
      return `ask: ${intake.choices.map((choice) => (choice.kind === 'existing' ? `${choice.label}${choice.far ? ' far' : ''}` : choice.kind)).join(', ')}`;
    case 'confirmReplace':
      return `replace ${intake.replacement.label}? ${intake.replacement.centresApartMm.toFixed(0)} mm apart`;
    case 'record':
      return `record ${intake.command.kind} (${intake.message?.kind}: ${intake.message?.text})`;
    default:
      return intake.kind;
  }
};

describe('a viewer event as read commands', () => {
  it.each([
    ['no lesion selected at baseline: asks, a new target first after the nearby lesions', drawn('viewport-baseline', [300, 0, 0]), null, 'ask: newTarget, newNonTarget, L2 far, L1 far, discard'],
    ['no lesion selected near L1 at baseline: L1 first', drawn('viewport-baseline', [3, 0, 0]), null, 'ask: L1, newTarget, newNonTarget, L2 far, discard'],
    ['no lesion selected at follow-up near where L1 should be (baseline + the offset L2 shows): L1 first', drawn('viewport-follow-up', [1, 0, 12]), null, 'ask: L1, newLesion, newTarget, newNonTarget, L2 far, discard'],
    ['far from every lesion at follow-up: a new lesion first', drawn('viewport-follow-up', [-200, 50, 0]), null, 'ask: newLesion, newTarget, newNonTarget, L1 far, L2 far, discard'],
    ['L1 selected, first caliper at follow-up near it: recorded', drawn('viewport-follow-up', [2, 0, 12]), 'a', 'record setObservation (info: L1: caliper 30.0 × 15.0 mm recorded.)'],
    ['L1 selected, first caliper at follow-up far from where it should be: asks, L1 flagged far', drawn('viewport-follow-up', [60, 0, 12]), 'a', 'ask: newLesion, newTarget, newNonTarget, L2 far, L1 far, discard'],
    ['L1 selected, re-measured at baseline: asks to replace, old → new', drawn('viewport-baseline', [18, 0, 0]), 'a', 'replace L1? 18 mm apart'],
    ['L1 selected, a caliper far from it at baseline (on L2): asks, L2 first — never replaces L1 silently', drawn('viewport-baseline', [101, 0, 0]), 'a', 'ask: L2, newTarget, newNonTarget, L1 far, discard'],
    ['L1 selected, its viable part first measured at baseline: recorded', drawn('viewport-baseline', [0, 0, 0], 'enhancing'), 'a', 'record setObservation (info: L1: viable-part caliper 30.0 × 15.0 mm recorded.)'],
  ])('%s', (_name, event, selectedLesionId, expected) => {
    expect(summary(intakeOf(event, { session, selectedLesionId, studyOfViewport }))).toBe(expected);
  });

  it('a caliper on a study that is not a timepoint of the read (an MR beside a CT read) is refused, never an orphan', () => {
    const intake = intakeOf(drawn('viewport-follow-up', [0, 0, 0]), { session, selectedLesionId: null, studyOfViewport: { 'viewport-follow-up': 'mr' } });
    expect(intake).toMatchObject({ kind: 'nothing', message: { kind: 'warning' } });
  });

  it('a caliper the viewer could not measure records nothing and says why', () => {
    const intake = intakeOf({ kind: 'drawn', viewportId: 'viewport-baseline', part: 'whole', result: { ok: false, reason: 'the image has no pixel spacing' } }, { session, selectedLesionId: null, studyOfViewport });
    expect(intake).toEqual({ kind: 'nothing', message: { kind: 'warning', text: 'Not measured: the image has no pixel spacing.' } });
  });

  it('moving a shown caliper updates that measurement; moving the unanswered one updates the question', () => {
    const moved = caliperAt('bl', [1, 1, 0], 41);
    const edited = intakeOf({ kind: 'edited', key: measurementKey('a', 'bl', 'whole'), result: { ok: true, measurement: moved } }, { session, selectedLesionId: null, studyOfViewport });
    expect(edited).toMatchObject({ kind: 'record', command: { kind: 'setObservation', studyUid: 'bl', lesionId: 'a', observation: { whole: moved } } });
    expect(intakeOf({ kind: 'edited', key: 'pending|bl|whole', result: { ok: true, measurement: moved } }, { session, selectedLesionId: null, studyOfViewport })).toEqual({ kind: 'editPending', part: 'whole', measurement: moved });
    expect(intakeOf({ kind: 'edited', key: 'pending|bl|enhancing', result: { ok: true, measurement: moved } }, { session, selectedLesionId: null, studyOfViewport })).toMatchObject({ kind: 'editPending', part: 'enhancing' });
  });
});

describe('the answer to "which lesion?"', () => {
  const caliper: Caliper = { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: caliperAt('fu1', [-200, 50, 0]) };
  it('a new lesion is added and measured as one gesture, labelled NL1, at the last site', () => {
    const intake = answerOf(session, caliper, { kind: 'newLesion' }, 'liver segment VIII', () => 'new-id');
    expect(intake.kind).toBe('record');
    if (intake.kind !== 'record') return;
    expect(intake.command).toMatchObject({ kind: 'gesture', name: 'caliper records new NL1', commands: [{ kind: 'addLesion', lesion: { id: 'new-id', label: 'NL1', role: 'new', organ: 'liver segment VIII', firstStudyUid: 'fu1' } }, { kind: 'setObservation', lesionId: 'new-id' }] });
    expect(intake.select).toBe('new-id');
  });
  it('a new target on a lymph node site is labelled N1', () => {
    const intake = answerOf(session, { ...caliper, studyUid: 'bl' }, { kind: 'newTarget' }, 'portocaval lymph node', () => 'n');
    expect(intake.kind === 'record' && intake.command.kind === 'gesture' && intake.command.commands[0]?.kind === 'addLesion' && intake.command.commands[0].lesion.label).toBe('N1');
  });
  it('discarding records nothing', () => {
    expect(answerOf(session, caliper, { kind: 'discard' }, 'liver', () => 'x')).toEqual({ kind: 'nothing', message: { kind: 'info', text: 'Caliper discarded: nothing recorded.' } });
  });
  it('a far lesion chosen on purpose is recorded, and flagged', () => {
    const far: Caliper = { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: caliperAt('fu1', [90, 0, 12]) };
    expect(answerOf(session, far, { kind: 'existing', lesionId: 'a', label: 'L1', distanceMm: 90, far: true }, 'liver', () => 'x')).toMatchObject({
      kind: 'record',
      message: { kind: 'warning', text: 'Check: this caliper is 90 mm from where L1 is expected. Undo (Ctrl+Z) if it is another lesion.' },
    });
  });
  it('an existing lesion already measured there asks to replace', () => {
    expect(answerOf(session, caliper, { kind: 'existing', lesionId: 'b', label: 'L2', distanceMm: 0, far: false }, 'liver', () => 'x').kind).toBe('confirmReplace');
  });
});

describe('click-to-measure proposals: shown until accepted, then recorded as a drawn caliper would be', () => {
  const whole = caliperAt('fu1', [1, 0, 12], 28);
  const viable = caliperAt('fu1', [4, 0, 12], 12);
  const proposed = (result: Extract<MeasurementEvent, { kind: 'proposed' }>['result'], viewportId = 'viewport-follow-up'): MeasurementEvent => ({ kind: 'proposed', viewportId, result });
  const context = (selectedLesionId: string | null) => ({ session, selectedLesionId, studyOfViewport });
  const portal: ProposedDensity = { kind: 'measured', meanHU: 93.456 };
  const arterial: ProposedDensity = { kind: 'notProposed', reason: 'arterialPhase' };

  it('a click that finds nothing records nothing and says why', () => {
    expect(intakeOf(proposed({ ok: false, at: [0, 0, 0], reason: 'Nothing under the click stands out.' }), context('a'))).toEqual({
      kind: 'nothing',
      message: { kind: 'warning', text: 'No proposal: Nothing under the click stands out.' },
    });
  });

  it('a proposal waits for the reader, with its levels; nothing is recorded', () => {
    const intake = intakeOf(proposed({ ok: true, at: [1, 0, 12], whole, viable, enhancingThreshold: 90.5, backgroundLevel: 60, unit: 'HU', density: portal }), context('a'));
    expect(intake).toEqual({
      kind: 'proposal',
      proposal: { caliper: { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: whole, viable }, proposed: { whole, viable }, at: [1, 0, 12], enhancingThreshold: 90.5, backgroundLevel: 60, unit: 'HU', density: portal },
    });
  });

  it('a proposal on a study that is not a timepoint of the read is refused, as a caliper would be', () => {
    const intake = intakeOf(proposed({ ok: true, at: [0, 0, 0], whole, viable: null, enhancingThreshold: 90, backgroundLevel: 60, unit: 'HU', density: portal }), { session, selectedLesionId: null, studyOfViewport: { 'viewport-follow-up': 'mr' } });
    expect(intake).toMatchObject({ kind: 'nothing', message: { kind: 'warning' } });
  });

  it('accepted for the selected lesion: the whole lesion and its viable part in one command, both named in the message', () => {
    const caliper: Caliper = { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: whole, viable };
    const intake = caliperIntake(caliper, context('a'));
    expect(intake).toMatchObject({ kind: 'record', command: { kind: 'setObservation', lesionId: 'a', observation: { whole, enhancing: { kind: 'measured', measurement: viable } } } });
    expect(summary(intake)).toBe('record setObservation (info: L1: caliper 28.0 × 14.0 mm, viable part 12.0 × 6.0 mm recorded.)');
  });

  it('accepted with no lesion selected: asks which, and a new lesion gets both calipers', () => {
    const caliper: Caliper = { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: caliperAt('fu1', [-200, 50, 0], 14), viable: null };
    expect(summary(caliperIntake(caliper, context(null)))).toBe('ask: newLesion, newTarget, newNonTarget, L1 far, L2 far, discard');
    const withViable = { ...caliper, viable };
    const answered = answerOf(session, withViable, { kind: 'newLesion' }, 'liver', () => 'n');
    expect(answered).toMatchObject({ kind: 'record', command: { kind: 'gesture', commands: [{ kind: 'addLesion' }, { kind: 'setObservation', observation: { enhancing: { kind: 'measured', measurement: viable } } }] } });
  });

  it('the audit trail names what was proposed and what was accepted: as proposed, or as adjusted', () => {
    const proposal = { caliper: { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole' as const, measurement: whole, viable }, proposed: { whole, viable }, at: [1, 0, 12] as Point3, enhancingThreshold: 90.5, backgroundLevel: 60, unit: 'HU' as const, density: arterial };
    const asProposed = caliperIntake(acceptedCaliper(proposal), context('a'));
    expect(asProposed).toMatchObject({
      kind: 'record',
      command: { kind: 'gesture', name: 'L1: click-to-measure proposed 28.0 × 14.0 mm, viable part 12.0 × 6.0 mm (enhancing above 91 HU); accepted as proposed', commands: [{ kind: 'setObservation' }] },
    });
    const moved = caliperAt('fu1', [1, 0, 12], 29);
    const adjusted = caliperIntake(acceptedCaliper({ ...proposal, caliper: { ...proposal.caliper, measurement: moved } }), context('a'));
    expect(adjusted).toMatchObject({ command: { name: expect.stringMatching(/; accepted 29\.0 × 14\.5 mm, viable part 12\.0 × 6\.0 mm$/) } });
  });

  it('the volume found after the calipers goes to the proposal it names, and is recorded and audited with them', () => {
    const at: Point3 = [1, 0, 12];
    const volume = { volumeMl: 11.94, enhancingVolumeMl: 2.5, sliceCount: 6 };
    expect(intakeOf({ kind: 'proposedVolume', viewportId: 'viewport-follow-up', at, volume }, context('a'))).toEqual({ kind: 'proposalVolume', at, volume });
    const proposal = { caliper: { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole' as const, measurement: whole, viable, volume }, proposed: { whole, viable }, at, enhancingThreshold: 90.5, backgroundLevel: 60, unit: 'HU' as const, density: arterial };
    const intake = caliperIntake(acceptedCaliper(proposal), context('a'));
    expect(intake).toMatchObject({
      kind: 'record',
      command: { name: 'L1: click-to-measure proposed 28.0 × 14.0 mm, viable part 12.0 × 6.0 mm, volume 11.9 mL, enhancing 2.5 mL (6 slices) (enhancing above 91 HU); accepted as proposed', commands: [{ kind: 'setObservation', observation: { whole, volume } }] },
    });
  });

  it('a click whose lesion was not followed over the slices drops an earlier volume and says so; a drawn caliper keeps it', () => {
    const earlier = { volumeMl: 20, enhancingVolumeMl: 5, sliceCount: 4 };
    const previous: Observation = { status: 'present', whole, enhancing: { kind: 'notMeasured' }, meanHU: null, volume: earlier };
    const drawn: Caliper = { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: whole };
    expect(observationFor(previous, drawn)).toMatchObject({ volume: earlier });
    expect(observationFor(previous, { ...drawn, volume: null })).not.toHaveProperty('volume');
    const proposal = { caliper: { ...drawn, part: 'whole' as const, viable: null, volume: null }, proposed: { whole, viable: null }, at: [1, 0, 12] as Point3, enhancingThreshold: 90.5, backgroundLevel: 60, unit: 'HU' as const, density: arterial };
    expect(acceptedCaliper(proposal).origin).toMatch(/, no viable part, no volume found \(enhancing above 91 HU\)/);
  });

  it('a portal-phase proposal records the lesion\'s mean HU with its calipers (M-SEG-6), to 0.01 HU, and the audit names it', () => {
    const proposal = { caliper: { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole' as const, measurement: whole, viable }, proposed: { whole, viable }, at: [1, 0, 12] as Point3, enhancingThreshold: 90.5, backgroundLevel: 60, unit: 'HU' as const, density: portal };
    const intake = caliperIntake(acceptedCaliper(proposal), context('a'));
    expect(intake).toMatchObject({
      kind: 'record',
      command: { name: 'L1: click-to-measure proposed 28.0 × 14.0 mm, viable part 12.0 × 6.0 mm, mean 93.5 HU (enhancing above 91 HU); accepted as proposed', commands: [{ kind: 'setObservation', observation: { whole, meanHU: 93.46 } }] },
    });
  });

  it('a mean HU the lesion already has at that timepoint (an ellipse\'s) stays; an arterial-phase proposal records none', () => {
    const previous: Observation = { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: 61.2 };
    const clicked: Caliper = { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: whole, meanHU: 93.46 };
    expect(observationFor(previous, clicked)).toMatchObject({ whole, meanHU: 61.2 });
    expect(observationFor(undefined, clicked)).toMatchObject({ whole, meanHU: 93.46 });
    const onArterial = { caliper: { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole' as const, measurement: whole, viable: null }, proposed: { whole, viable: null }, at: [1, 0, 12] as Point3, enhancingThreshold: 90.5, backgroundLevel: 60, unit: 'HU' as const, density: arterial };
    expect(acceptedCaliper(onArterial)).not.toHaveProperty('meanHU', expect.any(Number));
    expect(observationFor(undefined, acceptedCaliper(onArterial))).toMatchObject({ meanHU: null });
  });

  it('accepted for a lesion measured there already: asks to replace, never replaces silently', () => {
    const caliper: Caliper = { studyUid: 'fu1', viewportId: 'viewport-follow-up', part: 'whole', measurement: caliperAt('fu1', [101, 0, 12], 31), viable };
    expect(summary(caliperIntake(caliper, context('b')))).toBe('replace L2? 1 mm apart');
  });
});
