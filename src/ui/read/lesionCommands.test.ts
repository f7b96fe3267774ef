import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../workers/read/model';
import { bidirectional } from '../../../tests/fixtures/reportRead';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { carryForwardCommand, densityOutcome, densityRegionProblem, nextUnmeasured, withDensity } from './lesionCommands';

const image = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', frameNumber: null };
// a 40 × 30 mm lesion centred at (10, 20, 30): the ellipse of its axes covers π/4 · 40 · 30 ≈ 942.5 mm²
const lesion: Observation = { status: 'present', whole: bidirectional([10, 20, 30], 40, 30, image), enhancing: { kind: 'notMeasured' }, meanHU: 12 };

describe('a density region for a lesion', () => {
  it('is accepted inside the calipers, and refused when its centre is outside them or it is larger than the lesion', () => {
    expect(densityRegionProblem(lesion, { centre: [15, 25, 30], areaMm2: 300 }, 'L1')).toBeNull();
    expect(densityRegionProblem(lesion, { centre: [10, 41, 30], areaMm2: 300 }, 'L1')).toBe("the ellipse's centre is 21.0 mm from L1's, outside its calipers: draw it inside the lesion");
    expect(densityRegionProblem(lesion, { centre: [10, 20, 30], areaMm2: 5015 }, 'L1')).toBe('the ellipse (50.15 cm²) is larger than L1 (9.42 cm² by its calipers): draw it inside the lesion');
  });

  it('cannot be checked without a whole-lesion caliper at that timepoint, and is then taken as drawn', () => {
    expect(densityRegionProblem(undefined, { centre: [0, 0, 0], areaMm2: 1e6 }, 'L1')).toBeNull();
    expect(densityRegionProblem({ status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null }, { centre: [0, 0, 0], areaMm2: 1e6 }, 'L1')).toBeNull();
  });

  it('records the mean on the lesion as present, keeping its calipers', () => {
    expect(withDensity(lesion, 45.5)).toEqual({ ...lesion, meanHU: 45.5 });
    expect(withDensity({ status: 'notEvaluated' }, 45.5)).toEqual({ status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: 45.5 });
  });
});

describe('what a density region records', () => {
  const l1 = FIXTURE_SESSION.observations[STUDY.bl]!['les-a']!;
  if (l1.status !== 'present' || !l1.whole) throw new Error('fixture L1 is measured at baseline');
  const [a, b] = l1.whole.longAxis;
  const inside = { statistics: { meanHU: 45.4567, standardDeviationHU: 9.87, pixelCount: 321, areaMm2: 196.1 }, centre: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, a[2]] as const };

  it("sets the selected lesion's mean HU (to 0.01 HU) and says what was measured", () => {
    const outcome = densityOutcome(FIXTURE_SESSION, 'les-a', STUDY.bl, inside);
    expect(outcome.command).toEqual({ kind: 'setObservation', studyUid: STUDY.bl, lesionId: 'les-a', observation: { ...l1, meanHU: 45.46 } });
    expect(outcome.message).toEqual({ kind: 'info', text: 'L1 BL: mean 45.5 HU (SD 9.9) over 321 pixels, 1.96 cm².' });
  });

  it('records nothing without a selected lesion, or for a region larger than the lesion', () => {
    expect(densityOutcome(FIXTURE_SESSION, null, STUDY.bl, inside)).toMatchObject({ command: null, message: { kind: 'warning' } });
    const huge = { ...inside, statistics: { ...inside.statistics, areaMm2: 50_000 } };
    expect(densityOutcome(FIXTURE_SESSION, 'les-a', STUDY.bl, huge)).toMatchObject({ command: null, message: { kind: 'warning', text: expect.stringContaining('is larger than L1') } });
  });
});

describe('carrying non-targets forward and the next unmeasured lesion', () => {
  const session = {
    ...FIXTURE_SESSION,
    timepoints: FIXTURE_SESSION.timepoints,
    lesions: [
      { id: 'nt1', label: 'L3', role: 'nontarget' as const, organ: 'liver', isLymphNode: false, firstStudyUid: STUDY.bl, splitFrom: null },
      { id: 'nt2', label: 'L4', role: 'nontarget' as const, organ: 'liver', isLymphNode: false, firstStudyUid: STUDY.bl, splitFrom: null },
      { id: 't1', label: 'L1', role: 'target' as const, organ: 'liver', isLymphNode: false, firstStudyUid: STUDY.bl, splitFrom: null },
    ],
    observations: {
      [STUDY.bl]: { nt1: { status: 'present' as const, whole: null, enhancing: { kind: 'notMeasured' as const }, meanHU: null }, nt2: { status: 'unequivocalProgression' as const } },
      [STUDY.fu1]: {},
    },
  };

  it('gives every non-target with nothing at FU1 its BL status, as one gesture; targets are left alone', () => {
    expect(carryForwardCommand(session, STUDY.fu1)).toEqual({
      kind: 'gesture',
      name: 'non-target statuses carried forward to FU1',
      commands: [
        { kind: 'setObservation', studyUid: STUDY.fu1, lesionId: 'nt1', observation: { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null } },
        { kind: 'setObservation', studyUid: STUDY.fu1, lesionId: 'nt2', observation: { status: 'unequivocalProgression' } },
      ],
    });
    expect(carryForwardCommand(session, STUDY.bl)).toBeNull();
  });

  it('the next lesion with nothing recorded, after the selected one, wrapping round', () => {
    expect(nextUnmeasured(session, STUDY.bl, 0)).toBe('t1');
    expect(nextUnmeasured(session, STUDY.fu1, 2)).toBe('nt1');
  });
});
