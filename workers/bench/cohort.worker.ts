/**
 * worker_threads entry for the cohort benchmark. Receives its share of the cohort as JSON text,
 * validates every patient (all or nothing), assesses all six criteria and replies with the full
 * output as one JSON text (what the batch command writes). Each patient's output is serialised
 * as soon as it is computed and written into one UTF-8 buffer, so the object graph and its text
 * die young instead of filling the old generation (the garbage collector dominated otherwise).
 * The buffer is transferred, not copied (utf8Text.ts); the main thread decodes it.
 */
import { parentPort } from 'node:worker_threads';
import { assessValidated } from '../engine';
import { validateCohort } from '../validation/validate';
import { Utf8TextWriter, type Utf8Text } from './utf8Text';

export interface CohortRequest {
  readonly json: string;
}

export interface CohortReply {
  readonly ok: boolean;
  /** the output JSON text (or, when not ok, the first problems) */
  readonly outputJson: Utf8Text;
  readonly bestResponses: readonly string[];
}

/** The output is about three times the input here; reserving more costs nothing until written. */
const RESERVE_PER_INPUT_CHAR = 4;

function assessShare(json: string): CohortReply {
  const validated = validateCohort(JSON.parse(json) as unknown);
  if (!validated.ok) {
    const problems = new Utf8TextWriter(0);
    problems.write(JSON.stringify(validated.problems.slice(0, 5)));
    return { ok: false, outputJson: problems.finish(), bestResponses: [] };
  }
  const text = new Utf8TextWriter(json.length * RESERVE_PER_INPUT_CHAR);
  const bestResponses: string[] = [];
  text.write('[');
  validated.value.forEach((patient, index) => {
    const output = assessValidated(patient);
    for (const result of Object.values(output.criteria)) bestResponses.push(result.bestOverallResponse);
    if (index > 0) text.write(',');
    text.write(JSON.stringify(output));
  });
  text.write(']');
  return { ok: true, outputJson: text.finish(), bestResponses };
}

if (parentPort === null) throw new Error('cohort.worker.ts must run as a worker thread');
const port = parentPort;
port.on('message', (request: CohortRequest) => {
  const reply = assessShare(request.json);
  port.postMessage(reply, [reply.outputJson.buffer]);
});
