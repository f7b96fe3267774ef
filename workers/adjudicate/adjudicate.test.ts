import { describe, expect, it } from 'vitest';
import { FIXTURE_SESSION, STUDY } from '../../tests/fixtures/reportRead';
import { engineOutput } from '../../tests/fixtures/srSession';
import type { Observation, ReadSession } from '../read/model';
import { adjudicate, type Decisions, type SignEvent } from './adjudication';
import { compareTwoReads, type Pair, type ReadUnderReview } from './compareReads';

const DATES = { fu1: '2024-04-10', fu2: '2024-07-10' } as const;

const under = (readerName: string, session: ReadSession): ReadUnderReview => ({ readerName, session: { ...session, readerName }, output: engineOutput(session) });

/** The fixture read with one observation replaced. */
function withObservation(study: string, lesionId: string, change: (observation: Observation) => Observation, base = FIXTURE_SESSION): ReadSession {
  const byLesion = base.observations[study]!;
  return { ...base, observations: { ...base.observations, [study]: { ...byLesion, [lesionId]: change(byLesion[lesionId]!) } } };
}

/** L1's whole-lesion long axis at FU1 drawn at `mm` (the short axis kept). */
const l1AtFu1 = (mm: number) =>
  withObservation(STUDY.fu1, 'les-a', (observation) => (observation.status === 'present' && observation.whole ? { ...observation, whole: { ...observation.whole, longAxisMm: mm } } : observation));

const READ_A = under('Reader^Ann', FIXTURE_SESSION);
const pair = (b: ReadSession): Pair<ReadUnderReview> => ({ A: READ_A, B: under('Reader^Ben', b) });
const recist = (b: ReadSession) => compareTwoReads(pair(b)).criteria.find((criterion) => criterion.criterion === 'RECIST1.1')!;

describe('comparing two readers’ reads', () => {
  it('finds no disagreement between two identical reads', () => {
    const comparison = compareTwoReads(pair(FIXTURE_SESSION));
    expect(comparison.criteriaInDisagreement).toBe(0);
    expect(comparison.criteria.map((criterion) => criterion.criterion)).toEqual(FIXTURE_SESSION.criteria.filter((name) => comparison.criteria.some((c) => c.criterion === name)));
    expect(comparison.targets).toEqual({ both: [['L1', 'L1'], ['L2', 'L2'], ['L3', 'L3']], onlyA: [], onlyB: [], agrees: true });
    expect(comparison.lesions.flatMap((lesion) => lesion.measurements).every((measurement) => measurement.differenceMm === 0)).toBe(true);
  });

  // RECIST 1.1 sums (R-TGT-2, -30 %): BL 80.4 mm; A's FU1 66.0 mm (-17.9 %, SD); B's L1 at FU1 drawn shorter
  it.each([
    [40, 'SD', true],
    [31, 'SD', true], // 57.0 mm: -29.1 %, still SD
    [30, 'PR', false], // 56.0 mm: -30.3 %, PR
    [20, 'PR', false],
  ])('L1 at FU1 drawn %d mm by B: B says %s at FU1, agreement %s', (mm, responseB, agrees) => {
    const fu1 = recist(l1AtFu1(mm)).timepoints.find((timepoint) => timepoint.date === DATES.fu1)!;
    expect(fu1).toMatchObject({ timepoint: 'FU1', overall: { A: 'SD', B: responseB }, agrees });
  });

  it('shows each lesion’s calipers side by side, B − A, the node by its short axis', () => {
    const comparison = compareTwoReads(pair(l1AtFu1(30)));
    const l1 = comparison.lesions.find((lesion) => lesion.name === 'L1')!;
    expect(l1.measurements.find((m) => m.timepoint === 'FU1' && m.part === 'whole')).toEqual({ date: DATES.fu1, timepoint: 'FU1', part: 'whole', axis: 'long', mm: { A: 40, B: 30 }, differenceMm: -10 });
    const l2 = comparison.lesions.find((lesion) => lesion.name === 'L2')!;
    expect(l2.measurements.filter((m) => m.part === 'whole').map((m) => [m.timepoint, m.axis, m.mm.A])).toEqual([
      ['BL', 'short', 18],
      ['FU1', 'short', 14],
      ['FU2', 'short', 13],
    ]);
  });

  it('matches lesions by position, not label, and names the targets only one reader chose', () => {
    const relabelled: ReadSession = {
      ...FIXTURE_SESSION,
      lesions: FIXTURE_SESSION.lesions.map((lesion) => (lesion.id === 'les-a' ? { ...lesion, label: 'T1' } : lesion.id === 'les-c' ? { ...lesion, role: 'nontarget' } : lesion)),
    };
    const comparison = compareTwoReads(pair(relabelled));
    expect(comparison.targets).toEqual({ both: [['L1', 'T1'], ['L2', 'L2']], onlyA: ['L3'], onlyB: [], agrees: false });
    expect(comparison.lesions.find((lesion) => lesion.name === 'L3')!.role).toEqual({ A: 'target', B: 'nontarget' });
  });

  it('dates the first progression per reader: the new lesion seen at FU1 by B only', () => {
    const newAtFu1: ReadSession = {
      ...FIXTURE_SESSION,
      lesions: FIXTURE_SESSION.lesions.map((lesion) => (lesion.id === 'les-e' ? { ...lesion, firstStudyUid: STUDY.fu1 } : lesion)),
      observations: { ...FIXTURE_SESSION.observations, [STUDY.fu1]: { ...FIXTURE_SESSION.observations[STUDY.fu1]!, 'les-e': FIXTURE_SESSION.observations[STUDY.fu2]!['les-e']! } },
    };
    const criterion = recist(newAtFu1);
    expect(criterion.firstProgression).toEqual({ A: DATES.fu2, B: DATES.fu1 });
    expect(criterion.agrees).toBe(false);
  });
});

describe('the adjudicator’s decisions and signature', () => {
  const reads = pair(l1AtFu1(30));
  const comparison = compareTwoReads(reads);
  const sign: SignEvent = { adjudicator: 'Dr Ada Judge', signer: 'dr ada judge', meaning: 'adjudicatedPerProtocol', at: '2026-12-03T15:00:00.000Z' };
  const disagreeing = comparison.criteria.filter((criterion) => !criterion.agrees).map((criterion) => criterion.criterion);
  const allB = (reason: string): Decisions => Object.fromEntries(disagreeing.map((criterion) => [criterion, { chosen: 'B', reason }]));

  it('needs a decision for RECIST 1.1 at least (the reads disagree there)', () => expect(disagreeing).toContain('RECIST1.1'));

  it.each([
    ['no decision', {}, sign, 'decisionMissing'],
    ['a blank reason', allB('  '), sign, 'reasonMissing'],
    ['a reason over 1000 characters', allB('x'.repeat(1001)), sign, 'reasonTooLong'],
    ['a reader adjudicating', allB('B measured the full extent'), { ...sign, adjudicator: 'Reader^Ann', signer: 'Reader^Ann' }, 'adjudicatorIsReader'],
    ['another name typed', allB('B measured the full extent'), { ...sign, signer: 'Someone Else' }, 'signerNotAdjudicator'],
    ['no name typed', allB('B measured the full extent'), { ...sign, signer: ' ' }, 'signerMissing'],
    ['no meaning', allB('B measured the full extent'), { ...sign, meaning: null }, 'meaningMissing'],
  ] as const)('refuses %s', (_, decisions, event, refusal) => {
    const result = adjudicate(comparison, reads, decisions, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusals.map((found) => found.refusal)).toContain(refusal);
  });

  it('takes the chosen read’s verdicts whole, with the reason; agreed criteria need no decision', () => {
    const result = adjudicate(comparison, reads, allB(' B measured the full extent of L1 '), sign);
    if (!result.ok) throw new Error(JSON.stringify(result.refusals));
    const recistResult = result.adjudication.criteria.find((criterion) => criterion.criterion === 'RECIST1.1')!;
    const bRecist = reads.B.output.criteria['RECIST1.1']!;
    expect(recistResult).toEqual({
      criterion: 'RECIST1.1',
      source: { kind: 'chosen', read: 'B', reader: 'Reader^Ben', reason: 'B measured the full extent of L1' },
      timepoints: bRecist.timepoints.map((timepoint) => ({ timepoint: timepoint.id, date: timepoint.date, overallResponse: timepoint.overallResponse })),
      bestOverallResponse: bRecist.bestOverallResponse,
      firstProgressionDate: DATES.fu2,
    });
    expect(recistResult.timepoints.map((timepoint) => timepoint.overallResponse)).toEqual(['PR', 'PD']);
    const agreed = result.adjudication.criteria.filter((criterion) => criterion.source.kind === 'agreed').map((criterion) => criterion.criterion);
    expect(agreed).toEqual(comparison.criteria.filter((criterion) => criterion.agrees).map((criterion) => criterion.criterion));
    expect(result.adjudication).toMatchObject({ adjudicator: 'Dr Ada Judge', readers: { A: 'Reader^Ann', B: 'Reader^Ben' } });
  });
});
