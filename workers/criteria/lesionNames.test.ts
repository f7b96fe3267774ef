import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../engine';
import { patientPlan, renderPatient } from '../testing/arbitraries';
import { nonTarget, patient, target, withStatus } from '../testing/builders';
import { namedByLabel } from '../testing/namedByLabel';

type Json = Record<string, unknown>;
type Input = { timepoints: { lesions: Json[] }[] };

/**
 * The same patient with every lesion given a new, opaque id and its old id as its label (what the
 * app does: internal ids, readers' labels), plus the id → label pairs.
 */
function relabelled(input: Json): { input: Json; lesions: { id: string; label: string }[] } {
  const idOf = new Map<string, string>();
  const fresh = (old: string) => idOf.get(old) ?? (idOf.set(old, `id-${idOf.size}-${old.length}x`), idOf.get(old)!);
  const renamed = structuredClone(input) as Input & Json;
  for (const timepoint of renamed.timepoints) {
    for (const lesion of timepoint.lesions) {
      lesion['label'] = lesion['id'];
      lesion['id'] = fresh(lesion['id'] as string);
      for (const field of ['splitFrom', 'mergedInto'] as const) if (typeof lesion[field] === 'string') lesion[field] = fresh(lesion[field]);
    }
  }
  return { input: renamed, lesions: [...idOf].map(([label, id]) => ({ id, label })) };
}

describe('lesions: identity by id, names by label (issue 12)', () => {
  it('assesses a patient whose lesions have new ids and their old ids as labels exactly as before, reasons included', () => {
    fc.assert(
      fc.property(patientPlan, (plan) => {
        const original = renderPatient(plan);
        const { input, lesions } = relabelled(original);
        expect(namedByLabel(assessPatient(input), lesions)).toEqual(assessPatient(original));
      }),
      { numRuns: 150 },
    );
  });

  it('follows split fragments and merged lesions by id, and names them by label', () => {
    const original = patient(
      [
        [0, [target('L1', 30), target('L2', 20), nonTarget('NT1')]],
        [60, [withStatus(target('L1', null), 'split'), target('L1a', 12, { splitFrom: 'L1' }), target('L1b', 9, { splitFrom: 'L1' }), target('L2', 18), nonTarget('NT1', 'notEvaluated')]],
        [120, [target('L1', 26), withStatus(target('L2', null), 'merged', ), nonTarget('NT1')].map((lesion) => (lesion['id'] === 'L2' ? { ...lesion, mergedInto: 'L1' } : lesion))],
      ],
      { criteria: ['RECIST1.1', 'WHO'] },
    );
    const { input, lesions } = relabelled(original);
    const reply = assessPatient(input);
    expect(reply.ok).toBe(true);
    expect(namedByLabel(reply, lesions)).toEqual(assessPatient(original));
    // no reason or issue shows an internal id
    const texts = JSON.stringify(reply.ok ? Object.values(reply.output.criteria).flatMap((result) => [...(result?.timepoints ?? []).flatMap((tp) => [...tp.reasons, ...tp.targetMargin.reasons]), ...(result?.issues ?? [])].map((entry) => entry.text)) : []);
    for (const { id } of lesions) expect(texts).not.toContain(id);
    expect(texts).toContain('NT1');
  });
});
