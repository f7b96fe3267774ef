import { describe, expect, it } from 'vitest';
import type { NoiseModelId } from '../domain/noise';
import type { ReadSession } from '../read/model';
import { BL, FU1, outputOf, read, type LesionSpec } from '../testing/quizReads';
import { compareAxis, compareReads } from './compareReads';
import { agreementCellText, agreementText, findingText } from './findingText';
import { matchLesions } from './matchLesions';

describe('a caliper against the reference: inside the inter-reader limits of agreement (MARGIN-3 models), strictly', () => {
  it.each<[NoiseModelId, number, number | null, number | null, [number, number] | null, boolean | null, string]>([
    // model, reference mm, learner mm, difference, limits, within, as the feedback says it
    ['yoon2016', 40, 50.15, 10.15, [8.84, 10.16], true, '+10.15 mm, within the limits −8.84 to +10.16 mm'],
    ['yoon2016', 40, 50.16, 10.16, [8.84, 10.16], false, '+10.16 mm, outside the limits −8.84 to +10.16 mm'], // +25.4 % of 40 mm, exactly on the limit
    ['yoon2016', 40, 31.17, -8.83, [8.84, 10.16], true, '−8.83 mm, within the limits −8.84 to +10.16 mm'],
    ['yoon2016', 40, 31.16, -8.84, [8.84, 10.16], false, '−8.84 mm, outside the limits −8.84 to +10.16 mm'], // −22.1 % of 40 mm
    ['huh2018', 30, 37.09, 7.09, [7.9, 7.1], true, '+7.09 mm, within the limits −7.90 to +7.10 mm'],
    ['huh2018', 30, 37.1, 7.1, [7.9, 7.1], false, '+7.10 mm, outside the limits −7.90 to +7.10 mm'], // +7.1 mm
    ['huh2018', 30, 22.11, -7.89, [7.9, 7.1], true, '−7.89 mm, within the limits −7.90 to +7.10 mm'],
    ['huh2018', 30, 22.1, -7.9, [7.9, 7.1], false, '−7.90 mm, outside the limits −7.90 to +7.10 mm'], // −7.9 mm
    ['yoon2016', 40, 40, 0, [8.84, 10.16], true, '0.00 mm, within the limits −8.84 to +10.16 mm'],
    ['off', 40, 45, 5, null, null, '+5.00 mm (no noise model)'],
    ['yoon2016', 40, null, null, null, null, 'not measured by you'],
  ])('%s: reference %d mm, learner %s mm', (model, referenceMm, learnerMm, difference, limits, within, text) => {
    const result = compareAxis(learnerMm, referenceMm, model);
    expect(result.differenceMm === null ? null : Math.round(result.differenceMm * 100) / 100).toBe(difference);
    expect(result.limitsMm && [result.limitsMm.lowerMm, result.limitsMm.upperMm]).toEqual(limits);
    expect(result.withinAgreement).toBe(within);
    const comparison = { studyUid: BL, timepoint: 'BL', part: 'whole' as const, axis: 'long' as const, learnerMm, referenceMm, ...result };
    expect(agreementText(comparison)).toBe(text);
    // the table's shorter cell says the same, a length never parted from its unit
    const cell = agreementCellText(comparison);
    expect(cell).not.toMatch(/ mm/);
    expect(cell.replaceAll('\u00a0', ' ').replace('✓ within', 'within the limits').replace('✗ outside', 'outside the limits').replace(/ mm (within|outside)/, ' mm, $1')).toBe(text);
  });
});

describe('lesions are matched by position, not by label', () => {
  const reference = read('reference', [
    { id: 'r1', label: 'L1', role: 'target', at: { [BL]: [[0, 0, 0], 40] } },
    { id: 'r2', label: 'L2', role: 'target', organ: 'liver segment II', at: { [BL]: [[100, 0, 0], 30] } },
    { id: 'r3', label: 'L3', role: 'nontarget', organ: 'liver segment VI', at: { [BL]: [[0, 100, 0], 20] } },
  ]);
  const matchesOf = (learner: ReadSession) =>
    matchLesions(reference, learner).map((match) => (match.kind === 'matched' ? `${match.reference.label}=${match.learner.label} by ${match.by}` : match.kind === 'missed' ? `missed ${match.reference.label}` : `extra ${match.learner.label}`));

  it.each<[string, LesionSpec[], string[]]>([
    ['labels swapped: each is the lesion at its place', [
      { id: 'a', label: 'L1', role: 'target', at: { [BL]: [[101, 2, 0], 31] } },
      { id: 'b', label: 'L2', role: 'target', at: { [BL]: [[-3, 1, 0], 38] } },
    ], ['L1=L2 by position', 'L2=L1 by position', 'missed L3']],
    ['within half the reference long axis (20 mm for 40 mm) is the same lesion', [{ id: 'a', label: 'T1', role: 'target', at: { [BL]: [[19.9, 0, 0], 40] } }], ['L1=T1 by position', 'missed L2', 'missed L3']],
    ['beyond it is another lesion', [{ id: 'a', label: 'T1', role: 'target', at: { [BL]: [[20.1, 0, 0], 40] } }], ['missed L1', 'missed L2', 'missed L3', 'extra T1']],
    ['at least 10 mm even for a small lesion', [{ id: 'a', label: 'N1', role: 'nontarget', organ: 'liver segment VI', at: { [BL]: [[0, 109.9, 0], 20] } }], ['missed L1', 'missed L2', 'L3=N1 by position']],
    ['a caliper on another study is no position to compare', [{ id: 'a', label: 'T1', role: 'target', at: { [FU1]: [[0, 0, 0], 40] } }], ['missed L1', 'missed L2', 'missed L3', 'extra T1']],
    ['a non-target without a caliper is matched by its site', [{ id: 'a', label: 'L9', role: 'nontarget', organ: 'liver segment VI', at: { [BL]: 'present' } }], ['missed L1', 'missed L2', 'L3=L9 by site']],
    ['and not matched at another site', [{ id: 'a', label: 'L9', role: 'nontarget', organ: 'liver segment III', at: { [BL]: 'present' } }], ['missed L1', 'missed L2', 'missed L3', 'extra L9']],
  ])('%s', (_, learner, expected) => {
    expect(matchesOf(read('learner', learner))).toEqual(expected);
  });
});

describe('quiz feedback of a whole read', () => {
  const reference = read('reference', [
    { id: 'r1', label: 'L1', role: 'target', at: { [BL]: [[0, 0, 0], 40], [FU1]: [[0, 0, 0], 20] } },
    { id: 'r2', label: 'L2', role: 'target', organ: 'liver segment II', at: { [BL]: [[100, 0, 0], 30], [FU1]: [[100, 0, 0], 20] } },
    { id: 'r3', label: 'N1', role: 'target', organ: 'retroperitoneal (para-aortic) lymph node', node: true, at: { [BL]: [[0, 100, 0], 20], [FU1]: [[0, 100, 0], 12] } },
    { id: 'r4', label: 'NL1', role: 'new', organ: 'liver segment VIII', at: { [FU1]: [[50, 50, 0], 14] } },
  ]);
  // The learner measures L1 well, takes a 7 mm lesion as a target instead of L2, the node 3 mm short, and misses the new lesion.
  const learner = read('learner', [
    { id: 'a', label: 'L1', role: 'target', at: { [BL]: [[0.5, 0, 0], 40.5], [FU1]: [[0, 0.4, 0], 20.2] } },
    { id: 'b', label: 'L2', role: 'target', organ: 'liver segment III', at: { [BL]: [[-60, -60, 0], 7], [FU1]: [[-60, -60, 0], 6] } },
    { id: 'c', label: 'N1', role: 'target', organ: 'retroperitoneal (para-aortic) lymph node', node: true, at: { [BL]: [[0, 101, 0], 17], [FU1]: [[0, 100, 0], 12] } },
    { id: 'd', label: 'L3', role: 'nontarget', organ: 'liver segment II', at: { [BL]: 'present', [FU1]: 'present' } },
  ]);
  const feedback = compareReads({ reference, referenceOutput: outputOf(reference), learner, learnerOutput: outputOf(learner), noiseModel: 'yoon2016' });
  const texts = feedback.findings.map(findingText);

  it('names the missed new lesion', () => {
    expect(texts).toContain("Missed: the reference's NL1, a new lesion in liver segment VIII (from FU1), is not in your read.");
  });

  it('names the target chosen in place of the reference target, and the target the reference has that the learner made a non-target', () => {
    expect(feedback.targets).toEqual({ agreed: ['L1', 'N1'], missed: ['L2'], extra: ['L2'] });
    expect(texts).toContain('Not in the reference: your L2, a target in liver segment III.');
    expect(texts).toContain("Target selection: your L3 is a non-target; the reference's L2 is a target.");
  });

  it('reports the 7 mm target as a conformance mistake, from the engine', () => {
    const conformance = feedback.findings.filter((finding) => finding.kind === 'conformance');
    expect(conformance.some((finding) => /7(\.0)? mm/.test(findingText(finding)) && finding.note.lesionLabel === 'L2')).toBe(true);
    // named with its rule, the learner's lesion and the criteria whose rule it breaks (docs/criteria.md, CONF-3)
    expect(texts).toContain('Conformance (CONF-3, your L2; RECIST 1.1): non-nodal target measures 7.0 mm, below the measurable minimum of 10 mm (R11 §3.1).');
  });

  it('compares the node by its short axis and flags a difference beyond the limits only', () => {
    const node = feedback.lesions.find(({ match }) => match.kind === 'matched' && match.reference.label === 'N1')!;
    expect(node.measurements.map((m) => `${m.timepoint} ${m.axis} ${m.learnerMm}/${m.referenceMm} ${m.withinAgreement}`)).toEqual(['BL short 17/20 true', 'FU1 short 12/12 true']);
    // the learner's non-target at the site of the reference's target L2: the reference's calipers, none of the learner's
    expect(feedback.lesions.find(({ match }) => match.kind === 'matched' && match.learner.label === 'L3')?.measurements.map((m) => `${m.timepoint} ${m.learnerMm}/${m.referenceMm}`)).toEqual(['BL null/30', 'FU1 null/20']);
    const l1 = feedback.lesions.find(({ match }) => match.kind === 'matched' && match.reference.label === 'L1')!;
    expect(l1.measurements.every((m) => m.withinAgreement)).toBe(true);
    expect(feedback.findings.filter((finding) => finding.kind === 'measurement')).toEqual([]);
  });

  it('gives each criterion and follow-up both verdicts, their reasons and margins, and names the disagreements', () => {
    const recist = feedback.verdicts.find((verdict) => verdict.criterion === 'RECIST1.1' && verdict.timepoint === 'FU1')!;
    expect(recist.reference.overallResponse).toBe('PD');
    expect(recist.learner?.overallResponse).not.toBe('PD');
    expect(recist.agrees).toBe(false);
    expect(recist.reference.reasons.length).toBeGreaterThan(0);
    expect(recist.learner?.reasons.length).toBeGreaterThan(0);
    expect(recist.reference.margin.noiseModel).toBe('yoon2016');
    expect(texts).toContain(`Verdict: RECIST 1.1 at FU1 2024-04-01, yours ${recist.learner?.overallResponse}, the reference's PD.`);
  });

  it('raises no conformance note under a criterion the reference is not assessed by (one volume brings vRECIST and qEASL to the learner only)', () => {
    const withVolume = structuredClone(learner);
    const l1 = withVolume.observations[BL]!['a']!;
    if (l1.status !== 'present') throw new Error('the learner measured L1 at baseline');
    withVolume.observations[BL]!['a'] = { ...l1, volume: { volumeMl: 30, enhancingVolumeMl: 20, sliceCount: 6 } };
    const learnerOutput = outputOf(withVolume);
    expect(learnerOutput?.criteria.vRECIST?.issues.length).toBeGreaterThan(0);
    const notes = compareReads({ reference, referenceOutput: outputOf(reference), learner: withVolume, learnerOutput, noiseModel: 'yoon2016' }).findings.flatMap((finding) => (finding.kind === 'conformance' ? finding.note.criteria : []));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.filter((criterion) => criterion === 'vRECIST' || criterion === 'qEASL')).toEqual([]);
  });

  it('a read identical to the reference has no finding', () => {
    expect(compareReads({ reference, referenceOutput: outputOf(reference), learner: reference, learnerOutput: outputOf(reference), noiseModel: 'huh2018' }).findings).toEqual([]);
  });
});
