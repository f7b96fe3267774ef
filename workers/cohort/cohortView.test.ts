import { describe, expect, it } from 'vitest';
import { FIXTURE_SESSION, STUDY } from '../../tests/fixtures/reportRead';
import { engineOutput } from '../../tests/fixtures/srSession';
import { adjudicate } from '../adjudicate/adjudication';
import { compareTwoReads } from '../adjudicate/compareReads';
import { assessRead } from '../engine';
import type { ReadSession } from '../read/model';
import { toExchangeInput } from '../read/toExchangeInput';
import type { ServerAdjudication, ServerRead } from './adjudicated';
import type { EngineAnswer } from './assemble';
import { cohortTable, disagreementsOf, type CohortRead } from './cohortView';

// Ben drew L1 at FU1 30 mm (Ann 40): RECIST 1.1 FU1 PR for Ben, SD for Ann (R-TGT-2)
const fu1 = FIXTURE_SESSION.observations[STUDY.fu1]!;
const l1 = fu1['les-a']!;
const BEN_SESSION: ReadSession = { ...FIXTURE_SESSION, observations: { ...FIXTURE_SESSION.observations, [STUDY.fu1]: { ...fu1, 'les-a': l1.status === 'present' && l1.whole ? { ...l1, whole: { ...l1.whole, longAxisMm: 30 } } : l1 } } };

const read = (readerName: string, session: ReadSession, srInstances: string[], changes: Partial<CohortRead> = {}): CohortRead => ({
  patientId: 'P1',
  patientName: 'DOE^JANE',
  readerName,
  srInstances,
  input: { ...toExchangeInput(session), patientId: 'P1' },
  session,
  signedBy: readerName,
  signedVersions: 1,
  writtenAt: '2026-12-03T10:00:00',
  problems: [],
  ...changes,
});
const ANN = read('Ann', FIXTURE_SESSION, ['1.1']);
const BEN = read('Ben', BEN_SESSION, ['2.1']);
const CAL = read('Cal', FIXTURE_SESSION, ['3.1']);
const ANN_TOO = read('Ann Too', FIXTURE_SESSION, ['4.1']);
const engine = (read: ServerRead): EngineAnswer => assessRead(read.input);

function adjudication(readers = { A: { name: 'Ann', srInstances: ['1.1'] }, B: { name: 'Ben', srInstances: ['2.1'] } }): ServerAdjudication {
  const reads = { A: { readerName: 'Ann', session: FIXTURE_SESSION, output: engineOutput(FIXTURE_SESSION) }, B: { readerName: 'Ben', session: BEN_SESSION, output: engineOutput(BEN_SESSION) } };
  const comparison = compareTwoReads(reads);
  const decisions = Object.fromEntries(comparison.criteria.filter((c) => !c.agrees).map((c) => [c.criterion, { chosen: 'B' as const, reason: 'why' }]));
  const result = adjudicate(comparison, reads, decisions, { adjudicator: 'Ada', signer: 'Ada', meaning: 'adjudicatedPerProtocol', at: '2026-12-03T15:00:00Z' });
  if (!result.ok) throw new Error(JSON.stringify(result.refusals));
  return { patientId: 'P1', sopInstanceUid: '9.1', adjudicator: 'Ada', writtenAt: '20261203150000', readers, criteria: result.adjudication.criteria };
}

describe('the cohort view: whether a patient needs adjudication', () => {
  it.each([
    ['one read', [ANN], [], { kind: 'not-needed', why: 'one read' }, true],
    ['one unsigned read', [read('Ann', FIXTURE_SESSION, ['1.1'], { signedBy: null, signedVersions: 0 })], [], { kind: 'not-needed', why: 'one read' }, true],
    ['two signed reads that agree', [ANN, ANN_TOO], [], { kind: 'not-needed', why: 'the reads agree' }, false],
    ['two signed reads that disagree', [BEN, ANN], [], { kind: 'needed', readers: ['Ann', 'Ben'] }, false],
    ['a second read not signed yet', [ANN, { ...BEN, signedBy: null, signedVersions: 0 }], [], { kind: 'undetermined', why: 'Ben: not signed yet' }, false],
    ['three readers', [ANN, BEN, CAL], [], { kind: 'needed', readers: ['Ann', 'Ben', 'Cal'], what: ['3 readers: an adjudication compares two of them'] }, false],
    ['two reads and their adjudication', [ANN, BEN], [adjudication()], { kind: 'adjudicated', by: 'Ada', writtenAt: '20261203150000' }, true],
    ['a read amended after the adjudication', [ANN, { ...BEN, srInstances: ['2.2'], signedVersions: 2 }], [adjudication()], { kind: 'needed', readers: ['Ann', 'Ben'] }, false],
  ] as const)('%s', (_, reads, adjudications, need, plotted) => {
    const { rows, assembled } = cohortTable(reads, adjudications, engine);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.adjudication).toMatchObject(need);
    expect(rows[0]!.notPlotted === null).toBe(plotted);
    expect(assembled.patients.length).toBe(plotted ? 1 : 0);
    // readers by name, whatever the server's order
    expect(rows[0]!.reads.map((status) => status.readerName)).toEqual([...reads.map((one) => one.readerName)].sort());
  });

  it('names what the disagreeing reads disagree on, A being the first reader by name', () => {
    const [row] = cohortTable([BEN, ANN], [], engine).rows;
    if (row?.adjudication.kind !== 'needed') throw new Error(String(row?.adjudication.kind));
    expect(row.adjudication.what).toContain('RECIST 1.1 FU1 SD vs PR');
    expect(row.adjudication.what).toContain('RECIST 1.1 best response SD vs PR');
    expect(row.notPlotted).toBe('2 readers (Ann, Ben) and no adjudication: adjudicate first');
  });

  it('says why reads that agree are not plotted without an adjudication', () => {
    const [row] = cohortTable([ANN, ANN_TOO], [], engine).rows;
    expect(row!.notPlotted).toBe('2 readers agree on every verdict, but a plot takes one read per patient: an adjudication names it');
  });

  it('says why an amended read needs adjudicating again', () => {
    const [row] = cohortTable([ANN, { ...BEN, srInstances: ['2.2'] }], [adjudication()], engine).rows;
    expect(row!.adjudication).toMatchObject({ what: [expect.stringContaining("Ben's read changed after the adjudication 9.1")] });
  });

  it('leaves a read the engine cannot assess out of the plots, and cannot tell agreement', () => {
    const broken = { ...BEN, input: { ...BEN.input, timepoints: [] } };
    const { rows } = cohortTable([ANN, broken], [], engine);
    expect(rows[0]!.adjudication).toEqual({ kind: 'undetermined', why: "Ben's read could not be assessed" });
    const single = cohortTable([broken], [], engine).rows[0]!;
    expect(single.notPlotted).toMatch(/^\$\.timepoints/);
  });

  it('lists patients by ID and carries what could not be read back', () => {
    const other = read('Zed', FIXTURE_SESSION, ['5.1'], { patientId: 'P0', input: { ...ANN.input, patientId: 'P0' }, problems: ['a lesion without its site'] });
    const { rows } = cohortTable([ANN, other], [], engine);
    expect(rows.map((row) => row.patientId)).toEqual(['P0', 'P1']);
    expect(rows[0]!.problems).toEqual(["Zed's read: a lesion without its site"]);
  });
});

describe('disagreements in words', () => {
  it.each([
    ['the same read twice', FIXTURE_SESSION, FIXTURE_SESSION, []],
    ['L1 smaller at FU1', FIXTURE_SESSION, BEN_SESSION, ['RECIST 1.1 FU1 SD vs PR', 'RECIST 1.1 best response SD vs PR']],
  ] as const)('%s', (_, a, b, expected) => {
    const what = disagreementsOf(compareTwoReads({ A: { readerName: 'A', session: a, output: engineOutput(a) }, B: { readerName: 'B', session: b, output: engineOutput(b) } }));
    for (const item of expected) expect(what).toContain(item);
    if (expected.length === 0) expect(what).toEqual([]);
  });
});
