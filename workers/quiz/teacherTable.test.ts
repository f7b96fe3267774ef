import { describe, expect, it } from 'vitest';
import type { ReadSession } from '../read/model';
import { BL, FU1, outputOf, read } from '../testing/quizReads';
import { compareReads } from './compareReads';
import { parseQuizResult, toQuizResult } from './quizResult';
import { teacherTable } from './teacherTable';

const reference = read('reference', [
  { id: 'r1', label: 'L1', role: 'target', at: { [BL]: [[0, 0, 0], 40], [FU1]: [[0, 0, 0], 20] } },
  { id: 'r2', label: 'L2', role: 'target', organ: 'liver segment II', at: { [BL]: [[100, 0, 0], 30], [FU1]: [[100, 0, 0], 20] } },
]);
// Ann reads as the reference does, 1 mm long on L1 each time; Bob takes L2 as a non-target and measures L1 12 mm long at BL (outside +10.16 mm).
const ann = read('Ann', [
  { id: 'a', label: 'L1', role: 'target', at: { [BL]: [[0, 0, 0], 41], [FU1]: [[0, 0, 0], 21] } },
  { id: 'b', label: 'L2', role: 'target', organ: 'liver segment II', at: { [BL]: [[100, 0, 0], 30], [FU1]: [[100, 0, 0], 20] } },
]);
const bob = read('Bob', [
  { id: 'a', label: 'L1', role: 'target', at: { [BL]: [[0, 0, 0], 52], [FU1]: [[0, 0, 0], 20] } },
  { id: 'b', label: 'L2', role: 'nontarget', organ: 'liver segment II', at: { [BL]: 'present', [FU1]: 'present' } },
]);
const referenceOutput = outputOf(reference);
const feedbackOf = (learner: ReadSession) => compareReads({ reference, referenceOutput, learner, learnerOutput: outputOf(learner), noiseModel: 'yoon2016' });

describe("the teacher's table of learners", () => {
  const table = teacherTable(referenceOutput, 2, [
    { learner: 'Ann', file: 'ann.json', feedback: feedbackOf(ann) },
    { learner: 'Bob', file: 'bob.json', feedback: feedbackOf(bob) },
  ]);

  it("heads the table with the reference's verdicts per criterion", () => {
    expect(table.criteria).toEqual(['RECIST1.1', 'WHO']);
    expect(table.reference.map((one) => `${one.criterion} ${one.timepoints.map((tp) => `${tp.id} ${tp.overallResponse}`).join(', ')}`)).toEqual(['RECIST1.1 FU1 PR', 'WHO FU1 PR']);
  });

  it.each<[string, string, string, string, string, boolean]>([
    // learner, per-criterion agreement, targets agreed/missed/extra, calipers within/compared, mean |difference| mm, all within
    ['Ann', 'RECIST1.1 1/1, WHO 1/1', '2/0/0', '4/4', '0.50', true],
    // Bob: his sum 52 → 20 is −61.5 %, still a PR; L2 a non-target: a target missed, its reference calipers not compared
    ['Bob', 'RECIST1.1 1/1, WHO 1/1', '1/1/0', '1/2', '6.00', false],
  ])('%s', (learner, criteria, targets, calipers, meanMm, allWithin) => {
    const row = table.rows.find((one) => one.learner === learner)!;
    expect(row.criteria.map((one) => `${one!.criterion} ${one!.agreeing}/${one!.total}`).join(', ')).toBe(criteria);
    expect(`${row.score.targets.agreed}/${row.score.targets.missed}/${row.score.targets.extra}`).toBe(targets);
    expect(`${row.score.calipers.within}/${row.score.calipers.compared}`).toBe(calipers);
    expect(row.score.calipers.meanAbsDifferenceMm?.toFixed(2)).toBe(meanMm);
    expect(row.allCalipersWithin).toBe(allWithin);
  });

  it('keeps the files in the order given, one row each', () => {
    expect(table.rows.map((row) => row.file)).toEqual(['ann.json', 'bob.json']);
  });
});

describe('an exported quiz result, checked like any import', () => {
  const good = JSON.stringify(toQuizResult(ann, reference, '2024-05-01T10:00:00Z'));
  const edited = (change: (json: Record<string, unknown> & { read: ReadSession; case: { patientId: string } }) => void) => {
    const json = JSON.parse(good);
    change(json);
    return JSON.stringify(json);
  };

  it('reads back the learner and the read exactly', () => {
    expect(parseQuizResult(good, 'ann.json', reference)).toEqual({ ok: true, learner: 'Ann', read: ann });
  });

  it.each<[string, string, string]>([
    ['not JSON', '{', 'the file is not JSON'],
    ['a read file, not a result', JSON.stringify({ format: 'nadir-read', version: 1, read: ann }), 'not a Nadir quiz result (format "nadir-quiz-result" expected)'],
    ['a damaged read', edited((json) => (json.read.lesions[0]!.role = 'primary' as never)), 'the result is damaged at read.lesions[0].role:'],
    ['another case', edited((json) => (json.case.patientId = 'OTHER')), 'a result of another case: patient "OTHER", this case is "P"'],
    ['a read of another patient under this case', edited((json) => (json.read.patientId = 'OTHER')), 'the file is of another patient (patient ID differs) ("OTHER", the open read is of "P")'],
    ['the learner is not the reader', edited((json) => (json.learner = 'Carl')), 'the learner "Carl" is not the read\'s reader "Ann"'],
    ['none of the case\'s studies', edited((json) => json.read.timepoints.forEach((timepoint) => (timepoint.studyInstanceUid = `${timepoint.studyInstanceUid}-x`))), "the read is of none of this case's studies"],
    ['an axis not matching its end points', edited((json) => (json.read.observations[BL]!['a'] = { ...json.read.observations[BL]!['a']!, whole: { ...(json.read.observations[BL]!['a'] as { whole: object }).whole, longAxisMm: 45 } } as never)), 'lesion L1 at 2024-01-01, long axis: an axis length does not match'],
  ])('%s is refused and named', (_, text, message) => {
    const parsed = parseQuizResult(text, 'bad.json', reference);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.file).toBe('bad.json');
      expect(parsed.message.startsWith(message)).toBe(true);
    }
  });
});
