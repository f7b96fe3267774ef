/**
 * Engine benchmark: `npm run bench:engine`.
 * 1. A deterministic synthetic cohort (5,000 patients × 6 timepoints × 15 lesions, all six
 *    criteria) assessed on 1 and on 2 worker_threads (cohort split in halves). Timed: serialising
 *    each share to JSON on the main thread, parsing, validating every patient, assessing, and
 *    the full output coming back as JSON text (UTF-8 bytes, transferred, decoded on the main thread).
 * 2. Single-patient recompute latency through a comlink-wrapped worker (1,000 calls, p50/p99).
 * Several repetitions; medians reported. No assertions: numbers only.
 */
import * as Comlink from 'comlink';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EngineApi } from '../engine';
import { syntheticCohort, syntheticPatient, mulberry32 } from './cohort';
import type { CohortReply } from './cohort.worker';
import { decodeUtf8Text } from './utf8Text';
import { nodeEndpoint } from '../threads/nodeEndpoint';
import { startTsWorker } from '../threads/startTsWorker';

const PATIENTS = Number(process.env['NADIR_BENCH_PATIENTS'] ?? 5000);
const REPETITIONS = Number(process.env['NADIR_BENCH_REPS'] ?? 5);
const LATENCY_CALLS = 1000;
const SEED = 20_240_110;

// A larger young generation avoids scavenge storms on the big, short-lived output objects.
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 64 };

function startWorker(file: string): Worker {
  return startTsWorker(new URL(file, import.meta.url), RESOURCE_LIMITS);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** A worker's reply with its output decoded to a string, as the batch command's reader would hold it. */
interface ShareOutput {
  readonly ok: boolean;
  readonly outputJson: string;
  readonly bestResponses: readonly string[];
}

function assessOn(worker: Worker, patients: readonly unknown[]): Promise<ShareOutput> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    worker.once('error', onError);
    worker.once('message', (reply: CohortReply) => {
      worker.off('error', onError);
      resolve({ ok: reply.ok, outputJson: decodeUtf8Text(reply.outputJson), bestResponses: reply.bestResponses });
    });
    worker.postMessage({ json: JSON.stringify(patients) });
  });
}

/** Splits the cohort over the workers, returns wall time and the concatenated best responses. */
async function runCohort(workers: readonly Worker[], cohort: readonly unknown[]): Promise<{ ms: number; best: string[]; bytes: number }> {
  const share = Math.ceil(cohort.length / workers.length);
  const started = performance.now();
  const replies = await Promise.all(workers.map((worker, index) => assessOn(worker, cohort.slice(index * share, (index + 1) * share))));
  const ms = performance.now() - started;
  if (replies.some((reply) => !reply.ok)) throw new Error(`cohort rejected: ${replies.map((r) => r.outputJson).join(' ')}`);
  return { ms, best: replies.flatMap((reply) => [...reply.bestResponses]), bytes: replies.reduce((sum, reply) => sum + reply.outputJson.length, 0) };
}

async function cohortBenchmark(): Promise<{ one: number[]; two: number[]; bytes: number }> {
  const cohort = syntheticCohort(PATIENTS, SEED);
  const workers = [startWorker('./cohort.worker.ts'), startWorker('./cohort.worker.ts')];
  try {
    const warmup = syntheticCohort(200, SEED + 1);
    await Promise.all(workers.map((worker) => assessOn(worker, warmup)));
    const one: number[] = [];
    const two: number[] = [];
    let bytes = 0;
    for (let rep = 0; rep < REPETITIONS; rep += 1) {
      const single = await runCohort(workers.slice(0, 1), cohort);
      const pair = await runCohort(workers, cohort);
      if (single.best.join() !== pair.best.join()) throw new Error('1-worker and 2-worker results differ');
      one.push(single.ms);
      two.push(pair.ms);
      bytes = pair.bytes;
      console.error(`  rep ${rep + 1}: 1 worker ${single.ms.toFixed(0)} ms, 2 workers ${pair.ms.toFixed(0)} ms`);
    }
    return { one, two, bytes };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function latencyBenchmark(): Promise<{ p50: number[]; p99: number[] }> {
  const worker = startWorker('../threads/engine.thread.ts');
  const api = Comlink.wrap<EngineApi>(nodeEndpoint(worker));
  const patient = syntheticPatient(0, mulberry32(SEED));
  try {
    for (let i = 0; i < 200; i += 1) await api.assessPatient(patient); // warm-up (JIT, loader)
    const p50: number[] = [];
    const p99: number[] = [];
    for (let rep = 0; rep < REPETITIONS; rep += 1) {
      const times: number[] = [];
      for (let call = 0; call < LATENCY_CALLS; call += 1) {
        const started = performance.now();
        const reply = await api.assessPatient(patient);
        times.push(performance.now() - started);
        if (!reply.ok) throw new Error('latency patient rejected');
      }
      p50.push(percentile(times, 50));
      p99.push(percentile(times, 99));
    }
    return { p50, p99 };
  } finally {
    api[Comlink.releaseProxy]();
    await worker.terminate();
  }
}

const fmt = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

console.error(`Nadir engine benchmark: ${PATIENTS} patients × 6 timepoints × 15 lesions × 6 criteria, ${REPETITIONS} repetitions, ${availableParallelism()} CPUs`);
const cohortResult = await cohortBenchmark();
const latency = await latencyBenchmark();
const oneMs = median(cohortResult.one);
const twoMs = median(cohortResult.two);
const rows: [string, string, string][] = [
  ['cohort, 1 worker (median)', fmt(oneMs), ''],
  ['cohort, 2 workers (median)', fmt(twoMs), twoMs <= 2000 ? 'target <= 2 s: met' : 'target <= 2 s: MISSED'],
  ['ratio 2-worker / 1-worker', (twoMs / oneMs).toFixed(2), ''],
  ['output JSON size', `${(cohortResult.bytes / 1e6).toFixed(0)} MB`, ''],
  ['single patient via comlink, p50 (median)', fmt(median(latency.p50)), ''],
  ['single patient via comlink, p99 (median)', fmt(median(latency.p99)), median(latency.p99) <= 5 ? 'target <= 5 ms: met' : 'target <= 5 ms: MISSED'],
];
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${'measure'.padEnd(width)} | value     | note`);
console.log(`${'-'.repeat(width)}-|-----------|-----`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(width)} | ${value.padEnd(9)} | ${note}`);
