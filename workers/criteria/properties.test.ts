import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CriteriaName } from '../domain/input';
import type { CriteriaResult, PatientOutput } from '../domain/result';
import { assessPatient } from '../engine';
import { patientPlan, renderPatient } from '../testing/arbitraries';

/** Invariants over random valid patients (fast-check). */

function assess(input: unknown): PatientOutput {
  const reply = assessPatient(input);
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  return reply.output;
}

const result = (output: PatientOutput, name: CriteriaName): CriteriaResult => {
  const found = output.criteria[name];
  if (found === undefined) throw new Error(`missing ${name}`);
  return found;
};

/** Higher is better; PD/iCPD worst, then NE/iUPD (a NE timepoint can still be PD, so PD < NE). */
const RANK: Record<string, number> = { CR: 5, iCR: 5, PR: 4, iPR: 4, SD: 3, iSD: 3, 'NonCR/NonPD': 3, 'iNonCR/NonPD': 3, NE: 2, iUPD: 1, PD: 0, iCPD: 0 };
const rank = (label: string): number => RANK[label] ?? -1;
const ALL: CriteriaName[] = ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'];

describe('properties', () => {
  it('R-NEW-1 / OV-1 property: adding a new lesion never improves the timepoint response', () => {
    fc.assert(
      fc.property(patientPlan, fc.nat(), (plan, pick) => {
        const at = 1 + (pick % (plan.visits.length - 1));
        const before = assess(renderPatient(plan));
        const after = assess(renderPatient(plan, 1, at));
        for (const name of ALL) {
          const was = result(before, name).timepoints[at - 1]?.overallResponse ?? '';
          const now = result(after, name).timepoints[at - 1]?.overallResponse ?? '';
          expect(rank(now)).toBeLessThanOrEqual(rank(was));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('G-3 property: the nadir never exceeds the baseline or any earlier evaluable sum', () => {
    fc.assert(
      fc.property(patientPlan, (plan) => {
        const output = assess(renderPatient(plan));
        for (const name of ALL) {
          const criteria = result(output, name);
          let smallest = criteria.baseline.targetSum;
          for (const tp of criteria.timepoints) {
            if (tp.nadirSum !== null && tp.baselineSum !== null) expect(tp.nadirSum).toBeLessThanOrEqual(tp.baselineSum);
            expect(tp.nadirSum).toBe(smallest);
            if (tp.targetSum !== null && smallest !== null && tp.targetSum < smallest) smallest = tp.targetSum;
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('G-2 property: reported percentages agree with the reported sums within rounding', () => {
    fc.assert(
      fc.property(patientPlan, (plan) => {
        const output = assess(renderPatient(plan));
        for (const name of ALL) {
          for (const tp of result(output, name).timepoints) {
            if (tp.targetSum === null || tp.baselineSum === null || tp.baselineSum === 0) continue;
            const pct = ((tp.targetSum - tp.baselineSum) / tp.baselineSum) * 100;
            expect(Math.abs((tp.changeFromBaselinePct ?? NaN) - pct)).toBeLessThanOrEqual(0.05 + 1e-6);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('WHO-3 / M-4 / C-4 property: scaling every diameter by an integer factor never changes categories without an absolute floor', () => {
    fc.assert(
      fc.property(patientPlan, fc.integer({ min: 2, max: 5 }), (plan, factor) => {
        const base = assess(renderPatient(plan));
        const scaled = assess(renderPatient(plan, factor));
        for (const name of ['WHO', 'EASL', 'mRECIST'] as const) {
          expect(result(scaled, name).timepoints.map((tp) => tp.targetResponse)).toEqual(result(base, name).timepoints.map((tp) => tp.targetResponse));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('R-TGT-2/3 property: scaling keeps RECIST percentages; only the 5 mm floor may turn a response into PD', () => {
    fc.assert(
      fc.property(patientPlan, fc.integer({ min: 2, max: 5 }), (plan, factor) => {
        const base = result(assess(renderPatient(plan)), 'RECIST1.1').timepoints;
        const scaled = result(assess(renderPatient(plan, factor)), 'RECIST1.1').timepoints;
        base.forEach((tp, index) => {
          const other = scaled[index];
          expect(other?.changeFromBaselinePct).toBe(tp.changeFromBaselinePct);
          expect(other?.changeFromNadirPct).toBe(tp.changeFromNadirPct);
          if (other?.targetResponse === tp.targetResponse) return;
          // PD is tested before CR/PR/SD, so a floor met only after scaling changes the category to PD
          expect(other?.targetResponse).toBe('PD');
          if (tp.targetSum !== null && tp.nadirSum !== null) expect(tp.targetSum - tp.nadirSum).toBeLessThan(5);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('BOR-1 property: the best overall response is never better than the best timepoint before progression', () => {
    fc.assert(
      fc.property(patientPlan, (plan) => {
        const output = assess(renderPatient(plan));
        for (const name of ALL) {
          const criteria = result(output, name);
          const best = Math.max(-1, ...criteria.timepoints.filter((tp) => !tp.afterProgression).map((tp) => rank(tp.overallResponse)));
          expect(rank(criteria.bestOverallResponse)).toBeLessThanOrEqual(Math.max(best, rank('NE')));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('engine property: assessPatient never throws on arbitrary or mutated input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), patientPlan.map((plan) => renderPatient(plan))), fc.anything(), fc.nat(), (input, junk, pick) => {
        const mutated = structuredClone(input) as unknown;
        if (mutated !== null && typeof mutated === 'object' && !Array.isArray(mutated)) {
          const keys = Object.keys(mutated);
          const key = keys[pick % Math.max(1, keys.length)];
          if (key !== undefined && pick % 3 === 0) (mutated as Record<string, unknown>)[key] = junk;
        }
        expect(() => assessPatient(mutated)).not.toThrow();
        const reply = assessPatient(mutated);
        expect(typeof reply.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
