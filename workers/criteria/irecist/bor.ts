import type { EngineOptions } from '../../domain/options';
import type { IRecistResponse, Reason } from '../../domain/result';
import type { Verdict } from '../shared/verdict';

export interface IResponseAt {
  readonly id: string;
  readonly day: number;
  readonly response: IRecistResponse;
}

const RANK: Partial<Record<IRecistResponse, number>> = { iCR: 3, iPR: 2, iSD: 1, 'iNonCR/NonPD': 1 };

/**
 * IR-6 (iR Table 3): best of iCR > iPR > iSD up to and including iCPD; iSD needs the BOR-2
 * duration; no confirmation of iCR/iPR. Otherwise iCPD, else iUPD, else NE.
 */
export function bestIrecistResponse(sequence: readonly IResponseAt[], options: EngineOptions): Verdict<IRecistResponse> {
  const reasons: Reason[] = [];
  let best: IResponseAt | null = null;
  for (const at of sequence) {
    const rank = RANK[at.response];
    if (rank === undefined) continue;
    if (rank === 1 && at.day < options.minSdDurationDays) {
      reasons.push({ rule: 'BOR-2', text: `${at.response} at ${at.id} (day ${at.day}) is < ${options.minSdDurationDays} days after baseline and does not count` });
      continue;
    }
    if (best === null || rank > (RANK[best.response] ?? 0)) best = at;
  }
  if (best !== null) {
    reasons.push({ rule: 'IR-6', text: `best response ${best.response} at ${best.id} (day ${best.day}), ranked iCR > iPR > iSD up to iCPD` });
    return { category: best.response, reasons };
  }
  const fallback: IRecistResponse = sequence.some((at) => at.response === 'iCPD') ? 'iCPD' : sequence.some((at) => at.response === 'iUPD') ? 'iUPD' : 'NE';
  reasons.push({ rule: 'IR-6', text: `no qualifying iCR/iPR/iSD: best response ${fallback}` });
  return { category: fallback, reasons };
}
