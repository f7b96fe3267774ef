import * as Comlink from 'comlink';
import type { EngineApi, PatientOutput, Problem } from '../engine';
import { nodeEndpoint } from '../threads/nodeEndpoint';
import { startTsWorker } from '../threads/startTsWorker';
import { ENGINE_CALL, type InputKind } from './inputFile';
import type { PatientInput } from '../domain/input';

/** What a thread returns for one patient: the output with the problems that left criteria out, or only problems. */
export type ThreadReply =
  | { readonly ok: true; readonly output: PatientOutput; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export interface ThreadTask {
  readonly kind: InputKind;
  readonly input: PatientInput;
}

const ENGINE_THREAD = new URL('../threads/engine.thread.ts', import.meta.url);

async function assessOne(api: Comlink.Remote<EngineApi>, task: ThreadTask): Promise<ThreadReply> {
  if (ENGINE_CALL[task.kind] === 'assessRead') return api.assessRead(task.input);
  const reply = await api.assessPatient(task.input);
  return reply.ok ? { ok: true, output: reply.output, problems: [] } : reply;
}

/**
 * Runs the engine over every patient in `threads` worker threads, each the engine API over comlink as
 * in the app; a shared queue hands the next patient to whichever thread is free. Replies keep the task order.
 */
export async function assessInThreads(tasks: readonly ThreadTask[], threads: number): Promise<ThreadReply[]> {
  const workers = Array.from({ length: Math.max(1, Math.min(threads, tasks.length)) }, () => startTsWorker(ENGINE_THREAD));
  const apis = workers.map((worker) => Comlink.wrap<EngineApi>(nodeEndpoint(worker)));
  const replies: ThreadReply[] = new Array(tasks.length);
  let next = 0;
  // A thread that dies (out of memory, a loader failure) never answers its comlink call: fail instead of waiting.
  const crashed = new Promise<never>((_, reject) => workers.forEach((worker) => worker.once('error', reject)));
  crashed.catch(() => undefined);
  try {
    const drained = Promise.all(
      apis.map(async (api) => {
        for (let index = next++; index < tasks.length; index = next++) replies[index] = await assessOne(api, tasks[index]!);
      }),
    );
    await Promise.race([drained, crashed]);
    return replies;
  } finally {
    for (const api of apis) api[Comlink.releaseProxy]();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
