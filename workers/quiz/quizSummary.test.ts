import { describe, expect, it } from 'vitest';
import { BL, FU1, outputOf, read } from '../testing/quizReads';
import { compareAxis, compareReads, type AxisComparison, type LesionFeedback } from './compareReads';
import { caliperGrid, caliperScore, quizScore, verdictGrid } from './quizSummary';

const reference = read('reference', [
  { id: 'r1', label: 'L1', role: 'target', at: { [BL]: [[0, 0, 0], 40], [FU1]: [[0, 0, 0], 20] } },
  { id: 'r2', label: 'L2', role: 'target', organ: 'liver segment II', at: { [BL]: [[100, 0, 0], 30], [FU1]: [[100, 0, 0], 20] } },
  { id: 'r4', label: 'NL1', role: 'new', organ: 'liver segment VIII', at: { [FU1]: [[50, 50, 0], 14] } },
]);
// L1 measured 2 mm long at BL and 1 mm short at FU1; L2 12 mm long at BL (outside 30 mm's limits −6.63 to +7.62 mm), right at FU1; NL1 missed
const learner = read('learner', [
  { id: 'a', label: 'T1', role: 'target', at: { [BL]: [[0, 0, 0], 42], [FU1]: [[0, 0, 0], 19] } },
  { id: 'b', label: 'T2', role: 'target', organ: 'liver segment II', at: { [BL]: [[100, 0, 0], 42], [FU1]: [[100, 0, 0], 20] } },
]);
const feedback = compareReads({ reference, referenceOutput: outputOf(reference), learner, learnerOutput: outputOf(learner), noiseModel: 'yoon2016' });

describe('the one-page summary of a quiz', () => {
  it('lays the verdicts out as criteria × follow-ups, in the closed criteria order', () => {
    const grid = verdictGrid(feedback.verdicts);
    expect(grid.timepoints).toEqual([{ id: 'FU1', date: '2024-04-01' }]);
    expect(grid.rows.map((row) => row.criterion)).toEqual(['RECIST1.1', 'WHO']);
    expect(grid.rows.every((row) => row.cells.length === 1 && row.cells[0]?.criterion === row.criterion)).toBe(true);
  });

  it('lays the calipers out as lesion axes × timepoints in the read order, missing cells empty', () => {
    const grid = caliperGrid(feedback.lesions, ['BL', 'FU1', 'FU2']);
    expect(grid.timepoints).toEqual(['BL', 'FU1']);
    expect(grid.rows.map((row) => `${row.lesion.match.kind === 'extra' ? '' : row.lesion.match.reference.label} ${row.part} ${row.axis}: ${row.cells.map((cell) => cell?.differenceMm ?? '-').join(' ')}`)).toEqual([
      'L1 whole long: 2 -1',
      'L2 whole long: 12 0',
    ]);
    // the missed new lesion has no caliper row: the summary names it separately
    expect(feedback.lesions.find(({ match }) => match.kind === 'missed')?.measurements).toEqual([]);
  });

  it('scores the read: verdicts per criterion, targets, calipers within the limits and their mean difference', () => {
    const score = quizScore(feedback);
    expect(score.verdicts).toBe(2);
    expect(score.criteria.map((one) => `${one.criterion} ${one.agreeing}/${one.total}`)).toEqual(['RECIST1.1 0/1', 'WHO 0/1']);
    expect(score.targets).toEqual({ agreed: 2, missed: 0, extra: 0 });
    expect(score.calipers).toEqual({ compared: 4, within: 3, meanAbsDifferenceMm: (2 + 1 + 12 + 0) / 4, meanDifferenceMm: (2 - 1 + 12 + 0) / 4 });
  });
});

const axis = (learnerMm: number | null, referenceMm: number | null): AxisComparison => ({
  studyUid: BL, timepoint: 'BL', part: 'whole', axis: 'long', learnerMm, referenceMm, ...compareAxis(learnerMm, referenceMm, 'huh2018'),
});
const lesionWith = (measurements: AxisComparison[]): LesionFeedback => ({ match: { kind: 'missed', reference: reference.lesions[0]! }, measurements });

describe('caliper score', () => {
  it.each<[string, AxisComparison[], { compared: number; within: number; meanAbsDifferenceMm: number | null; meanDifferenceMm: number | null }]>([
    ['none compared', [], { compared: 0, within: 0, meanAbsDifferenceMm: null, meanDifferenceMm: null }],
    ['one only the reference has is not compared', [axis(null, 20)], { compared: 0, within: 0, meanAbsDifferenceMm: null, meanDifferenceMm: null }],
    // Huh 2018: −7.9 to +7.1 mm, strictly inside
    ['+7.09 within, +7.10 not', [axis(27.09, 20), axis(27.1, 20)], { compared: 2, within: 1, meanAbsDifferenceMm: (7.09 + 7.1) / 2, meanDifferenceMm: (7.09 + 7.1) / 2 }],
    ['opposite differences cancel in the bias, not in the mean |difference|', [axis(23, 20), axis(17, 20)], { compared: 2, within: 2, meanAbsDifferenceMm: 3, meanDifferenceMm: 0 }],
  ])('%s', (_, measurements, expected) => {
    const score = caliperScore([lesionWith(measurements)]);
    expect({ ...score, meanAbsDifferenceMm: score.meanAbsDifferenceMm === null ? null : Number(score.meanAbsDifferenceMm.toFixed(6)), meanDifferenceMm: score.meanDifferenceMm === null ? null : Number(score.meanDifferenceMm.toFixed(6)) }).toEqual({
      ...expected,
      meanAbsDifferenceMm: expected.meanAbsDifferenceMm === null ? null : Number(expected.meanAbsDifferenceMm.toFixed(6)),
      meanDifferenceMm: expected.meanDifferenceMm === null ? null : Number(expected.meanDifferenceMm.toFixed(6)),
    });
  });
});
