/**
 * worker_threads entry for the cohort benchmark. Receives its share of the cohort as JSON text,
 * validates every patient (all or nothing), assesses all six criteria and replies with the full
 * output as one JSON text (what the batch command writes). Each patient's output is serialised
 * as soon as it is computed, so the object graph dies young instead of filling the old
 * generation (the garbage collector dominated otherwise).
 */
import { parentPort } from 'node:worker_threads';
import { assessValidated } from '../engine';
import { validateCohort } from '../validation/validate';

export interface CohortRequest {
  readonly json: string;
}

export interface CohortReply {
  readonly ok: boolean;
  readonly outputJson: string;
  readonly bestResponses: readonly string[];
}

function assessShare(json: string): CohortReply {
  const validated = validateCohort(JSON.parse(json) as unknown);
  if (!validated.ok) return { ok: false, outputJson: JSON.stringify(validated.problems.slice(0, 5)), bestResponses: [] };
  const parts: string[] = [];
  const bestResponses: string[] = [];
  for (const patient of validated.value) {
    const output = assessValidated(patient);
    for (const result of Object.values(output.criteria)) bestResponses.push(result.bestOverallResponse);
    parts.push(JSON.stringify(output));
  }
  return { ok: true, outputJson: `[${parts.join(',')}]`, bestResponses };
}

if (parentPort === null) throw new Error('cohort.worker.ts must run as a worker thread');
const port = parentPort;
port.on('message', (request: CohortRequest) => port.postMessage(assessShare(request.json)));
