import { wrap } from 'comlink';
import type { EngineApi, EngineReply, PatientOutput } from '../../workers/engine';

export interface EngineClient {
  assessPatient(input: unknown): Promise<EngineReply<PatientOutput>>;
}

/** The response engine in its own worker: recomputing never blocks the viewer. */
export function createEngineClient(): EngineClient {
  const remote = wrap<EngineApi>(new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' }));
  return { assessPatient: (input) => remote.assessPatient(input) };
}
