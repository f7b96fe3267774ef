import type { EngineOptions } from '../../domain/options';
import type { OverallResponse, Reason } from '../../domain/result';
import type { Verdict } from './verdict';

/** One follow-up's overall response, in order. */
export interface ResponseAt {
  readonly id: string;
  readonly day: number;
  readonly response: OverallResponse;
}

const RANK: Partial<Record<OverallResponse, number>> = { CR: 3, PR: 2, SD: 1, 'NonCR/NonPD': 1 };

/**
 * BOR-3: a CR is confirmed by a later CR, a PR by a later PR or CR, at least minConfirmationDays
 * after it. NE in between is skipped; an equally good response too early is skipped as well
 * (it neither confirms nor breaks); anything else breaks the confirmation.
 */
function isConfirmed(sequence: readonly ResponseAt[], index: number, minDays: number): boolean {
  const first = sequence[index];
  if (first === undefined) return false;
  for (const later of sequence.slice(index + 1)) {
    if (later.response === 'NE') continue;
    const compatible = later.response === 'CR' || (first.response === 'PR' && later.response === 'PR');
    if (!compatible) return false;
    if (later.day - first.day >= minDays) return true;
  }
  return false;
}

interface Candidate {
  readonly response: OverallResponse;
  readonly at: ResponseAt;
}

/** BOR-2: SD-class responses count only from minSdDurationDays after baseline (inclusive). */
function candidateAt(sequence: readonly ResponseAt[], index: number, options: EngineOptions, sdLabel: OverallResponse, reasons: Reason[]): Candidate | null {
  const at = sequence[index];
  if (at === undefined) return null;
  let response = at.response;
  if ((response === 'CR' || response === 'PR') && options.requireConfirmation && !isConfirmed(sequence, index, options.minConfirmationDays)) {
    reasons.push({ rule: 'BOR-3', text: `${response} at ${at.id} is not confirmed by a later ${response === 'CR' ? 'CR' : 'PR or CR'} >= ${options.minConfirmationDays} days later; it counts as ${sdLabel}` });
    response = sdLabel;
  }
  if (response !== 'SD' && response !== 'NonCR/NonPD') return RANK[response] === undefined ? null : { response, at };
  if (at.day >= options.minSdDurationDays) return { response, at };
  reasons.push({ rule: 'BOR-2', text: `${response} at ${at.id} (day ${at.day}) is < ${options.minSdDurationDays} days after baseline and does not count` });
  return null;
}

/** BOR-1..4 for the non-i criteria; `sequence` ends at the first PD (G-6). */
export function bestOverallResponse(sequence: readonly ResponseAt[], options: EngineOptions, nonTargetOnly: boolean): Verdict<OverallResponse> {
  const reasons: Reason[] = [];
  const sdLabel: OverallResponse = nonTargetOnly ? 'NonCR/NonPD' : 'SD';
  let chosen: Candidate | null = null;
  for (let index = 0; index < sequence.length; index += 1) {
    const candidate = candidateAt(sequence, index, options, sdLabel, reasons);
    if (candidate && (chosen === null || (RANK[candidate.response] ?? 0) > (RANK[chosen.response] ?? 0))) chosen = candidate;
  }
  if (chosen !== null) {
    reasons.push({ rule: 'BOR-1', text: `best response ${chosen.response} at ${chosen.at.id} (day ${chosen.at.day}), ranked CR > PR > SD > PD > NE up to the first PD` });
    return { category: chosen.response, reasons };
  }
  const pd = sequence.find((at) => at.response === 'PD');
  reasons.push(
    pd
      ? { rule: 'BOR-4', text: `no qualifying CR/PR/SD before PD at ${pd.id}: best response PD` }
      : { rule: 'BOR-4', text: 'no qualifying response and no PD: best response NE' },
  );
  return { category: pd ? 'PD' : 'NE', reasons };
}
