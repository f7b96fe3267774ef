/** worker_threads entry for the latency benchmark: the engine API over comlink, as in the app. */
import * as Comlink from 'comlink';
import { parentPort } from 'node:worker_threads';
import { engineApi } from '../engine';
import { nodeEndpoint } from './nodeEndpoint';

if (parentPort === null) throw new Error('latency.worker.ts must run as a worker thread');
Comlink.expose(engineApi, nodeEndpoint(parentPort));
