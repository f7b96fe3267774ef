import fc from 'fast-check';
import { isoDay, type LesionJson } from './builders';

/** fast-check generators of valid exchange-format patients (non-nodal targets, 0.1 mm values). */

const tenths = (max: number) => fc.integer({ min: 0, max }).map((n) => n / 10);

export interface LesionPlan {
  readonly status: 'present' | 'disappeared' | 'notEvaluated';
  readonly longAxisMm: number;
  readonly shortAxisMm: number;
  readonly enhancingLongAxisMm: number;
  readonly meanHU: number;
}

const lesionPlan: fc.Arbitrary<LesionPlan> = fc.record({
  status: fc.constantFrom('present', 'present', 'present', 'present', 'disappeared', 'notEvaluated'),
  longAxisMm: tenths(1500).map((mm) => mm + 1),
  shortAxisMm: tenths(800).map((mm) => mm + 1),
  enhancingLongAxisMm: tenths(1000),
  meanHU: fc.integer({ min: 1, max: 150 }),
});

function lesionJson(id: string, role: string, plan: LesionPlan, baseline: boolean): LesionJson {
  const status = baseline ? 'present' : plan.status;
  const measured = status === 'present';
  return {
    id,
    organ: 'lung',
    isLymphNode: false,
    role,
    status,
    longAxisMm: measured ? plan.longAxisMm : null,
    shortAxisMm: measured ? plan.shortAxisMm : null,
    enhancingLongAxisMm: measured ? plan.enhancingLongAxisMm : null,
    enhancingShortAxisMm: measured ? plan.shortAxisMm : null,
    meanHU: measured ? plan.meanHU : null,
  };
}

export interface PatientPlan {
  readonly targets: number;
  readonly nonTargets: number;
  readonly visits: readonly { readonly gapDays: number; readonly lesions: readonly LesionPlan[]; readonly newLesion: boolean }[];
}

export const patientPlan: fc.Arbitrary<PatientPlan> = fc
  .record({ targets: fc.integer({ min: 1, max: 5 }), nonTargets: fc.integer({ min: 0, max: 2 }), visitCount: fc.integer({ min: 2, max: 6 }) })
  .chain(({ targets, nonTargets, visitCount }) =>
    fc.record({
      targets: fc.constant(targets),
      nonTargets: fc.constant(nonTargets),
      visits: fc.array(
        fc.record({
          gapDays: fc.integer({ min: 14, max: 90 }),
          lesions: fc.array(lesionPlan, { minLength: targets + nonTargets, maxLength: targets + nonTargets }),
          newLesion: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
        }),
        { minLength: visitCount, maxLength: visitCount },
      ),
    }),
  );

/** Renders a plan; `scale` multiplies every diameter (integer scale keeps 0.1 mm resolution). */
export function renderPatient(plan: PatientPlan, scale = 1, extraNewAt: number | null = null): Record<string, unknown> {
  let day = 0;
  const timepoints = plan.visits.map((visit, index) => {
    day += index === 0 ? 0 : visit.gapDays;
    const lesions = visit.lesions.map((lesion, lesionIndex) => {
      const isTarget = lesionIndex < plan.targets;
      const scaled = { ...lesion, longAxisMm: lesion.longAxisMm * scale, shortAxisMm: lesion.shortAxisMm * scale, enhancingLongAxisMm: lesion.enhancingLongAxisMm * scale };
      return lesionJson(isTarget ? `T${lesionIndex}` : `N${lesionIndex}`, isTarget ? 'target' : 'nontarget', scaled, index === 0);
    });
    if (index > 0 && visit.newLesion) lesions.push(lesionJson(`NEW${index}`, 'new', { ...visit.lesions[0]!, status: 'present' }, false));
    if (index > 0 && index === extraNewAt) lesions.push(lesionJson('EXTRA', 'new', { status: 'present', longAxisMm: 15, shortAxisMm: 10, enhancingLongAxisMm: 12, meanHU: 50 }, false));
    return { id: index === 0 ? 'BL' : `FU${index}`, date: isoDay(day), lesions };
  });
  return { patientId: 'P-PROP', timepoints };
}
