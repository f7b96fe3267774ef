import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a TypeScript worker_threads entry. Node 20 rejects `--import` in a worker's execArgv, so the
 * worker starts from a tiny eval'd bootstrap that registers tsx's ESM loader in that thread and then
 * imports the .ts entry.
 */
export function startTsWorker(entry: URL, resourceLimits?: ResourceLimits): Worker {
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
