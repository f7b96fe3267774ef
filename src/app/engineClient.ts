import { wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../workers/engine';
import type { EngineClient } from '../state/engine';

/**
 * The response engine in its own worker: recomputing never blocks the viewer. The worker starts on
 * the first assessment, not with the app: the start screen does not need it.
 */
export function createEngineClient(): EngineClient {
  let remote: Remote<EngineApi> | null = null;
  const engine = () => (remote ??= wrap<EngineApi>(new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' })));
  return { assessRead: (input) => engine().assessRead(input) };
}
