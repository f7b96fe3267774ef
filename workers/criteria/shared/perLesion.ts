import type { PatientModel } from '../../domain/model';
import { formatAmount } from '../../domain/units';
import type { TimepointScope } from './course';
import { versusReference } from './explain';
import type { TargetContext } from './sumTarget';
import { meetsIncrease, type IncreaseRule } from './thresholds';
import { verdict, type Verdict } from './verdict';

/**
 * WHO-3b / EASL-4 with whoProgressionMode "anyLesion": PD when one lesion's product is ≥ 125 %
 * of its own smallest product on study. Lesions that merged are compared as one group, so a
 * merge cannot fake a progression.
 */

/** Target indices grouped by mergedInto links over the whole course (union-find). */
function mergeGroups(model: PatientModel): number[][] {
  const parent = model.targets.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] ?? root;
    return root;
  };
  const indexById = new Map(model.targets.map((lesion, index) => [lesion.id, index]));
  for (const tp of model.timepoints) {
    for (const observation of tp.targets) {
      if (observation.kind !== 'entry' || observation.entry.mergedInto === null) continue;
      const from = indexById.get(observation.entry.id);
      const into = indexById.get(observation.entry.mergedInto);
      if (from !== undefined && into !== undefined) parent[find(from)] = find(into);
    }
  }
  const groups = new Map<number, number[]>();
  parent.forEach((_, index) => groups.set(find(index), [...(groups.get(find(index)) ?? []), index]));
  return [...groups.values()];
}

function groupAmount(scope: TimepointScope, tpIndex: number, members: readonly number[]): number | null {
  const burden = scope.course.burdens[tpIndex];
  let total = 0;
  for (const member of members) {
    const measured = burden?.lesions[member]?.measured;
    if (measured?.kind !== 'value') return null;
    total += measured.amount;
  }
  return total;
}

export function perLesionProgression(ctx: TargetContext, scope: TimepointScope, rule: IncreaseRule, name: string): Verdict<'PD'> | null {
  const model = scope.course.model;
  for (const members of mergeGroups(model)) {
    const amount = groupAmount(scope, scope.tp.index, members);
    if (amount === null) continue;
    let nadir: number | null = null;
    for (let index = 0; index < scope.tp.index; index += 1) {
      const earlier = groupAmount(scope, index, members);
      if (earlier !== null && (nadir === null || earlier < nadir)) nadir = earlier;
    }
    if (nadir === null || !meetsIncrease(amount, nadir, rule)) continue;
    const names = members.map((member) => model.targets[member]?.name ?? '?').join('+');
    return verdict(
      'PD',
      rule.rule,
      `PD (per-lesion reading, whoProgressionMode "anyLesion"): ${name} of ${names} ${formatAmount(ctx.unit, amount)} is ` +
        `${versusReference(ctx.unit, amount, nadir, "that lesion's nadir")} (>= +${rule.pct}%)`,
    );
  }
  return null;
}
