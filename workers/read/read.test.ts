import { describe, expect, it } from 'vitest';
import { assessPatient } from '../engine';
import { auditEntries, fieldChanges } from './audit';
import { applyCommand, type ReadCommand } from './commands';
import { EMPTY_PRESENT, type BidirectionalMeasurement, type LesionDefinition, type ReadSession } from './model';
import { toExchangeInput } from './toExchangeInput';
import { diffReads, sameObservation } from './diffReads';

const image = { studyInstanceUid: 'S', seriesInstanceUid: 'SE', sopInstanceUid: 'I', frameNumber: null };
const measured = (longAxisMm: number, shortAxisMm: number): BidirectionalMeasurement => ({
  longAxisMm,
  shortAxisMm,
  longAxis: [
    [0, 0, 0],
    [longAxisMm, 0, 0],
  ],
  shortAxis: [
    [longAxisMm / 2, -shortAxisMm / 2, 0],
    [longAxisMm / 2, shortAxisMm / 2, 0],
  ],
  image,
});

const empty: ReadSession = {
  schemaVersion: 1,
  readId: 'r1',
  patientId: 'P1',
  patientName: 'DOE^JANE',
  readerName: 'Dr Reader',
  createdAt: '2024-01-01T00:00:00Z',
  timepoints: [
    { studyInstanceUid: 'bl', date: '2024-01-10', modality: 'CT', sliceThicknessMm: 5 },
    { studyInstanceUid: 'fu1', date: '2024-04-10', modality: 'CT', sliceThicknessMm: 5 },
  ],
  lesions: [],
  observations: {},
  criteria: ['RECIST1.1', 'EASL'],
};

const lesion = (id: string, label: string, role: LesionDefinition['role'] = 'target'): LesionDefinition => ({
  id,
  label,
  role,
  organ: 'liver segment VII',
  isLymphNode: false,
  firstStudyUid: role === 'new' ? 'fu1' : 'bl',
  splitFrom: null,
});

const run = (commands: ReadCommand[]) => commands.reduce(applyCommand, empty);

describe('a read, command by command', () => {
  const read = run([
    { kind: 'addLesion', lesion: lesion('a', 'L1') },
    { kind: 'setObservation', studyUid: 'bl', lesionId: 'a', observation: { ...EMPTY_PRESENT, whole: measured(40.04, 30), enhancing: { kind: 'measured', measurement: measured(40, 30) } } },
    { kind: 'setObservation', studyUid: 'fu1', lesionId: 'a', observation: { ...EMPTY_PRESENT, whole: measured(39, 29), enhancing: { kind: 'noEnhancement' } } },
  ]);

  it('becomes the exchange input, lesions identified by id and named by label, lengths at 0.1 mm', () => {
    const input = toExchangeInput(read);
    expect(input.timepoints.map((timepoint) => timepoint.id)).toEqual(['BL', 'FU1']);
    expect(input.timepoints[0]!.lesions[0]).toMatchObject({ id: 'a', label: 'L1', role: 'target', status: 'present', longAxisMm: 40, enhancingLongAxisMm: 40 });
    expect(input.timepoints[1]!.lesions[0]).toMatchObject({ longAxisMm: 39, enhancingLongAxisMm: 0, enhancingShortAxisMm: 0 });
  });

  it('is assessed by the engine: size stable, enhancement gone (the classic TACE discordance)', () => {
    const reply = assessPatient(toExchangeInput(read));
    if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
    expect(reply.output.criteria['RECIST1.1']!.timepoints[0]!.overallResponse).toBe('SD');
    expect(reply.output.criteria.EASL!.timepoints[0]!.overallResponse).toBe('CR');
  });

  it('adds vRECIST and qEASL once a volume is measured, and passes the volumes unrounded', () => {
    expect(toExchangeInput(read).criteria).toEqual(['RECIST1.1', 'EASL']);
    const volumed = (studyUid: string, volumeMl: number, enhancingVolumeMl: number): ReadCommand => {
      const previous = read.observations[studyUid]!['a']!;
      if (previous.status !== 'present') throw new Error('present expected');
      return { kind: 'setObservation', studyUid, lesionId: 'a', observation: { ...previous, volume: { volumeMl, enhancingVolumeMl, sliceCount: 7 } } };
    };
    const withVolumes = [volumed('bl', 33.51234, 20), volumed('fu1', 30, 0)].reduce(applyCommand, read);
    const input = toExchangeInput(withVolumes);
    expect(input.criteria).toEqual(['RECIST1.1', 'EASL', 'vRECIST', 'qEASL']);
    expect(input.timepoints[0]!.lesions[0]).toMatchObject({ volumeMl: 33.51234, enhancingVolumeMl: 20 });
    const reply = assessPatient(input);
    expect(reply.ok && reply.output.criteria.qEASL!.timepoints[0]!.targetResponse).toBe('CR');
    expect(reply.ok && reply.output.criteria.vRECIST!.timepoints[0]!.targetResponse).toBe('SD');
  });

  it('leaves out a lesion not yet observed at a timepoint, so the engine calls the timepoint NE', () => {
    const partial = applyCommand(read, { kind: 'setObservation', studyUid: 'fu1', lesionId: 'a', observation: null });
    const reply = assessPatient(toExchangeInput(partial));
    expect(reply.ok && reply.output.criteria['RECIST1.1']!.timepoints[0]!.targetResponse).toBe('NE');
  });

  it('removes a lesion with its observations and its fragments', () => {
    const withFragment = applyCommand(read, { kind: 'addLesion', lesion: { ...lesion('b', 'L1a'), splitFrom: 'a' } });
    const removed = applyCommand(withFragment, { kind: 'removeLesion', lesionId: 'a' });
    expect(removed.lesions).toEqual([]);
    expect(removed.observations).toEqual({ bl: {}, fu1: {} });
  });

  it('ignores commands about unknown lesions and duplicate ids', () => {
    expect(applyCommand(read, { kind: 'setObservation', studyUid: 'bl', lesionId: 'nope', observation: EMPTY_PRESENT })).toBe(read);
    expect(applyCommand(read, { kind: 'addLesion', lesion: lesion('a', 'L9') })).toBe(read);
  });
});

describe('audit log', () => {
  it('records each changed field with its old and new value', () => {
    const before = run([{ kind: 'addLesion', lesion: lesion('a', 'L1') }]);
    const command: ReadCommand = { kind: 'updateLesion', lesionId: 'a', changes: { organ: 'liver segment II' } };
    const entries = auditEntries(before, applyCommand(before, command), { revision: 7, at: '2024-05-01T10:00:00Z', command });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ readId: 'r1', revision: 7, reader: 'Dr Reader', command: 'updateLesion', path: 'lesions.a' });
    expect(JSON.parse(entries[0]!.oldValue!).organ).toBe('liver segment VII');
    expect(JSON.parse(entries[0]!.newValue!).organ).toBe('liver segment II');
  });

  it('records an undo as the difference it makes', () => {
    const before = run([{ kind: 'addLesion', lesion: lesion('a', 'L1') }]);
    const command: ReadCommand = { kind: 'restore', session: empty, reason: 'undo' };
    const entries = auditEntries(before, applyCommand(before, command), { revision: 2, at: 'now', command });
    expect(entries).toMatchObject([{ command: 'restore', reason: 'undo', path: 'lesions.a', newValue: null }]);
  });
});

describe('read files', () => {
  it('round-trips a read with its measurements, coordinates and image references', async () => {
    const { parseReadFile } = await import('./readFile');
    const { toJsonExport } = await import('../report/jsonExport');
    const read = run([
      { kind: 'addLesion', lesion: lesion('a', 'L1') },
      { kind: 'setObservation', studyUid: 'bl', lesionId: 'a', observation: { ...EMPTY_PRESENT, whole: measured(40.04, 30) } },
      // the protocol settings travel with the read (a read without them is exported with the defaults: protocolExports.test.ts)
      { kind: 'setProtocol', changes: { requireConfirmation: true } },
    ]);
    const text = JSON.stringify(toJsonExport(read, null, '2024-05-01T00:00:00Z'));
    expect(JSON.parse(text).input.timepoints[0].lesions[0]).toMatchObject({ id: 'a', label: 'L1', longAxisMm: 40 });
    expect(parseReadFile(text)).toEqual({ ok: true, read });
  });

  it("keeps a volume's segmentation mask; a volume from before masks were kept (no mask) still loads", async () => {
    const { parseReadFile } = await import('./readFile');
    const { toJsonExport } = await import('../report/jsonExport');
    const mask = { studyInstanceUid: 'bl', seriesInstanceUid: 'se', slices: [{ sopInstanceUid: '1.2.3', frameNumber: null, column0: 200, row0: 180, columns: 3, rows: 2, whole: [1, 2, 1, 2], enhancing: [2, 1] }] };
    const withMask = run([
      { kind: 'addLesion', lesion: lesion('a', 'L1') },
      { kind: 'setObservation', studyUid: 'bl', lesionId: 'a', observation: { ...EMPTY_PRESENT, whole: measured(40, 30), volume: { volumeMl: 18.9, enhancingVolumeMl: 18.9, sliceCount: 5, mask } } },
    ]);
    const { DEFAULT_PROTOCOL } = await import('./protocol');
    // (exported with the default protocol settings, which it had none of)
    expect(parseReadFile(JSON.stringify(toJsonExport(withMask, null, '2026-12-03T00:00:00Z')))).toEqual({ ok: true, read: { ...withMask, protocol: DEFAULT_PROTOCOL } });
    const older = run([
      { kind: 'addLesion', lesion: lesion('a', 'L1') },
      { kind: 'setObservation', studyUid: 'bl', lesionId: 'a', observation: { ...EMPTY_PRESENT, whole: measured(40, 30), volume: { volumeMl: 18.9, enhancingVolumeMl: 18.9, sliceCount: 5 } } },
    ]);
    expect(parseReadFile(JSON.stringify(toJsonExport(older, null, '2026-12-03T00:00:00Z')))).toEqual({ ok: true, read: { ...older, protocol: DEFAULT_PROTOCOL } });
    // a damaged mask (negative run) is refused, not loaded half-read
    const damaged = JSON.stringify(toJsonExport(withMask, null, '2026-12-03T00:00:00Z')).replace('"whole":[1,2,1,2]', '"whole":[1,-2]');
    expect(parseReadFile(damaged)).toMatchObject({ ok: false });
  });

  it('names what is wrong with a file that is not a read', async () => {
    const { parseReadFile } = await import('./readFile');
    expect(parseReadFile('{')).toEqual({ ok: false, message: 'the file is not JSON' });
    expect(parseReadFile('{"format":"other"}')).toMatchObject({ ok: false, message: expect.stringContaining('not a Nadir read file') });
    expect(parseReadFile('{"format":"nadir-read","read":{"schemaVersion":1}}')).toMatchObject({ ok: false, message: expect.stringContaining('damaged at read.') });
  });
});

describe('diffReads: what an import would change', () => {
  const base: ReadSession = {
    schemaVersion: 1, readId: 'r', patientId: 'P', patientName: 'N', readerName: 'R', createdAt: '', criteria: [],
    timepoints: [{ studyInstanceUid: 'BL', date: '2024-01-01', modality: 'CT', sliceThicknessMm: 5 }],
    lesions: [
      { id: 'a', label: 'L1', role: 'target', organ: 'liver', isLymphNode: false, firstStudyUid: 'BL', splitFrom: null },
      { id: 'b', label: 'L2', role: 'target', organ: 'liver', isLymphNode: false, firstStudyUid: 'BL', splitFrom: null },
    ],
    observations: { BL: { a: { ...EMPTY_PRESENT, whole: measured(20, 10) }, b: { ...EMPTY_PRESENT, whole: measured(30, 15) } } },
  };
  it('is empty for the same read', () => expect(diffReads(base, base).lines).toEqual([]));
  it('names lesions added, removed and changed, and counts measurements', () => {
    const incoming: ReadSession = {
      ...base,
      lesions: [{ ...base.lesions[0]!, organ: 'lung' }, { id: 'c', label: 'L3', role: 'target', organ: 'liver', isLymphNode: false, firstStudyUid: 'BL', splitFrom: null }],
      observations: { BL: { a: { ...EMPTY_PRESENT, whole: measured(22, 10) }, c: { ...EMPTY_PRESENT, whole: measured(12, 8) } } },
    };
    const diff = diffReads(base, incoming);
    expect([diff.lesionsAdded, diff.lesionsRemoved, diff.lesionsChanged]).toEqual([['L3'], ['L2'], ['L1']]);
    expect([diff.measurementsAdded, diff.measurementsChanged, diff.measurementsRemoved]).toEqual([1, 1, 1]);
    expect(diff.lines).toContain('L1 at 2024-01-01: 20.0 × 10.0 mm → 22.0 × 10.0 mm');
  });
  it('matches lesions by key (an SR lesion is its tracking UID)', () => {
    const keyed = { ...base, lesions: base.lesions.map((lesion) => ({ ...lesion, id: `uid-${lesion.id}` })), observations: { BL: { 'uid-a': base.observations.BL!.a!, 'uid-b': base.observations.BL!.b! } } };
    expect(diffReads(base, keyed, (id) => `uid-${id}`).lines).toEqual([]);
  });
});

describe('sameObservation', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: [1, 2.00001] }, { a: [1, 2] }, true],
    [{ a: [1, 2.001] }, { a: [1, 2] }, false],
    [{ a: 1 }, { a: 1, b: null }, false],
    [null, undefined, false],
  ])('%j vs %j: %s', (a, b, same) => expect(sameObservation(a, b)).toBe(same));
});

describe('an audit entry’s old → new, field by field, for the screen', () => {
  it.each([
    ['a changed key of an object', '{"label":"L1","organ":"liver"}', '{"label":"L1","organ":"liver segment VII"}', [{ field: 'organ', oldValue: '"liver"', newValue: '"liver segment VII"' }]],
    ['an object added', null, '{"label":"L5","role":"nontarget"}', [{ field: 'label', oldValue: null, newValue: '"L5"' }, { field: 'role', oldValue: null, newValue: '"nontarget"' }]],
    ['an object removed', '{"status":"present"}', null, [{ field: 'status', oldValue: '"present"', newValue: null }]],
    ['a plain value', '"in progress"', '"signed"', [{ field: '', oldValue: '"in progress"', newValue: '"signed"' }]],
    ['nested values compared whole', '{"whole":{"longAxisMm":10}}', '{"whole":{"longAxisMm":11}}', [{ field: 'whole', oldValue: '{"longAxisMm":10}', newValue: '{"longAxisMm":11}' }]],
  ] as const)('%s', (_, oldValue, newValue, expected) => expect(fieldChanges({ oldValue, newValue })).toEqual(expected));
});
