import { wrap, type Remote } from 'comlink';
import type { EngineApi, EngineReply, PatientOutput } from '../../workers/engine';

export interface EngineClient {
  assessPatient(input: unknown): Promise<EngineReply<PatientOutput>>;
}

/**
 * The response engine in its own worker: recomputing never blocks the viewer. The worker starts on
 * the first assessment, not with the app: the start screen does not need it.
 */
export function createEngineClient(): EngineClient {
  let remote: Remote<EngineApi> | null = null;
  const engine = () => (remote ??= wrap<EngineApi>(new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' })));
  return { assessPatient: (input) => engine().assessPatient(input) };
}
