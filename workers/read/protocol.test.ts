import { describe, expect, it } from 'vitest';
import { assessPatient } from '../engine';
import { auditEntries } from './audit';
import { applyCommand, type ReadCommand } from './commands';
import { diffReads } from './diffReads';
import { EMPTY_PRESENT, type BidirectionalMeasurement, type ReadSession } from './model';
import { DEFAULT_PROTOCOL, describeProtocol, protocolOf, type ReadProtocol } from './protocol';
import { parseReadFile } from './readFile';
import { toExchangeInput } from './toExchangeInput';
import { bidirectional } from '../../tests/fixtures/reportRead';

const image = { studyInstanceUid: 'bl', seriesInstanceUid: 'SE', sopInstanceUid: 'I', frameNumber: null };
const measured = (longAxisMm: number, shortAxisMm: number): BidirectionalMeasurement => bidirectional([0, 0, 0], longAxisMm, shortAxisMm, image);
const present = (longAxisMm: number, shortAxisMm: number) => ({ ...EMPTY_PRESENT, whole: measured(longAxisMm, shortAxisMm) });

/**
 * BOR-3 and WHO-3b in one read (docs/criteria.md, EX-CONFIRM and EX-WHO-LESION): the sum 60 → 42 → 47.5 mm
 * is an unconfirmed PR (exactly −30 %, then +13 % over the nadir); L2's product grows by 32 % at FU1
 * (100 → 132 mm²) while the sum of products halves (2100 → 1032 mm²).
 */
const read: ReadSession = {
  schemaVersion: 1,
  readId: 'r1',
  patientId: 'P1',
  patientName: 'DOE^JANE',
  readerName: 'Dr Reader',
  createdAt: '2024-01-01T00:00:00Z',
  timepoints: [
    { studyInstanceUid: 'bl', date: '2024-01-10', modality: 'CT', sliceThicknessMm: 5 },
    { studyInstanceUid: 'fu1', date: '2024-03-06', modality: 'CT', sliceThicknessMm: 5 },
    { studyInstanceUid: 'fu2', date: '2024-05-01', modality: 'CT', sliceThicknessMm: 5 },
  ],
  lesions: [
    { id: 'a', label: 'L1', role: 'target', organ: 'liver', isLymphNode: false, firstStudyUid: 'bl', splitFrom: null },
    { id: 'b', label: 'L2', role: 'target', organ: 'lung', isLymphNode: false, firstStudyUid: 'bl', splitFrom: null },
  ],
  observations: {
    bl: { a: present(50, 40), b: present(10, 10) },
    fu1: { a: present(30, 30), b: present(12, 11) },
    fu2: { a: present(35.5, 30), b: present(12, 11) },
  },
  criteria: ['RECIST1.1', 'WHO'],
};

const verdicts = (session: ReadSession) => {
  const reply = assessPatient(toExchangeInput(session));
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  return { recistBest: reply.output.criteria['RECIST1.1']!.bestOverallResponse, whoFu1: reply.output.criteria.WHO!.timepoints[0]!.overallResponse };
};

describe('a read without protocol settings (saved before they were)', () => {
  const { protocol: _none, ...older } = { ...read, protocol: DEFAULT_PROTOCOL };
  const file = (readPart: unknown) => JSON.stringify({ format: 'nadir-read', version: 1, read: readPart });

  it('loads, and is assessed with the defaults', () => {
    const parsed = parseReadFile(file(older));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.read.protocol).toBeUndefined();
    expect(protocolOf(parsed.read)).toEqual(DEFAULT_PROTOCOL);
    expect(toExchangeInput(parsed.read).options).toEqual({ requireConfirmation: false, minSdDurationDays: 42, whoProgressionMode: 'sum' });
  });

  it.each([
    [{ ...DEFAULT_PROTOCOL, whoProgressionMode: 'perLesion' }, 'protocol.whoProgressionMode'],
    [{ ...DEFAULT_PROTOCOL, minSdDurationDays: -1 }, 'protocol.minSdDurationDays'],
    [{ ...DEFAULT_PROTOCOL, minSdDurationDays: 4.5 }, 'protocol.minSdDurationDays'],
    [{ requireConfirmation: true, minSdDurationDays: 42 }, 'protocol.whoProgressionMode'],
    [{ ...DEFAULT_PROTOCOL, requireConfirmation: 'yes' }, 'protocol.requireConfirmation'],
  ])('refuses a read whose protocol is %j, naming %s', (protocol, path) => {
    const parsed = parseReadFile(file({ ...older, protocol }));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(path);
  });
});

describe('setProtocol', () => {
  it.each<[string, Partial<ReadProtocol>, Partial<ReturnType<typeof verdicts>>]>([
    ['the defaults', {}, { recistBest: 'PR', whoFu1: 'PR' }],
    ['confirmation required (BOR-3)', { requireConfirmation: true }, { recistBest: 'SD' }],
    ['WHO per lesion (WHO-3b)', { whoProgressionMode: 'anyLesion' }, { whoFu1: 'PD' }],
    // the SD at FU2 is at day 112: it counts towards the best response at 112 days, not at 113 (BOR-2)
    ['confirmation and SD ≥ 16 weeks', { requireConfirmation: true, minSdDurationDays: 112 }, { recistBest: 'SD' }],
    ['confirmation and SD ≥ 113 days', { requireConfirmation: true, minSdDurationDays: 113 }, { recistBest: 'NE' }],
  ])('%s: the verdicts follow', (_name, changes, expected) => {
    expect(verdicts(applyCommand(read, { kind: 'setProtocol', changes }))).toMatchObject(expected);
  });

  it('changes only what it names; the same value is no change (nothing to undo or audit)', () => {
    const confirmed = applyCommand(read, { kind: 'setProtocol', changes: { requireConfirmation: true } });
    expect(confirmed.protocol).toEqual({ ...DEFAULT_PROTOCOL, requireConfirmation: true });
    expect(applyCommand(confirmed, { kind: 'setProtocol', changes: { requireConfirmation: true } })).toBe(confirmed);
    expect(applyCommand(read, { kind: 'setProtocol', changes: { whoProgressionMode: 'sum' } })).toBe(read);
  });

  it('is audited field by field, old → new', () => {
    const command: ReadCommand = { kind: 'setProtocol', changes: { requireConfirmation: true, minSdDurationDays: 56 } };
    const entries = auditEntries(read, applyCommand(read, command), { revision: 3, at: '2024-05-01T10:00:00Z', command });
    expect(entries.map(({ command: kind, path, oldValue, newValue }) => ({ kind, path, oldValue, newValue }))).toEqual([
      { kind: 'setProtocol', path: 'protocol.requireConfirmation', oldValue: 'false', newValue: 'true' },
      { kind: 'setProtocol', path: 'protocol.minSdDurationDays', oldValue: '42', newValue: '56' },
    ]);
  });

  it('an undo to a read saved without settings audits only what really changes', () => {
    const changed = applyCommand(read, { kind: 'setProtocol', changes: { whoProgressionMode: 'anyLesion' } });
    const command: ReadCommand = { kind: 'restore', session: read, reason: 'undo' };
    const entries = auditEntries(changed, read, { revision: 4, at: '2024-05-01T10:00:00Z', command });
    expect(entries.map((entry) => [entry.path, entry.oldValue, entry.newValue])).toEqual([['protocol.whoProgressionMode', '"anyLesion"', '"sum"']]);
  });
});

describe('an import', () => {
  const withProtocol = (protocol: ReadProtocol | undefined): ReadSession => ({ ...read, ...(protocol ? { protocol } : {}) });

  it.each<[string, ReadProtocol | undefined, string[]]>([
    ['with another protocol names it', { ...DEFAULT_PROTOCOL, requireConfirmation: true }, ['Protocol: no confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum → confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum']],
    ['with the same protocol is no change', DEFAULT_PROTOCOL, []],
    ['without one keeps the read’s', undefined, []],
  ])('%s', (_name, protocol, lines) => {
    expect(diffReads(read, withProtocol(protocol)).lines).toEqual(lines);
    const imported = applyCommand(read, { kind: 'importRead', lesions: read.lesions, observations: read.observations, ...(protocol ? { protocol } : {}) });
    expect(protocolOf(imported)).toEqual(protocol ?? DEFAULT_PROTOCOL);
  });
});

describe('describeProtocol', () => {
  it.each<[ReadProtocol, string]>([
    [DEFAULT_PROTOCOL, 'no confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum'],
    [{ requireConfirmation: true, minSdDurationDays: 45, whoProgressionMode: 'anyLesion' }, 'confirmation required; SD ≥ 45 days; WHO PD by sum or any lesion'],
  ])('%j → %s', (protocol, text) => {
    expect(describeProtocol(protocol)).toBe(text);
  });
});
