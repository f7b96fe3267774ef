import type { NonTargetResponse, OverallResponse, TargetResponse } from '../../domain/result';
import { verdict, type Verdict } from './verdict';

/**
 * OV-1 (R11 Table 1) and OV-2 (Table 2, non-target disease only), shared by every non-i
 * criterion with its own target response. `ND` target = no target lesion at baseline.
 */
export function combineOverall(target: TargetResponse | 'ND', nonTarget: NonTargetResponse, newLesions: boolean): Verdict<OverallResponse> {
  if (newLesions) return verdict('PD', 'OV-1', 'PD: new lesion(s)');
  if (target === 'PD' || nonTarget === 'PD') return verdict('PD', 'OV-1', `PD: ${target === 'PD' ? 'target' : 'non-target'} progression`);
  if (target === 'ND') return nonTargetOnly(nonTarget);
  if (target === 'NE') return verdict('NE', 'OV-1', 'NE: target response not evaluable');
  if (target === 'CR') {
    return nonTarget === 'CR' || nonTarget === 'ND'
      ? verdict('CR', 'OV-1', `CR: target CR, non-target ${nonTarget}, no new lesion`)
      : verdict('PR', 'OV-1', `PR: target CR but non-target ${nonTarget}`);
  }
  return verdict(target, 'OV-1', `${target}: target ${target}, non-target ${nonTarget} (not PD), no new lesion`);
}

function nonTargetOnly(nonTarget: NonTargetResponse): Verdict<OverallResponse> {
  switch (nonTarget) {
    case 'CR':
      return verdict('CR', 'OV-2', 'CR: non-target disease only, all non-targets resolved');
    case 'NonCR/NonPD':
      return verdict('NonCR/NonPD', 'OV-2', 'NonCR/NonPD: non-target disease only, non-targets persist (R11 Table 2 wording, A7)');
    case 'ND':
      return verdict('NE', 'OV-2', 'NE: no target and no non-target lesion at baseline, nothing to assess');
    default:
      return verdict('NE', 'OV-2', 'NE: non-target disease only and non-targets not evaluated');
  }
}
