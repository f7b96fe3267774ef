import { describe, expect, it } from 'vitest';
import { FIXTURE_SESSION, STUDY } from '../../tests/fixtures/reportRead';
import { engineOutput } from '../../tests/fixtures/srSession';
import { adjudicate } from '../adjudicate/adjudication';
import { compareTwoReads, type ReadUnderReview } from '../adjudicate/compareReads';
import type { ReadSession } from '../read/model';
import { toExchangeInput } from '../read/toExchangeInput';
import { adjudicatedPatient, patientSources, type ServerAdjudication, type ServerRead } from './adjudicated';
import { rsEntries } from './sdtm';

// Ben drew L1 at FU1 30 mm (Ann 40): RECIST 1.1 FU1 PR for Ben, SD for Ann (R-TGT-2)
const fu1 = FIXTURE_SESSION.observations[STUDY.fu1]!;
const l1 = fu1['les-a']!;
const BEN_SESSION: ReadSession = { ...FIXTURE_SESSION, observations: { ...FIXTURE_SESSION.observations, [STUDY.fu1]: { ...fu1, 'les-a': l1.status === 'present' && l1.whole ? { ...l1, whole: { ...l1.whole, longAxisMm: 30 } } : l1 } } };
const serverRead = (readerName: string, session: ReadSession, srInstances: string[], patientId = 'P1'): ServerRead => ({ patientId, readerName, srInstances, input: { ...toExchangeInput(session), patientId } });
const ANN = serverRead('Ann', FIXTURE_SESSION, ['1.1', '1.2']);
const BEN = serverRead('Ben', BEN_SESSION, ['2.1', '2.2']);

const reviewed = (readerName: string, session: ReadSession): ReadUnderReview => ({ readerName, session, output: engineOutput(session) });
const READS = { A: reviewed('Ann', FIXTURE_SESSION), B: reviewed('Ben', BEN_SESSION) };
const comparison = compareTwoReads(READS);
const pick = (chosen: 'A' | 'B', only?: string) =>
  Object.fromEntries(comparison.criteria.filter((c) => !c.agrees).map((c) => [c.criterion, { chosen: only === undefined || only === c.criterion ? chosen : chosen === 'A' ? 'B' : 'A', reason: 'why' }]));
function adjudication(decisions: ReturnType<typeof pick>, writtenAt = '20261203150000', readers = { A: { name: 'Ann', srInstances: ['1.1', '1.2'] }, B: { name: 'Ben', srInstances: ['2.1', '2.2'] } }): ServerAdjudication {
  const result = adjudicate(comparison, READS, decisions, { adjudicator: 'Ada', signer: 'Ada', meaning: 'adjudicatedPerProtocol', at: '2026-12-03T15:00:00Z' });
  if (!result.ok) throw new Error(JSON.stringify(result.refusals));
  return { patientId: 'P1', sopInstanceUid: `9.${writtenAt}`, adjudicator: 'Ada', writtenAt, readers, criteria: result.adjudication.criteria };
}

describe('which read stands for a patient of the PACS', () => {
  it.each([
    ['one read', [ANN], [], 'single'],
    ['two readers, no adjudication', [ANN, BEN], [], 'unresolved'],
    ['two readers in the other order', [BEN, ANN], [], 'unresolved'],
    ['two readers and their adjudication', [ANN, BEN], [adjudication(pick('B'))], 'adjudicated'],
    ['an adjudication whose second read is gone', [ANN], [adjudication(pick('B'))], 'unresolved'],
    ['a read amended after the adjudication', [ANN, { ...BEN, srInstances: ['2.1', '2.3'] }], [adjudication(pick('B'))], 'unresolved'],
  ] as const)('%s: %s', (_, reads, adjudications, kind) => {
    const [source] = patientSources(reads, adjudications);
    expect(source!.kind).toBe(kind);
  });

  it('names why it cannot choose', () => {
    for (const order of [[ANN, BEN], [BEN, ANN]]) expect(patientSources(order, [])[0]).toEqual({ kind: 'unresolved', patientId: 'P1', why: '2 readers (Ann, Ben) and no adjudication: adjudicate first' });
    expect(patientSources([ANN, { ...BEN, srInstances: ['2.9'] }], [adjudication(pick('B'))])[0]).toMatchObject({ why: expect.stringContaining("Ben's read changed after the adjudication") });
  });

  it('takes the newest adjudication of a patient', () => {
    const [source] = patientSources([ANN, BEN], [adjudication(pick('A'), '20261203150000'), adjudication(pick('B'), '20261203160000')]);
    expect(source).toMatchObject({ kind: 'adjudicated', adjudication: { writtenAt: '20261203160000' } });
  });
});

describe('the adjudicated patient', () => {
  const outputs = { A: READS.A.output, B: READS.B.output };
  const recistRs = (output: Parameters<typeof rsEntries>[0]) => rsEntries(output).filter((entry) => entry.criterion === 'RECIST1.1' && (entry.testCode === 'OVRLRESP' || entry.testCode === 'BESTRESP'));

  it('carries the chosen read’s responses in RS: B chosen, FU1 PR', () => {
    const source = patientSources([ANN, BEN], [adjudication(pick('B'))])[0]!;
    if (source.kind !== 'adjudicated') throw new Error(source.kind);
    const { patient, notes } = adjudicatedPatient(source, outputs);
    expect(recistRs(patient.output).map((entry) => [entry.testCode, entry.visit, entry.result])).toEqual([
      ['OVRLRESP', 'FU1', 'PR'],
      ['OVRLRESP', 'FU2', 'PD'],
      ['BESTRESP', null, READS.B.output.criteria['RECIST1.1']!.bestOverallResponse],
    ]);
    expect(patient.input).toBe(BEN.input);
    expect(notes).toEqual([]);
  });

  it('keeps A’s responses when A is chosen', () => {
    const source = patientSources([ANN, BEN], [adjudication(pick('A'))])[0]!;
    if (source.kind !== 'adjudicated') throw new Error(source.kind);
    expect(recistRs(adjudicatedPatient(source, outputs).patient.output)[0]!.result).toBe('SD');
  });

  it('names a criterion taken from the other read than the lesions', () => {
    const disagreeing = comparison.criteria.filter((c) => !c.agrees).map((c) => c.criterion);
    expect(disagreeing.length).toBeGreaterThan(1);
    // RECIST 1.1 from B, every other disagreeing criterion from A: the lesions are A's
    const source = patientSources([ANN, BEN], [adjudication(pick('B', 'RECIST1.1'))])[0]!;
    if (source.kind !== 'adjudicated') throw new Error(source.kind);
    const { patient, notes } = adjudicatedPatient(source, outputs);
    expect(patient.input).toBe(ANN.input);
    expect(recistRs(patient.output)[0]!.result).toBe('PR');
    expect(notes).toEqual(["P1: RECIST1.1 from Ben's read (the adjudicator's choice); TU and TR's lesion rows from Ann's"]);
  });

  it('names a verdict the engine now computes differently from the one signed', () => {
    const signed = adjudication(pick('B'));
    const changed = { ...signed, criteria: signed.criteria.map((c) => (c.criterion === 'RECIST1.1' ? { ...c, timepoints: c.timepoints.map((t) => ({ ...t, overallResponse: 'SD' as const })) } : c)) };
    const source = patientSources([ANN, BEN], [changed])[0]!;
    if (source.kind !== 'adjudicated') throw new Error(source.kind);
    expect(adjudicatedPatient(source, outputs).notes).toEqual(['P1: RECIST1.1: the engine now gives 2024-04-10:PR 2024-07-10:PD, the adjudication signed 2024-04-10:SD 2024-07-10:SD']);
  });
});
