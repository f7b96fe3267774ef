/**
 * worker_threads entry: the engine API over comlink, as the app's engine worker exposes it. Used by
 * the latency benchmark and by the cohort command (src/cli/cohort.ts), so both measure and run
 * exactly what the app runs.
 */
import * as Comlink from 'comlink';
import { parentPort } from 'node:worker_threads';
import { engineApi } from '../engine';
import { nodeEndpoint } from './nodeEndpoint';

if (parentPort === null) throw new Error('engine.thread.ts must run as a worker thread');
Comlink.expose(engineApi, nodeEndpoint(parentPort));
